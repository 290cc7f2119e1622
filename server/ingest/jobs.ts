import { randomUUID } from 'node:crypto';
import type { AtlasDb } from '../db/database.ts';
import type { Scope } from '../db/scope.ts';
import type { Logger } from '../log.ts';
import { type IngestPhase, type IngestSummary } from './pipeline.ts';
import { ingestFileOrCatalog, type PortalIngestSummary } from './portal/import-catalog.ts';
import type { CatalogOptions } from './portal/map-catalog.ts';
import type { IngestResult } from './audit.ts';
import { AtlasError } from '../errors.ts';
import { writeJobMarker } from './interrupted.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobView {
  id: string;
  kind: string;
  file_name: string;
  state: JobState;
  progress: { phase: IngestPhase; rows_read: number; rows_validated: number; elapsed_ms: number; bytes_read?: number };
  summary?: IngestSummary | PortalIngestSummary;
  error?: { code: string; message: string };
  created_at: string;
}

interface Job extends JobView {
  finished: Promise<void>;
  /** Why a failed job failed, with its HTTP status and Chinese message (a refusal such as 413 keeps its status). */
  failure?: AtlasError;
}

const KEEP = 200;

/** Upload ingests running in the background: the API answers at once and the web polls the job for progress. */
export class IngestJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly db: AtlasDb,
    private readonly log: Logger,
  ) {}

  start(o: {
    kind: string;
    path: string;
    /** The upload's workspace folder: the job's marker goes there, so a killed job is recorded at the next start. */
    dir: string;
    bytes: number;
    fileName: string;
    strict: boolean;
    cleanup: () => Promise<void>;
    catalog?: CatalogOptions;
    /** The uploader's regions (null: national) and account (null: local mode), see IngestOptions. */
    scope: Scope;
    account: string | null;
    /** Awaited before the job is reported done or failed: its audit entry (audit.ts). */
    recorded?: (result: IngestResult) => Promise<void>;
  }): Job {
    const job: Job = {
      id: randomUUID(),
      kind: o.kind,
      file_name: o.fileName,
      state: 'queued',
      progress: { phase: 'queued', rows_read: 0, rows_validated: 0, elapsed_ms: 0 },
      created_at: new Date().toISOString(),
      finished: Promise.resolve(),
    };
    writeJobMarker(o.dir, {
      kind: o.kind,
      file_name: o.fileName,
      bytes: o.bytes,
      strict: o.strict,
      started_at: job.created_at,
      source: 'upload',
      account: o.account,
      scope: o.scope === null ? null : [...o.scope].sort(),
    });
    job.finished = ingestFileOrCatalog(this.db, {
      ...o.catalog,
      kind: o.kind,
      path: o.path,
      fileName: o.fileName,
      strict: o.strict,
      source: 'upload',
      scope: o.scope,
      account: o.account,
      onProgress: (p) => {
        job.progress = p;
        if (p.phase !== 'queued' && job.state === 'queued') job.state = 'running';
      },
    })
      .then(
        async (summary) => {
          await o.recorded?.({ summary });
          return summary;
        },
        async (error: unknown) => {
          await o.recorded?.({ error });
          throw error;
        },
      )
      .then(
        (summary) => {
          job.summary = summary;
          job.state = 'done';
        },
        (err: unknown) => {
          const e = err as { code?: string; message?: string };
          job.error = { code: e.code ?? 'ingest_failed', message: e.message ?? String(err) };
          if (err instanceof AtlasError) job.failure = err;
          job.state = 'failed';
          this.log.error({ err, job: job.id }, 'ingest job failed');
        },
      )
      .finally(() => o.cleanup().catch(() => {}));
    this.jobs.set(job.id, job);
    this.trim();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Wait for every running job (on shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.finished));
  }

  private trim() {
    if (this.jobs.size <= KEEP) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= KEEP) break;
      if (j.state === 'done' || j.state === 'failed') this.jobs.delete(id);
    }
  }
}

export function jobView(job: JobView): JobView {
  const { id, kind, file_name, state, progress, summary, error, created_at } = job;
  return {
    id,
    kind,
    file_name,
    state,
    progress,
    created_at,
    ...(summary ? { summary } : {}),
    ...(error ? { error } : {}),
  };
}
