/**
 * The batch history as the API reads it: the list, one batch with its counts by rule and reason, a batch's rejects and
 * warnings.
 */
import type { Response } from 'express';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BatchDetail, Batch, Rejects, Warnings } from '../../contract/ingest.ts';
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

  /** A page of a batch's rejected rows, or of its warnings, in file order. */
  async problems(
    which: Problems,
    batchId: number,
    limit: number,
    offset: number,
    reader: Scope = null,
  ): Promise<Rejects | Warnings> {
    const { sql, message } = PROBLEMS[which];
    return this.db.withConnection(async (con) => {
      await this.visibleBatch(con, batchId, reader);
      const rows = await queryRows<Row & { reason_code: string }>(con, sqlFile(sql), {
        batch_id: batchId,
        limit,
        offset,
      });
      const list = rows.map((r) => ({ ...r, message: message(r.reason_code) }));
      return which === 'rejects'
        ? { batch_id: batchId, limit, offset, rejects: list as Rejects['rejects'] }
        : { batch_id: batchId, limit, offset, warnings: list as Warnings['warnings'] };
    });
  }

  /**
   * Every reject (or warning) of a batch as CSV, page by page, so a file with millions of them never sits in memory at
   * once.
   */
  async sendProblemsCsv(which: Problems, batchId: number, res: Response, reader: Scope = null): Promise<void> {
    await this.db.withConnection((con) => this.visibleBatch(con, batchId, reader));
    res.type('text/csv; charset=utf-8');
    res.attachment(`batch-${batchId}-${which}.csv`);
    res.write('line,field,value,reason_code,reason\r\n');
    const PAGE = 10_000;
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.db.withConnection((con) =>
        queryRows(con, sqlFile(PROBLEMS[which].sql), { batch_id: batchId, limit: PAGE, offset }),
      );
      const text = rows
        .map((r) => [r.line, r.field, r.value, r.reason_code, r.reason].map(csvCell).join(','))
        .join('\r\n');
      if (text) res.write(text + '\r\n');
      if (rows.length < PAGE) break;
    }
    res.end();
  }

  private async visibleBatch(con: DuckDBConnection, batchId: number, reader: Scope): Promise<StoredBatch> {
    const batch = await queryOne<StoredBatch>(con, sqlFile('ingest/batch_get'), { batch_id: batchId });
    if (!batch) throw unknownBatch(batchId);
    if (!rejectsVisible(batch, reader)) throw rejectsOutsideScope(batchId);
    return batch;
  }
}

type Problems = 'rejects' | 'warnings';
/** Rejects and warnings are read alike: their rows in file order, each with its reason in both languages. */
const PROBLEMS: Record<Problems, { sql: string; message: (code: string) => { zh: string; en: string } }> = {
  rejects: { sql: 'ingest/batch_rejects', message: rejectMessage },
  warnings: { sql: 'ingest/batch_warnings', message: warningMessage },
};

const unknownBatch = (batchId: number) =>
  notFound('unknown_batch', `no ingest batch ${batchId}`, undefined, `没有编号为 ${batchId} 的导入批次`);
