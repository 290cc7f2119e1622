import type { BenchSuite } from './figures.ts';
import { sqlSuite } from './sql.ts';

/** Every benchmark suite, in the order `npm run bench` runs them. Each feature adds its suite here. */
export const SUITES: BenchSuite[] = [sqlSuite];
