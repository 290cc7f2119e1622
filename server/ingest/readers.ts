/**
 * Readers: put a prepared file in front of DuckDB as a source relation with a line number and one expression per
 * kind column. Each format has its reader; a new kind of input (the open-data portal catalogue, say) brings its own
 * reader that maps its fields onto a kind's columns, and then shares validation, upsert, rollups and the report.
 */
import fs from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, queryOne, queryRows, type SqlParams } from '../db/query.ts';
import { quoteIdent, quoteString } from '../db/sql-text.ts';
import { duckdbMessage } from '../errors.ts';
import { KINDS, type KindName, type KindSpec } from './kinds.ts';
import { ingestLimits } from './limits.ts';
import { REJECT_REASONS } from './reasons.ts';
import { FileRefusal, MAX_LINE_BYTES, type PreparedFile } from './sniff.ts';
import type { SourceColumn, StageSource } from './stage-sql.ts';

export interface FileNote {
  code: string;
  level: 'error' | 'warning';
  message: string;
  detail?: Record<string, unknown>;
}

export interface ReadContext {
  con: DuckDBConnection;
  spec: KindSpec;
  file: PreparedFile;
  batchId: number;
  fileName: string;
  /** A folder of the ingest workspace for the reader's staging files, removed when the ingest's transaction ends. */
  workDir: string;
}

export interface ReadResult {
  /** The relation must not need bound parameters: the staging query over it is a temporary view. `params` is kept
   * for readers written against the first version and is ignored. */
  source: StageSource & { params?: SqlParams };
  /** Rows in the source relation, when the reader knows it cheaply (otherwise the pipeline counts them). */
  rows?: number;
  /** Records the reader itself refused (malformed CSV lines, broken JSON lines), already in ingest_reject. */
  readerRejects: number;
  notes: FileNote[];
}

export type SourceReader = (ctx: ReadContext) => Promise<ReadResult>;

export function readerFor(file: PreparedFile): SourceReader {
  if (file.format === 'parquet') return readParquet;
  if (file.format === 'json') return readJsonArray;
  if (file.format === 'ndjson') return readNdjson;
  return readCsv;
}

/** Match the file's column names to the kind's columns (trimmed, case-insensitive); refuse when a required one is absent. */
export function matchColumns(spec: KindSpec, names: string[]): { index: Map<string, number>; notes: FileNote[] } {
  // Before anything reads the rows: DuckDB holds every column of a read in memory (a 789 KB CSV of 100,000 columns
  // kept the database busy for 26 s), and no kind has more than a few dozen.
  const { maxColumns } = ingestLimits();
  if (names.length > maxColumns)
    throw new FileRefusal(
      'too_many_columns',
      `the file has ${names.length} columns; at most ${maxColumns} are read (ATLAS_MAX_COLUMNS), and ${spec.kind} has ${spec.columns.length}`,
      { columns: names.length, max_columns: maxColumns },
    );
  const index = new Map<string, number>();
  const extra: string[] = [];
  const seen = new Map<string, number>();
  names.forEach((raw, i) => {
    const n = raw.trim().toLowerCase();
    if (seen.has(n)) {
      throw new FileRefusal(
        'duplicate_columns',
        `the column "${raw.trim()}" appears twice in the header (columns ${seen.get(n)! + 1} and ${i + 1})`,
        { column: raw.trim() },
      );
    }
    seen.set(n, i);
    if (spec.columns.some((c) => c.name === n)) index.set(n, i);
    else extra.push(raw.trim() || `(column ${i + 1} has no name)`);
  });
  const missing = spec.columns
    .filter((c) => c.required && c.defaultText === undefined && !index.has(c.name))
    .map((c) => c.name);
  if (missing.length) {
    const like = lookalikeKind(spec.kind, [...seen.keys()]);
    throw new FileRefusal(
      'missing_columns',
      `required columns are missing: ${missing.join(', ')} (found: ${names.map((n) => n.trim()).join(', ')})` +
        (like ? `; these columns match ${like}: load the file as that kind` : ''),
      { missing, found: names, ...(like ? { looks_like: like } : {}) },
    );
  }
  const notes: FileNote[] = [];
  if (extra.length)
    notes.push({
      code: 'extra_columns',
      level: 'warning',
      message: `ignored columns that ${spec.kind} does not have: ${extra.join(', ')}`,
      detail: { columns: extra },
    });
  return { index, notes };
}

