/** The batch history as the API reads it: the list, one batch with its counts by rule and reason, a batch's rejects. */
import type { Response } from 'express';
import type { BatchDetail, Batch, Rejects } from '../../contract/ingest.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryOne, queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { csvCell } from '../csv.ts';
import { AtlasError, notFound } from '../errors.ts';
import { scopeWithin, type Scope } from '../db/scope.ts';
import { rejectMessage, warningMessage } from './reasons.ts';
import type { IngestSummary } from './summary.ts';

type StoredBatch = Batch & {
  summary: string | IngestSummary | null;
  account: string | null;
  scope: string[] | null;
} & Row;

/**
 * A batch's rejected rows may not name a valid region, so they are shown within the scope of whoever loaded it
 * (server/db/scope.ts): a reader whose scope holds every region of the batch's scope.
 */
const rejectsVisible = (batch: Pick<StoredBatch, 'scope'>, reader: Scope) => scopeWithin(batch.scope, reader);

export const rejectsOutsideScope = (batchId: number) =>
  new AtlasError(
    'outside_scope',
    `batch ${batchId} was loaded for regions outside your scope; its rejected rows are not shown`,
    403,
    { batch_id: batchId },
    `批次 ${batchId} 的数据属于你的范围以外的地区，不显示其被拒绝的行`,
  );

export class BatchHistory {
  constructor(private readonly db: AtlasDb) {}

  list(limit: number, offset: number): Promise<Batch[]> {
    return this.db.withConnection((con) =>
      queryRows<Batch & Row>(con, sqlFile('ingest/batch_list'), { limit, offset }),
    );
  }

  async get(batchId: number, reader: Scope = null): Promise<BatchDetail> {
    return this.db.withConnection(async (con) => {
      const batch = await queryOne<StoredBatch>(con, sqlFile('ingest/batch_get'), { batch_id: batchId });
      if (!batch) throw unknownBatch(batchId);
      const warnings = await queryRows<{ rule_code: string; warnings: number }>(
        con,
        sqlFile('ingest/batch_warning_counts'),
        { batch_id: batchId },
      );
      const rejects = await queryRows<{ reason_code: string; problems: number; lines: number }>(
        con,
        sqlFile('ingest/batch_reject_counts'),
        { batch_id: batchId },
      );
      const summary = typeof batch.summary === 'string' ? (JSON.parse(batch.summary) as IngestSummary) : batch.summary;
      const visible = rejectsVisible(batch, reader);
      return {
        ...batch,
        summary: summary && !visible ? { ...summary, first_rejects: [] } : summary,
        rejects_withheld: !visible,
        warnings_by_rule: warnings.map((w) => ({
          rule_code: w.rule_code,
          count: w.warnings,
          ...warningMessage(w.rule_code),
        })),
        rejects_by_reason: rejects.map((r) => ({
          reason_code: r.reason_code,
          count: r.problems,
          lines: r.lines,
          ...rejectMessage(r.reason_code),
        })),
      };
    });
  }

  async rejects(batchId: number, limit: number, offset: number, reader: Scope = null): Promise<Rejects> {
    return this.db.withConnection(async (con) => {
      const batch = await queryOne<StoredBatch>(con, sqlFile('ingest/batch_get'), { batch_id: batchId });
      if (!batch) throw unknownBatch(batchId);
      if (!rejectsVisible(batch, reader)) throw rejectsOutsideScope(batchId);
      const rows = await queryRows<Rejects['rejects'][number] & Row>(con, sqlFile('ingest/batch_rejects'), {
        batch_id: batchId,
        limit,
        offset,
      });
      return {
        batch_id: batchId,
        limit,
        offset,
        rejects: rows.map((r) => ({ ...r, message: rejectMessage(r.reason_code) })),
      };
    });
  }

  /** Every reject of a batch as CSV, page by page, so a file with millions of rejects never sits in memory at once. */
  async sendRejectsCsv(batchId: number, res: Response, reader: Scope = null): Promise<void> {
    const batch = await this.db.withConnection((con) =>
      queryOne<StoredBatch>(con, sqlFile('ingest/batch_get'), { batch_id: batchId }),
    );
    if (!batch) throw unknownBatch(batchId);
    if (!rejectsVisible(batch, reader)) throw rejectsOutsideScope(batchId);
    res.type('text/csv; charset=utf-8');
    res.attachment(`batch-${batchId}-rejects.csv`);
    res.write('line,field,value,reason_code,reason\r\n');
    const PAGE = 10_000;
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.db.withConnection((con) =>
        queryRows(con, sqlFile('ingest/batch_rejects'), { batch_id: batchId, limit: PAGE, offset }),
      );
      const text = rows
        .map((r) => [r.line, r.field, r.value, r.reason_code, r.reason].map(csvCell).join(','))
        .join('\r\n');
      if (text) res.write(text + '\r\n');
      if (rows.length < PAGE) break;
    }
    res.end();
  }
}

const unknownBatch = (batchId: number) =>
  notFound('unknown_batch', `no ingest batch ${batchId}`, undefined, `没有编号为 ${batchId} 的导入批次`);
