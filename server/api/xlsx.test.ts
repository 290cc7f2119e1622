// XLSX answers of table endpoints, read back with exceljs: the header row, names beside codes, numbers as numbers, and
// a bounded row count that the answer owns up to.
import ExcelJS from 'exceljs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryArrow, queryRowsTable } from '../db/query.ts';
import { startTestServer, type TestServer } from '../test-support/server.ts';
import { sendTable, tableShape, type TableResult } from './respond.ts';
import { XLSX_MIME } from './xlsx.ts';

const SQL = `SELECT region_code, 'PER_CALL' AS charge_basis, pop_2020, gdp_2023_100m_cny, 12345678901::BIGINT AS big,
    DATE '2025-03-01' AS d, '=1+1' AS f, NULL::DOUBLE AS n, ['a', 'b'] AS l
  FROM ref_region WHERE is_province ORDER BY sort_order LIMIT 6`;

let t: TestServer;
let base = '';
beforeAll(async () => {
  t = await startTestServer();
  const app = express();
  app.get('/t', async (req, res, next) => {
    try {
      const shape = tableShape(req);
      const table = await t.db.withConnection<TableResult>((con) =>
        shape === 'arrow' ? queryArrow(con, SQL) : queryRowsTable(con, SQL),
      );
      const max = Number(req.query.max) || undefined;
      await sendTable(req, res, table, { filename: 'regions', meta: { year: 2025 }, xlsxMaxRows: max });
    } catch (err) {
      next(err);
    }
  });
  await new Promise<void>((r) => {
    const s = app.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
      t.atlas.ctx.onClose(() => new Promise((done) => s.close(() => done())));
      r();
    });
  });
});
afterAll(async () => {
  await t.close();
});

async function workbook(url: string): Promise<{ res: Response; wb: ExcelJS.Workbook }> {
  const res = await fetch(base + url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.clone().arrayBuffer());
  return { res, wb };
}
const values = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('XLSX answers', () => {
  it('writes a header row, each code beside its name, and numbers as numbers', async () => {
    const { res, wb } = await workbook('/t?format=xlsx');
    expect(res.headers.get('content-type')).toBe(XLSX_MIME);
    expect(res.headers.get('content-disposition')).toMatch(/regions\.xlsx/);
    expect(res.headers.get('x-atlas-rows')).toBe('6');
    const sheet = wb.getWorksheet('regions')!;
    expect(values(sheet, 1)).toEqual([
      'region_code',
      'region_name',
      'charge_basis',
      'charge_basis_name',
      'pop_2020',
      'gdp_2023_100m_cny',
      'big',
      'd',
      'f',
      'n',
      'l',
    ]);
    expect(sheet.rowCount).toBe(7);
    const first = values(sheet, 2);
    expect(first.slice(0, 4)).toEqual(['110000', '北京市', 'PER_CALL', '按次计费']);
    // DECIMAL and BIGINT values arrive as numbers; text that looks like a formula stays text
    expect(first.slice(4, 9)).toEqual([21893095, 43760.7, 12345678901, '2025-03-01', '=1+1']);
    expect(typeof first[4]).toBe('number');
    expect(sheet.getRow(2).getCell(9).type).toBe(ExcelJS.ValueType.String);
    expect(first[9]).toBeUndefined();
    expect(first[10]).toBe('a, b');
    const about = wb.getWorksheet('about')!;
    expect(values(about, 2)).toEqual(['year', 2025]);
    expect(about.getColumn(1).values).not.toContain('truncated');
  });

  it('names the codes in English with lang=en, and reads Accept like ?format', async () => {
    const { wb } = await workbook('/t?format=xlsx&lang=en');
    expect(values(wb.getWorksheet('regions')!, 2).slice(0, 4)).toEqual([
      '110000',
      'Beijing Municipality',
      'PER_CALL',
      'Per call',
    ]);
    const res = await fetch(`${base}/t`, { headers: { accept: XLSX_MIME } });
    expect(res.headers.get('content-type')).toBe(XLSX_MIME);
  });

  it('cuts a long answer at its bound and says so in the headers and the workbook', async () => {
    const { res, wb } = await workbook('/t?format=xlsx&max=4');
    expect(res.headers.get('x-atlas-rows')).toBe('4');
    expect(res.headers.get('x-atlas-truncated')).toBe('true');
    expect(res.headers.get('x-atlas-rows-total')).toBe('6');
    expect(wb.getWorksheet('regions')!.rowCount).toBe(5);
    const about = wb.getWorksheet('about')!;
    const facts = Object.fromEntries(
      Array.from({ length: about.rowCount - 1 }, (_, i) => values(about, i + 2) as [string, unknown]),
    );
    expect(facts).toMatchObject({ rows_total: 6, rows_in_sheet: 4 });
    expect(String(facts.truncated)).toMatch(/first 4 of 6/);
    // the other formats are not bounded
    const json = (await (await fetch(`${base}/t?format=json&max=4`)).json()) as { rows: unknown[] };
    expect(json.rows).toHaveLength(6);
  });
});