/**
 * The other kind a file's header fits, when it was uploaded as the wrong one: every required column of that kind is
 * present, and of those kinds the one whose columns cover most of the header (usage and product share only ids).
 */
export function lookalikeKind(asked: KindName, header: string[]): KindName | null {
  const names = new Set(header);
  let best: { kind: KindName; covered: number } | null = null;
  for (const other of Object.values(KINDS)) {
    if (other.kind === asked) continue;
    const required = other.columns.filter((c) => c.required && c.defaultText === undefined);
    if (!required.every((c) => names.has(c.name))) continue;
    const covered = other.columns.filter((c) => names.has(c.name)).length;
    if (!best || covered > best.covered) best = { kind: other.kind, covered };
  }
  return best?.kind ?? null;
}

// ---------------------------------------------------------------------------------------------------------------- CSV

async function readCsv(ctx: ReadContext): Promise<ReadResult> {
  const header = await readHeaderLine(ctx.file.readPath);
  const delim = countChar(header, '\t') > countChar(header, ',') ? '\t' : ',';
  const names = splitCsvLine(header, delim);
  const { index, notes } = matchColumns(ctx.spec, names);
  const read = await readDelimited(ctx, {
    header: true,
    delim,
    quote: '"',
    columnNames: names.map((_, i) => `c${i}`),
    fieldNames: names.map((n) => n.trim()),
  });
  const columns = new Map<string, SourceColumn>();
  for (const [name, i] of index) columns.set(name, { expr: `s.c${i}`, type: 'VARCHAR' });
  if (read.rows === 0 && read.rejects === 0) throw new FileRefusal('no_rows', 'the file has a header but no data rows');
  if (delim === '\t')
    notes.push({ code: 'tab_separated', level: 'warning', message: 'read as tab-separated (the header has tabs)' });
  return {
    source: { relation: read.relation, line: read.line, columns },
    rows: read.rows,
    readerRejects: read.rejects,
    notes,
  };
}

async function readHeaderLine(file: string): Promise<string> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_LINE_BYTES + 4);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let bytes = buf.subarray(0, bytesRead);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const nl = bytes.indexOf(0x0a);
    if (nl < 0 && bytesRead >= MAX_LINE_BYTES) {
      throw new FileRefusal(
        'header_too_long',
        `the first line is longer than ${MAX_LINE_BYTES} bytes, so it cannot be a header`,
      );
    }
    return bytes
      .subarray(0, nl < 0 ? bytes.length : nl)
      .toString('utf8')
      .replace(/\r$/, '');
  } finally {
    await fh.close();
  }
}

