import { Router } from 'express';
import { queryRows } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { VERSION } from '../version.ts';
import type { AppContext } from './context.ts';

/** GET /api/health and GET /api/meta. */
export function coreRoutes({ db }: AppContext): Router {
  const router = Router();
  const startedAt = new Date();

  router.get('/health', async (_req, res) => {
    await db.withConnection((con) => con.run('SELECT 1'), { timeoutMs: 5_000 });
    res.json({
      ok: true,
      version: VERSION,
      database: db.path,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round(process.uptime()),
    });
  });

  router.get('/meta', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.batches ?? 50) || 50, 1), 1000);
    const body = await db.withConnection(async (con) => {
      const tables = await queryRows(con, sqlFile('meta/table_counts'));
      for (const t of tables) {
        // Exact counts; identifiers come from the catalog, not from the request.
        const [{ n }] = await queryRows<{ n: number }>(
          con,
          `SELECT count(*) AS n FROM ${quoteIdent(String(t.table_name))}`,
        );
        t.row_count = n;
      }
      const batches = (await queryRows(con, sqlFile('meta/batches'), { limit })).map((b) => ({
        ...b,
        summary: typeof b.summary === 'string' ? JSON.parse(b.summary) : b.summary,
      }));
      return { database: db.path, version: VERSION, tables, batches };
    });
    res.json(body);
  });

  return router;
}
