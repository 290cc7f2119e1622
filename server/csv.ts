/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (starting with = + - @ or a tab/CR, and not
 * a plain number) is prefixed with an apostrophe, as OWASP recommends against CSV injection.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
