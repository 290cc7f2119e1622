import { recoverInterruptedIngests } from './interrupted.ts';
import { AtlasDb } from '../db/database.ts';
import { cliActor, type AuditSink } from '../audit-log.ts';
import { recordIngest } from './audit.ts';
import { AtlasError } from '../errors.ts';
import { parseCommandArgs, say, type CliCommand, type CliIo } from '../cli/command.ts';
import { KIND_NAMES, INGEST_ORDER } from './kinds.ts';
import { type IngestProgress, type IngestSummary } from './pipeline.ts';
import { PORTAL_KIND, ingestFileOrCatalog, isIngestKind, type PortalIngestSummary } from './portal/import-catalog.ts';

const usage = `Usage: atlas ingest <kind> <file>... [--strict] [--portal ID --province NAME --city NAME]

Load files into the database (ATLAS_DB, default data/atlas.duckdb). Each file is one batch in one transaction.

Kinds: ${KIND_NAMES.join(', ')}
  (load a full data set in this order: ${INGEST_ORDER.join(' → ')})
  ${PORTAL_KIND}: an open-data portal catalogue (JSON, NDJSON, gzipped or not, CSV, XLSX) imported as registration
  records; see docs/api.md "Portal catalogues"

Files: CSV or TSV (UTF-8, UTF-8 with BOM, GB18030/GBK), Parquet, JSON array or NDJSON, recognised by content.
Columns are matched by header name (trimmed, case-insensitive, any order). Enumerations accept the code, the Chinese
or the English label; dates accept 2025-03-01, 2025/3/1, 20250301 and 2025年3月1日.

Options:
  --strict   refuse a whole file when any row is rejected (nothing is written; the report lists the rejects)
  --portal   ${PORTAL_KIND} only: the portal's stable id (default: the file name), part of every record's identity
  --province, --city   ${PORTAL_KIND} only: where records that do not name their province or city belong

Output: a JSON summary per file on stdout (an array when several files), progress on stderr.
Exit code: 0 when every file was committed or recognised as already ingested, 1 when any was refused or failed,
2 on a usage error.
`;

/** The audit log of the command line (the security database beside ATLAS_DB), opened by the composition root. */
export type OpenAudit = () => Promise<{ log: AuditSink; close(): void }>;

export const ingestCommand = (openAudit: OpenAudit): CliCommand => ({
  name: 'ingest',
  summary: 'load CSV, Parquet or JSON files of one kind (one transaction per file)',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs(
      { usage },
      io,
      argv,
      {
        strict: { type: 'boolean' },
        portal: { type: 'string' },
        province: { type: 'string' },
        city: { type: 'string' },
      },
      true,
    );
    if (!args) return 0;
    const [kind, ...files] = args.positionals;
    if (!kind || files.length === 0)
      throw new AtlasError('usage', `give a kind and at least one file\n\n${usage.trimEnd()}`, 2);
    if (!isIngestKind(kind))
      throw new AtlasError(
        'usage',
        `unknown kind "${kind}"; the kinds are ${[...KIND_NAMES, PORTAL_KIND].join(', ')}`,
        2,
      );
    const db = await AtlasDb.open();
    // What a killed server or command left in the workspace goes first (interrupted.ts); this command holds the file.
    await recoverInterruptedIngests(db);
    // the command line is audited like an upload (docs/security.md "Audit trail"), as cli:<user>
    const { log: audit, close: closeAudit } = await openAudit();
    const who = { actor: cliActor() };
    const results: (IngestSummary | PortalIngestSummary)[] = [];
    let failed = false;
    try {
      for (const file of files) {
        const progress = progressPrinter(io, file);
        try {
          const { portal, province, city } = args.values;
          const summary = await ingestFileOrCatalog(db, {
            kind,
            path: file,
            strict: !!args.values.strict,
            source: 'cli',
            onProgress: progress,
            portal,
            province,
            city,
          });
          await recordIngest(audit, who, kind, file, { summary });
          results.push(summary);
          say(
            io,
            `[ingest] ${file}: ${summary.status} — ${summary.inserted} inserted, ${summary.replaced} replaced, ${summary.unchanged} unchanged, ` +
              `${summary.rejected} rejected, ${summary.warnings} warnings (${(summary.elapsed_ms / 1000).toFixed(1)} s)`,
          );
          if (summary.status === 'REFUSED') failed = true;
        } catch (err) {
          failed = true;
          await recordIngest(audit, who, kind, file, { error: err });
          say(io, `[ingest] ${file}: failed — ${(err as Error).message}`);
          results.push({ kind, file, status: 'FAILED', error: (err as Error).message } as unknown as IngestSummary);
        }
      }
    } finally {
      closeAudit();
      db.close();
    }
    io.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    return failed ? 1 : 0;
  },
});

/** Progress on stderr once a file has taken a second: then at most once a second, and at each phase change. */
function progressPrinter(io: CliIo, file: string): (p: IngestProgress) => void {
  let last = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    if (p.elapsed_ms < 1000 || (p.phase === lastPhase && now - last < 1000)) return;
    last = now;
    lastPhase = p.phase;
    const bytes = p.bytes_read !== undefined ? `, ${(p.bytes_read / 2 ** 20).toFixed(0)} MiB hashed` : '';
    say(
      io,
      `[ingest] ${file}: ${p.phase}, ${p.rows_read} rows read, ${p.rows_validated} rows validated${bytes}, ${(p.elapsed_ms / 1000).toFixed(1)} s`,
    );
  };
}
