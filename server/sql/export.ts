import fs from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { tableToIPC, type Table } from 'apache-arrow';
import { ARROW_MIME } from '../api/respond.ts';
import { badRequest } from '../errors.ts';
import { chunksToArrow } from './chunks.ts';
import { csvHeader, csvLines } from './csv-batch.ts';
import { ParquetStage } from './parquet-stage.ts';
import type { AnalystSandbox, QueryOptions } from './sandbox.ts';

export const EXPORT_FORMATS = ['csv', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows fetched from DuckDB per step; each step is converted and written before the next one is fetched. */
const BATCH_ROWS = 65_536;
const ARROW_EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

export function parseExportFormat(v: unknown): ExportFormat {
  const f = typeof v === 'string' ? v.toLowerCase() : v;
  if (!EXPORT_FORMATS.includes(f as ExportFormat)) {
    throw badRequest('invalid_format', `format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(v)}`, { field: 'format', value: v });
  }
  return f as ExportFormat;
}

/** One batch as Arrow IPC stream messages: the schema message only in the first, never the end-of-stream marker. */
function ipcMessages(table: Table, first: boolean): Uint8Array {
  const bytes = tableToIPC(table, 'stream');
  let start = 0;
  if (!first) {
    // the schema message is framed as 0xFFFFFFFF, int32 metadata length, metadata (it has no body)
    start = 8 + new DataView(bytes.buffer, bytes.byteOffset, 8).getInt32(4, true);
  }
  return bytes.subarray(start, bytes.length - ARROW_EOS.length);
}

/** Write and wait for the socket to drain when its buffer is full, so a slow client slows DuckDB instead of our memory. */
async function write(res: Response, data: string | Uint8Array): Promise<void> {
  if (res.destroyed) throw new Error('the client went away');
  if (!res.write(data)) {
    // whichever of the two events comes first, remove the other listener (one would pile up per full buffer)
    const done = new AbortController();
    try {
      await Promise.race([
        once(res, 'drain', { signal: done.signal }),
        once(res, 'close', { signal: done.signal }).then(() => Promise.reject(new Error('the client went away'))),
      ]);
    } finally {
      done.abort();
    }
  }
}

/**
 * Stream the full result of one analyst statement as CSV, Arrow IPC or Parquet. Headers are sent only once the statement
 * has been accepted and started, so refusals and SQL errors still come back as JSON errors; a failure after the first
 * byte destroys the connection, so a cut-off file can never pass for a complete one.
 */
export async function sendExport(sandbox: AnalystSandbox, res: Response, sql: string, format: ExportFormat, opts: QueryOptions): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const filename = `atlas-query-${stamp}.${format === 'arrow' ? 'arrows' : format}`;
  const head = (type: string, queryId: string) => {
    res.setHeader('Content-Type', type);
    res.setHeader('X-Atlas-Query-Id', queryId);
    res.attachment(filename);
  };
  let stage: ParquetStage | null = format === 'parquet' ? await ParquetStage.open() : null;
  let first = true;
  try {
    const done = await sandbox.stream(sql, opts, BATCH_ROWS, {
      async onStart(result, names) {
        if (stage) return stage.start(result, names);
        head(format === 'csv' ? 'text/csv; charset=utf-8' : ARROW_MIME, opts.queryId ?? '');
        if (format === 'csv') await write(res, '\uFEFF' + csvHeader(names));
        else {
          await write(res, ipcMessages(await chunksToArrow(result, names, []), true));
          first = false;
        }
      },
      async onBatch(chunks, result, names) {
        if (stage) return stage.append(chunks);
        const table = await chunksToArrow(result, names, chunks);
        await write(res, format === 'csv' ? csvLines(table) : ipcMessages(table, first));
        first = false;
      },
    });
    if (stage) {
      const file = await stage.finish();
      head('application/vnd.apache.parquet', done.queryId);
      res.setHeader('Content-Length', String(fs.statSync(file).size));
      res.setHeader('X-Atlas-Rows', String(done.rows));
      await pipeline(fs.createReadStream(file), res);
    } else {
      if (format === 'arrow') await write(res, ARROW_EOS);
      res.end();
    }
  } catch (err) {
    if (res.headersSent) res.destroy();
    throw err;
  } finally {
    stage?.close();
    stage = null;
  }
}
