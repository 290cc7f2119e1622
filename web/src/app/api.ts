import type { TablePeriod } from '../../../contract/common.ts';
import type { ErrorBody } from '../../../contract/errors.ts';

/**
 * The API client. Every failure becomes an ApiError whose message says what happened: the server's own message for
 * API errors (contract/errors.ts: {"error": {"code", "message", "message_zh", "details"}}), or that the server did not
 * answer.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 when the server did not answer. */
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
    /** The server's message in Chinese (every API error carries one). */
    readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** An API error answer as an ApiError; undefined when the body is not one. */
  static fromBody(text: string, status: number): ApiError | undefined {
    try {
      const e = (JSON.parse(text) as Partial<ErrorBody>).error;
      if (e?.message) return new ApiError(e.message, status, e.code ?? 'error', e.details, e.message_zh);
    } catch {
      // not JSON
    }
    return undefined;
  }
}

/**
 * Sent on every call: the server refuses a request that changes something without it (docs/security.md), and a page
 * of another site cannot add it to a request it makes the browser send.
 */
export const SAME_ORIGIN_PROOF = { 'X-Atlas-Request': '1' } as const;

export function apiUrl(path: string, query = ''): string {
  return query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
}

const signedOutListeners = new Set<(err: ApiError) => void>();

/**
 * Call fn whenever an API call answers 401 `unauthenticated`: the session ended (idle, signed out elsewhere, account
 * changed) while the page was open. Returns the unsubscribe function.
 */
export function onUnauthenticated(fn: (err: ApiError) => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

/** The server refused for lack of capacity and the app will try again (docs/api.md, Overload). */
export interface BusyRetry {
  /** When the next attempt goes out (Date.now() milliseconds). */
  retryAt: number;
  attempt: number;
}

/** Calls waiting to retry after a 503 `busy`, each with its next attempt; a status element shows them. */
const waiting = new Set<BusyRetry>();
const busyListeners = new Set<(retries: readonly BusyRetry[]) => void>();

/** Call fn with the calls waiting to retry whenever that changes (empty: none). Returns the unsubscribe function. */
export function onBusy(fn: (retries: readonly BusyRetry[]) => void): () => void {
  busyListeners.add(fn);
  return () => busyListeners.delete(fn);
}

function busyChanged() {
  const now = [...waiting];
  for (const fn of busyListeners) fn(now);
}

/** The refusals of work not started for lack of room: admission control's and the analyst SQL gate's. */
const BUSY_CODES = ['busy', 'sql_busy'];

/** How often a call refused with 503 `busy` is sent again before its error is shown. */
export const BUSY_RETRIES = 4;

/**
 * The wait before retry `attempt` (1, 2, …): the server's Retry-After, doubled with each attempt so that many clients
 * refused together do not come back together, with up to a quarter of random spread; at most 30 s.
 */
export function busyDelayMs(retryAfterSeconds: number, attempt: number, random = Math.random): number {
  const base = Math.max(1, retryAfterSeconds) * 1000 * 2 ** (attempt - 1);
  return Math.min(30_000, Math.round(base * (1 + random() / 4)));
}

function pause(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * fetch for the API: the same-origin proof on every request, a network failure or an error answer as an ApiError, and
 * a 401 `unauthenticated` told to onUnauthenticated's listeners. A 503 `busy` or `sql_busy` (the server did not start the work, so
 * any method may be sent again) is retried after its Retry-After with backoff, BUSY_RETRIES times, while onBusy's
 * listeners show that it is. Every call of the web app goes through it.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers: { ...SAME_ORIGIN_PROOF, ...(init.headers ?? {}) } });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError((err as Error).message || 'network error', 0, 'network_error');
    }
    if (res.ok) return res;
    const err = await errorOf(res);
    if (err.status === 401 && err.code === 'unauthenticated') for (const fn of signedOutListeners) fn(err);
    if (err.status !== 503 || !BUSY_CODES.includes(err.code) || attempt > BUSY_RETRIES) throw err;
    const retry = { retryAt: Date.now() + busyDelayMs(retryAfter(res, err), attempt), attempt };
    waiting.add(retry);
    busyChanged();
    try {
      await pause(retry.retryAt - Date.now(), init.signal);
    } finally {
      waiting.delete(retry);
      busyChanged();
    }
  }
}

function retryAfter(res: Response, err: ApiError): number {
  const header = Number(res.headers.get('Retry-After'));
  if (Number.isFinite(header) && header > 0) return header;
  const detail = (err.details as { retry_after?: unknown } | undefined)?.retry_after;
  return typeof detail === 'number' ? detail : 1;
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  return (
    ApiError.fromBody(text, res.status) ??
    new ApiError(`${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`, res.status, 'http_error')
  );
}

/** GET (or send) JSON. */
export async function getJson<T>(path: string, query = '', init: RequestInit = {}): Promise<T> {
  const res = await apiFetch(apiUrl(path, query), {
    ...init,
    headers: { Accept: 'application/json', ...(init.headers ?? {}) },
  });
  return (await res.json()) as T;
}

/** The window an indicator view is for; months_with_data 0: no record falls in it (the view has no rows). */
export interface ViewWindow {
  from: string;
  to: string;
  months_with_data?: number;
}

/** The window an indicator table's rows are for (its from, to and months_with_data fields), for StatusBox. */
export function tablePeriod(t: Partial<TablePeriod> | undefined): ViewWindow | null {
  return t && typeof t.from === 'string' && typeof t.to === 'string'
    ? {
        from: t.from,
        to: t.to,
        months_with_data: typeof t.months_with_data === 'number' ? t.months_with_data : undefined,
      }
    : null;
}

/** POST a file as multipart field `file`. */
export async function postFile<T>(path: string, file: File, query = ''): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await apiFetch(apiUrl(path, query), {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json' },
  });
  return (await res.json()) as T;
}

/** Send a JSON body (POST, PUT, PATCH, DELETE) and read the JSON answer. */
export function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return getJson<T>(path, '', {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
}
