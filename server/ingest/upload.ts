/**
 * An upload's body streamed to a file in the ingest workspace: the multipart field `file`, or the raw body with
 * ?filename=. Its size is checked against ATLAS_MAX_UPLOAD_MB and the workspace quota before a byte is written (the
 * declared length) and while streaming, so an upload that would cross either is refused (413) before the temporary
 * folder fills; the rest of its body is read and dropped, so the client gets the answer instead of a reset connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { AtlasError, badRequest } from '../errors.ts';
import { cleanFileName } from './file-name.ts';
import { ingestLimits, uploadTooLarge } from './limits.ts';
import type { IngestWorkspace, SpaceMeter } from './workspace.ts';

export interface Upload {
  /** The file as received. */
  path: string;
  /** Its folder in the workspace, removed by cleanup (the job's marker lives there too, interrupted.ts). */
  dir: string;
  /** The client's file name, cleaned (file-name.ts). */
  fileName: string;
  bytes: number;
  cleanup: () => Promise<void>;
}

/** Multipart framing around the file: boundaries and part headers, a few hundred bytes in practice. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * Content types that are not a file: a JSON document or a URL-encoded form is what a script sends by mistake
 * (and a JSON body used to be parsed away, leaving an empty upload).
 */
export function unsupportedUploadType(contentType: string | undefined): string | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded' || /(^|\/|\+)json$/.test(type)) return type;
  if (type.startsWith('multipart/') && type !== 'multipart/form-data') return type;
  return null;
}

function unsupportedType(type: string): AtlasError {
  return new AtlasError(
    'unsupported_media_type',
    `an upload is a file: send it as multipart/form-data (field "file") or as the raw body with ?filename= and a file ` +
      `type such as text/csv or application/octet-stream, not ${type}`,
    415,
    { content_type: type },
    `上传的应是文件：请用 multipart/form-data（字段 "file"）发送，或以文件本身作为请求体并加 ?filename=，` +
      `内容类型如 text/csv 或 application/octet-stream，而不是 ${type}`,
  );
}

/** Stream the request body (multipart field `file`, or the raw body named `rawName`) to a file in the workspace. */
export async function receiveUpload(
  req: Request,
  rawName: string | undefined,
  workspace: IngestWorkspace,
): Promise<Upload> {
  const contentType = req.get('content-type') ?? '';
  const refusedType = unsupportedUploadType(contentType);
  if (refusedType) return refuseUnread(req, unsupportedType(refusedType));
  const { maxUploadBytes } = ingestLimits();
  const multipart = contentType.toLowerCase().startsWith('multipart/form-data');
  const meter = workspace.meter({ capBytes: maxUploadBytes });
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > 0) {
    // Both refusals happen before the folder exists, so the quota is never crossed, even for a moment.
    try {
      if (declared > maxUploadBytes + (multipart ? MULTIPART_SLACK : 0)) throw uploadTooLarge(maxUploadBytes);
      meter.reserve(Math.min(declared, maxUploadBytes));
    } catch (err) {
      return refuseUnread(req, err);
    }
  }
  let dir: string;
  try {
    dir = await workspace.newDir('upload-');
  } catch (err) {
    meter.release();
    throw err;
  }
  const file = path.join(dir, 'upload');
  const cleanup = async () => {
    await workspace.removeDir(dir);
    meter.release();
  };
  try {
    const fileName = multipart
      ? await receiveMultipart(req, file, meter)
      : (await writeMetered(req, file, meter), rawName ?? 'upload');
    return { path: file, dir, fileName: cleanFileName(fileName), bytes: meter.bytes, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Past this, a refused body is not read to its end: the connection closes instead. */
const DRAIN_LIMIT = 64 * 2 ** 20;

/**
 * Refuse an upload before storing any of it. A client still sending its body when the answer comes and the socket
 * closes sees a reset instead of the answer, so a body of reasonable size is read (and dropped) first.
 */
async function refuseUnread(req: Request, err: unknown): Promise<never> {
  if (!req.complete) {
    let read = 0;
    await new Promise<void>((resolve) => {
      const stop = () => {
        req.off('data', onData);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        read += chunk.length;
        if (read > DRAIN_LIMIT) stop();
      };
      req.on('data', onData);
      req.once('end', stop);
      req.once('error', stop);
      req.once('close', stop);
    });
  }
  throw err;
}

/**
 * Write `source` to `file`, counting every chunk. Past a bound, nothing more is written and the rest of the source is
 * drained; the bound's error is thrown at the end.
 */
async function writeMetered(source: NodeJS.ReadableStream, file: string, meter: SpaceMeter): Promise<void> {
  let refused: unknown = null;
  const gate = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (refused) return done();
      try {
        meter.add(chunk.length);
        done(null, chunk);
      } catch (err) {
        refused = err;
        done();
      }
    },
  });
  await pipeline(source, gate, fs.createWriteStream(file));
  if (refused) throw refused;
}

const unreadableMultipart = (err: unknown) =>
  badRequest(
    'invalid_upload',
    `the multipart body could not be read: ${(err as Error).message}`,
    undefined,
    `无法读取 multipart 请求体：${(err as Error).message}`,
  );

function receiveMultipart(req: Request, target: string, meter: SpaceMeter): Promise<string> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // Browsers send the file name as UTF-8 bytes; busboy would read them as Latin-1 by default.
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20 } });
    } catch (err) {
      reject(unreadableMultipart(err));
      return;
    }
    let name: string | null = null;
    let writing: Promise<void> | null = null;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || name !== null) {
        stream.resume();
        return;
      }
      name = info.filename || 'upload';
      writing = writeMetered(stream, target, meter);
      // Settled in 'close'; without a handler here an early refusal would count as unhandled meanwhile.
      writing.catch(() => {});
    });
    bb.on('error', (err) => reject(unreadableMultipart(err)));
    bb.on('close', () => {
      if (name === null) {
        reject(
          badRequest(
            'missing_file',
            'send the file in a multipart/form-data field named "file" (or as the raw body with ?filename=)',
            undefined,
            '请在 multipart/form-data 的 "file" 字段中发送文件（或以文件本身作为请求体并加 ?filename=）',
          ),
        );
        return;
      }
      writing!.then(() => resolve(name!), reject);
    });
    req.pipe(bb);
  });
}
