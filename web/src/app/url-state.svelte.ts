/**
 * The URL is the state: the page is the path, every shared choice a query parameter (docs/url-state.md).
 * UrlState reads the URL through an injectable UrlIO, so tests drive it without a browser and the browser's back and
 * forward buttons work because every user change is a history entry.
 */
import { untrack } from 'svelte';

/** How UrlState talks to the address bar. browserUrlIO() in the app, memoryUrlIO() in tests. */
export interface UrlIO {
  /** Current path and query string ("?a=1" or ""). */
  read(): { path: string; search: string };
  push(url: string): void;
  replace(url: string): void;
  /** Call fn when the URL changes from outside (back/forward). Returns the unsubscribe function. */
  listen(fn: () => void): () => void;
}

export function browserUrlIO(): UrlIO {
  return {
    read: () => ({ path: location.pathname, search: location.search }),
    push: (url) => history.pushState(null, '', url),
    replace: (url) => history.replaceState(null, '', url),
    listen: (fn) => {
      addEventListener('popstate', fn);
      return () => removeEventListener('popstate', fn);
    },
  };
}

/** An in-memory history with back/forward, for tests. */
export function memoryUrlIO(
  initial = '/',
): UrlIO & { back(): void; forward(): void; entries: string[]; index: number } {
  const listeners = new Set<() => void>();
  const io = {
    entries: [initial],
    index: 0,
    read() {
      const u = new URL(io.entries[io.index], 'http://x');
      return { path: u.pathname, search: u.search };
    },
    push(url: string) {
      io.entries = [...io.entries.slice(0, io.index + 1), url];
      io.index++;
    },
    replace(url: string) {
      io.entries[io.index] = url;
    },
    listen(fn: () => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    back() {
      if (io.index > 0) io.index--;
      listeners.forEach((f) => f());
    },
    forward() {
      if (io.index < io.entries.length - 1) io.index++;
      listeners.forEach((f) => f());
    },
  };
  return io;
}

/** The shared filters, with the names and formats of server/filters.ts. */
export const FILTER_PARAMS = ['from', 'to', 'regions', 'sectors', 'user_types', 'purposes'] as const;
const LIST_PARAMS = new Set<string>(['regions', 'sectors', 'user_types', 'purposes']);

/**
 * Parameters that stay when the user moves to another page. Everything else (sort, batch, …) belongs to one page and is
 * dropped on navigation, so a link never carries a stale choice into a page that does not understand it.
 */
export const SHARED_PARAMS: readonly string[] = [...FILTER_PARAMS, 'lang', 'region', 'measure', 'basis', 'indicator'];

/** Canonical parameter order, so two equal views have the same URL (and links compare equal). */
const ORDER = [...SHARED_PARAMS];

export type ParamValue = string | readonly string[] | null | undefined;
export type ParamPatch = Record<string, ParamValue>;

export class UrlState {
  path = $state('/');
  /** Raw query parameters; lists are comma-joined as in the URL. Read through get/list. */
  params = $state<Record<string, string>>({});
  private stop: () => void;

  constructor(private io: UrlIO) {
    this.sync();
    this.stop = io.listen(() => this.sync());
  }

  /**
   * Re-read the URL (after back/forward). Parameters are updated one by one, and only those that changed: whatever read
   * `lang` or `top` does not re-run (a chart does not repaint, a loader does not refetch) when only the period changes.
   */
  sync(): void {
    const { path, search } = this.io.read();
    this.path = path || '/';
    const next: Record<string, string> = Object.fromEntries(
      [...new URLSearchParams(search)].filter(([, v]) => v !== ''),
    );
    untrack(() => {
      for (const k of Object.keys(this.params)) if (!Object.hasOwn(next, k)) delete this.params[k];
      for (const [k, v] of Object.entries(next)) if (this.params[k] !== v) this.params[k] = v;
    });
  }

  get(name: string): string | null {
    return this.params[name] ?? null;
  }

  list(name: string): string[] {
    const v = this.params[name];
    return v ? v.split(',').filter(Boolean) : [];
  }

  /** Change parameters (null or [] removes one). A new history entry unless replace (for drags and typing). */
  set(patch: ParamPatch, opts: { replace?: boolean } = {}): void {
    const url = this.href(this.path, patch, { keepAll: true });
    if (url === this.current()) return;
    if (opts.replace) this.io.replace(url);
    else this.io.push(url);
    this.sync();
  }

  /** Go to another page, keeping the shared parameters. */
  navigate(path: string, patch: ParamPatch = {}): void {
    const url = this.href(path, patch);
    if (url === this.current()) return;
    this.io.push(url);
    this.sync();
  }

  /** Go to a URL of this site as it is (a path and query: the sign-in page, the page to come back to). */
  go(url: string, opts: { replace?: boolean } = {}): void {
    if (url === this.current()) return;
    if (opts.replace) this.io.replace(url);
    else this.io.push(url);
    this.sync();
  }

  /** The URL of `path` with the current shared parameters (all parameters when keepAll) changed by patch. */
  href(path: string, patch: ParamPatch = {}, opts: { keepAll?: boolean } = {}): string {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.params)) if (opts.keepAll || SHARED_PARAMS.includes(k)) next[k] = v;
    for (const [k, v] of Object.entries(patch)) {
      const text = Array.isArray(v) ? v.join(',') : (v as string | null | undefined);
      if (text === null || text === undefined || text === '') delete next[k];
      else next[k] = text;
    }
    const qs = serialize(next);
    return qs ? `${path}?${qs}` : path;
  }

  /**
   * The shared filters as a query string for the API ("from=2024-01&regions=110000"), or "". A province selected on the
   * map (`region`) narrows every view to it, except views that show all provinces and mark the selection
   * (selection: false).
   */
  filterQuery(extra: ParamPatch = {}, opts: { selection?: boolean } = {}): string {
    const out: Record<string, string> = {};
    for (const k of FILTER_PARAMS) if (this.params[k]) out[k] = this.params[k];
    if (opts.selection !== false && this.params.region) out.regions = this.params.region;
    for (const [k, v] of Object.entries(extra)) {
      const text = Array.isArray(v) ? v.join(',') : (v as string | null | undefined);
      if (text) out[k] = text;
    }
    return serialize(out);
  }

  isList(name: string): boolean {
    return LIST_PARAMS.has(name);
  }

  private current(): string {
    const qs = serialize(this.params);
    return qs ? `${this.path}?${qs}` : this.path;
  }

  destroy(): void {
    this.stop();
  }
}

function serialize(params: Record<string, string>): string {
  const keys = Object.keys(params).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  // Commas stay readable in lists; everything else is encoded.
  return keys.map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k]).replaceAll('%2C', ',')}`).join('&');
}

function rank(k: string): number {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.length : i;
}
