import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

const svelteConfig = fileURLToPath(new URL('./svelte.config.js', import.meta.url));
const DURABILITY = ['server/**/durability.test.ts'];

export default defineConfig({
  root: 'web',
  plugins: [svelte({ configFile: svelteConfig })],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // ECharts and CodeMirror live in lazily loaded page chunks; the first page stays small.
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    root: '.',
    // One worker per core. Vitest's default leaves a core to its main process, which has little to do here: the test
    // files spend much of their time waiting on DuckDB's threads, child processes and sockets, so on a 2-core machine
    // one worker left a core idle (npm test: 4 min 5 s with one worker, 2 min 31 s with two).
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          root: '.',
          environment: 'node',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
          setupFiles: ['server/test-support/setup.ts'],
          exclude: [...configDefaults.exclude, ...DURABILITY],
          globalSetup: ['server/test-support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        // A child process killed and a small disk filled in the middle of ingests of millions of rows: the slowest tests,
        // run by `npm run test:durability` and by CI, not by `npm test`.
        extends: true,
        test: {
          name: 'durability',
          root: '.',
          environment: 'node',
          include: [...DURABILITY],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'web',
          root: '.',
          environment: 'jsdom',
          include: ['web/**/*.test.ts'],
          setupFiles: ['web/test-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
