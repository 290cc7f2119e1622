/**
 * Loads data for a view and re-loads when what it depends on changes, cancelling the request it replaces.
 * Pages create one per endpoint: `const kpis = new Loader(() => getJson(...))` inside a component; reading any $state in
 * the fetch function (the URL, a selector) makes it a dependency.
 */
import { ApiError } from './api.ts';

export type LoadState = 'loading' | 'ready' | 'error';

export class Loader<T> {
  state = $state<LoadState>('loading');
  data = $state.raw<T | undefined>(undefined);
  error = $state.raw<ApiError | Error | undefined>(undefined);
  /** Increases each time fresh data arrives (charts and the benchmark use it to know a repaint is due). */
  version = $state(0);
  private controller: AbortController | undefined;
  private retries = $state(0);

  constructor(private fetcher: (signal: AbortSignal) => Promise<T>) {
    $effect(() => {
      void this.retries;
      this.controller?.abort();
      const controller = new AbortController();
      this.controller = controller;
      this.state = 'loading';
      const pending = this.fetcher(controller.signal);
      pending.then(
        (data) => {
          if (controller.signal.aborted) return;
          this.data = data;
          this.error = undefined;
          this.state = 'ready';
          this.version++;
        },
        (err: Error) => {
          if (controller.signal.aborted || err.name === 'AbortError') return;
          this.error = err;
          this.state = 'error';
        },
      );
      return () => controller.abort();
    });
  }

  retry(): void {
    this.retries++;
  }
}
