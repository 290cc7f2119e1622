/** GET /api/health and GET /api/meta. */
import { z } from 'zod';
import { int } from './params.ts';
import { batch, ingestSummary } from './ingest.ts';

export const health = z.object({
  ok: z.literal(true),
  version: z.string(),
  database: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
});

export const metaQuery = z.object({
  /** How many of the latest batches to list (1–1000, default 50). */
  batches: int(1, 1000, 50),
});
export const meta = z.object({
  database: z.string(),
  version: z.string(),
  tables: z.array(
    z.object({
      table_name: z.string(),
      comment: z.string().nullable(),
      estimated_size: z.number(),
      column_count: z.number(),
      row_count: z.number(),
    }),
  ),
  batches: z.array(batch.extend({ summary: ingestSummary.nullable() })),
});
export type Meta = z.infer<typeof meta>;
