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

async function request(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError((err as Error).message || 'network error', 0, 'network_error');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
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
  const res = await request(apiUrl(path, query), {
    ...init,
    headers: { Accept: 'application/json', ...SAME_ORIGIN_PROOF, ...(init.headers ?? {}) },
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
  const res = await request(apiUrl(path, query), {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json', ...SAME_ORIGIN_PROOF },
  });
  return (await res.json()) as T;
}
