import { Router } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import type { Meta } from '../../contract/core.ts';
import type { IngestSummary } from '../../contract/ingest.ts';
import { queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { VERSION } from '../version.ts';
import type { AppContext } from './context.ts';
import { route } from './endpoint.ts';

/** GET /api/health and GET /api/meta. */
export function coreRoutes({ db }: AppContext): Router {
  const router = Router();
  const startedAt = new Date();

  // Never touches DuckDB: it answers at once however busy the database is (a load balancer's probe must not queue
  // behind a slow query), and says only that the process is up and serving.
  route(router, endpoints.health, () => {
    return {
      ok: true as const,
      version: VERSION,
      database: db.path,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round(process.uptime()),
    };
  });

  route(router, endpoints.meta, ({ query }) =>
    db.withConnection(async (con): Promise<Meta> => {
      const tables = await queryRows<Omit<Meta['tables'][number], 'row_count'> & Row>(
        con,
        sqlFile('meta/table_counts'),
      );
      const counted = [];
      for (const t of tables) {
        // Exact counts; identifiers come from the catalog, not from the request.
        const [{ n }] = await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${quoteIdent(t.table_name)}`);
        counted.push({ ...t, row_count: n });
      }
      type Stored = Meta['batches'][number] & { summary: string | IngestSummary | null } & Row;
      const batches = (await queryRows<Stored>(con, sqlFile('meta/batches'), { limit: query.batches })).map((b) => ({
        ...b,
        summary: typeof b.summary === 'string' ? (JSON.parse(b.summary) as IngestSummary) : b.summary,
      }));
      return { database: db.path, version: VERSION, tables: counted, batches };
    }),
  );

  return router;
}
