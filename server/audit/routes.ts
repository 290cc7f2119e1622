import { once } from 'node:events';
import { Router, type Response } from 'express';
import { endpoints } from '../../contract/endpoints.ts';
import { route, SENT } from '../api/endpoint.ts';
import { csvHeader, csvLines } from './csv.ts';
import { eachChunk, listPage, type ReadStore } from './read.ts';

/** GET /api/audit (admins): the audit log, newest first, a page as JSON or every matching entry as CSV. */
export function auditRoutes(store: ReadStore): Router {
  const router = Router();
  route(router, endpoints.audit, async ({ query }, _req, res) => {
    const { limit, before, format, ...filter } = query;
    if (format === 'json') return listPage(store, filter, limit, before ?? null);
    res.type('text/csv; charset=utf-8');
    res.attachment(`atlas-audit-${new Date().toISOString().slice(0, 10)}.csv`);
    await write(res, '\uFEFF' + csvHeader());
    await eachChunk(store, filter, 'newest', (entries) => write(res, csvLines(entries)));
    res.end();
    return SENT;
  });
  return router;
}

/** Write and wait for the socket to drain when its buffer is full, so a slow reader holds back the query. */
async function write(res: Response, text: string): Promise<void> {
  if (res.destroyed) throw new Error('the client went away');
  if (res.write(text)) return;
  const done = new AbortController();
  try {
    await Promise.race([
      once(res, 'drain', { signal: done.signal }),
      once(res, 'close', { signal: done.signal }).then(() => Promise.reject(new Error('the client went away'))),
    ]);
  } finally {
    done.abort();
  }
}
