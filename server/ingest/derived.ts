/**
 * What an ingest derives from the rows it wrote, inside the batch's transaction: the warnings of the kind's rules and
 * the usage rollup.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryOne, type SqlParams } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import type { KindName, KindSpec } from './kinds.ts';
import { WARNING_RULES } from './reasons.ts';
import { warningLinesSql } from './upsert-sql.ts';

/** Runs one statement, timing it under `label` (the summary's statements_ms). */
export type TimedRun = (con: DuckDBConnection, label: string, sql: string, params?: SqlParams) => Promise<void>;

/** Warning queries (queries/ingest/warn_*.sql) per kind, with the rule each one writes. */
const WARNING_QUERIES: Record<KindName, [string, keyof typeof WARNING_RULES][]> = {
  org: [],
  registration: [
    ['ingest/warn_registration_notice', 'NOTICE_NOT_10_WD'],
    ['ingest/warn_registration_acceptance', 'ACCEPTANCE_OVER_3_WD'],
    ['ingest/warn_registration_filing', 'FILING_LATE'],
    ['ingest/warn_registration_core', 'CORE_ASSET_AUTHORIZED'],
  ],
  authorization: [
    ['ingest/warn_authorization_term', 'TERM_OVER_5_YEARS'],
    ['ingest/warn_authorization_revenue', 'REVENUE_ABOVE_MAX'],
  ],
  authorization_resource: [['ingest/warn_authorization_resource_core', 'CORE_ASSET_AUTHORIZED']],
  product: [['ingest/warn_product_price_cap', 'PRICE_ABOVE_CAP']],
  usage: [['ingest/warn_usage_free_purpose', 'FREE_PURPOSE_CHARGED']],
};

/** Write the batch's warnings, then give each the line of the file it came from (`keys`: the source's line and keys). */
export async function writeWarnings(
  con: DuckDBConnection,
  spec: KindSpec,
  batchId: number,
  keys: string,
  timed: TimedRun,
) {
  for (const [name, rule] of WARNING_QUERIES[spec.kind])
    await timed(con, name, sqlFile(name), { batch_id: batchId, message: WARNING_RULES[rule].en });
  const any = (await queryOne<{ n: number }>(
    con,
    'SELECT count(*) AS n FROM ingest_warning WHERE batch_id = $batch_id',
    { batch_id: batchId },
  ))!.n;
  if (any > 0) await timed(con, 'warning lines', warningLinesSql(spec, keys), { batch_id: batchId });
}

/** Bring the usage rollup up to date: a usage batch adds its rows; a product batch that moved a product's sector rebuilds it. */
export async function updateRollups(con: DuckDBConnection, kind: KindName, batchId: number, timed: TimedRun) {
  if (kind === 'usage') {
    await con.run(sqlFile('rollups/usage_month_product_sector'));
    await timed(con, 'rollup_usage_month', sqlFile('rollups/usage_month_apply_batch'), { batch_id: batchId });
    await con.run(sqlFile('rollups/usage_month_drop_empty'));
  } else if (kind === 'product') {
    const moved = (await queryOne<{ n: number }>(con, sqlFile('rollups/product_sector_changed'), {
      batch_id: batchId,
    }))!.n;
    if (moved > 0) {
      await con.run(sqlFile('rollups/usage_month_clear'));
      await con.run(sqlFile('rollups/usage_month_rebuild'));
    }
  }
}
