// `atlas audit list|verify` as an operator runs them: a separate process on a real security database file, a CSV
// backup verified on its own, a damaged log naming its first broken entry, and a running server's lock said plainly.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogOf } from '../audit-log.ts';
import { SecurityStore, securityDbPath } from '../auth/store.ts';
import { ROOT } from '../db/paths.ts';
import { AtlasError } from '../errors.ts';
import { tempDir } from '../test-support/server.ts';
import { processIo } from '../cli/command.ts';
import { GOOD, writeFile } from '../ingest/fixtures.ts';
import { runAtlas } from '../test-support/cli.ts';
import { auditCommand } from './command.ts';

const tmp = tempDir('atlas-audit-cli-');
const mainDb = path.join(tmp.dir, 'atlas.duckdb');
const securityDb = securityDbPath(mainDb);
const N = 40;

/** `atlas audit …` in a process of its own, as an operator runs it (main.ts: registration and exit codes). */
function spawned(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'audit', ...args], {
    cwd: ROOT,
    env: { ...process.env, ATLAS_DB: mainDb, ATLAS_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * The same command in this process (a process start costs seconds here), on the security database beside mainDb:
 * stdout captured, an AtlasError turned into its exit code and message as main.ts does.
 */
async function atlas(...args: string[]) {
  const command = auditCommand(securityDbPath);
  const withDb = args.includes('--db') || args.includes('--csv') ? args : [...args, '--db', securityDb];
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const err: string[] = [];
    const stderr = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      return { code: await command.run(withDb, processIo), out, err: err.join('') };
    } catch (e) {
      if (!(e instanceof AtlasError)) throw e;
      return { code: e.code === 'usage' ? 2 : 1, out, err: err.join('') + `atlas: ${e.message}\n` };
    } finally {
      process.stderr.write = stderr;
    }
  } finally {
    process.stdout.write = write;
  }
}

async function run(file: string, sql: string) {
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  await con.run(sql);
  con.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  const store = await SecurityStore.open(mainDb);
  const log = auditLogOf(store);
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      log.record({
        // names a spreadsheet would run as a formula, and cells that need quoting
        actor: i === 5 ? '=HYPERLINK("x")' : i % 2 ? 'alice' : 'bob',
        address: '10.1.2.3',
        action: i % 3 ? 'sql' : 'ingest',
        target: i === 6 ? 'a file, "quoted"\nwith a line break.csv' : `t${i}`,
        detail: { i, sql: `SELECT ${i}` },
        outcome: 'ok',
      }),
    ),
  );
  store.close();
}, 60_000);
afterAll(() => tmp.cleanup());

describe('atlas audit', () => {
  it('lists the log in chain order as CSV or JSON, filtered', async () => {
    const csv = await atlas('list');
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out.startsWith('seq,at,actor,address,action,target,outcome,detail,prev_hash,hash\r\n1,')).toBe(true);
    expect(csv.out).toContain(`'=HYPERLINK(""x"")`);
    const json = await atlas('list', '--format', 'json', '--user', 'alice', '--action', 'sql');
    const { entries } = JSON.parse(json.out) as { entries: { seq: number; actor: string; detail: { i: number } }[] };
    expect(entries.map((e) => e.detail.i)).toEqual(
      Array.from({ length: N }, (_, i) => i).filter((i) => i % 2 && i % 3 && i !== 5),
    );
    expect((await atlas('list', '--format', 'xml')).code).toBe(2);
    expect((await atlas('list', '--since', 'yesterday')).err).toMatch(/since must be a date YYYY-MM-DD/);
    expect((await atlas('tidy')).code).toBe(2);
  });

  it('verifies an intact log and a CSV backup of it, and names the first broken entry of a damaged one', async () => {
    const ok = spawned('verify');
    expect(ok.code, ok.err).toBe(0);
    const head = /newest (\d+:[0-9a-f]{64})/.exec(ok.out)![1];
    expect(ok.out).toBe(`intact: ${N} entries, #1 to #${N}; newest ${head}\n`);

    const backup = path.join(tmp.dir, 'backup.csv');
    fs.writeFileSync(backup, (await atlas('list')).out);
    expect(await atlas('verify', '--csv', backup, '--expect', head)).toMatchObject({ code: 0 });
    const edited = path.join(tmp.dir, 'edited.csv');
    fs.writeFileSync(edited, fs.readFileSync(backup, 'utf8').replace('"{""i"":12,', '"{""i"":13,'));
    const brokenCsv = await atlas('verify', '--csv', edited);
    expect(brokenCsv.code).toBe(1);
    expect(brokenCsv.err).toMatch(/the chain is broken at entry #13: entry #13 does not match its hash/);

    const copy = path.join(tmp.dir, 'damaged.security.duckdb');
    fs.copyFileSync(securityDb, copy);
    await run(copy, "UPDATE audit_log SET target = 'other' WHERE seq = 7");
    const broken = spawned('verify', '--db', copy);
    expect(broken.code).toBe(1);
    expect(broken.err).toBe(
      'atlas audit verify: the chain is broken at entry #7: entry #7 does not match its hash: a field of it was ' +
        'changed, or it was moved here from elsewhere in the log\n',
    );

    const cut = path.join(tmp.dir, 'cut.security.duckdb');
    fs.copyFileSync(securityDb, cut);
    await run(cut, `DELETE FROM audit_log WHERE seq > ${N - 2}`);
    expect((await atlas('verify', '--db', cut)).code).toBe(0);
    const anchored = await atlas('verify', '--db', cut, '--expect', head);
    expect(anchored.code).toBe(1);
    expect(anchored.err).toMatch(new RegExp(`entry #${N} is missing: the log ends at #${N - 2}`));
    expect((await atlas('verify', '--expect', 'latest')).code).toBe(2);
  });

  it('says so when a running server holds the security database', async () => {
    const store = await SecurityStore.open(mainDb);
    try {
      const held = spawned('verify');
      expect(held.code).toBe(1);
      expect(held.err).toMatch(/is held by a running server.*GET \/api\/audit/);
    } finally {
      store.close();
    }
    const missing = await atlas('verify', '--db', path.join(tmp.dir, 'none.duckdb'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/there is no security database at/) });
  });

  it('records an ingest from the command line as the command-line user, with its SHA-256 and counts', async () => {
    const db = path.join(tmp.dir, 'cli-ingest.duckdb');
    const file = writeFile(tmp.dir, 'org.csv', GOOD.org);
    const ingest = await runAtlas(['ingest', 'org', file], { ATLAS_DB: db, ATLAS_LOG_LEVEL: 'silent' });
    expect(ingest.code, ingest.stderr).toBe(0);
    const listed = await runAtlas(['audit', 'list', '--format', 'json'], { ATLAS_DB: db });
    expect(listed.code, listed.stderr).toBe(0);
    const { entries } = JSON.parse(listed.stdout) as { entries: { action: string }[] };
    expect(entries).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^cli:/),
        action: 'ingest',
        target: file,
        outcome: 'ok',
        detail: expect.objectContaining({
          kind: 'org',
          status: 'COMMITTED',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      }),
    ]);
  });
});