function countChar(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** One CSV line split into fields (RFC 4180 quotes), for the header only; rows are read by DuckDB. */
export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

interface DelimitedRead {
  relation: string;
  line: string;
  rows: number;
  rejects: number;
}

const CSV_ERROR_CODES = `CASE error_type
  WHEN 'MISSING COLUMNS' THEN 'csv_too_few_columns' WHEN 'TOO MANY COLUMNS' THEN 'csv_too_many_columns'
  WHEN 'UNQUOTED VALUE' THEN 'csv_unterminated_quote' WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line_too_long'
  ELSE 'csv_malformed' END`;

/**
 * read_csv with every column VARCHAR, no sniffing, and store_rejects: malformed records land in a rejects table with
 * their line (DuckDB numbers records with the header as line 1). Accepted rows keep file order (rowid), so each row's
 * line is its position (row_number over the scan, which keeps file order; rowid does not
 * inside a transaction) plus the rejected records before it.
 */
async function readDelimited(
  ctx: ReadContext,
  o: { header: boolean; delim: string; quote: string; columnNames: string[]; fieldNames: string[] },
): Promise<DelimitedRead> {
  const { con } = ctx;
  const columns = o.columnNames.map((c) => `'${c}': 'VARCHAR'`).join(', ');
  const quote = o.quote === '"' ? `quote = '"', escape = '"'` : `quote = '', escape = ''`;
  const delim = o.delim === '\t' ? `'\t'` : o.delim === ',' ? `','` : `'\x01'`;
  try {
    await execute(
      con,
      `CREATE TEMP TABLE ingest_src_raw AS SELECT row_number() OVER () - 1 AS ingest_row, * FROM read_csv($path, auto_detect = false, header = ${o.header}, delim = ${delim},
        ${quote}, columns = {${columns}}, store_rejects = true, rejects_table = 'ingest_csv_rejects',
        rejects_scan = 'ingest_csv_scans', max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES * 16})`,
      { path: ctx.file.readPath },
    );
  } catch (err) {
    throw new FileRefusal(
      'unreadable',
      `the file could not be read as ${o.header ? 'CSV' : 'lines'}: ${duckdbMessage(err, 500)}`,
    );
  }
  await addLongLines(ctx);
  const first = o.header ? 2 : 1;
  const [{ rows }] = await queryRows<{ rows: number }>(con, 'SELECT count(*) AS rows FROM ingest_src_raw');
  const [{ rejects }] = await queryRows<{ rejects: number }>(
    con,
    'SELECT count(DISTINCT line) AS rejects FROM ingest_csv_rejects',
  );
  if (rejects === 0) return { relation: 'ingest_src_raw', line: `s.ingest_row + ${first}`, rows, rejects };
  const codes = Object.keys(REJECT_REASONS);
  const messages = Object.values(REJECT_REASONS).map((m) => m.en);
  await execute(
    con,
    `INSERT INTO ingest_reject
     SELECT $batch_id, $file_name, line, $fields[TRY_CAST(substr(column_name, 2) AS INTEGER) + 1], left(csv_line, 200), code,
            coalesce($messages[list_position($codes, code)], code) || ': ' || left(error_message, 200)
     FROM (SELECT *, ${CSV_ERROR_CODES} AS code FROM ingest_csv_rejects)
     -- DuckDB reports a short line once per missing column: keep the first problem of each kind per line.
     QUALIFY row_number() OVER (PARTITION BY line, code ORDER BY column_idx NULLS FIRST) = 1`,
    { batch_id: ctx.batchId, file_name: ctx.fileName, fields: o.fieldNames, codes, messages },
  );
  // Row i (0-based) comes after every rejected record k (1-based, at line r_k) with r_k - k - (first - 1) <= i.
  await con.run(`CREATE TEMP TABLE ingest_src_lined AS
    SELECT s.*, s.ingest_row + ${first} + coalesce(b.k, 0) AS ingest_line
    FROM ingest_src_raw s ASOF LEFT JOIN (
      SELECT before, max(k) AS k FROM (
        SELECT line - row_number() OVER (ORDER BY line) - ${first - 1} AS before, row_number() OVER (ORDER BY line) AS k
        FROM (SELECT DISTINCT line FROM ingest_csv_rejects)
      ) GROUP BY before
    ) b ON s.ingest_row >= b.before`);
  return { relation: 'ingest_src_lined', line: 's.ingest_line', rows, rejects };
}

/**
 * DuckDB drops a line longer than its read buffer without a reject; the lines the sniffer measured as too long are
 * added to the rejects here (with the first 200 characters as the value), unless DuckDB reported them already.
 */
async function addLongLines(ctx: ReadContext): Promise<void> {
  const long = ctx.file.longLines;
  if (long.length === 0) return;
  const previews: string[] = [];
  const fh = await fs.open(ctx.file.originalPath, 'r');
  try {
    const decoder = new TextDecoder(ctx.file.encoding === 'gb18030' ? 'gb18030' : 'utf-8');
    for (const l of long) {
      const buf = Buffer.alloc(200);
      const { bytesRead } = await fh.read(buf, 0, 200, l.offset);
      previews.push(decoder.decode(buf.subarray(0, bytesRead)));
    }
  } finally {
    await fh.close();
  }
  await execute(
    ctx.con,
    `INSERT INTO ingest_csv_rejects (line, error_type, csv_line, error_message)
     SELECT CAST(l.line AS BIGINT), 'LINE SIZE OVER MAXIMUM', l.preview, 'the line has ' || CAST(l.bytes AS BIGINT) || ' bytes'
     FROM (SELECT unnest($lines) AS line, unnest($bytes) AS bytes, unnest($previews) AS preview) l
     WHERE CAST(l.line AS BIGINT) NOT IN (SELECT line FROM ingest_csv_rejects)`,
    { lines: long.map((l) => l.line), bytes: long.map((l) => l.bytes), previews },
  );
}

// ------------------------------------------------------------------------------------------------------------ Parquet

async function readParquet(ctx: ReadContext): Promise<ReadResult> {
  const params = { path: ctx.file.readPath };
  let described: { column_name: string; column_type: string }[];
  let rows: number;
  try {
    described = await queryRows(ctx.con, 'DESCRIBE SELECT * FROM read_parquet($path)', params);
    rows = (await queryOne<{ n: number }>(ctx.con, 'SELECT count(*) AS n FROM read_parquet($path)', params))!.n;
  } catch (err) {
    throw new FileRefusal('unreadable', `the Parquet file could not be read: ${duckdbMessage(err, 500)}`);
  }
  const names = described.map((d) => d.column_name);
  const { index, notes } = matchColumns(ctx.spec, names);
  if (rows === 0) throw new FileRefusal('no_rows', 'the Parquet file has no rows');
  const columns = new Map<string, SourceColumn>();
  for (const [name, i] of index) {
    const original = names[i];
    const type = described[i].column_type;
    columns.set(name, { expr: `s.${quoteIdent(original)}`, type: type === 'VARCHAR' ? 'VARCHAR' : type });
  }
  return {
    // A literal path: the staging view cannot take parameters. The path is ours or the operator's.
    source: {
      relation: `read_parquet(${quoteString(ctx.file.readPath)}, file_row_number = true)`,
      line: 's.file_row_number + 1',
      columns,
    },
    rows,
    readerRejects: 0,
    notes,
  };
}

// --------------------------------------------------------------------------------------------------------------- JSON

async function readJsonArray(ctx: ReadContext): Promise<ReadResult> {
  try {
    await execute(
      ctx.con,
      `CREATE TEMP TABLE ingest_json AS SELECT rowid_ AS line, j FROM (
      SELECT row_number() OVER () AS rowid_, json AS j FROM read_json_objects($path, format = 'array'))`,
      { path: ctx.file.readPath },
    );
  } catch (err) {
    throw new FileRefusal('unreadable', `the file is not a valid JSON array of objects: ${duckdbMessage(err, 500)}`);
  }
  return jsonSource(ctx, 0);
}

async function readNdjson(ctx: ReadContext): Promise<ReadResult> {
  const read = await readDelimited(ctx, {
    header: false,
    delim: '\x01',
    quote: '',
    columnNames: ['j'],
    fieldNames: ['(line)'],
  });
  await ctx.con.run(
    `CREATE TEMP TABLE ingest_json AS SELECT ${read.line} AS line, j FROM ${read.relation} s WHERE j IS NOT NULL AND trim(j) <> ''`,
  );
  return jsonSource(ctx, read.rejects);
}

async function jsonSource(ctx: ReadContext, readerRejects: number): Promise<ReadResult> {
  const { con } = ctx;
  // json_type throws on invalid text and AND does not short-circuit, hence the CASE.
  const isObject = `CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' ELSE false END`;
  await con.run(
    `CREATE TEMP TABLE ingest_json_ok AS SELECT line, CAST(j AS JSON) AS j FROM ingest_json WHERE ${isObject}`,
  );
  const bad = (await queryOne<{ n: number }>(con, `SELECT count(*) AS n FROM ingest_json WHERE NOT ${isObject}`))!.n;
  if (bad > 0) {
    await execute(
      con,
      `INSERT INTO ingest_reject SELECT $batch_id, $file_name, line, NULL, left(CAST(j AS VARCHAR), 200), 'json_malformed', $message
       FROM ingest_json WHERE NOT ${isObject}`,
      { batch_id: ctx.batchId, file_name: ctx.fileName, message: REJECT_REASONS.json_malformed.en },
    );
  }
  const keys = (
    await queryRows<{ k: string }>(con, 'SELECT DISTINCT unnest(json_keys(j)) AS k FROM ingest_json_ok ORDER BY k')
  ).map((r) => r.k);
  const rows = (await queryOne<{ n: number }>(con, 'SELECT count(*) AS n FROM ingest_json_ok'))!.n;
  if (rows === 0 && bad + readerRejects === 0) throw new FileRefusal('no_rows', 'the file holds no JSON records');
  const { index, notes } = rows > 0 ? matchColumns(ctx.spec, keys) : { index: new Map<string, number>(), notes: [] };
  const columns = new Map<string, SourceColumn>();
  for (const [name, i] of index) {
    // The key goes into a JSON path; it matched a spec column once trimmed, so it holds only [a-z_] and blanks.
    if (!/^[A-Za-z0-9_ \t]+$/.test(keys[i])) continue;
    columns.set(name, { expr: `(s.j->>'$."${keys[i]}"')`, type: 'VARCHAR' });
  }
  return {
    source: { relation: 'ingest_json_ok', line: 's.line', columns },
    rows,
    readerRejects: readerRejects + bad,
    notes,
  };
}
