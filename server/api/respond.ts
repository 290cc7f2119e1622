import type { Request, Response } from 'express';
import { tableToIPC, Type, type Table } from 'apache-arrow';
import { csvCell } from '../csv.ts';

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

export interface SendTableOptions {
  /** File name for CSV downloads (Content-Disposition), without extension. */
  filename?: string;
  /** Facts about the result (row cap hit, which query ran…): JSON fields, X-Atlas-* headers and Arrow schema metadata. */
  meta?: Record<string, string | number | boolean>;
}

/** Send a tabular result in the format the client asked for. */
export function sendTable(req: Request, res: Response, table: Table, opts: SendTableOptions = {}): void {
  const meta = { rows: table.numRows, ...opts.meta };
  for (const [k, v] of Object.entries(meta)) res.setHeader(`X-Atlas-${headerName(k)}`, String(v));
  const format = resultFormat(req);
  if (format === 'json') {
    res.json({ columns: columnsOf(table), rows: tableRows(table), ...opts.meta });
  } else if (format === 'csv') {
    res.type('text/csv; charset=utf-8');
    if (opts.filename) res.attachment(`${opts.filename}.csv`);
    res.send(tableToCsv(table));
  } else {
    for (const [k, v] of Object.entries(meta)) table.schema.metadata.set(k, String(v));
    const ipc = tableToIPC(table, 'stream');
    res.type(ARROW_MIME).send(Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength));
  }
}

export const headerName = (k: string) =>
  k.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => `-${c.toUpperCase()}`).replace(/^-/, '');

export function columnsOf(table: Table): { name: string; type: string }[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
}

/** Arrow rows as plain objects: Int64 as numbers, dates as 'YYYY-MM-DD', timestamps as ISO text. */
export function tableRows(table: Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const out: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) row[fields[c].name] = plain(columns[c].get(i), fields[c].typeId);
    out[i] = row;
  }
  return out;
}

function plain(v: unknown, typeId: Type): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeId === Type.Date) return new Date(Number(v)).toISOString().slice(0, 10);
  if (typeId === Type.Timestamp) return new Date(Number(v)).toISOString();
  return v;
}

export function tableToCsv(table: Table): string {
  const names = table.schema.fields.map((f) => f.name);
  const lines = [names.map((n) => csvCell(n)).join(',')];
  for (const row of tableRows(table)) lines.push(names.map((n) => csvCell(row[n])).join(','));
  return lines.join('\r\n') + '\r\n';
}
