/** Month arithmetic on "YYYY-MM" strings (the URL's from/to format). */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The last `n` months of data ending at `last`, as URL from/to. */
export function lastMonths(last: string, n: number): { from: string; to: string } {
  return { from: addMonths(last, -(n - 1)), to: last };
}
