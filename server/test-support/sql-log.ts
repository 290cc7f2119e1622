import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DuckDBConnection } from '@duckdb/node-api';

/** One statement as a connection received it, with the URL of the HTTP request whose work ran it (null: none). */
export interface LoggedSql {
  text: string;
  request: string | null;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Records the SQL text of every statement any DuckDB connection of this process prepares or runs, while the real
 * methods still do the work: tests use it to see what a request asked the database (not to stand in for it). Each
 * statement carries the request it was run for, so background work (a rebuild after an ingest) is not mistaken for
 * the work of the request that happened to be running beside it.
 */
export class SqlLog {
  readonly entries: LoggedSql[] = [];
  private readonly request = new AsyncLocalStorage<string>();
  private readonly restore: (() => void)[] = [];

  constructor(server: Server) {
    const proto = DuckDBConnection.prototype as unknown as Record<string, unknown>;
    const { entries, request } = this;
    for (const name of Object.getOwnPropertyNames(DuckDBConnection.prototype)) {
      const original = Object.getOwnPropertyDescriptor(DuckDBConnection.prototype, name)?.value as unknown;
      if (name === 'constructor' || typeof original !== 'function') continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (typeof args[0] === 'string') entries.push({ text: args[0], request: request.getStore() ?? null });
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      this.restore.push(() => (proto[name] = original));
    }
    const listeners = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    for (const listener of listeners)
      server.on('request', (req: IncomingMessage, res: ServerResponse) =>
        request.run(req.url ?? '', () => listener(req, res)),
      );
    this.restore.push(() => {
      server.removeAllListeners('request');
      for (const listener of listeners) server.on('request', listener);
    });
  }

  /** The statements run for the request to `url` (path and query, as sent). */
  of(url: string): string[] {
    return this.entries.filter((e) => e.request === url).map((e) => e.text);
  }

  /** Forget what was recorded so far. */
  clear(): void {
    this.entries.length = 0;
  }

  stop(): void {
    for (const undo of this.restore) undo();
  }
}
