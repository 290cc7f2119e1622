/**
 * The workbench's state: the statement being edited (also in the URL as ?q= so a link shares it), its parameters'
 * values, the running query and its elapsed time, the last result or error, and the history. One query runs at a time
 * from a page, and only when asked: a statement opened from a link waits for Run.
 */
import { paramNames } from '../../../../contract/sql-params.ts';
import { ApiError } from '../../app/api.ts';
import { cancelSql, exportSql, runSql, type SqlParams, type SqlResult } from './sql-api.ts';
import {
  clearHistory,
  lineageOf,
  loadHistory,
  newLineage,
  recordRun,
  type HistoryItem,
  type RunStatus,
} from './history.ts';

export const DEFAULT_SQL = `SELECT r.name_zh_short, r.name_en_short, sum(u.calls) AS calls, sum(u.amount_cny) AS amount_cny
FROM rollup_usage_month u
JOIN ref_region r ON r.region_code = u.provider_region_code
GROUP BY ALL
ORDER BY calls DESC
LIMIT 20`;

export const LIMITS = [1_000, 10_000, 100_000, 500_000];
export type ExportFormat = 'csv' | 'parquet' | 'arrow';

export class Workbench {
  sql = $state('');
  /** Values typed for the statement's `$name` parameters (kept when a name disappears, in case it comes back). */
  params = $state<SqlParams>({});
  readonly paramNames = $derived(paramNames(this.sql));
  limit = $state(10_000);
  running = $state(false);
  cancelling = $state(false);
  elapsedMs = $state(0);
  result = $state.raw<SqlResult | null>(null);
  error = $state.raw<ApiError | Error | null>(null);
  history = $state.raw<HistoryItem[]>([]);
  /** Finished runs (successful or not), so tests and screen readers can tell a new answer arrived. */
  runs = $state(0);
  /** Opened from a shared link and not run yet: the page says that Run shows its result. */
  fromLink = $state(false);
  exporting = $state<ExportFormat | null>(null);
  exportError = $state.raw<unknown>(undefined);
  /** The edits of one query share a lineage: its history entries are its numbered versions. */
  private lineage = newLineage();
  private queryId: string | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private abort: AbortController | null = null;

  constructor(
    private readonly storage: Storage | undefined,
    /** The account's own history (result.ts historyKey). */
    private readonly historyKey: string,
  ) {
    this.history = loadHistory(storage, historyKey);
  }

  /**
   * Put a statement in the editor from elsewhere (a link, an example, a saved query, the history): it continues the
   * lineage it was last run in, else starts one. Nothing runs.
   */
  open(sql: string, opts: { lineage?: string; params?: SqlParams; fromLink?: boolean } = {}): void {
    this.sql = sql;
    this.lineage = opts.lineage ?? lineageOf(this.history, sql) ?? newLineage();
    if (opts.params) this.params = { ...this.params, ...opts.params };
    this.fromLink = opts.fromLink ?? false;
  }

  /** The values sent with the statement: one per parameter it names, empty ones as NULL (docs/api.md). */
  private boundParams(): SqlParams | undefined {
    const names = this.paramNames;
    return names.length ? Object.fromEntries(names.map((n) => [n, this.params[n] ?? ''])) : undefined;
  }

  async run(): Promise<void> {
    const sql = this.sql;
    if (this.running || !sql.trim()) return;
    const params = this.boundParams();
    this.running = true;
    this.cancelling = false;
    this.fromLink = false;
    this.error = null;
    this.queryId = `wb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.abort = new AbortController();
    const started = performance.now();
    this.elapsedMs = 0;
    this.ticker = setInterval(() => (this.elapsedMs = performance.now() - started), 100);
    let status: RunStatus = 'ok';
    try {
      this.result = await runSql(sql, this.limit, this.queryId, this.abort.signal, params);
    } catch (err) {
      this.error = err as Error;
      this.result = null; // the previous result under this error would read as this query's
      // a cancel that could not reach the server drops the request instead: cancelled all the same
      const cancelled = (err instanceof ApiError && err.code === 'query_cancelled') || this.cancelling;
      status = cancelled ? 'cancelled' : 'error';
    } finally {
      clearInterval(this.ticker);
      this.elapsedMs = performance.now() - started;
      this.history = recordRun(this.storage, this.historyKey, this.history, {
        sql,
        params,
        at: new Date().toISOString(),
        status,
        rows: status === 'ok' ? this.result?.table.numRows : undefined,
        ms: Math.round(status === 'ok' && this.result ? this.result.elapsedMs : this.elapsedMs),
        lineage: this.lineage,
      });
      this.running = false;
      this.cancelling = false;
      this.queryId = null;
      this.abort = null;
      this.runs++;
    }
  }

  /** Ask the server to stop the query (it answers the run with query_cancelled). */
  async cancel(): Promise<void> {
    if (!this.queryId || this.cancelling) return;
    this.cancelling = true;
    try {
      await cancelSql(this.queryId);
    } catch {
      // the server may be gone: drop the request instead
      this.abort?.abort();
    }
  }

  /** The full result as a file named after `name` (the saved query open in the editor) or the query's first table. */
  async export(format: ExportFormat, name?: string): Promise<void> {
    this.exporting = format;
    this.exportError = undefined;
    try {
      await exportSql(this.sql, format, { name, params: this.boundParams() });
    } catch (err) {
      this.exportError = err;
    } finally {
      this.exporting = null;
    }
  }

  clearHistory(): void {
    this.history = clearHistory(this.storage, this.historyKey);
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.abort?.abort();
  }
}
