/**
 * The file name of an analyst export: what the analyst would look for in their downloads folder, the saved query's
 * title or else the first table the query reads, then the time (UTC, to the minute), e.g.
 * `usage-by-month_2026-12-06T2359.csv`.
 */

const EXTENSIONS = { csv: 'csv', parquet: 'parquet', arrow: 'arrows' } as const;

/** Letters, digits and underscores of any script (a Chinese title stays Chinese, a table name keeps its look), anything else one dash; at most 80 characters. */
export function fileSlug(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * The first table or view named after FROM or JOIN, outside comments and string literals; table functions
 * (`range(10)`, `read_csv(…)`) are not tables. Null when there is none (`SELECT 1`).
 */
export function firstTable(sql: string): string | null {
  const code = sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, ' ');
  const ident = String.raw`(?:"(?:[^"]|"")+"|[\p{L}_][\p{L}\p{N}_$]*)`;
  const re = new RegExp(String.raw`\b(?:from|join)\s+(${ident}(?:\s*\.\s*${ident})*)(\s*\()?`, 'giu');
  for (const m of code.matchAll(re)) {
    if (m[2]) continue;
    const last = m[1].split('.').pop()!.trim();
    const name = last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last;
    if (/^(select|lateral|unnest|values)$/i.test(name)) continue;
    return name;
  }
  return null;
}

export function exportFileName(
  sql: string,
  format: keyof typeof EXTENSIONS,
  name?: string | null,
  at: Date = new Date(),
): string {
  const base = fileSlug(name ?? '') || fileSlug(firstTable(sql) ?? '') || 'atlas-query';
  const stamp = at.toISOString().slice(0, 16).replace(':', '');
  return `${base}_${stamp}.${EXTENSIONS[format]}`;
}
