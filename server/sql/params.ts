import { bindParams } from '../../contract/sql-params.ts';
import { quoteString } from '../db/sql-text.ts';

/**
 * An analyst statement with the values of its `$name` parameters written in as string literals (DuckDB casts a string
 * literal to the type it is compared with, so `$from` serves a DATE and `$n` a LIMIT). The statement then goes through
 * the sandbox like any other: a value can say nothing the analyst could not have typed. Without `params` the text is
 * left as it is, so a script's statement that never meant parameters is not changed.
 */
export function withParams(sql: unknown, params: Record<string, string | null> | null | undefined): unknown {
  if (typeof sql !== 'string' || !params) return sql;
  return bindParams(sql, params, quoteString);
}
