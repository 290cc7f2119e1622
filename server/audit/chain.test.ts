// The audit chain on a real security database file: a few hundred entries recorded concurrently verify; changing one
// stored field, deleting an entry, swapping two or cutting the newest ones is found and the first broken entry named;
// the chain continues across a restart and after a failed write.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../contract/audit.ts';
import { AuditLog, auditLogOf, entryHash, GENESIS_HASH, type AuditEvent, type AuditStore } from '../audit-log.ts';
import { SecurityStore, securityDbPath } from '../auth/store.ts';
import { queryRows } from '../db/query.ts';
import { listSqlFiles, sqlFile } from '../db/sql-files.ts';
import { tempDir } from '../test-support/server.ts';
import { eachChunk, listPage } from './read.ts';
import { verifyChain } from './verify.ts';

const tmp = tempDir('atlas-audit-chain-');
const mainDb = path.join(tmp.dir, 'atlas.duckdb');
const ENTRIES = 300;

const event = (i: number): AuditEvent => ({
  actor: ['alice', 'bob', 'local', 'cli:root'][i % 4],
  address: i % 4 === 3 ? null : `10.0.0.${i % 7}`,
  action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length],
  target: i % 5 ? `target-${i}` : null,
  detail: { i, sql: `SELECT ${i}\n-- "quoted", 中文`, nested: { z: 1, a: [1, 'two'] }, skipped: undefined },
  outcome: i % 9 ? 'ok' : 'refused',
});

/** A copy of the pristine log to damage, opened as a plain DuckDB instance. */
async function damaged(name: string, sql: string) {
  const file = path.join(tmp.dir, `${name}.security.duckdb`);
  fs.copyFileSync(securityDbPath(mainDb), file);
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  await con.run(sql);
  con.closeSync();
  const store = {
    async withConnection<T>(fn: (c: typeof con) => Promise<T>) {
      const c = await instance.connect();
      try {
        return await fn(c);
      } finally {
        c.closeSync();
      }
    },
  };
  try {
    return await verifyChain(store);
  } finally {
    instance.closeSync();
  }
}

beforeAll(async () => {
  const store = await SecurityStore.open(mainDb);
  const log = auditLogOf(store);
  // all at once, as concurrent requests would: grouped into few transactions, in the order they were recorded
  const recorded = await Promise.all(Array.from({ length: ENTRIES }, (_, i) => log.record(event(i))));
  expect(recorded.map((e) => e.seq)).toEqual(Array.from({ length: ENTRIES }, (_, i) => i + 1));
  expect(log.stats.transactions).toBeLessThan(ENTRIES / 10);
  store.close();
}, 60_000);
afterAll(() => tmp.cleanup());

