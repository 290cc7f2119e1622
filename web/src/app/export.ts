/** Downloads: CSV of a table as shown (with the filters written into the file) and PNG of a chart. */

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A CSV file: "# key: value" lines describing the view (title, filters, export time), then the header and the rows.
 * Starts with a BOM so spreadsheet programs read Chinese text as UTF-8.
 */
export function buildCsv(header: string[], rows: unknown[][], about: [string, string][] = []): string {
  const lines = about.map(([k, v]) => `# ${k}: ${v.replaceAll(/[\r\n]+/g, ' ')}`);
  lines.push(header.map(csvCell).join(','));
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** A safe file name from a title: letters (any script), digits, dashes. */
export function fileName(title: string, ext: string): string {
  const base =
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'atlas';
  return `${base}.${ext}`;
}

export function download(name: string, content: string | Blob, mime = 'text/csv;charset=utf-8'): void {
  const href =
    typeof content === 'string'
      ? URL.createObjectURL(new Blob([content], { type: mime }))
      : URL.createObjectURL(content);
  triggerDownload(name, href);
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function triggerDownload(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
