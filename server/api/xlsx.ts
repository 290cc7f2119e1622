/**
 * A tabular answer as an XLSX workbook, for readers who work in spreadsheets (price authorities): one sheet of data with
 * a frozen header row of the column names, each code column followed by the name it stands for, numbers as numbers,
 * and a second sheet "about" with the facts of the answer (period, rows, and whether the rows were cut).
 */
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import type { Row } from '../db/query.ts';
import { REFERENCE_DIR } from '../db/paths.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most data rows a workbook holds (a spreadsheet opens it in seconds; Excel's own limit is 1,048,575). */
export const XLSX_MAX_ROWS = 100_000;

export type NameLang = 'zh' | 'en';

/** Which reference list names the codes of a column: regions, sectors, or an enumeration of enums.csv. */
function listOf(column: string): string | undefined {
  if (column === 'region_code' || column.endsWith('_region_code')) return 'region';
  if (column === 'sector_code' || column.endsWith('_sector_code')) return 'sector';
  return ENUM_COLUMNS[column];
}
const ENUM_COLUMNS: Record<string, string> = {
  auth_mode: 'auth_mode',
  auth_status: 'auth_status',
  charge_basis: 'charge_basis',
  tariff_status: 'tariff_status',
  use_purpose: 'use_purpose',
  user_type: 'user_type',
  product_form: 'product_form',
  delivery_mode: 'delivery_mode',
  registration_status: 'reg_status',
};

let names: Map<string, { zh: string; en: string }> | undefined;
/** The shipped reference names, keyed `list|code` (read once; the files have no quoted fields). */
function referenceNames(): Map<string, { zh: string; en: string }> {
  if (names) return names;
  const read = (file: string) =>
    fs
      .readFileSync(path.join(REFERENCE_DIR, file), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(','));
  const map = new Map<string, { zh: string; en: string }>();
  for (const [code, , zh, , en] of read('regions.csv')) map.set(`region|${code}`, { zh, en });
  for (const [code, zh, en] of read('sectors.csv')) map.set(`sector|${code}`, { zh, en });
  for (const [list, code, zh, en] of read('enums.csv')) map.set(`${list}|${code}`, { zh, en });
  names = map;
  return map;
}

export interface XlsxInput {
  columns: { name: string; type: string }[];
  rows: Row[];
  /** The facts sent beside the rows (JSON fields, X-Atlas-* headers), written to the "about" sheet. */
  meta: Record<string, string | number | boolean>;
  sheetName: string;
  lang: NameLang;
  /** Rows beyond it are left out (default XLSX_MAX_ROWS). */
  maxRows?: number;
}

/** The columns a workbook has: each code column with a reference list is followed by `<name>_name`. */
export function xlsxColumns(columns: { name: string }[]): { name: string; source: string; list?: string }[] {
  const out: { name: string; source: string; list?: string }[] = [];
  for (const c of columns) {
    out.push({ name: c.name, source: c.name });
    const list = listOf(c.name);
    if (list) out.push({ name: `${c.name.replace(/_code$/, '')}_name`, source: c.name, list });
  }
  return out;
}

/** The workbook's bytes; rows beyond maxRows are left out and the "about" sheet says so. */
export async function xlsxBuffer({
  columns,
  rows,
  meta,
  sheetName,
  lang,
  maxRows = XLSX_MAX_ROWS,
}: XlsxInput): Promise<Buffer> {
  // loaded on the first workbook asked for: the library is large and most starts never write one
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Public Data Atlas';
  const sheet = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = xlsxColumns(columns);
  sheet.columns = cols.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(40, Math.max(10, c.name.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  const ref = cols.some((c) => c.list) ? referenceNames() : undefined;
  const kept = rows.length > maxRows ? rows.slice(0, maxRows) : rows;
  for (const row of kept) {
    sheet.addRow(
      cols.map((c) => {
        const v = row[c.source];
        if (c.list) return v == null ? null : (ref!.get(`${c.list}|${String(v)}`)?.[lang] ?? null);
        return cellValue(v);
      }),
    );
  }
  const about = wb.addWorksheet('about');
  about.columns = [
    { header: 'key', key: 'key', width: 20 },
    { header: 'value', key: 'value', width: 60 },
  ];
  about.getRow(1).font = { bold: true };
  for (const [k, v] of Object.entries(meta)) about.addRow([k, v]);
  about.addRow(['rows_total', rows.length]);
  about.addRow(['rows_in_sheet', kept.length]);
  if (kept.length < rows.length)
    about.addRow(['truncated', `only the first ${maxRows} of ${rows.length} rows: narrow the filters`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A value as a spreadsheet cell: numbers stay numbers, lists become text, nothing stays empty. */
function cellValue(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  // a text cell is stored as a shared string, never as a formula, so '=…' needs no escaping as in CSV
  return String(v);
}
