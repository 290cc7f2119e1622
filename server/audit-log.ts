/**
 * The writing side of the audit trail (docs/security.md "Audit trail"), shared so that every feature records through it
 * without depending on the audit feature (server/audit/, which lists, verifies and serves the log). The server hands
 * each route module an AuditSink (ctx.audit); a command on the server's machine takes `auditLogOf(store)` and records
 * with `cliActor()`.
 *
 * Entries go to the security database's audit_log table, each chained to the one before by its hash (entryHash).
 * Appends arriving while a transaction commits wait and are written together in the next one, in the order they were
 * recorded, so concurrent requests share a commit instead of queueing one commit each. `record` resolves once its
 * entry is committed: a route awaits it before answering, so an action the client saw succeed is never missing.
 */
import os from 'node:os';
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Request, Response } from 'express';
import type { AuditAction, AuditOutcome } from '../contract/audit.ts';
import { clientAddress, identityOf } from './api/identity.ts';
import { execute, queryOne } from './db/query.ts';
import { sqlFile } from './db/sql-files.ts';

/** One thing that happened, as a feature reports it. */
export interface AuditEvent {
  /** Who: an account name, 'local', cliActor(), or the name a failed sign-in gave. */
  actor: string;
  /** The client's address; none for the command line. */
  address?: string | null;
  action: AuditAction;
  /** What it was done to: an account, a token id, a file, a query id, a spec id. */
  target?: string | number | null;
  /** The facts of the action; JSON values only (undefined fields are left out). */
  detail?: Record<string, unknown>;
  outcome: AuditOutcome;
}

/** An entry as stored: every field the hash covers, as text the same everywhere (detail is canonical JSON). */
export interface StoredEntry {
  seq: number;
  /** UTC ISO 8601 with milliseconds ('2026-12-06T09:30:00.000Z'). */
  at: string;
  actor: string;
  address: string;
  action: string;
  target: string;
  detail: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

/** Where features record what they did. */
export interface AuditSink {
  /** Append one entry; resolves with it once it is committed (await it before answering). */
  record(event: AuditEvent): Promise<StoredEntry>;
}

/** The part of the security database the writer needs (server/auth/store.ts SecurityStore has it). */
export interface AuditStore {
  /** One transaction under the store's write lock. */
  write<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T>;
}

/** prev_hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);
/** The first element of the hashed array: names the serialisation, so a future one can be told apart. */
export const HASH_FORMAT = 'atlas-audit-1';

/**
 * SHA-256 (lower-case hex) of an entry: over the UTF-8 of the JSON array
 * `["atlas-audit-1", seq, at, actor, address, action, target, detail, outcome, prev_hash]` (JSON.stringify: no spaces,
 * seq a number, every other field the stored text). Any tool can recompute it from a row.
 */
export function entryHash(e: Omit<StoredEntry, 'hash'>): string {
  const fields = [HASH_FORMAT, e.seq, e.at, e.actor, e.address, e.action, e.target, e.detail, e.outcome, e.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** JSON with object keys sorted at every depth and undefined fields left out: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (value === undefined || typeof value === 'function') return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The actor of a command run on the server's machine: 'cli:' and the operating-system user. */
export function cliActor(): string {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? String(process.getuid?.() ?? 'unknown');
  }
  return `cli:${name}`;
}

/** Who made a request: the signed-in account ('local' in local mode; 'anonymous' when nobody) and the address. */
export function actorOf(req: Request, res: Response): { actor: string; address: string } {
  return { actor: identityOf(res)?.user ?? 'anonymous', address: clientAddress(req) };
}

/**
 * What an error says about an action: refused (a 4xx: the server said no) or failed, with the error's code and message
 * added to `detail`.
 */
export function errorOutcome(
  err: unknown,
  detail: Record<string, unknown> = {},
): { outcome: AuditOutcome; detail: Record<string, unknown> } {
  const e = err as { status?: number; code?: string; message?: string } | null;
  const refused = typeof e?.status === 'number' && e.status < 500;
  return {
    outcome: refused ? 'refused' : 'failed',
    detail: { ...detail, reason: e?.code ?? 'error', message: String(e?.message ?? err).slice(0, 1000) },
  };
}

interface Pending {
  event: AuditEvent;
  at: number;
  resolve(entry: StoredEntry): void;
  reject(err: unknown): void;
}

/** Entries in one transaction at most (the statement's lists stay small). */
const MAX_GROUP = 1000;

export class AuditLog implements AuditSink {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  /** The last committed entry; read from the table before the first append, and again after a failed one. */
  private head: { seq: number; hash: string } | null = null;
  /** Transactions written and entries appended (how well appends are grouped). */
  readonly stats = { transactions: 0, entries: 0 };

  constructor(private readonly store: AuditStore) {}

  record(event: AuditEvent): Promise<StoredEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, at: Date.now(), resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining) return;
    // an entry queued between the loop's last look and this callback starts the next round
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length) this.kick();
    });
  }

  /** Resolves once every entry recorded so far is committed (or has failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const group = this.queue.splice(0, MAX_GROUP);
      try {
        const entries = await this.store.write((con) => this.append(con, group));
        this.stats.transactions++;
        this.stats.entries += entries.length;
        group.forEach((p, i) => p.resolve(entries[i]));
      } catch (err) {
        this.head = null;
        for (const p of group) p.reject(err);
      }
    }
  }

  private async append(con: DuckDBConnection, group: Pending[]): Promise<StoredEntry[]> {
    let head = this.head;
    if (!head) {
      const last = await queryOne<{ seq: bigint | number; hash: string }>(con, sqlFile('security/audit_head'));
      head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    }
    const entries: StoredEntry[] = [];
    for (const p of group) {
      const e = p.event;
      const unhashed: Omit<StoredEntry, 'hash'> = {
        seq: head.seq + 1,
        at: new Date(p.at).toISOString(),
        actor: e.actor,
        address: e.address ?? '',
        action: e.action,
        target: e.target === null || e.target === undefined ? '' : String(e.target),
        detail: canonicalJson(e.detail ?? {}),
        outcome: e.outcome,
        prev_hash: head.hash,
      };
      const entry: StoredEntry = { ...unhashed, hash: entryHash(unhashed) };
      entries.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    const text = (k: Exclude<keyof StoredEntry, 'seq'>) => entries.map((e) => e[k]);
    await execute(con, sqlFile('security/audit_append'), {
      seq: entries.map((e) => e.seq),
      at_ms: group.map((p) => p.at),
      actor: text('actor'),
      address: text('address'),
      action: text('action'),
      target: text('target'),
      detail: text('detail'),
      outcome: text('outcome'),
      prev_hash: text('prev_hash'),
      hash: text('hash'),
    });
    // kept only if the transaction commits: a failed write resets it (drain)
    this.head = head;
    return entries;
  }
}

const logs = new WeakMap<AuditStore, AuditLog>();

/** The one writer of a store, so that everything recording in a process continues the same chain. */
export function auditLogOf(store: AuditStore): AuditLog {
  let log = logs.get(store);
  if (!log) logs.set(store, (log = new AuditLog(store)));
  return log;
}
