import type { BenchSuite } from './figures.ts';
import { sqlSuite } from './sql.ts';
import { indicatorsSuite } from './indicators.ts';
import { webSuite } from './web.ts';
import { pricingSuite } from './pricing.ts';
import { ingestSuite } from './ingest.ts';
import { portalSuite } from './portal.ts';
import { authSuite } from './auth.ts';
import { auditSuite } from './audit.ts';
import { loadSuite } from './load.ts';
import { faultsSuite } from './faults.ts';
import { soakSuite } from './soak.ts';
import { derivedSuite } from './derived.ts';
import { scaleSuite } from './scale.ts';

/** Every benchmark suite, in the order `npm run bench` runs them. Each feature adds its suite here. */
export const SUITES: BenchSuite[] = [
  ingestSuite,
  sqlSuite,
  indicatorsSuite,
  webSuite,
  pricingSuite,
  portalSuite,
  authSuite,
  auditSuite,
  loadSuite,
  faultsSuite,
  soakSuite,
  derivedSuite,
  scaleSuite,
];
