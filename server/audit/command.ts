import fs from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { auditQuery } from '../../contract/audit.ts';
import { toParamError } from '../api/parse.ts';
import { parseCommandArgs, writeAll, type CliCommand, type CliIo } from '../cli/command.ts';
import { defaultDbPath } from '../db/paths.ts';
import { queryOne } from '../db/query.ts';
import { AtlasError } from '../errors.ts';
import { csvHeader, csvLines } from './csv.ts';
import { csvBackupChunks } from './csv-backup.ts';
import { apiEntry, eachChunk, type ReadStore } from './read.ts';
import { verifyChain, verifyChunks, type ChainReport } from './verify.ts';

const usage = `Usage: atlas audit list [--format csv|json] [--user NAME] [--action A,B] [--outcome ok|refused|failed]
                       [--since T] [--until T] [--db FILE]
       atlas audit verify [--expect SEQ:HASH] [--db FILE | --csv FILE]

The audit log of the security database beside ATLAS_DB (docs/security.md "Audit trail").

list     every matching entry in chain order (oldest first) on stdout, CSV (default) or JSON; T is a date YYYY-MM-DD
         (a UTC day) or a date-time with its offset (2026-12-06T08:00:00+08:00)
verify   check the hash chain: exit 0 when it is intact (the last entry's number and hash on stdout), 1 naming the
         first broken entry (changed, missing, duplicated or out of order)

Options:
  --db FILE         the security database to read (default: the one of ATLAS_DB), for example a backup copy
  --csv FILE        verify a CSV export of the log (GET /api/audit?format=csv or audit list) instead of a database
  --expect SEQ:HASH fail unless entry SEQ is still there with this hash (a head noted earlier, or the newest line of
                    a backup): finds entries removed from the end of the log, which the chain alone cannot

While a server holds the database, read the log through it: GET /api/audit with an administrator's token.
`;

/** `atlas audit`. `securityDbPath` maps the main database's path to its security database's (server/auth/store.ts). */
export function auditCommand(securityDbPath: (mainDbPath: string) => string): CliCommand {
  return {
    name: 'audit',
    summary: 'list the audit log, or verify its hash chain',
    usage,
    async run(argv, io) {
      const args = parseCommandArgs(
        { usage },
        io,
        argv,
        {
          format: { type: 'string' },
          user: { type: 'string' },
          action: { type: 'string' },
          outcome: { type: 'string' },
          since: { type: 'string' },
          until: { type: 'string' },
          db: { type: 'string' },
          csv: { type: 'string' },
          expect: { type: 'string' },
        },
        true,
      );
      if (!args) return 0;
      const [sub, ...extra] = args.positionals;
      if ((sub !== 'list' && sub !== 'verify') || extra.length)
        throw new AtlasError('usage', `give a subcommand: list or verify\n\n${usage.trimEnd()}`, 2);
      const v = args.values;
      if (sub === 'verify') return verify(io, v.csv, v.expect, () => v.db ?? securityDbPath(defaultDbPath()));
      const format = v.format ?? 'csv';
      if (format !== 'csv' && format !== 'json')
        throw new AtlasError('usage', `--format must be csv or json, got ${format}\n\n${usage.trimEnd()}`, 2);
      const parsed = auditQuery.safeParse({ ...v, format: undefined, db: undefined, csv: undefined });
      if (!parsed.success) throw new AtlasError('usage', toParamError(parsed.error.issues[0], 'option').message, 2);
      const { user, action, outcome, since, until } = parsed.data;
      const file = v.db ?? securityDbPath(defaultDbPath());
      await withReadOnly(file, async (store) => {
        let first = true;
        io.stdout.write(format === 'csv' ? csvHeader() : '{"entries":[');
        await eachChunk(store, { user, action, outcome, since, until }, 'chain', async (entries) => {
          const text =
            format === 'csv'
              ? csvLines(entries)
              : (first ? '' : ',') + entries.map((e) => JSON.stringify(apiEntry(e))).join(',');
          first = false;
          await writeAll(io, text);
        });
        if (format === 'json') io.stdout.write(']}\n');
      });
      return 0;
    },
  };
}

async function verify(
  io: CliIo,
  csv: string | undefined,
  expect: string | undefined,
  dbFile: () => string,
): Promise<number> {
  const anchor = expect === undefined ? undefined : parseAnchor(expect);
  let report: ChainReport;
  if (csv !== undefined) {
    if (!fs.existsSync(csv)) throw new AtlasError('no_file', `there is no file ${csv}`, 1);
    report = await verifyChunks((fn) => csvBackupChunks(csv, fn), anchor);
  } else {
    report = await withReadOnly(dbFile(), (store) => verifyChain(store, anchor));
  }
  if (report.broken) {
    io.stderr.write(
      `atlas audit verify: the chain is broken at entry #${report.broken.seq}: ${report.broken.message}\n`,
    );
    return 1;
  }
  io.stdout.write(
    report.head
      ? `intact: ${report.entries} entries, #1 to #${report.head.seq}; newest ${report.head.seq}:${report.head.hash}\n`
      : 'intact: the log is empty\n',
  );
  return 0;
}

function parseAnchor(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new AtlasError('usage', `--expect is SEQ:HASH (a number, a colon, 64 hex digits), got ${text}`, 2);
  return { seq: Number(m[1]), hash: m[2] };
}

/** The security database opened read-only (a verify must not change a backup), or a clear error. */
async function withReadOnly<T>(file: string, fn: (store: ReadStore) => Promise<T>): Promise<T> {
  if (!fs.existsSync(file))
    throw new AtlasError(
      'db_missing',
      `there is no security database at ${file} (the server creates it on its first start; set ATLAS_DB or --db)`,
      1,
    );
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY', threads: '1' });
  } catch (err) {
    const message = (err as Error).message;
    if (/lock/i.test(message))
      throw new AtlasError(
        'db_locked',
        `the security database ${file} is held by a running server (\`atlas serve\`); read the log through it ` +
          "(GET /api/audit with an administrator's token, ?format=csv for all of it), or stop the server first",
        1,
      );
    throw new AtlasError('db_open_failed', `could not open ${file}: ${message}`, 1);
  }
  const store: ReadStore = {
    async withConnection<R>(f: (con: DuckDBConnection) => Promise<R>) {
      const con = await instance.connect();
      try {
        return await f(con);
      } finally {
        con.closeSync();
      }
    },
  };
  try {
    const table = await store.withConnection((con) =>
      queryOne(con, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'audit_log'"),
    );
    if (!table) throw new AtlasError('no_audit_log', `there is no audit log in ${file} (was its table dropped?)`, 1);
    return await fn(store);
  } finally {
    instance.closeSync();
  }
}
