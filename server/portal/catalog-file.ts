import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createGunzip, gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { badRequest } from '../errors.ts';

/** How a catalogue file is laid out: one JSON array, one JSON object per line, a CSV table or an XLSX workbook. */
export type CatalogFormat = 'json' | 'ndjson' | 'csv' | 'xlsx';

export interface CatalogFileInfo {
  format: CatalogFormat;
  gzip: boolean;
  /** Text encoding of a CSV file as found (UTF-8 or GB18030); JSON is UTF-8 by definition, XLSX carries its own. */
  encoding: 'utf-8' | 'gb18030' | null;
}

const SNIFF_BYTES = 1 << 16;

/**
 * Work out the layout of a catalogue from its name and first bytes: .xlsx is a workbook, .csv a table, .json/.jsonl/
 * .ndjson (optionally .gz) JSON; a .json file whose first character is '{' holding one object per line is NDJSON.
 */
export function detectCatalogFile(file: string, formatHint?: CatalogFormat): CatalogFileInfo {
  const head = readHead(file);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const base = path.basename(file).toLowerCase().replace(/\.gz$/, '');
  const zipMagic = head[0] === 0x50 && head[1] === 0x4b;
  let format: CatalogFormat | undefined = formatHint;
  if (!format) {
    if (base.endsWith('.xlsx') || zipMagic) format = 'xlsx';
    else if (base.endsWith('.csv') || base.endsWith('.tsv')) format = 'csv';
    else if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) format = 'ndjson';
    else {
      const text = (gzip ? gunzipHead(file) : head).toString('utf8').replace(/^\uFEFF/, '').trimStart();
      if (text.startsWith('[')) format = 'json';
      else if (text.startsWith('{')) format = 'ndjson';
      else if (base.endsWith('.json')) {
        throw badRequest('portal_bad_file', `${path.basename(file)}: a JSON catalogue must be an array of records or one record per line`);
      } else format = 'csv';
    }
  }
  if (format === 'xlsx' && gzip) throw badRequest('portal_bad_file', `${path.basename(file)}: a gzipped workbook is not supported; unzip it first`);
  const encoding = format === 'csv' ? (isUtf8(gzip ? gunzipHead(file) : head) ? 'utf-8' : 'gb18030') : format === 'xlsx' ? null : 'utf-8';
  return { format, gzip, encoding };
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first bytes of a gzipped file, decompressed (a truncated stream is fine for sniffing). */
function gunzipHead(file: string): Buffer {
  try {
    return gunzipSync(readHead(file), { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, SNIFF_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

/** True when the bytes decode as UTF-8 (a multi-byte character cut at the end of the sample is allowed). */
export function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, trimPartialUtf8(bytes)));
    return true;
  } catch {
    return false;
  }
}

function trimPartialUtf8(b: Buffer): number {
  let end = b.length;
  // step back over at most 3 continuation bytes to the start of a possibly incomplete character
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i];
    if ((c & 0xc0) === 0x80) continue;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (need > i) end -= i;
    }
    break;
  }
  return end;
}

/**
 * Re-encode a GB18030 text file (gzipped or not) as plain UTF-8, because DuckDB reads UTF-8 only. Streams, so a large
 * file never sits in memory.
 */
export async function transcodeGb18030(src: string, dest: string, gzip: boolean): Promise<void> {
  const decoder = new TextDecoder('gb18030');
  const out = fs.createWriteStream(dest);
  const input = gzip ? fs.createReadStream(src).pipe(createGunzip()) : fs.createReadStream(src);
  for await (const chunk of input) {
    if (!out.write(decoder.decode(chunk as Buffer, { stream: true }))) await once(out, 'drain');
  }
  out.end(decoder.decode());
  await once(out, 'finish');
}

/**
 * Stream the first worksheet of a workbook into NDJSON: one object per data row keyed by the header row (row 1).
 * Line n of the output is sheet row n (the header and empty rows become blank lines), so rejects name the sheet row.
 * Dates become YYYY-MM-DD (or an ISO timestamp when they carry a time), rich text and hyperlinks their text.
 */
export async function xlsxToNdjson(src: string, dest: string): Promise<{ sheet: string; rows: number }> {
  const out = fs.createWriteStream(dest);
  let header: string[] | null = null;
  let written = 0;
  let sheetName = '';
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(src, { sharedStrings: 'cache', hyperlinks: 'cache', styles: 'cache', worksheets: 'emit' });
  for await (const sheet of reader) {
    sheetName = (sheet as unknown as { name?: string }).name ?? 'sheet 1';
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      while (written < row.number - 1) {
        if (!out.write('\n')) await once(out, 'drain');
        written++;
      }
      let line = '';
      if (!header) {
        header = values.map((v, i) => (v === null || v === '' ? `column_${i + 1}` : String(v).trim()));
      } else if (values.some((v) => v !== null && v !== '')) {
        const rec: Record<string, unknown> = {};
        header.forEach((name, i) => (rec[name] = values[i] ?? null));
        line = JSON.stringify(rec);
      }
      if (!out.write(line + '\n')) await once(out, 'drain');
      written++;
    }
    break; // the first worksheet is the catalogue
  }
  out.end();
  await once(out, 'finish');
  if (!header) throw badRequest('portal_bad_file', `${path.basename(src)}: the first worksheet is empty; it needs a header row and one row per dataset`);
  return { sheet: sheetName, rows: written };
}

function cellText(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    if (o.error) return null;
    return JSON.stringify(v);
  }
  return v as string | number | boolean;
}
