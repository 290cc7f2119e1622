import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { ARROW_MIME } from '../api/respond.ts';
import { badRequest } from '../errors.ts';
import { write } from './answer.ts';
import { ARROW_EOS } from './chunks.ts';
import { exportTooLarge } from './export-bounds.ts';
import type { AnalystSandbox, QueryOptions } from './sandbox.ts';
import type { ExportFormat } from './worker-protocol.ts';

export type { ExportFormat };
export const EXPORT_FORMATS = ['csv', 'parquet', 'arrow'] as const satisfies readonly ExportFormat[];

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  arrow: ARROW_MIME,
};

export function parseExportFormat(v: unknown): ExportFormat {
  const f = typeof v === 'string' ? v.toLowerCase() : v;
  if (!EXPORT_FORMATS.includes(f as ExportFormat)) {
    throw badRequest(
      'invalid_format',
      `format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(v)}`,
      {
        field: 'format',
        value: v,
      },
      `format 必须是 ${EXPORT_FORMATS.join('、')} 之一，收到 ${JSON.stringify(v)}`,
    );
  }
  return f as ExportFormat;
}

/**
 * Stream the full result of one analyst statement as CSV, Parquet or Arrow IPC. CSV and Parquet are written by DuckDB
 * (COPY, in the SQL worker) to a private file that is then streamed, so this process holds one read buffer at a time;
 * Arrow comes as batches from the worker. Headers are sent only once the statement has been accepted, so refusals and
 * SQL errors still come back as JSON errors; a failure after the first byte destroys the connection, so a cut-off file
 * can never pass for a complete one.
 */
export async function sendExport(
  sandbox: AnalystSandbox,
  res: Response,
  sql: string,
  format: ExportFormat,
  opts: QueryOptions,
  fileName: string,
): Promise<void> {
  const head = (rows?: number) => {
    res.setHeader('Content-Type', MIME[format]);
    res.setHeader('X-Atlas-Query-Id', opts.queryId ?? '');
    if (rows !== undefined) res.setHeader('X-Atlas-Rows', String(rows));
    res.attachment(fileName);
  };
  let sent = 0;
  try {
    await sandbox.export(sql, format, opts, {
      onStarted: () => head(),
      onBatch: (bytes) => {
        // Arrow goes straight to the client: the size cap counts what was sent (a cut connection tells it apart)
        sent += bytes.byteLength;
        if (sent > sandbox.exportBounds.maxBytes) throw exportTooLarge(sent, sandbox.exportBounds);
        return write(res, bytes);
      },
      async onFile(file, rows) {
        head(rows);
        // the BOM makes spreadsheets read the file as UTF-8
        const bom = format === 'csv' ? 3 : 0;
        res.setHeader('Content-Length', String(fs.statSync(file).size + bom));
        if (bom) await write(res, '\uFEFF');
        await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), res);
      },
    });
    if (format === 'arrow') {
      await write(res, ARROW_EOS);
      res.end();
    }
  } catch (err) {
    if (res.headersSent) res.destroy();
    throw err;
  }
}
