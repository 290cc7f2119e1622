// The one place where text becomes part of a SQL statement. User input never reaches SQL as text: values from a request
// are always bound as parameters, and these helpers are only for what a statement cannot take as a parameter —
// identifiers checked against a fixed list (the catalog, a spec validated against the input's real columns, code),
// file paths the server chose, and constant text. Keeping the quoting rule here means it is written, tested and
// reviewed once; eslint refuses a hand-written doubling of quotes anywhere else.
//
// DuckDB's rule is the SQL standard one: inside '…' or "…" the only special character is the delimiter itself, written
// twice. A backslash is an ordinary character in a standard literal (only E'…' strings, never produced here, read
// escapes). DuckDB receives the statement as a C string, so a NUL would end it early; both quoters refuse NUL rather
// than rely on the truncated statement failing to parse. Quoted identifiers are still case-insensitive in DuckDB.

function refuseNul(kind: string, text: string): void {
  if (text.includes('\0')) throw new Error(`a SQL ${kind} cannot hold a NUL character`);
}

/** A DuckDB identifier in double quotes, inert whatever it holds (DuckDB itself refuses an empty one). */
export function quoteIdent(name: string): string {
  refuseNul('identifier', name);
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A DuckDB string literal in single quotes, read back as exactly `text` (a lone UTF-16 surrogate, which UTF-8 cannot
 * carry, arrives as U+FFFD like any text the driver encodes).
 */
export function quoteString(text: string): string {
  refuseNul('string', text);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A finite number as a DOUBLE expression. The cast matters: a bare `1.5` is a DECIMAL literal in DuckDB and `1` an
 * INTEGER, and inside the parentheses a negative number cannot meet a preceding minus as a `--` comment.
 */
export function sqlNumber(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `CAST(${String(n)} AS DOUBLE)`;
}

/** A STRUCT literal of string fields, as read_csv's `columns` and `types` options take it: {'name': 'VARCHAR', …}. */
export function stringStruct(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`)
    .join(', ')}}`;
}
