/**
 * The bounds of an ingest, read from the environment each time they are needed (so a test or an operator's restart
 * changes them without a rebuild): how large an upload may be as received and once decompressed, how much every
 * upload in flight may hold in the temporary folder together, and how wide a file may be.
 */
import { AtlasError } from '../errors.ts';

const MB = 2 ** 20;

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export interface IngestLimits {
  /** ATLAS_MAX_UPLOAD_MB (default 2048): bytes received, and bytes a compressed or workbook file may expand to. */
  maxUploadBytes: number;
  /** ATLAS_UPLOAD_TEMP_QUOTA_MB (default 4096): bytes all uploads and their working copies may hold at once. */
  tempQuotaBytes: number;
  /** ATLAS_MAX_COLUMNS (default 500): columns a file may have; the widest kind has a few dozen. */
  maxColumns: number;
}

export function ingestLimits(): IngestLimits {
  return {
    maxUploadBytes: Math.round(positive('ATLAS_MAX_UPLOAD_MB', 2048) * MB),
    tempQuotaBytes: Math.round(positive('ATLAS_UPLOAD_TEMP_QUOTA_MB', 4096) * MB),
    maxColumns: Math.floor(positive('ATLAS_MAX_COLUMNS', 500)),
  };
}

const mbText = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/** The upload, or what it decompresses to, is larger than ATLAS_MAX_UPLOAD_MB. */
export function uploadTooLarge(limitBytes: number, decompressed = false): AtlasError {
  const limit = mbText(limitBytes);
  return decompressed
    ? new AtlasError(
        'payload_too_large',
        `the file expands to more than ${limit} once decompressed (ATLAS_MAX_UPLOAD_MB); split it or send it uncompressed in parts`,
        413,
        { limit_mb: limitBytes / MB, decompressed: true },
        `文件解压后超过 ${limit}（ATLAS_MAX_UPLOAD_MB）；请拆分后再上传`,
      )
    : new AtlasError(
        'payload_too_large',
        `the upload is larger than ${limit} (ATLAS_MAX_UPLOAD_MB)`,
        413,
        { limit_mb: limitBytes / MB },
        `上传文件超过 ${limit}（ATLAS_MAX_UPLOAD_MB）`,
      );
}

/** The uploads in flight already hold the temporary-space quota. */
export function tempQuotaFull(quotaBytes: number): AtlasError {
  const quota = mbText(quotaBytes);
  return new AtlasError(
    'upload_quota_exceeded',
    `the uploads in progress already use the ${quota} of temporary space allowed (ATLAS_UPLOAD_TEMP_QUOTA_MB); try again when they have finished`,
    413,
    { quota_mb: quotaBytes / MB },
    `正在进行的上传已占满允许的 ${quota} 临时空间（ATLAS_UPLOAD_TEMP_QUOTA_MB）；请等其完成后再试`,
  );
}
