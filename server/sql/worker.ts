// The analyst SQL worker: a child process of the server (forked by worker-host.ts) that holds the sandbox DuckDB
// instances and runs every analyst statement, so memory DuckDB does not account for (huge strings, lists) grows this
// process, which the server can kill and replace, and never the server itself.
import fs from 'node:fs';
import path from 'node:path';
import { StatementType, type DuckDBConnection, type DuckDBInstance, type DuckDBResult } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { AtlasError } from '../errors.ts';
import { ChunkReader, ipcMessages, readArrow, resultNames, runCapped } from './chunks.ts';
import { copyStatement, openExportInstance, prepareCopy } from './copy-export.ts';
import { exportBoundError } from './export-bounds.ts';
import { readCatalog } from './schema-info.ts';
import type { HiddenInstance } from './hidden-open.ts';
import { openSandboxSnapshot, type SandboxConfig } from './snapshot.ts';
import { sqlError } from './sql-error.ts';
import { defineMacros, lastStatement, prepareReadStatement, statementTypeName } from './statement.ts';
import type { Bytes, ExportReply, FromWorker, RunReply, ToWorker, WireError } from './worker-protocol.ts';

const config = JSON.parse(process.argv[2]) as SandboxConfig;
/** Where bulk bytes go as files (see Bytes); the server made it and removes it. */
const handoffDir = process.argv[3];
let handoffSeq = 0;

/** Bytes above this size travel as a file, see Bytes. */
const INLINE_BYTES = 256 * 1024;

function ship(bytes: Uint8Array): Bytes {
  if (bytes.byteLength <= INLINE_BYTES) return bytes;
  const file = path.join(handoffDir, `${process.pid}-${++handoffSeq}.bin`);
  fs.writeFileSync(file, bytes);
  return { file };
}

/** How often an export's folder is measured while DuckDB writes into it; at ~400 MB/s this bounds the overshoot. */
const BOUNDS_WATCH_MS = 50;

/** Rows per Arrow export batch; each batch is converted and sent before the next one is fetched. */
const BATCH_ROWS = 65_536;
/**
 * Rows per batch of an answer: about ANSWER_BATCH_BYTES of Arrow each, judged by its first rows, so that the server's
 * conversion of one batch to JSON or CSV stays a short piece of work on its event loop, whatever the row width.
 */
const ANSWER_BATCH_BYTES = 512 * 1024;
function answerBatchRows(table: Table): number {
  const sample = Math.min(table.numRows, 1024);
  if (sample === 0) return BATCH_ROWS;
  const perRow = ipcMessages(table.slice(0, sample), false).byteLength / sample;
  return Math.max(1, Math.min(BATCH_ROWS, Math.floor(ANSWER_BATCH_BYTES / perRow)));
}

/** Arrow batches sent but not yet written by the server: enough to overlap the two processes, few enough to stay small. */
const MAX_IN_FLIGHT = 2;

interface Job {
  stopped: boolean;
  /** Why the worker itself stopped the job (an export past its bounds), reported instead of "stopped". */
  failure?: AtlasError;
  cons: Set<DuckDBConnection>;
  repeat?: ReturnType<typeof setInterval>;
  inFlight: number;
  wake?: () => void;
}

const instances = new Map<string, Promise<HiddenInstance>>();
const jobs = new Map<string, Job>();
/** Stops that arrived before their job (the server asked while the request was on its way): honoured when it starts. */
const early = new Set<string>();

// a server killed with SIGKILL leaves the channel closed: sending then would crash with an unhandled error before the
// 'disconnect' handler below ends this process quietly
const send = (msg: FromWorker) => {
  if (process.connected) process.send!(msg);
};

async function sandboxFor(file: string): Promise<DuckDBInstance> {
  let p = instances.get(file);
  if (!p) {
    p = openSandboxSnapshot(file, config);
    instances.set(file, p);
    p.catch(() => instances.delete(file));
  }
  return (await p).instance;
}

async function connect(job: Job, instance: DuckDBInstance): Promise<DuckDBConnection> {
  const con = await instance.connect();
  job.cons.add(con);
  if (job.stopped) con.interrupt();
  return con;
}

function throwIfStopped(job: Job): void {
  if (job.stopped) throw new Error('stopped');
}

async function run(job: Job, msg: Extract<ToWorker, { type: 'run' }>): Promise<RunReply> {
  const started = performance.now();
  const con = await connect(job, await sandboxFor(msg.file));
  const stmt = await prepareReadStatement(con, msg.sql);
  throwIfStopped(job);
  const { table, truncated } = await runCapped(con, stmt, msg.sql, msg.limit);
  throwIfStopped(job);
  const meta = {
    rows: table.numRows,
    ...msg.meta,
    truncated,
    elapsed_ms: Math.round(performance.now() - started),
    statement_type: statementTypeName(stmt.statementType),
  };
  for (const [k, v] of Object.entries(meta)) table.schema.metadata.set(k, String(v));
  // the answer is whole here, in the worker, whose memory the server watches; the server gets it a batch at a time
  send({ type: 'started', id: msg.id, meta });
  await sendBatch(job, msg.id, ipcMessages(table.slice(0, 0), true));
  const step = answerBatchRows(table);
  for (let at = 0; at < table.numRows; at += step) {
    throwIfStopped(job);
    await sendBatch(job, msg.id, ipcMessages(table.slice(at, at + step), false));
  }
  return { meta };
}

