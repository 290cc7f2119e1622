import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, STRUCT, VARCHAR, structValue, type DuckDBConnection } from '@duckdb/node-api';
import { parseCommandArgs, type CliCommand } from '../cli/command.ts';
import { csvCell } from '../csv.ts';
import { AtlasError, duckdbMessage } from '../errors.ts';
import type { Row } from '../db/query.ts';
import { rankUncertainty, scoreComposite, specForInput } from './engine.ts';
import { parseSpec, SpecError } from './spec.ts';

const usage = `Usage: atlas composite --data FILE --spec SPEC.json [options]

Score every entity of a table with a composite-indicator methodology (docs/methodology.md) and print
entity,score,rank,<node ids…> as CSV, best first.

Options:
  --data FILE        input table: .csv (header row) or .parquet; one row per entity
  --spec FILE        methodology spec (JSON), for example methodologies/data-abundance.json
  --format F         csv (default) or json
  --digits N         decimals in CSV output (default 4)
  --contributions    add each node's contribution to the score (columns <id>:contribution)
  --draws N          add rank uncertainty from N weight draws and alternative normalisations
                     (median_rank, rank_p05, rank_p95, p_top_k)
  --top K            k for p_top_k (default 5)
  --seed N           seed of the draws (default 20250301)
`;

export const compositeCommand: CliCommand = {
  name: 'composite',
  summary: 'score a CSV or Parquet table with a methodology spec (composite indicator)',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage }, io, argv, {
      data: { type: 'string' },
      spec: { type: 'string' },
      format: { type: 'string' },
      digits: { type: 'string' },
      contributions: { type: 'boolean' },
      draws: { type: 'string' },
      top: { type: 'string' },
      seed: { type: 'string' },
    });
    if (!args) return 0;
    const v = args.values;
    if (!v.data || !v.spec) throw new AtlasError('usage', `--data and --spec are required\n\n${usage.trimEnd()}`, 2);
    const format = v.format ?? 'csv';
    if (format !== 'csv' && format !== 'json')
      throw new AtlasError('usage', `--format must be csv or json, got ${JSON.stringify(format)}`, 2);
    const digits = intOption('digits', v.digits, 4, 0, 15);
    const draws = v.draws === undefined ? 0 : intOption('draws', v.draws, 0, 1, 100_000);
    const topK = intOption('top', v.top, 5, 1, 1_000_000);
    const seed = intOption('seed', v.seed, 20250301, 0, 2 ** 31);
    const doc = readSpecFile(v.spec);

    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    try {
      await loadInput(con, v.data, entityOf(doc, v.spec));
      const spec = await withSpecFile(v.spec, () => specForInput(con, doc, 'input'));
      const rows = await scoreComposite(con, spec, { relation: 'input' }, { contributions: v.contributions });
      if (draws > 0) {
        const u = await rankUncertainty(con, spec, { relation: 'input' }, { draws, topK, seed });
        const byEntity = new Map(u.rows.map((r) => [r.entity, r]));
        for (const r of rows) {
          const x = byEntity.get(String(r.entity));
          Object.assign(r, {
            median_rank: x?.median_rank ?? null,
            rank_p05: x?.rank_p05 ?? null,
            rank_p95: x?.rank_p95 ?? null,
            p_top_k: x?.p_top_k ?? null,
          });
        }
      }
      io.stdout.write(format === 'json' ? JSON.stringify(rows, null, 1) + '\n' : toCsv(rows, digits));
      return 0;
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  },
};

function intOption(name: string, raw: string | undefined, dflt: number, min: number, max: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AtlasError(
      'usage',
      `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      2,
    );
  return n;
}

function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AtlasError('spec_unreadable', `cannot read the spec ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AtlasError('invalid_spec', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The entity column, read before the data so it can be loaded as text (region codes like 000000 keep their zeros). */
function entityOf(doc: unknown, file: string): string {
  const entity = (doc as { entity?: unknown } | null)?.entity;
  if (typeof entity === 'string' && entity) return entity;
  return withSpecFileSync(file, () => parseSpec(doc).entity);
}

async function withSpecFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw specFileError(file, err);
  }
}

function withSpecFileSync<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw specFileError(file, err);
  }
}

function specFileError(file: string, err: unknown): unknown {
  if (!(err instanceof SpecError)) return err;
  return new AtlasError(
    'invalid_spec',
    `${file} is not a valid methodology spec:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
    400,
    { issues: err.issues },
  );
}

async function loadInput(con: DuckDBConnection, file: string, entity: string): Promise<void> {
  if (!fs.existsSync(file)) throw new AtlasError('data_unreadable', `the data file ${file} does not exist`);
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.parquet') {
      const s = await con.prepare(`CREATE TABLE input AS SELECT * FROM read_parquet($path)`);
      s.bind({ path: file });
      await s.run();
    } else if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
      const s = await con.prepare(`CREATE TABLE input AS SELECT * FROM read_csv($path, header = true, types = $types)`);
      s.bind({ path: file, types: structValue({ [entity]: 'VARCHAR' }) }, { types: STRUCT({ [entity]: VARCHAR }) });
      await s.run();
    } else {
      throw new AtlasError('usage', `--data must be a .csv or .parquet file, got ${file}`, 2);
    }
  } catch (err) {
    if (err instanceof AtlasError) throw err;
    const msg = duckdbMessage(err);
    if (/types.*(not found|does not exist)|COLUMN_TYPES|Column with name/i.test(msg)) {
      throw new AtlasError(
        'invalid_data',
        `${file}: the entity column "${entity}" named by the spec is not in the header`,
      );
    }
    throw new AtlasError('invalid_data', `cannot read ${file}: ${msg}`);
  }
}

function toCsv(rows: Row[], digits: number): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]);
  const whole = new Set(['rank', 'median_rank', 'rank_p05', 'rank_p95']);
  const cell = (c: string, v: unknown) => (typeof v === 'number' && !whole.has(c) ? v.toFixed(digits) : csvCell(v));
  return (
    [cols.map((c) => csvCell(c)).join(','), ...rows.map((r) => cols.map((c) => cell(c, r[c])).join(','))].join('\n') +
    '\n'
  );
}
