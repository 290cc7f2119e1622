/**
 * Named parameters of an analyst statement (`$region`, `$from`): where they are, so the workbench shows one input per
 * name and the server binds the values the same statement was written with. Free of zod and of imports, so the web app
 * runs it as code (scripts/import-rules.ts, WEB_RUNTIME_CONTRACT) and both sides agree on what a parameter is.
 */

export interface ParamSpan {
  name: string;
  start: number;
  end: number;
}

const DOLLAR_QUOTE = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;
const PARAM = /\$([A-Za-z_][A-Za-z0-9_]*)/y;
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uFFFF]/;

/**
 * Every `$name` outside comments, string literals, quoted identifiers and dollar-quoted strings, in order. `$1` (a
 * positional parameter) and `a$b` (an identifier with a dollar) are not named parameters.
 */
export function paramSpans(sql: string): ParamSpan[] {
  const spans: ParamSpan[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? n : j + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === "'" || c === '"') {
      // a doubled quote stays inside the literal
      let j = i + 1;
      while (j < n && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      i = j + 1;
    } else if (c === '$' && !(i > 0 && IDENT_CHAR.test(sql[i - 1]))) {
      DOLLAR_QUOTE.lastIndex = i;
      PARAM.lastIndex = i;
      const quote = DOLLAR_QUOTE.exec(sql);
      const param = quote ? null : PARAM.exec(sql);
      if (quote) {
        const close = sql.indexOf(quote[0], i + quote[0].length);
        i = close < 0 ? n : close + quote[0].length;
      } else if (param) {
        spans.push({ name: param[1], start: i, end: i + param[0].length });
        i += param[0].length;
      } else i++;
    } else i++;
  }
  return spans;
}

/** The names of a statement's parameters, each once, in the order they first appear. */
export function paramNames(sql: string): string[] {
  return [...new Set(paramSpans(sql).map((s) => s.name))];
}

/**
 * The statement with every parameter replaced by its value written as a SQL literal by `literal` (the server's
 * quoteString); an empty or missing value becomes NULL, so `$region IS NULL OR region_code = $region` makes a filter
 * optional.
 */
export function bindParams(
  sql: string,
  values: Readonly<Record<string, string | null | undefined>>,
  literal: (value: string) => string,
): string {
  let out = '';
  let at = 0;
  for (const s of paramSpans(sql)) {
    const v = Object.hasOwn(values, s.name) ? values[s.name] : undefined;
    out += sql.slice(at, s.start) + (v === undefined || v === null || v === '' ? 'NULL' : literal(v));
    at = s.end;
  }
  return out + sql.slice(at);
}