async function exportResult(job: Job, msg: Extract<ToWorker, { type: 'export' }>): Promise<ExportReply> {
  const con = await connect(job, await sandboxFor(msg.file));
  const stmt = await prepareReadStatement(con, msg.sql);
  throwIfStopped(job);
  if (msg.format === 'arrow') return streamArrow(job, msg.id, await stmt.stream());
  if (stmt.statementType !== StatementType.SELECT) {
    throw new AtlasError(
      'sql_refused',
      `${statementTypeName(stmt.statementType)} output cannot be exported as ${msg.format}; run it in the workbench or export Arrow`,
      400,
      undefined,
      `${statementTypeName(stmt.statementType)} 的输出不能导出为 ${msg.format}；请在工作台中运行，或导出为 Arrow`,
    );
  }
  const out = path.join(msg.dir, `result.${msg.format}`);
  const query = lastStatement(msg.sql);
  const copySql = copyStatement(query, stmt, msg.format, out);
  stmt.destroySync();
  const exporter = await openExportInstance(msg.file, msg.dir, config);
  // the file is watched while DuckDB writes it: past the size cap or the free-disk floor the COPY is interrupted
  const refused = exportBoundError(msg.dir, msg.bounds);
  if (refused) {
    exporter.close();
    throw refused;
  }
  const watch = setInterval(() => {
    const over = exportBoundError(msg.dir, msg.bounds);
    if (over && !job.stopped) {
      job.failure = over;
      stop(msg.id);
    }
  }, BOUNDS_WATCH_MS);
  try {
    const econ = await connect(job, exporter.instance);
    await defineMacros(econ, msg.sql);
    const copy = await prepareCopy(econ, copySql, query);
    throwIfStopped(job);
    const result = await copy.run();
    throwIfStopped(job);
    return { rows: result.rowsChanged, path: out };
  } finally {
    clearInterval(watch);
    for (const c of job.cons) c.closeSync();
    job.cons.clear();
    exporter.close();
  }
}

/** Arrow IPC stream messages, batch by batch; the server writes the end-of-stream marker. */
async function streamArrow(job: Job, id: string, result: DuckDBResult): Promise<ExportReply> {
  const names = resultNames(result);
  const reader = new ChunkReader(result);
  try {
    send({ type: 'started', id });
    await sendBatch(job, id, ipcMessages(await readArrow(reader, names, 0), true));
    while (!reader.done) {
      const table = await readArrow(reader, names, BATCH_ROWS);
      throwIfStopped(job);
      if (table.numRows > 0) await sendBatch(job, id, ipcMessages(table, false));
    }
    return { rows: reader.rows };
  } finally {
    await reader.settle();
  }
}

async function sendBatch(job: Job, id: string, bytes: Uint8Array): Promise<void> {
  while (job.inFlight >= MAX_IN_FLIGHT) {
    await new Promise<void>((resolve) => (job.wake = resolve));
    throwIfStopped(job);
  }
  job.inFlight++;
  send({ type: 'batch', id, bytes: ship(bytes) });
}

async function schema(job: Job, msg: Extract<ToWorker, { type: 'schema' }>): Promise<unknown> {
  return readCatalog(await connect(job, await sandboxFor(msg.file)));
}

function wire(err: unknown, job: Job, sql: string): WireError {
  const f = job.failure;
  if (f) return { code: f.code, message: f.message, status: f.status, details: f.details, messageZh: f.messageZh };
  if (job.stopped) return { code: 'stopped', message: 'stopped', status: 409 };
  const e = sqlError(err, sql);
  return { code: e.code, message: e.message, status: e.status, details: e.details, messageZh: e.messageZh };
}

function start(id: string, sql: string, body: (job: Job) => Promise<unknown>): void {
  const job: Job = { stopped: early.delete(id), cons: new Set(), inFlight: 0 };
  jobs.set(id, job);
  body(job)
    .then(
      (value) => send({ type: 'reply', id, value }),
      (err: unknown) => send({ type: 'error', id, error: wire(err, job, sql) }),
    )
    .finally(() => {
      if (job.repeat) clearInterval(job.repeat);
      for (const c of job.cons) c.closeSync();
      jobs.delete(id);
    });
}

function stop(id: string): void {
  const job = jobs.get(id);
  if (!job) {
    early.add(id);
    setTimeout(() => early.delete(id), 10_000).unref();
    return;
  }
  if (job.stopped) return;
  job.stopped = true;
  job.wake?.();
  // An interrupt that lands between two steps (prepare, then execute) can be lost, so repeat it until the job ends.
  const interrupt = () => job.cons.forEach((c) => c.interrupt());
  interrupt();
  job.repeat = setInterval(interrupt, 50);
}

process.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'run':
      return start(msg.id, msg.sql, (job) => run(job, msg));
    case 'export':
      return start(msg.id, msg.sql, (job) => exportResult(job, msg));
    case 'schema':
      return start(msg.id, '', (job) => schema(job, msg));
    case 'stop':
      return stop(msg.id);
    case 'ack': {
      const job = jobs.get(msg.id);
      if (job) {
        job.inFlight--;
        job.wake?.();
      }
      return;
    }
    case 'close': {
      const p = instances.get(msg.file);
      instances.delete(msg.file);
      p?.then((h) => h.close()).catch(() => undefined);
      return;
    }
  }
});
// the server went away (or closed the channel to shut this worker down)
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
