import { AtlasDb } from '../db/database.ts';
import { generateSampleData, RECORD_TABLES } from '../generate/generate.ts';
import { ingestFile } from '../ingest/pipeline.ts';
import { startTestServer, tempDir, type TestServer } from './server.ts';

export interface SampleServer {
  db: AtlasDb;
  srv: TestServer;
  /** The folder the generated files are in (tests may write more there). */
  dir: string;
  close(): Promise<void>;
}

/**
 * Generated sample data (default seed) ingested through ingestFile into an in-memory database, served over real HTTP:
 * the set-up of tests that check figures of the sample data as a user would see them.
 */
export async function startSampleServer(scale: number, prefix: string): Promise<SampleServer> {
  const tmp = tempDir(prefix);
  await generateSampleData({ scale, outDir: tmp.dir });
  const db = await AtlasDb.open({ path: ':memory:' });
  for (const kind of RECORD_TABLES) {
    const s = await ingestFile(db, { kind, path: `${tmp.dir}/${kind}.parquet`, source: 'test' });
    if (s.status !== 'COMMITTED') throw new Error(`sample ${kind} did not commit: ${s.status}`);
  }
  const srv = await startTestServer({ db });
  return {
    db,
    srv,
    dir: tmp.dir,
    close: async () => {
      await srv.close();
      db.close();
      tmp.cleanup();
    },
  };
}
