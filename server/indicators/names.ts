import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';

export interface Name {
  zh: string;
  en: string;
}

/** Region and sector names from the reference tables (shipped with the code, so read once per process). */
let names: Map<string, Name> | null = null;
let regionCodes: string[] = [];

async function load(con: DuckDBConnection): Promise<Map<string, Name>> {
  if (!names) {
    const rows = await queryRows<{ kind: string; code: string; name_zh: string; name_en: string }>(
      con,
      sqlFile('indicators/entity_names'),
    );
    names = new Map(rows.map((r) => [r.code, { zh: r.name_zh, en: r.name_en }]));
    regionCodes = rows.filter((r) => r.kind === 'region').map((r) => r.code);
  }
  return names;
}

/** Every region code of ref_region, in its sort order. */
export async function allRegionCodes(con: DuckDBConnection): Promise<string[]> {
  await load(con);
  return regionCodes;
}

export async function entityNamer(con: DuckDBConnection): Promise<(entity: string) => Name> {
  const n = await load(con);
  return (entity) => {
    const [a, b] = entity.split(':');
    const x = n.get(a) ?? { zh: a, en: a };
    if (b === undefined) return x;
    const y = n.get(b) ?? { zh: b, en: b };
    return { zh: `${x.zh} × ${y.zh}`, en: `${x.en} × ${y.en}` };
  };
}
