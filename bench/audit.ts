import fs from 'node:fs';
import path from 'node:path';
import { auditLogOf, type AuditLog } from '../server/audit-log.ts';
import { SecurityStore } from '../server/auth/store.ts';
import { AtlasDb } from '../server/db/database.ts';
import { execute } from '../server/db/query.ts';
import { generateSampleData } from '../server/generate/generate.ts';
import { recordIngest } from '../server/ingest/audit.ts';
import { ingestFileOrCatalog } from '../server/ingest/portal/import-catalog.ts';
import { percentile, type BenchContext, type BenchSuite, type Figure } from './figures.ts';

const median = (xs: number[]) => percentile(xs, 50);

/** The generator's sample data as CSV (kept between runs): the usage file is cut into upload-sized files. */
async function sampleData(ctx: BenchContext, scale: number): Promise<string> {
  const dir = path.join(ctx.dir, `audit-s${scale}`);
  if (fs.existsSync(path.join(dir, 'ready'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.log(`generating scale ${scale} sample data into ${dir}`);
  await generateSampleData({ scale, outDir: dir, csv: true, memoryLimit: '1GB' });
  fs.writeFileSync(path.join(dir, 'ready'), '');
  return dir;
}

/**
 * `count` CSV files of `rows` usage rows each, with keys of their own (usage_id suffixed), so every ingest inserts
 * the same number of new rows and none is recognised as a file already loaded.
 */
async function uploads(db: AtlasDb, usage: string, dir: string, rows: number, count: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  await db.withConnection(async (con) => {
    for (let i = 0; i < count; i++) {
      const file = path.join(dir, `usage-${rows}-${i}.csv`);
      await execute(
        con,
        `COPY (SELECT * REPLACE (usage_id || $suffix AS usage_id) FROM read_csv($usage) LIMIT $rows) TO '${file}' (HEADER)`,
        { usage, suffix: `-${rows}-${i}`, rows },
      );
      files.push(file);
    }
  });
  return files;
}

interface Run {
  ms: number;
  auditMs: number;
}

/** One upload ingested as the server's job does it: with its audit entries written before it reports done, or not. */
async function ingest(db: AtlasDb, audit: AuditLog | null, file: string): Promise<Run> {
  const t0 = performance.now();
  const summary = await ingestFileOrCatalog(db, { kind: 'usage', path: file, source: 'bench' });
  if (summary.status !== 'COMMITTED') throw new Error(`${file}: ${summary.status}`);
  const t1 = performance.now();
  if (audit)
    await recordIngest(audit, { actor: 'bench', address: '127.0.0.1' }, 'usage', path.basename(file), { summary });
  const t2 = performance.now();
  return { ms: t2 - t0, auditMs: t2 - t1 };
}

export const auditSuite: BenchSuite = {
  name: 'audit',
  method: `
The cost of the audit trail on ingest, in one process on database files (the main one and its security database, so
each audit commit reaches the disk as it does in production). Sample data of the generator at scale 1 (\`--quick\`:
0.1); org, authorization and product loaded first (untimed); then usage uploads of two sizes, each a CSV file of its
own rows (keys suffixed, so each ingest inserts the same number of new rows): 1,000 rows (an ingest of a few hundred
milliseconds, where a fixed cost shows most) and 100,000 rows (\`--quick\`: 10,000).

Each size runs in pairs, in alternating order (without, with; with, without; …), after one warm-up of each:

- **without**: \`ingestFileOrCatalog(db, { kind: 'usage' })\`, as an upload job runs it;
- **with**: the same, then \`recordIngest\` (server/ingest/audit.ts), which the job awaits before it reports done: the
  \`ingest\` entry (file, SHA-256, batch, counts), chained and committed to the security database.

The ratio is the median, over the ingests with the audit, of each one's time without its audit step over its whole
time (target ≥ 0.95: the audit makes an ingest less than 5 % slower). It compares the same ingest with and without the
step, because on this machine (two cores shared with other work) the time of separate ingests of the same size varies by
tens of percent, which buries a cost of one percent; the interleaved ingests without the audit are there to show that
nothing else changes (their median is in the note).

Two figures of the writer alone: the latency of one entry recorded at a time (p50 and p95 of 200), and the rate of 2,000
entries recorded by 50 concurrent writers, with the entries per transaction its group commit reached.
`,
  async run(ctx) {
    const data = await sampleData(ctx, ctx.quick ? 0.1 : 1);
    const work = path.join(ctx.dir, 'audit-run');
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    const db = await AtlasDb.open({ path: path.join(work, 'atlas.duckdb'), memoryLimit: '1GB' });
    const store = await SecurityStore.open(db.path);
    const audit = auditLogOf(store);
    const figures: Figure[] = [];
    try {
      for (const kind of ['org', 'authorization', 'product'] as const) {
        const s = await ingestFileOrCatalog(db, { kind, path: path.join(data, `${kind}.csv`), source: 'bench' });
        if (s.status !== 'COMMITTED') throw new Error(`${kind}: ${s.status}`);
      }
      const sizes = ctx.quick ? [1_000, 10_000] : [1_000, 100_000];
      for (const rows of sizes) {
        const pairs = rows <= 1_000 ? (ctx.quick ? 4 : 15) : ctx.quick ? 2 : 6;
        const files = await uploads(db, path.join(data, 'usage.csv'), path.join(work, 'uploads'), rows, 2 * pairs + 2);
        await ingest(db, null, files.pop()!);
        await ingest(db, audit, files.pop()!);
        const without: Run[] = [];
        const withAudit: Run[] = [];
        for (let i = 0; i < pairs; i++) {
          const [a, b] = [files[2 * i], files[2 * i + 1]];
          if (i % 2 === 0) {
            without.push(await ingest(db, null, a));
            withAudit.push(await ingest(db, audit, b));
          } else {
            withAudit.push(await ingest(db, audit, a));
            without.push(await ingest(db, null, b));
          }
        }
        const off = median(without.map((r) => r.ms));
        const on = median(withAudit.map((r) => r.ms));
        const step = median(withAudit.map((r) => r.auditMs));
        const ingestPart = median(withAudit.map((r) => r.ms - r.auditMs));
        const ratio = median(withAudit.map((r) => (r.ms - r.auditMs) / r.ms));
        const label = `${rows / 1000}k`;
        ctx.log(
          `${label} rows: ${off.toFixed(0)} ms without, ${on.toFixed(0)} ms with (audit step ${step.toFixed(1)} ms)`,
        );
        figures.push({
          name: `audit.ingest.${label}.time`,
          value: on,
          unit: 'ms',
          baseline: ingestPart,
          ratio,
          target: '>= 0.95',
          pass: ratio >= 0.95,
          note:
            `${pairs} ingests of ${rows} usage rows with the audit; baseline and ratio: their time without the audit step ` +
            `(median ${step.toFixed(1)} ms); the ${pairs} interleaved ingests without it: median ${off.toFixed(0)} ms`,
        });
      }

      const serial: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        await audit.record({
          actor: 'bench',
          address: '127.0.0.1',
          action: 'sql',
          detail: { sql: 'SELECT 1' },
          outcome: 'ok',
        });
        serial.push(performance.now() - t0);
      }
      figures.push({
        name: 'audit.record.serial.latency_p50',
        value: median(serial),
        unit: 'ms',
        note: `one entry at a time, committed to the security database file; p95 ${percentile(serial, 95).toFixed(1)} ms`,
      });

      const before = { ...audit.stats };
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          for (let i = 0; i < 40; i++)
            await audit.record({ actor: `w${w}`, address: '127.0.0.1', action: 'sql', detail: { i }, outcome: 'ok' });
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const transactions = audit.stats.transactions - before.transactions;
      figures.push({
        name: 'audit.record.concurrent.throughput',
        value: 2000 / seconds,
        unit: 'entries/s',
        note: `50 writers × 40 entries, each awaited before the next; ${(2000 / transactions).toFixed(1)} entries per transaction`,
      });
    } finally {
      await audit.flush();
      store.close();
      db.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
    return figures;
  },
};
