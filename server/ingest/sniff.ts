import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import type { FileReason } from './reasons.ts';
import type { IngestWorkspace, SpaceMeter } from './workspace.ts';

export type Format = 'csv' | 'parquet' | 'json' | 'ndjson';
export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'binary';

/** A file refused before any row is read. `detail` says where and what, for the summary's file_errors. */
export class FileRefusal extends Error {
  constructor(
    readonly code: FileReason,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface PreparedFile {
  format: Format;
  encoding: Encoding;
  sha256: string;
  bytes: number;
  /** The file DuckDB reads: the original, or a temporary UTF-8 copy of a GB18030 file. */
  readPath: string;
  /** Text lines longer than MAX_LINE_BYTES (the first 1000): DuckDB's CSV reader drops a line longer than its buffer
   * without a reject, so the readers report these themselves. */
  longLines: LongLine[];
  /** The file as given (long-line offsets refer to it). */
  originalPath: string;
  cleanup(): Promise<void>;
}

export interface LongLine {
  line: number;
  offset: number;
  bytes: number;
}

const CHUNK = 1 << 20;
const HEAD = 64 * 1024;
/** Longest text line read as a record; longer lines are rejected (line_too_long). */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Identify a file by its content (never its name), hash it while streaming, and make text readable as UTF-8:
 * UTF-8 (with or without BOM) is read in place, GB18030/GBK is transcoded to a temporary file in the workspace by
 * streaming (its bytes count against the workspace's quota).
 */
export async function prepareFile(
  file: string,
  workspace: IngestWorkspace,
  onBytes?: (bytes: number) => void,
): Promise<PreparedFile> {
  const stat = await fs.stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new FileRefusal('unreadable', `cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!stat.isFile()) throw new FileRefusal('unreadable', `${file} is not a regular file`);
  if (stat.size === 0) throw new FileRefusal('empty_file', 'the file is empty (0 bytes)');
  const head = await readHead(file);
  const format = identify(head, stat.size);
  const hash = createHash('sha256');
  if (format === 'parquet') {
    await streamFile(file, (chunk) => hash.update(chunk), onBytes);
    return {
      format,
      encoding: 'binary',
      sha256: hash.digest('hex'),
      bytes: stat.size,
      readPath: file,
      originalPath: file,
      longLines: [],
      cleanup: async () => {},
    };
  }
  // Text: hash and check UTF-8 in one pass; only a file that is not UTF-8 pays for a second (transcoding) pass.
  const utf8 = new Utf8Check();
  const lines = new LineScanner();
  await streamFile(
    file,
    (chunk) => {
      hash.update(chunk);
      utf8.push(chunk);
      lines.push(chunk);
    },
    onBytes,
  );
  lines.end();
  utf8.end();
  const sha256 = hash.digest('hex');
  if (utf8.firstError === null) {
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    return {
      format,
      encoding: bom ? 'utf-8-bom' : 'utf-8',
      sha256,
      bytes: stat.size,
      readPath: file,
      originalPath: file,
      longLines: lines.long,
      cleanup: async () => {},
    };
  }
  const dir = await workspace.newDir('utf8-');
  const out = path.join(dir, 'utf8.txt');
  const meter = workspace.meter();
  const cleanup = async () => {
    await workspace.removeDir(dir);
    meter.release();
  };
  try {
    await transcodeGb18030(file, out, utf8.firstError, meter);
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    format,
    encoding: 'gb18030',
    sha256,
    bytes: stat.size,
    readPath: out,
    originalPath: file,
    longLines: lines.long,
    cleanup,
  };
}

async function readHead(file: string): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await fh.read(buf, 0, HEAD, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function streamFile(file: string, fn: (chunk: Buffer) => void, onBytes?: (bytes: number) => void): Promise<void> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      fn(buf.subarray(0, bytesRead));
      total += bytesRead;
      onBytes?.(total);
    }
  } finally {
    await fh.close();
  }
}

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

const BINARY_MAGIC: [number[], string][] = [
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel/Office (.xls) document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
  [[0x44, 0x55, 0x43, 0x4b], 'a DuckDB database'],
];

export function identify(head: Buffer, size: number): Format {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    throw new FileRefusal(
      'zip_archive',
      'the file is a ZIP archive (perhaps an .xlsx or a .zip renamed); export it as CSV, Parquet or JSON',
    );
  }
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    throw new FileRefusal('utf16', 'the file is UTF-16 text; save it as UTF-8 (or GB18030) and try again');
  }
  for (const [magic, what] of BINARY_MAGIC) {
    if (startsWith(head, magic)) throw new FileRefusal('binary_file', `the file is ${what}, not CSV, Parquet or JSON`);
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    throw new FileRefusal('binary_file', `the file is binary (a NUL byte at offset ${nul}), not CSV, Parquet or JSON`, {
      byte_offset: nul,
    });
  }
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i === head.length && size <= head.length) throw new FileRefusal('empty_file', 'the file holds only blank space');
  if (head[i] === 0x5b) return 'json';
  if (head[i] === 0x7b) return 'ndjson';
  return 'csv';
}

/** Finds lines longer than MAX_LINE_BYTES while the file streams by (offsets in the original file). */
class LineScanner {
  long: LongLine[] = [];
  private line = 1;
  private lineStart = 0;
  private offset = 0;

  push(chunk: Buffer) {
    let i = -1;
    while ((i = chunk.indexOf(0x0a, i + 1)) !== -1) {
      this.close(this.offset + i);
      this.line++;
      this.lineStart = this.offset + i + 1;
    }
    this.offset += chunk.length;
  }

  end() {
    if (this.offset > this.lineStart) this.close(this.offset);
  }

  private close(end: number) {
    const bytes = end - this.lineStart;
    if (bytes > MAX_LINE_BYTES && this.long.length < 1000)
      this.long.push({ line: this.line, offset: this.lineStart, bytes });
  }
}

/** Streaming UTF-8 validation with Buffer's native isUtf8; pieces are cut at character boundaries. */
class Utf8Check {
  firstError: { offset: number; line: number } | null = null;
  private carry = Buffer.alloc(0);
  private offset = 0; // absolute offset of carry[0]
  private lines = 1;

  push(chunk: Buffer) {
    if (this.firstError) return;
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completePrefix(buf);
    const piece = buf.subarray(0, cut);
    if (!isUtf8(piece)) {
      const at = firstInvalidUtf8(piece);
      this.firstError = { offset: this.offset + at, line: this.lines + countNewlines(piece.subarray(0, at)) };
      return;
    }
    this.lines += countNewlines(piece);
    this.offset += cut;
    this.carry = Buffer.from(buf.subarray(cut));
  }

  end() {
    if (!this.firstError && this.carry.length) this.firstError = { offset: this.offset, line: this.lines };
  }
}

/** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
function completePrefix(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? buf.length - back : buf.length;
    }
  }
  return buf.length;
}

function firstInvalidUtf8(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  // isUtf8 on prefixes ending at a boundary: binary search for the longest valid one.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const end = completePrefix(buf.subarray(0, mid));
    if (isUtf8(buf.subarray(0, end))) lo = mid;
    else hi = mid;
  }
  return completePrefix(buf.subarray(0, lo));
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(0x0a, i + 1)) !== -1) n++;
  return n;
}

/** GB18030/GBK → UTF-8 by streaming; an undecodable byte refuses the file, naming the offset and line. */
async function transcodeGb18030(
  file: string,
  out: string,
  utf8Error: { offset: number; line: number },
  meter: SpaceMeter,
): Promise<void> {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const outFh = await fs.open(out, 'w');
  let offset = 0;
  let lines = 1;
  try {
    const inFh = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await inFh.read(buf, 0, CHUNK, null);
        const chunk = buf.subarray(0, bytesRead);
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: bytesRead > 0 });
        } catch {
          const at = offset + firstInvalidGb18030(chunk);
          throw new FileRefusal(
            'undecodable',
            `the file is neither UTF-8 (invalid byte at offset ${utf8Error.offset}, line ${utf8Error.line}) ` +
              `nor GB18030/GBK (invalid byte near offset ${at}, line ${lines + countNewlines(chunk.subarray(0, Math.max(0, at - offset)))}); ` +
              'save it as UTF-8 and try again',
            { utf8_error_offset: utf8Error.offset, utf8_error_line: utf8Error.line, gb18030_error_offset: at },
          );
        }
        if (text) {
          const bytes = Buffer.from(text);
          meter.add(bytes.length);
          await outFh.write(bytes);
        }
        if (bytesRead === 0) break;
        lines += countNewlines(chunk);
        offset += bytesRead;
      }
    } finally {
      await inFh.close();
    }
  } finally {
    await outFh.close();
  }
}

/** First offset in a chunk that breaks GB18030's byte structure (1, 2 or 4 bytes per character). */
function firstInvalidGb18030(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c === 0x80 || c === 0xff) return i;
    if (i + 1 >= b.length) return i;
    const c2 = b[i + 1];
    if (c2 >= 0x30 && c2 <= 0x39) {
      if (i + 3 >= b.length) return i;
      if (b[i + 2] < 0x81 || b[i + 2] > 0xfe || b[i + 3] < 0x30 || b[i + 3] > 0x39) return i;
      i += 4;
    } else if ((c2 >= 0x40 && c2 <= 0x7e) || (c2 >= 0x80 && c2 <= 0xfe)) {
      i += 2;
    } else {
      return i;
    }
  }
  return Math.max(0, b.length - 1);
}
