import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { badRequest } from '../../errors.ts';
import type { SpaceMeter } from '../workspace.ts';

/** How a catalogue file is laid out: one JSON array, one JSON object per line, a CSV table or an XLSX workbook. */
export type CatalogFormat = 'json' | 'ndjson' | 'csv' | 'xlsx';

export interface CatalogFileInfo {
  format: CatalogFormat;
  gzip: boolean;
}

const SNIFF_BYTES = 1 << 16;

/**
 * Work out the layout of a catalogue from its first bytes (decompressed when gzipped): a ZIP is an XLSX workbook, '['
 * a JSON array, '{' one record per line, anything else CSV. A file named .json/.jsonl/.ndjson that holds neither an
 * array nor objects is refused here, with a message that says what a JSON catalogue must look like.
 */
export function detectCatalogFile(file: string, fileName: string): CatalogFileInfo {
  const head = readHead(file);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const text = gzip ? gunzipHead(file) : head;
  if (text[0] === 0x50 && text[1] === 0x4b) {
    if (gzip)
      throw badRequest(
        'portal_bad_file',
        `${fileName}: a gzipped workbook is not supported; unzip it first`,
        undefined,
        `${fileName}：不支持 gzip 压缩的工作簿；请先解压`,
      );
    return { format: 'xlsx', gzip };
  }
  const start = text
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.startsWith('[')) return { format: 'json', gzip };
  if (start.startsWith('{')) return { format: 'ndjson', gzip };
  if (/\.(json|jsonl|ndjson)(\.gz)?$/i.test(fileName)) {
    throw badRequest(
      'portal_bad_file',
      `${fileName}: a JSON catalogue must be an array of records or one record per line`,
      undefined,
      `${fileName}：JSON 目录必须是记录数组，或每行一条记录`,
    );
  }
  return { format: 'csv', gzip };
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

/**
 * Decompress a gzipped catalogue to a plain file, streaming (the ingestion engine reads plain files). The meter stops
 * it at the first chunk past the cap or the workspace quota: a small gzip of repeated bytes can expand a thousandfold.
 */
export async function gunzipTo(src: string, dest: string, meter: SpaceMeter): Promise<void> {
  await pipeline(fs.createReadStream(src), createGunzip(), meter.guard(), fs.createWriteStream(dest));
}

/**
 * Stream the first worksheet of a workbook into NDJSON: one object per data row keyed by the header row (row 1).
 * Line n of the output is sheet row n (the header and empty rows become blank lines), so rejects name the sheet row.
 * Dates become YYYY-MM-DD (or an ISO timestamp when they carry a time), rich text and hyperlinks their text.
 */
export async function xlsxToNdjson(
  src: string,
  dest: string,
  meter: SpaceMeter,
): Promise<{ sheet: string; rows: number }> {
  const out = fs.createWriteStream(dest);
  // A workbook is a ZIP: its sheets, too, may expand far beyond the file received.
  const write = async (text: string) => {
    const bytes = Buffer.from(text);
    meter.add(bytes.length);
    if (!out.write(bytes)) await once(out, 'drain');
  };
  let header: string[] | null = null;
  let written = 0;
  let sheetName = '';
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(src, {
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    worksheets: 'emit',
  });
  try {
    for await (const sheet of reader) {
      sheetName = (sheet as unknown as { name?: string }).name ?? 'sheet 1';
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(cellText);
        while (written < row.number - 1) {
          await write('\n');
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
        await write(line + '\n');
        written++;
      }
      break; // the first worksheet is the catalogue
    }
  } catch (err) {
    out.destroy();
    throw err;
  }
  out.end();
  await once(out, 'finish');
  if (!header)
    throw badRequest(
      'portal_bad_file',
      `${path.basename(src)}: the first worksheet is empty; it needs a header row and one row per dataset`,
      undefined,
      `${path.basename(src)}：第一个工作表为空；需要一行表头和每个数据集一行`,
    );
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
