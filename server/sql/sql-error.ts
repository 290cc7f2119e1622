import os from 'node:os';
import { AtlasError, duckdbMessage } from '../errors.ts';

export interface SqlPosition {
  /** 1-based line in the submitted text. */
  line: number;
  /** 1-based column (characters, not bytes) in that line. */
  column: number;
}

/**
 * Where DuckDB points in the query. The C API gives no position field, only the message, which ends with
 * "LINE n: <part of line n>" and a caret under the error. The part shown may start with "..." when the line is long,
 * and the caret is placed by terminal render width (CJK characters are two columns wide), so both are undone here.
 */
export function errorPosition(message: string, sql: string): SqlPosition | null {
  const m = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const prefixWidth = `LINE ${m[1]}: `.length;
  let shown = m[2];
  let caret = m[3].length - prefixWidth;
  const truncatedStart = shown.startsWith('...');
  if (truncatedStart) {
    shown = shown.slice(3);
    caret -= 3;
  }
  if (shown.endsWith('...')) shown = shown.slice(0, -3);
  const text = sql.split(/\r\n|\n|\r/)[line - 1];
  if (text === undefined) return { line, column: 1 };
  const start = truncatedStart ? Math.max(0, text.indexOf(shown)) : 0;
  // walk the shown text until its render width reaches the caret
  let width = 0;
  let offset = 0;
  const chars = [...text.slice(start)];
  while (offset < chars.length && width < caret) {
    width += renderWidth(chars[offset]);
    offset++;
  }
  const before = [...text.slice(0, start)].length;
  return { line, column: before + offset + 1 };
}

function renderWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
    ch,
  )
    ? 2
    : 1;
}

/** "Binder Error", "Parser Error", "Permission Error", "Out of Memory Error", … (null when DuckDB gave no class). */
export function errorClass(message: string): string | null {
  const m = /^([A-Z][A-Za-z ]*? Error):/.exec(message);
  return m ? m[1] : null;
}

/**
 * A DuckDB failure of an analyst statement as an AtlasError: DuckDB's own message (without the node binding's
 * "Failed to extract statements:" prefix), its class and the line/column it points at. File-system, configuration and
 * read-only refusals get the code sql_refused; everything else sql_error.
 */
export function sqlError(err: unknown, sql: string): AtlasError {
  if (err instanceof AtlasError) return err;
  const message = redactPaths(
    duckdbMessage(err).replace(/^Failed to (extract statements|prepare statement): /, ''),
    sql,
  );
  const type = errorClass(message);
  const position = errorPosition(message, sql);
  const refused =
    type === 'Permission Error' ||
    /read-only mode|configuration has been locked|disabled by configuration|Cannot launch in-memory database in read-only mode/i.test(
      message,
    );
  return new AtlasError(
    refused ? 'sql_refused' : 'sql_error',
    message,
    400,
    {
      error_type: type,
      ...(position ? { line: position.line, column: position.column } : {}),
    },
    `${refused ? 'SQL 被拒绝' : 'SQL 错误'}：${message}`,
  );
}

/** A path starting at the root: what follows a slash up to a blank, quote or bracket (not a ratio such as 1/2). */
const ABSOLUTE_PATH = /(?<![\w.~/])\/[^\s"'`,;()[\]{}<>]+/g;

/** The sandbox's own folder of an open snapshot, which DuckDB knows by a relative path (hidden-open.ts). */
const OPEN_FOLDER = /open-[0-9a-f]{8}-[0-9a-f]{12}[^\s"'`,;()[\]{}<>]*/g;

/**
 * A message as an analyst may see it: every absolute path the analyst did not write themselves, and the sandbox's own
 * folder of the snapshot, becomes "<path>", and the home folder "~". DuckDB names files in its messages (a spill file it could not write, a folder it may not read);
 * the sandbox's own paths say where the server keeps its data and which user runs it.
 */
export function redactPaths(message: string, sql = ''): string {
  const home = os.homedir();
  return message
    .replace(ABSOLUTE_PATH, (p) => (sql.includes(p) ? p : '<path>'))
    .replace(OPEN_FOLDER, (p) => (sql.includes(p) ? p : '<path>'))
    .replaceAll(home.length > 1 && !sql.includes(home) ? home : '\u0000', '~');
}
