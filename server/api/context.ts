import type { Router } from 'express';
import type { AuditSink } from '../audit-log.ts';
import type { Background } from './background.ts';
import type { AtlasDb } from '../db/database.ts';
import type { Logger } from '../log.ts';

/** What every route module receives: the database, the logger, and a place to register clean-up on shutdown. */
export interface AppContext {
  db: AtlasDb;
  log: Logger;
  /** The audit trail: record what a request did, and await it before answering (server/audit-log.ts). */
  audit: AuditSink;
  /** Whether to precompute views in the background (the server does; tests and commands do not). */
  warm: boolean;
  /** The server's own work, one job at a time in the order queued (server/api/background.ts). */
  background: Background;
  onClose(fn: () => void | Promise<void>): void;
}

/** A feature's routes, mounted under /api. May set up state first (for example the analyst SQL sandbox). */
export type RouteModule = (ctx: AppContext) => Router | Promise<Router>;
