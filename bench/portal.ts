import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { AtlasDb } from '../server/db/database.ts';
import { ingestPortalCatalog } from '../server/ingest/portal/import-catalog.ts';
import { findRealData, realDataCandidates } from '../server/test-support/realdata.ts';
import type { BenchSuite, Figure } from './figures.ts';

export const portalSuite: BenchSuite = {
  name: 'portal',
  method: `
The real open-data portal catalogue (\`shared/realdata/\`, outside the repository, where
\`server/test-support/realdata.ts\` finds it; 128,140 records from 72 portals, NDJSON gzipped, 8.6 MB; \`--quick\`: its
first 12,814 lines). Both sides run in this process on a fresh database file, one run each:

- **baseline**: raw DuckDB reading the same gzipped file as JSON objects (\`CREATE TABLE … AS SELECT * FROM
  read_ndjson_objects(…)\`), the least any import must do;
- **import**: \`ingestPortalCatalog\`: decompression, staging, the mapping through the tables of \`server/ingest/portal/mappings/\`,
  the report, then the ingestion engine's validation, upsert by portal identity, batch and rejects, commit.

Figures: wall seconds of the import (target under 60 s, issue 6), CPU seconds of the process during the import
(\`process.cpuUsage\`, DuckDB's threads included), records per second with the baseline's rate and the ratio import /
baseline, and the share of records accepted (target ≥ 0.97). The machine is shared: the CPU seconds are the figure
that other work running at the same time does not inflate. Skipped, with a message, when the catalogue is absent.
`,
  async run(ctx) {
    const realdata = findRealData();
    if (!realdata) {
      ctx.log(`portal: the real catalogue is absent from ${realDataCandidates().join(', ')}, nothing to measure`);
      return [];
    }
    const dir = path.join(ctx.dir, 'portal');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    let file = realdata.catalog;
    if (ctx.quick) {
      const lines = gunzipSync(fs.readFileSync(realdata.catalog)).toString('utf8').split('\n');
      file = path.join(dir, 'quick.jsonl.gz');
      fs.writeFileSync(file, gzipSync(lines.slice(0, Math.ceil(lines.length / 10)).join('\n')));
    }

    ctx.log('portal: baseline (read_ndjson_objects)');
    const inst = await DuckDBInstance.create(path.join(dir, 'baseline.duckdb'));
    const con = await inst.connect();
    let t = performance.now();
    const prepared = await con.prepare(`CREATE TABLE t AS SELECT * FROM read_ndjson_objects($p)`);
    prepared.bindVarchar(1, file);
    await prepared.run();
    const baseSeconds = (performance.now() - t) / 1000;
    const rows = Number((await con.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjectsJS()[0].n);
    con.closeSync();
    inst.closeSync();

    ctx.log(`portal: baseline ${baseSeconds.toFixed(1)} s for ${rows} records; import`);
    const db = await AtlasDb.open({ path: path.join(dir, 'atlas.duckdb') });
    const cpu = process.cpuUsage();
    t = performance.now();
    const summary = await ingestPortalCatalog(db, { path: file, source: 'bench' });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    db.close();
    const cpuSeconds = (used.user + used.system) / 1e6;
    const label = ctx.quick ? 'quick' : 'full';
    ctx.log(
      `portal: import ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, ${summary.accepted} of ${summary.rows_read} accepted`,
    );
    const rate = summary.rows_read / seconds;
    const baseRate = rows / baseSeconds;
    const figures: Figure[] = [
      {
        name: `portal.${label}.import.seconds`,
        value: seconds,
        unit: 's',
        target: ctx.quick ? null : '< 60 s',
        ...(ctx.quick ? {} : { pass: seconds < 60 }),
      },
      {
        name: `portal.${label}.import.cpu_seconds`,
        value: cpuSeconds,
        unit: 's',
        note: 'user + system CPU of the process during the import',
      },
      {
        name: `portal.${label}.import.throughput`,
        value: rate,
        unit: 'records/s',
        baseline: baseRate,
        ratio: rate / baseRate,
        note: 'ratio = import / DuckDB reading the same file as JSON objects',
      },
      {
        name: `portal.${label}.accepted_share`,
        value: summary.accepted / summary.rows_read,
        unit: 'share',
        target: '>= 0.97',
        pass: summary.accepted / summary.rows_read >= 0.97,
      },
    ];
    fs.rmSync(dir, { recursive: true, force: true });
    return figures;
  },
};
