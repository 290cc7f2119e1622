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
