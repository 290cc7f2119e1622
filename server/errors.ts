/**
 * An error meant for the user: a stable machine-readable code, a message that says what was wrong and how to fix it
 * (in English, and in Chinese when one is written: the API answers both, see contract/errors.ts), optional structured
 * details, and the HTTP status the API answers with. Everything else is an internal error (500).
 */
export class AtlasError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
    readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'AtlasError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown, messageZh?: string) =>
  new AtlasError(code, message, 400, details, messageZh);
export const notFound = (code: string, message: string, details?: unknown, messageZh?: string) =>
  new AtlasError(code, message, 404, details, messageZh);
export const conflict = (code: string, message: string, details?: unknown, messageZh?: string) =>
  new AtlasError(code, message, 409, details, messageZh);

/** DuckDB prefixes messages with their class ("Binder Error: ..."); keep the first lines, never megabytes of echoed input. */
export function duckdbMessage(err: unknown, maxLength = 2000): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/**
 * The one overload answer (issue 23): 503 `busy` with `details.retry_after` in seconds, which the error handler also
 * sends as the Retry-After header. Every gate that refuses work for lack of capacity (the route admission of
 * server/api/admission.ts, the analyst SQL gate) answers with it, so a client handles them all alike.
 */
export function busy(
  what: { en: string; zh: string },
  retryAfterSeconds: number,
  details: Record<string, unknown> = {},
) {
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AtlasError(
    'busy',
    `the server is busy with ${what.en}; try again in ${s} s`,
    503,
    { ...details, retry_after: s },
    `服务器正忙于${what.zh}；请 ${s} 秒后重试`,
  );
}
