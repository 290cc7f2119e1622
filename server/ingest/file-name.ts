/**
 * A file name as the client or the command line gave it, made safe to store and to show: the base name only, without
 * control characters (NUL included) or bidirectional overrides and isolates (which make "evil\u202Efdp.csv" read as
 * "evilvsc.pdf"), blanks collapsed, at most MAX_FILE_NAME characters, and a leading = + - @ made inert with an
 * apostrophe, so that no spreadsheet opening an export of the batch history runs it as a formula. HTML is kept as text:
 * the web app and the API never interpret it.
 */
export const MAX_FILE_NAME = 200;

// C0 and C1 controls with DEL; U+200E/F, U+061C (marks), U+202A–U+202E (embeddings, overrides), U+2066–U+2069
// (isolates); U+FEFF (a byte-order mark pasted into a name).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanFileName(raw: string | null | undefined, fallback = 'upload'): string {
  let name = (raw ?? '').replace(UNSAFE, '');
  // A client may send a full path (old browsers did): keep the last part, whichever separator it uses.
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(/\s+/g, ' ').trim();
  if (!name || name === '.' || name === '..') name = fallback;
  if (/^[=+\-@]/.test(name)) name = `'${name}`;
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME) {
    // Keep the extension, which says what the file was.
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : [];
    name = chars.slice(0, MAX_FILE_NAME - 1 - ext.length).join('') + '…' + ext.join('');
  }
  return name;
}