describe('the audit chain', () => {
  it('binds its queries against the security schema', async () => {
    const store = await SecurityStore.open(path.join(tmp.dir, 'bind.duckdb'));
    try {
      const files = listSqlFiles('security').filter((n) => n.startsWith('security/audit_'));
      expect(files.length).toBeGreaterThanOrEqual(5);
      await store.withConnection(async (con) => {
        for (const name of files) await expect(con.prepare(sqlFile(name)), name).resolves.toBeDefined();
      });
    } finally {
      store.close();
    }
  });

  it('verifies a log of a few hundred entries, each linked to the one before by its hash', async () => {
    const store = await SecurityStore.open(mainDb);
    try {
      const report = await verifyChain(store);
      expect(report).toMatchObject({ entries: ENTRIES, broken: null, head: { seq: ENTRIES } });
      const rows = await store.withConnection((con) =>
        queryRows(con, 'SELECT seq, prev_hash, hash, detail FROM audit_log WHERE seq <= 2 ORDER BY seq'),
      );
      expect(rows[0].prev_hash).toBe(GENESIS_HASH);
      expect(rows[1].prev_hash).toBe(rows[0].hash);
      // detail is canonical JSON: keys sorted at every depth, undefined fields left out
      expect(rows[0].detail).toBe('{"i":0,"nested":{"a":[1,"two"],"z":1},"sql":"SELECT 0\\n-- \\"quoted\\", 中文"}');
    } finally {
      store.close();
    }
  });

  it('names the entry whose stored field was changed', async () => {
    for (const [column, value] of [
      ['actor', "'mallory'"],
      ['detail', `'{"i":137}'`],
      ['outcome', "'ok'"],
      ['occurred_at', 'occurred_at + INTERVAL 1 SECOND'],
      ['address', "''"],
    ]) {
      const where = column === 'outcome' ? 'seq = 136' : 'seq = 137';
      const report = await damaged(`changed-${column}`, `UPDATE audit_log SET ${column} = ${value} WHERE ${where}`);
      const seq = column === 'outcome' ? 136 : 137;
      expect(report.broken, column).toMatchObject({ seq, problem: 'changed' });
      expect(report.broken!.message).toMatch(new RegExp(`^entry #${seq} does not match its hash`));
    }
  });

  it('names a deleted entry, a duplicated one, and the first of two swapped', async () => {
    expect((await damaged('deleted', 'DELETE FROM audit_log WHERE seq = 200')).broken).toEqual({
      seq: 200,
      problem: 'missing',
      message: 'entry #200 is missing: #199 is followed by #201',
    });
    expect((await damaged('deleted-first', 'DELETE FROM audit_log WHERE seq <= 3')).broken).toMatchObject({
      seq: 1,
      problem: 'missing',
      message: 'entry #1 is missing: the log starts at #4',
    });
    const swapped = await damaged(
      'swapped',
      'UPDATE audit_log SET seq = CASE seq WHEN 50 THEN 60 ELSE 50 END WHERE seq IN (50, 60)',
    );
    expect(swapped.broken).toMatchObject({ seq: 50, problem: 'changed' });
    const duplicated = await damaged('duplicated', 'INSERT INTO audit_log SELECT * FROM audit_log WHERE seq = 80');
    expect(duplicated.broken).toMatchObject({ seq: 80, problem: 'duplicate' });
  });

  it('names the entry after one rewritten with a fresh hash of its own', async () => {
    // a forger who recomputes the changed entry's hash still breaks the link to it
    const store = await SecurityStore.open(mainDb);
    const [e] = await store.withConnection((con) =>
      queryRows<{ seq: number; at: string; prev_hash: string } & Record<string, string>>(
        con,
        `SELECT seq, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, actor, address, action, target, detail,
                outcome, prev_hash FROM audit_log WHERE seq = 120`,
      ),
    );
    store.close();
    const forged = { ...e, seq: Number(e.seq), actor: 'mallory' } as Parameters<typeof entryHash>[0];
    const sql = `UPDATE audit_log SET actor = 'mallory', hash = '${entryHash(forged)}' WHERE seq = 120`;
    const report = await damaged('forged', sql);
    expect(report.broken).toMatchObject({ seq: 121, problem: 'unlinked' });
    expect(report.broken!.message).toMatch(/^entry #121 does not follow #120: its prev_hash [0-9a-f]{12}… is not/);
  });

  it('cannot see the newest entries cut off without an anchor, and can with one', async () => {
    const store = await SecurityStore.open(mainDb);
    const { entries } = await listPage(store, {}, 1);
    store.close();
    const head = { seq: entries[0].seq, hash: entries[0].hash };
    const file = 'truncated';
    const cut = `DELETE FROM audit_log WHERE seq > ${ENTRIES - 5}`;
    expect((await damaged(file, cut)).broken).toBeNull();
    const copy = path.join(tmp.dir, `${file}.security.duckdb`);
    const instance = await DuckDBInstance.create(copy);
    const report = await verifyChain(
      {
        async withConnection(fn) {
          const c = await instance.connect();
          try {
            return await fn(c);
          } finally {
            c.closeSync();
          }
        },
      },
      head,
    );
    instance.closeSync();
    expect(report.broken).toEqual({
      seq: ENTRIES,
      problem: 'anchor',
      message: `entry #${ENTRIES} is missing: the log ends at #${ENTRIES - 5} (entries at its end were removed)`,
    });
  });

  it('continues the chain after a restart', async () => {
    const file = path.join(tmp.dir, 'restart.duckdb');
    for (let round = 0; round < 3; round++) {
      const store = await SecurityStore.open(file);
      await Promise.all([0, 1, 2, 3].map((i) => auditLogOf(store).record(event(round * 4 + i))));
      store.close();
    }
    const store = await SecurityStore.open(file);
    try {
      expect(await verifyChain(store)).toMatchObject({ entries: 12, broken: null, head: { seq: 12 } });
    } finally {
      store.close();
    }
  });

  it('keeps the chain whole when a write fails: the failed group is rejected and the next continues from the table', async () => {
    const store = await SecurityStore.open(path.join(tmp.dir, 'failing.duckdb'));
    let failNext = false;
    const flaky: AuditStore = {
      write: (fn) =>
        store.write(async (con) => {
          const out = await fn(con);
          if (failNext) {
            failNext = false;
            throw new Error('disk full');
          }
          return out;
        }),
    };
    const log = new AuditLog(flaky);
    try {
      await log.record(event(1));
      failNext = true;
      await expect(log.record(event(2))).rejects.toThrow('disk full');
      const after = await Promise.all([log.record(event(3)), log.record(event(4))]);
      expect(after.map((e) => e.seq)).toEqual([2, 3]);
      expect(await verifyChain(store)).toMatchObject({ entries: 3, broken: null });
    } finally {
      store.close();
    }
  });

  it('keeps concurrent appends from many writers in one chain, interleaved with other writes to the store', async () => {
    const store = await SecurityStore.open(path.join(tmp.dir, 'concurrent.duckdb'));
    try {
      const log = auditLogOf(store);
      expect(auditLogOf(store)).toBe(log);
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 25; i++) {
          await log.record(event(w * 100 + i));
          if (i % 10 === 0) await store.write((con) => con.run('SELECT 1').then(() => undefined));
        }
      });
      await Promise.all(writers);
      await log.flush();
      expect(await verifyChain(store)).toMatchObject({ entries: 200, broken: null });
      // each writer's entries in the order it recorded them
      const order: number[] = [];
      await eachChunk(store, {}, 'chain', (entries) => {
        order.push(...entries.map((e) => (JSON.parse(e.detail) as { i: number }).i));
      });
      for (let w = 0; w < 8; w++) {
        const mine = order.filter((i) => Math.floor(i / 100) === w);
        expect(mine).toEqual(Array.from({ length: 25 }, (_, i) => w * 100 + i));
      }
    } finally {
      store.close();
    }
  });
});
