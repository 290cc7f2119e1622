/**
 * The statements of an analyst text as the analyst wrote them: the text split at every semicolon that stands outside a
 * string ('…', E'…', $tag$…$tag$), a quoted identifier ("…") and a comment (--, nested /* *\/), with pieces that hold
 * only blanks and comments dropped. DuckDB's own statement count is not this: a PIVOT without an IN list expands into
 * a CREATE TYPE per pivot column plus the query. The sandbox uses both and admits a text only when they agree
 * (statement.ts), so a piece this lexer gets wrong is refused rather than run.
 */
export function splitStatements(sql: string): string[] {
  const masked = maskLiterals(sql, false);
  const pieces: string[] = [];
  let start = 0;
  for (let i = masked.indexOf(';'); i !== -1; i = masked.indexOf(';', i + 1)) {
    pieces.push(sql.slice(start, i));
    start = i + 1;
  }
  pieces.push(sql.slice(start));
  return pieces.filter((p) => maskLiterals(p, false).trim() !== '');
}

/**
 * The text with every comment, string literal and dollar-quoted string blanked out (same length, so positions hold),
 * and quoted identifiers kept (or blanked too): what is left is the SQL's own words and punctuation.
 */
export function maskLiterals(sql: string, keepQuotedNames = true): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  const blank = (to: number) => {
    out += sql.slice(i, to).replace(/[^\n]/g, ' ');
    i = to;
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      blank(end === -1 ? n : end);
    } else if (c === '/' && next === '*') {
      blank(skipBlockComment(sql, i));
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[\w$]/.test(sql[i - 2]));
      blank(skipQuoted(sql, i, "'", escapes));
    } else if (c === '"') {
      const end = skipQuoted(sql, i, '"', false);
      if (keepQuotedNames) {
        out += sql.slice(i, end);
        i = end;
      } else blank(end);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
      if (tag && !(i > 0 && /[\w$]/.test(sql[i - 1]))) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        blank(end === -1 ? n : end + tag[0].length);
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function skipBlockComment(sql: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** Past the closing quote; a doubled quote stays inside, and so does a backslash-escaped one in E'…'. */
function skipQuoted(sql: string, at: number, quote: string, backslash: boolean): number {
  let i = at + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

/** The text after its leading blanks and comments. */
export function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[^*]*\*+([^/*][^*]*\*+)*\/)*/, '');
}
