import fs from 'node:fs';
import type { DuckDBInstance } from '@duckdb/node-api';
import { parseCommandArgs, say, type CliCommand, type CliIo } from '../cli/command.ts';
import { defaultDbPath } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { runCapped } from './chunks.ts';
import { csvHeader, csvLines } from './csv-batch.ts';
import { exactRows } from './exact-values.ts';
import { limitsFromEnv, parseRowLimit, parseTimeout } from './sandbox.ts';
import { newestSnapshot, openSandboxInstance, sandboxConfigFromEnv, snapshotDir } from './snapshot.ts';
import { sqlError } from './sql-error.ts';
import { checkSqlText, prepareReadStatement } from './statement.ts';

const usage = `Usage: atlas sql "SELECT …" [--format csv|json] [--limit N] [--timeout MS]
       atlas sql --file query.sql [options]

Run one read-only statement against ATLAS_DB in the analyst sandbox (the same rules as the workbench: SELECT, WITH,
VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN; no file access, no writes, no settings; one statement).
While a server holds the database, the server's latest analyst snapshot is read instead (said on stderr).

Options:
  --format csv|json   output format on stdout (default csv)
  --limit N           row cap (default 10000; a note on stderr says when it was hit)
  --timeout MS        stop the query after MS milliseconds (default ATLAS_SQL_TIMEOUT_MS or 30000)
  --file F            read the statement from a file ("-" for stdin)
`;

export const sqlCommand: CliCommand = {
  name: 'sql',
  summary: 'run read-only SQL against the database in the analyst sandbox',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(
      { usage },
      io,
      argv,
      { format: { type: 'string' }, limit: { type: 'string' }, timeout: { type: 'string' }, file: { type: 'string' } },
      true,
    );
    if (!args) return 0;
    const format = String(args.values.format ?? 'csv');
    if (format !== 'csv' && format !== 'json')
      throw new AtlasError('usage', `--format must be csv or json, got ${format}\n\n${usage.trimEnd()}`, 2);
    const text = args.values.file !== undefined ? readStatement(String(args.values.file)) : args.positionals.join(' ');
    if (!text.trim()) throw new AtlasError('usage', `give one SQL statement, or --file\n\n${usage.trimEnd()}`, 2);
    const limits = limitsFromEnv();
    const limit = parseRowLimit(args.values.limit, limits);
    const timeoutMs = parseTimeout(args.values.timeout, limits);
    const sql = checkSqlText(text);

    const instance = await openForAnalyst(io);
    const con = await instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      con.interrupt();
    }, timeoutMs);
    try {
      const stmt = await prepareReadStatement(con, sql);
      const { table, truncated } = await runCapped(con, stmt, sql, limit);
      if (format === 'json') {
        io.stdout.write(JSON.stringify({ ...exactRows(table), truncated, limit }) + '\n');
      } else {
        io.stdout.write(csvHeader(table.schema.fields.map((f) => f.name)));
        io.stdout.write(csvLines(table));
      }
      if (truncated)
        say(
          io,
          `atlas sql: only the first ${limit} rows were printed; raise --limit or use POST /api/sql/export for the full result`,
        );
      return 0;
    } catch (err) {
      if (timedOut)
        throw new AtlasError(
          'query_timeout',
          `the query was stopped after ${timeoutMs} ms, its time limit (--timeout)`,
          504,
        );
      const e = sqlError(err, sql);
      const d = e.details as { line?: number; column?: number } | undefined;
      throw new AtlasError(
        e.code,
        d?.line ? `${e.message}\n(at line ${d.line}, column ${d.column})` : e.message,
        e.status,
        e.details,
      );
    } finally {
      clearTimeout(timer);
      con.closeSync();
      instance.closeSync();
    }
  },
};

function readStatement(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new AtlasError('usage', `cannot read --file ${file}: ${(err as Error).message}`, 2);
  }
}

/**
 * The database opened with the sandbox options. A running server holds the file's write lock, and opening the live
 * file anyway is refused by DuckDB; then the server's newest analyst snapshot is read, and stderr says so and how old it is.
 */
async function openForAnalyst(io: CliIo): Promise<DuckDBInstance> {
  const file = defaultDbPath();
  if (!fs.existsSync(file))
    throw new AtlasError(
      'db_missing',
      `there is no database at ${file}; start the server once (npm start) or set ATLAS_DB`,
      1,
    );
  const config = sandboxConfigFromEnv();
  try {
    return await openSandboxInstance(file, config);
  } catch (err) {
    const message = (err as Error).message;
    if (!/lock/i.test(message)) throw new AtlasError('db_open_failed', `could not open ${file}: ${message}`, 1);
    const pid = /PID (\d+)/.exec(message)?.[1];
    const snap = newestSnapshot(snapshotDir(file));
    if (!snap) {
      throw new AtlasError(
        'db_locked',
        `the database ${file} is in use by another process${pid ? ` (PID ${pid})` : ''} and it has no analyst snapshot yet; ` +
          'run the query through the server (POST /api/sql) or stop that process',
        1,
      );
    }
    say(
      io,
      `atlas sql: ${file} is held by a running server${pid ? ` (PID ${pid})` : ''}; reading its analyst snapshot from ${snap.mtime.toISOString()}`,
    );
    return openSandboxInstance(snap.file, config);
  }
}
