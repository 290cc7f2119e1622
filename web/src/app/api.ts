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

/**
 * fetch for the API: the same-origin proof on every request, a network failure or an error answer as an ApiError, and
 * a 401 `unauthenticated` told to onUnauthenticated's listeners. Every call of the web app goes through it.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
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
  throw err;
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
