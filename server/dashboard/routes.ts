import { Router, type Request } from 'express';
import { Float64, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { AppContext } from '../api/context.ts';
import { sendTable } from '../api/respond.ts';
import { queryRows, type Row } from '../db/query.ts';
import { sqlFile } from '../db/sql-files.ts';
import { parseFilters } from '../filters.ts';
import { BASES, MEASURES, parseChoice, scaled, type Denominators } from './measures.ts';
import { overview } from './overview.ts';
import { DashboardQueries } from './queries.ts';

/** Dashboard API: reference names, overview, trend, region values (map) and sector × region cells (heatmap). */
export function dashboardRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router();
  const q = new DashboardQueries(db);
  // Compute the unfiltered view (what the first page shows) ahead of the first visit and after each ingest.
  const warm = () => void Promise.all([q.dataPeriod(), q.measures(parseFilters({}))]).catch(() => undefined);
  warm();
  ctx.onClose(db.onDataChanged(warm));
  let denominators: Map<string, Denominators> | undefined;
  const denominatorsOf = async () =>
    (denominators ??= new Map(
      (
        await db.withConnection((con) =>
          queryRows<Denominators & { region_code: string } & Row>(con, sqlFile('dashboard/reference_regions')),
        )
      ).map((r) => [r.region_code, r]),
    ));
  const choice = (req: Request) => ({
    measure: parseChoice(req.query, 'measure', MEASURES, 'calls'),
    basis: parseChoice(req.query, 'basis', BASES, 'absolute'),
  });

  router.get('/reference', async (_req, res) => {
    res.json(await q.reference());
  });

  router.get('/dashboard/overview', async (req, res) => {
    res.json(await overview(q, parseFilters(req.query)));
  });

  router.get('/dashboard/trend', async (req, res) => {
    const rows = (await q.measures(parseFilters(req.query)))
      .filter((r) => r.period === 'current' && r.level === 'month')
      .sort((a, b) => (a.month! < b.month! ? -1 : 1));
    sendTable(
      req,
      res,
      tableOf(rows, ['month', 'calls', 'amount', 'paid_amount', 'records', 'users', 'registrations']),
      { filename: 'trend' },
    );
  });

  /** Per-region or per-cell values of one measure on one basis, with the raw value beside the scaled one. */
  async function scaledRows(req: Request, level: 'region' | 'cell') {
    const filters = parseFilters(req.query);
    const { measure, basis } = choice(req);
    const [rows, dens] = await Promise.all([q.measures(filters), denominatorsOf()]);
    const out = rows
      .filter((r) => r.period === 'current' && r.level === level)
      .map((r) => ({
        sector_code: r.sector_code,
        region_code: r.region_code!,
        raw: r[measure],
        value: scaled(r[measure], basis, dens.get(r.region_code!)),
      }));
    return { measure, basis, out };
  }

  router.get('/dashboard/regions', async (req, res) => {
    const { measure, basis, out } = await scaledRows(req, 'region');
    const ranked = out.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!);
    const rank = new Map(ranked.map((r, i) => [r.region_code, i + 1]));
    const table = tableOf(
      out.map((r) => ({ ...r, rank: rank.get(r.region_code) ?? null })),
      ['region_code', 'value', 'raw', 'rank'],
    );
    sendTable(req, res, table, {
      filename: `regions-${measure}-${basis}`,
      meta: { measure, basis, ranked: ranked.length },
    });
  });

  router.get('/dashboard/cells', async (req, res) => {
    const { measure, basis, out } = await scaledRows(req, 'cell');
    sendTable(req, res, tableOf(out, ['sector_code', 'region_code', 'value', 'raw']), {
      filename: `cells-${measure}-${basis}`,
      meta: { measure, basis },
    });
  });

  return router;
}

/** Plain rows to an Arrow table in the given column order: *_code and month columns as text, the rest as Float64. */
function tableOf(rows: readonly object[], columns: string[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[c] ?? null);
    vectors[c] =
      c === 'month' || c.endsWith('_code')
        ? vectorFromArray(
            values.map((v) => (v === null ? null : String(v))),
            new Utf8(),
          )
        : vectorFromArray(values as (number | null)[], new Float64());
  }
  return new Table(vectors);
}
