import { Type, type Table } from 'apache-arrow';
import { csvCell } from '../csv.ts';

/** The CSV header line for a result's column names. */
export function csvHeader(names: readonly string[]): string {
  return names.map((n) => csvCell(n)).join(',') + '\r\n';
}

/**
 * One Arrow batch as CSV lines (RFC 4180, CRLF, cells through csvCell like every other CSV of the product). Numeric
 * columns are read from their typed arrays rather than value by value, which keeps a 1M-row export in seconds.
 */
export function csvLines(table: Table): string {
  const n = table.numRows;
  const cols = table.schema.fields.map((field, c) => {
    const vec = table.getChildAt(c)!;
    const id = field.typeId;
    const hasNulls = vec.nullCount > 0;
    const valid = (i: number) => !hasNulls || vec.isValid(i);
    if (id === Type.Int || id === Type.Float) {
      const values = vec.toArray() as ArrayLike<number | bigint>;
      return (i: number) => (valid(i) ? String(values[i]) : '');
    }
    if (id === Type.Date) {
      return (i: number) => (valid(i) ? new Date(Number(vec.get(i))).toISOString().slice(0, 10) : '');
    }
    if (id === Type.Timestamp) {
      return (i: number) => (valid(i) ? new Date(Number(vec.get(i))).toISOString() : '');
    }
    if (id === Type.Utf8) {
      const values = vec.toArray() as (string | null)[];
      return (i: number) => csvCell(values[i]);
    }
    return (i: number) => csvCell(vec.get(i));
  });
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let c = 0; c < cols.length; c++) line += (c ? ',' : '') + cols[c](i);
    lines[i] = line;
  }
  return n ? lines.join('\r\n') + '\r\n' : '';
}
