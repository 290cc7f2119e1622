/**
 * An upload's body streamed to a temporary file: the multipart field `file`, or the raw body with ?filename=. The size
 * is checked while streaming, so an oversized upload is refused (413) before it fills the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { AtlasError, badRequest } from '../errors.ts';

/** Uploads larger than this are refused while streaming (413): ATLAS_MAX_UPLOAD_MB, default 2048. */
export const MAX_UPLOAD_BYTES = (Number(process.env.ATLAS_MAX_UPLOAD_MB) || 2048) * 2 ** 20;
const LIMIT_TEXT = `${Math.round(MAX_UPLOAD_BYTES / 2 ** 20)} MB`;

export interface Upload {
  path: string;
  fileName: string;
  cleanup: () => Promise<void>;
}

/** Stream the request body (multipart field `file`, or the raw body named `rawName`) to a temporary file. */
export async function receiveUpload(req: Request, rawName: string | undefined): Promise<Upload> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'atlas-upload-'));
  const file = path.join(dir, 'upload');
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    const contentType = req.get('content-type') ?? '';
    let fileName: string;
    if (contentType.startsWith('multipart/form-data')) {
      fileName = await receiveMultipart(req, file);
    } else {
      fileName = rawName?.trim() || 'upload';
      await pipeline(req, sizeLimit(), fs.createWriteStream(file));
    }
    return { path: file, fileName: path.basename(fileName).slice(0, 255), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
function sizeLimit(): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES)
        done(
          new AtlasError(
            'payload_too_large',
            `the upload is larger than ${LIMIT_TEXT} (ATLAS_MAX_UPLOAD_MB)`,
            413,
            undefined,
            `上传文件超过 ${LIMIT_TEXT}（ATLAS_MAX_UPLOAD_MB）`,
          ),
        );
      else done(null, chunk);
    },
  });
}

function receiveMultipart(req: Request, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 20 } });
    } catch (err) {
      reject(badRequest('invalid_upload', `the multipart body could not be read: ${(err as Error).message}`));
      return;
    }
    let name: string | null = null;
    let writing: Promise<void> | null = null;
    let tooLarge = false;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || name !== null) {
        stream.resume();
        return;
      }
      name = info.filename || 'upload';
      stream.on('limit', () => {
        tooLarge = true;
      });
      writing = pipeline(stream, fs.createWriteStream(target));
    });
    bb.on('error', (err) =>
      reject(badRequest('invalid_upload', `the multipart body could not be read: ${(err as Error).message}`)),
    );
    bb.on('close', () => {
      if (name === null) {
        reject(
          badRequest(
            'missing_file',
            'send the file in a multipart/form-data field named "file" (or as the raw body with ?filename=)',
          ),
        );
        return;
      }
      writing!.then(() => {
        if (tooLarge)
          reject(
            new AtlasError(
              'payload_too_large',
              `the upload is larger than ${LIMIT_TEXT} (ATLAS_MAX_UPLOAD_MB)`,
              413,
              undefined,
              `上传文件超过 ${LIMIT_TEXT}（ATLAS_MAX_UPLOAD_MB）`,
            ),
          );
        else resolve(name!);
      }, reject);
    });
    req.pipe(bb);
  });
}
