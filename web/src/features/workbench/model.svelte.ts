/**
 * The workbench's state: the statement being edited (also in the URL as ?q= so a link shares it), the running query and
 * its elapsed time, the last result or error, and the history. One query runs at a time from a page.
 */
import type { ApiError } from '../../app/api.ts';
import { cancelSql, runSql, type SqlResult } from './sql-api.ts';
import { loadHistory, pushHistory, clearHistory, type HistoryItem } from './result.ts';

export const DEFAULT_SQL = `SELECT r.name_zh_short, r.name_en_short, sum(u.calls) AS calls, sum(u.amount_cny) AS amount_cny
FROM rollup_usage_month u
JOIN ref_region r ON r.region_code = u.provider_region_code
GROUP BY ALL
ORDER BY calls DESC
LIMIT 20`;

export const LIMITS = [1_000, 10_000, 100_000, 500_000];

export class Workbench {
  sql = $state('');
  limit = $state(10_000);
  running = $state(false);
  cancelling = $state(false);
  elapsedMs = $state(0);
  result = $state.raw<SqlResult | null>(null);
  error = $state.raw<ApiError | Error | null>(null);
  history = $state.raw<HistoryItem[]>([]);
  /** Finished runs (successful or not), so tests and screen readers can tell a new answer arrived. */
  runs = $state(0);
  private queryId: string | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private abort: AbortController | null = null;

  constructor(
    private readonly storage: Storage | undefined,
    /** The account's own history (result.ts historyKey). */
    private readonly historyKey?: string,
  ) {
    this.history = loadHistory(storage, historyKey);
  }

  async run(): Promise<void> {
    const sql = this.sql;
    if (this.running || !sql.trim()) return;
    this.running = true;
    this.cancelling = false;
    this.error = null;
    this.queryId = `wb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.abort = new AbortController();
    const started = performance.now();
    this.elapsedMs = 0;
    this.ticker = setInterval(() => (this.elapsedMs = performance.now() - started), 100);
    try {
      this.result = await runSql(sql, this.limit, this.queryId, this.abort.signal);
      this.history = pushHistory(
        this.storage,
        this.history,
        {
          sql,
          at: new Date().toISOString(),
          ok: true,
          rows: this.result.table.numRows,
          ms: this.result.elapsedMs,
        },
        this.historyKey,
      );
    } catch (err) {
      this.error = err as Error;
      this.result = null; // the previous result under this error would read as this query's
      this.history = pushHistory(
        this.storage,
        this.history,
        { sql, at: new Date().toISOString(), ok: false },
        this.historyKey,
      );
    } finally {
      clearInterval(this.ticker);
      this.elapsedMs = performance.now() - started;
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

  clearHistory(): void {
    this.history = clearHistory(this.storage, this.historyKey);
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.abort?.abort();
  }
}
