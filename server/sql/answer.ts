import { once } from 'node:events';
import type { Request, Response } from 'express';
import { tableFromIPC, type Table } from 'apache-arrow';
import { ARROW_MIME, headerName, resultFormat } from '../api/respond.ts';
import { ARROW_EOS } from './chunks.ts';
import { csvHeader, csvLines } from './csv-batch.ts';
import { exactRows } from './exact-values.ts';
import type { AnalystSandbox, AnswerMeta, RunOptions } from './sandbox.ts';

/** Write and wait for the socket to drain when its buffer is full, so a slow client slows the worker, not our memory. */
export async function write(res: Response, data: string | Uint8Array): Promise<void> {
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

/** Turns the worker's Arrow IPC messages into the bytes of one answer format, a batch at a time. */
interface Encoder {
  contentType: string;
  /** The schema message (first) or one batch's messages. */
  batch(bytes: Uint8Array): Uint8Array | string;
  end(meta: AnswerMeta): Uint8Array | string;
}

/** Each later batch is decoded with the schema message in front of it: the worker sends the schema only once. */
function decoder() {
  let schema: Uint8Array | null = null;
  return (bytes: Uint8Array): { table: Table; first: boolean } => {
    const first = schema === null;
    if (first) schema = bytes;
    return { table: tableFromIPC(Buffer.concat(first ? [bytes, ARROW_EOS] : [schema!, bytes, ARROW_EOS])), first };
  };
}

function arrowEncoder(): Encoder {
  return { contentType: ARROW_MIME, batch: (bytes) => bytes, end: () => ARROW_EOS };
}

/**
 * `{"columns": […], "rows": [ … ], <facts>}`, rows written batch by batch, every digit kept (exact-values.ts: integers
 * beyond 2^53 and DECIMALs as text) and each column naming its DuckDB type.
 */
function jsonEncoder(): Encoder {
  const decode = decoder();
  let rowsSeen = false;
  return {
    contentType: 'application/json; charset=utf-8',
    batch(bytes) {
      const { table, first } = decode(bytes);
      const { columns, rows } = exactRows(table);
      let out = first ? `{"columns":${JSON.stringify(columns)},"rows":[` : '';
      if (rows.length > 0) {
        out += (rowsSeen ? ',' : '') + JSON.stringify(rows).slice(1, -1);
        rowsSeen = true;
      }
      return out;
    },
    end(meta) {
      const { rows: _rows, ...facts } = meta;
      const tail = JSON.stringify(facts).slice(1);
      return tail === '}' ? ']}' : `],${tail}`;
    },
  };
}

/**
 * RFC 4180 with CRLF line ends, each value as DuckDB's own text (csv-batch.ts, like `atlas sql`), with csvCell's
 * quoting and formula protection for the text the data holds, like every CSV of the product.
 */
function csvEncoder(): Encoder {
  const decode = decoder();
  return {
    contentType: 'text/csv; charset=utf-8',
    batch(bytes) {
      const { table, first } = decode(bytes);
      const body = csvLines(table);
      return first ? Buffer.concat([Buffer.from(csvHeader(table.schema.fields.map((f) => f.name))), body]) : body;
    },
    end: () => '',
  };
}

/**
 * Run an analyst statement and send its answer in the format the request asks for (Arrow IPC, JSON or CSV), batch by
 * batch as the worker sends it: this process never holds the whole answer (a JSON answer of several hundred MB once
 * ended in "Invalid string length" here). The facts (rows, truncated, …) are known before the first byte: they go in
 * X-Atlas-* headers, the Arrow schema metadata and the JSON object. A failure once bytes are out destroys the
 * connection, so a cut-off answer never passes for a complete one.
 */
export async function sendAnswer(
  sandbox: AnalystSandbox,
  req: Request,
  res: Response,
  sql: string,
  opts: RunOptions,
  /** Awaited before the answer's last bytes (the audit entry): a client that has the whole answer finds it written. */
  beforeEnd: (meta: AnswerMeta) => Promise<void> = async () => {},
): Promise<AnswerMeta> {
  const format = resultFormat(req);
  const encoder = format === 'arrow' ? arrowEncoder() : format === 'json' ? jsonEncoder() : csvEncoder();
  try {
    const { meta } = await sandbox.stream(sql, opts, {
      onStarted(meta) {
        for (const [k, v] of Object.entries(meta)) res.setHeader(`X-Atlas-${headerName(k)}`, String(v));
        res.setHeader('Content-Type', encoder.contentType);
        if (format === 'csv') res.attachment('atlas-query.csv');
      },
      onBatch: async (bytes) => {
        const out = encoder.batch(bytes);
        if (out.length > 0) await write(res, out);
      },
    });
    await beforeEnd(meta);
    res.end(encoder.end(meta));
    return meta;
  } catch (err) {
    if (res.headersSent) res.destroy();
    throw err;
  }
}
