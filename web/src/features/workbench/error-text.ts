/**
 * A workbench error in the page's language, without the raw code: a headline the page writes for the codes an analyst
 * meets (cancelled, refused, title taken, …), and the server's own explanation in the page's language (DuckDB's
 * message for a failed statement, which names the line and the problem).
 */
import { ApiError } from '../../app/api.ts';
import { errorText } from '../../app/error-text.ts';
import type { Lang } from '../../app/i18n.ts';
import type { messages } from './messages.ts';

type Key = keyof (typeof messages)['en'];

const HEADLINES = [
  'query_cancelled',
  'query_timeout',
  'query_memory_limit',
  'sql_refused',
  'sql_error',
  'invalid_sql',
  'sql_busy',
  'saved_query_title_taken',
  'not_yours',
] as const;

/** Codes whose headline says it all: the server's sentence would only repeat it with an id. */
const HEADLINE_ONLY = new Set<string>(['query_cancelled']);

export function describeError(err: unknown, lang: Lang, t: (key: Key) => string): { headline: string; detail: string } {
  if (!(err instanceof ApiError)) return { headline: t('err.other'), detail: err instanceof Error ? err.message : '' };
  if (err.status === 0) return { headline: t('err.network'), detail: '' };
  const code = HEADLINES.find((c) => c === err.code);
  const headline = code ? t(`err.${code}`) : t('err.other');
  return { headline, detail: code && HEADLINE_ONLY.has(code) ? '' : errorText(err, lang) };
}
