import type { Request, Response } from 'express';
import { Float64, Table, tableToIPC, Type, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { csvCell } from '../csv.ts';
import { plainValue, type Row, type RowsTable } from '../db/query.ts';
import { XLSX_MAX_ROWS, XLSX_MIME, xlsxBuffer } from './xlsx.ts';

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';
export type ResultFormat = 'arrow' | 'json' | 'csv';
/** What a table endpoint answers (sendTable): the streamed formats and an XLSX workbook. */
export type TableFormat = ResultFormat | 'xlsx';

/** ?format=arrow|json|csv wins; otherwise Accept: application/json or text/csv; otherwise Arrow IPC. */
export function resultFormat(req: Request): ResultFormat {
  const q = formatParam(req);
  if (q === 'json' || q === 'csv' || q === 'arrow') return q;
  const accept = req.get('accept') ?? '';
  if (accept.includes('application/json')) return 'json';
  if (accept.includes('text/csv')) return 'csv';
  return 'arrow';
}

/** resultFormat, and XLSX with ?format=xlsx or Accept of the XLSX type. */
export function tableFormat(req: Request): TableFormat {
  if (formatParam(req) === 'xlsx' || (!formatParam(req) && (req.get('accept') ?? '').includes(XLSX_MIME)))
    return 'xlsx';
  return resultFormat(req);
}

const formatParam = (req: Request) => (typeof req.query.format === 'string' ? req.query.format.toLowerCase() : '');

/**
 * A tabular result in the form it was computed in: an Arrow table (asked for as Arrow, or coming from the SQL worker),
 * or plain rows with their columns (read from DuckDB for a JSON or CSV answer, or built in code). Each is converted to
 * the other only when the client asks for the other form, so a JSON answer read from DuckDB is converted once.
 */
export type TableResult = Table | RowsTable;

/** The form to compute a table in for this request: Arrow for Arrow, rows for JSON, CSV and XLSX. */
export const tableShape = (req: Request): 'arrow' | 'rows' => (tableFormat(req) === 'arrow' ? 'arrow' : 'rows');

export interface SendTableOptions {
  /** File name for CSV and XLSX downloads (Content-Disposition), without extension; also the XLSX sheet's name. */
  filename?: string;
  /** Facts about the result (row cap hit, which query ran…): JSON fields, X-Atlas-* headers and Arrow schema metadata. */
  meta?: Record<string, string | number | boolean>;
  /** The most rows an XLSX answer holds (default XLSX_MAX_ROWS). */
  xlsxMaxRows?: number;
}

/**
 * Send a tabular result in the format the client asked for. Await it: an XLSX workbook is written asynchronously, and
 * its failure must reach the error handler.
 */
export async function sendTable(
  req: Request,
  res: Response,
  result: TableResult,
  opts: SendTableOptions = {},
): Promise<void> {
  const numRows = result instanceof Table ? result.numRows : result.rows.length;
  const format = tableFormat(req);
  // a workbook holds a bounded number of rows: the headers say how many it holds and that it was cut
  const maxRows = opts.xlsxMaxRows ?? XLSX_MAX_ROWS;
  const cut = format === 'xlsx' && numRows > maxRows;
  const meta = {
    rows: cut ? maxRows : numRows,
    ...(cut ? { truncated: true, rows_total: numRows } : {}),
    ...opts.meta,
  };
  for (const [k, v] of Object.entries(meta)) res.setHeader(`X-Atlas-${headerName(k)}`, String(v));
  if (format === 'arrow') {
    const table = result instanceof Table ? result : rowsToArrow(result);
    for (const [k, v] of Object.entries(meta)) table.schema.metadata.set(k, String(v));
    const ipc = tableToIPC(table, 'stream');
    res.type(ARROW_MIME).send(Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength));
    return;
  }
  const { columns, rows } = result instanceof Table ? arrowToRows(result) : result;
  if (format === 'json') {
    res.json({ columns, rows, ...opts.meta });
  } else if (format === 'xlsx') {
    const lang = req.query.lang === 'en' ? 'en' : 'zh';
    const name = opts.filename ?? 'table';
    const body = await xlsxBuffer({ columns, rows, meta: opts.meta ?? {}, sheetName: name, lang, maxRows });
    res.type(XLSX_MIME).attachment(`${name}.xlsx`).send(body);
  } else {
    res.type('text/csv; charset=utf-8');
    if (opts.filename) res.attachment(`${opts.filename}.csv`);
    res.send(rowsToCsv(columns, rows));
  }
}

export const headerName = (k: string) =>
  k.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => `-${c.toUpperCase()}`).replace(/^-/, '');

/** Rows built in code as a table: text columns as Utf8, numeric ones as Float64. */
export function rowsTable(rows: readonly object[], columns: { name: string; text?: boolean }[]): RowsTable {
  return {
    columns: columns.map((c) => ({ name: c.name, type: c.text ? 'Utf8' : 'Float64' })),
    rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, (r as Row)[c.name] ?? null]))),
  };
}

function rowsToArrow({ columns, rows }: RowsTable): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => r[c.name] ?? null);
    vectors[c.name] =
      c.type === 'Utf8'
        ? vectorFromArray(
            values.map((v) => (v === null ? null : String(v))),
            new Utf8(),
          )
        : vectorFromArray(values as (number | null)[], new Float64());
  }
  return new Table(vectors);
}

/** Arrow rows as plain objects, by the same rules as rows read from DuckDB (plainValue). */
export function arrowToRows(table: Table): RowsTable {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const kinds = fields.map((f) =>
    f.typeId === Type.Date ? 'date' : f.typeId === Type.Timestamp ? 'timestamp' : 'value',
  );
  const rows: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[fields[c].name] = plainValue(columns[c].get(i), kinds[c]);
    rows[i] = row;
  }
  return { columns: fields.map((f) => ({ name: f.name, type: String(f.type) })), rows };
}

function rowsToCsv(columns: { name: string }[], rows: Row[]): string {
  const names = columns.map((c) => c.name);
  const lines = [names.map((n) => csvCell(n)).join(',')];
  for (const row of rows) lines.push(names.map((n) => csvCell(row[n])).join(','));
  return lines.join('\r\n') + '\r\n';
}
