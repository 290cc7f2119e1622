/**
 * The audit entries of an ingest (docs/security.md "Audit trail"): one `ingest` entry per file (its name, SHA-256,
 * batch, counts, and why it was refused), and a `records_replace` entry beside it when the batch replaced records.
 */
import { AtlasError } from '../errors.ts';
import { errorOutcome, type AuditSink } from '../audit-log.ts';
import type { IngestSummary } from './pipeline.ts';

/** What the audit reads of a summary (an engine's or a portal catalogue's). */
type Summary = Omit<IngestSummary, 'kind'>;
export type IngestResult = { summary: Summary } | { error: unknown };

/**
 * Record how an ingest ended, before it is reported done. When the entry of a committed batch cannot be written the
 * ingest is reported failed, saying its batch was committed: it must not pass as done with no trace.
 */
export async function recordIngest(
  audit: AuditSink,
  who: { actor: string; address?: string | null },
  kind: string,
  file: string,
  result: IngestResult,
): Promise<void> {
  if ('error' in result) {
    const failed = errorOutcome(result.error, { kind });
    // nothing was written, and the job reports the ingest's own error: a log that cannot take this entry must not hide it
    await audit.record({ ...who, action: 'ingest', target: file, ...failed }).catch(() => {});
    return;
  }
  const s = result.summary;
  const refused = s.status === 'REFUSED';
  const detail = {
    kind,
    sha256: s.sha256,
    batch_id: s.batch_id,
    status: s.status,
    strict: s.strict,
    rows_read: s.rows_read,
    accepted: s.accepted,
    inserted: s.inserted,
    replaced: s.replaced,
    unchanged: s.unchanged,
    rejected: s.rejected,
    duplicates: s.duplicates,
    warnings: s.warnings,
    ...(refused ? { reason: s.file_errors.find((n) => n.level === 'error')?.code ?? 'nothing_accepted' } : {}),
  };
  const entries = [
    audit.record({ ...who, action: 'ingest', target: file, outcome: refused ? 'refused' : 'ok', detail }),
  ];
  if (s.status === 'COMMITTED' && s.replaced > 0)
    entries.push(
      audit.record({
        ...who,
        action: 'records_replace',
        target: file,
        outcome: 'ok',
        detail: { kind, batch_id: s.batch_id, replaced: s.replaced },
      }),
    );
  try {
    await Promise.all(entries);
  } catch (err) {
    throw new AtlasError(
      'audit_failed',
      `batch ${s.batch_id} of ${file} was ${s.status.toLowerCase()}, but its audit entry could not be written: ${(err as Error).message}`,
      500,
      { batch_id: s.batch_id },
      `${file} 的批次 ${s.batch_id} 已处理（${s.status}），但审计记录写入失败：${(err as Error).message}`,
    );
  }
}
