import type { Request, Response } from 'express';
import { Float64, Table, tableToIPC, Type, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { csvCell } from '../csv.ts';
import { plainValue, type Row, type RowsTable } from '../db/query.ts';

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';
export type ResultFormat = 'arrow' | 'json' | 'csv';

/** ?format=arrow|json|csv wins; otherwise Accept: application/json or text/csv; otherwise Arrow IPC. */
export function resultFormat(req: Request): ResultFormat {
  const q = typeof req.query.format === 'string' ? req.query.format.toLowerCase() : '';
  if (q === 'json' || q === 'csv' || q === 'arrow') return q;
  const accept = req.get('accept') ?? '';
  if (accept.includes('application/json')) return 'json';
  if (accept.includes('text/csv')) return 'csv';
  return 'arrow';
}

/**
 * A tabular result in the form it was computed in: an Arrow table (asked for as Arrow, or coming from the SQL worker),
 * or plain rows with their columns (read from DuckDB for a JSON or CSV answer, or built in code). Each is converted to
 * the other only when the client asks for the other form, so a JSON answer read from DuckDB is converted once.
 */
export type TableResult = Table | RowsTable;

/** The form to compute a table in for this request: Arrow for Arrow, rows for JSON and CSV. */
export const tableShape = (req: Request): 'arrow' | 'rows' => (resultFormat(req) === 'arrow' ? 'arrow' : 'rows');

export interface SendTableOptions {
  /** File name for CSV downloads (Content-Disposition), without extension. */
  filename?: string;
  /** Facts about the result (row cap hit, which query ran…): JSON fields, X-Atlas-* headers and Arrow schema metadata. */
  meta?: Record<string, string | number | boolean>;
}

/** Send a tabular result in the format the client asked for. */
export function sendTable(req: Request, res: Response, result: TableResult, opts: SendTableOptions = {}): void {
  const numRows = result instanceof Table ? result.numRows : result.rows.length;
  const meta = { rows: numRows, ...opts.meta };
  for (const [k, v] of Object.entries(meta)) res.setHeader(`X-Atlas-${headerName(k)}`, String(v));
  const format = resultFormat(req);
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
