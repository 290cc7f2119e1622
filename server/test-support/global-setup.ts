/**
 * Set-up of the server test project, once per run before any test file: the databases several test files start from,
 * built here once instead of in every test (each test opens its own copy, so none sees another's writes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildGoodDatabases, type GoodState } from '../ingest/fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Database files holding the ingestion fixtures (server/ingest/fixtures.ts), by state; open with openGoodCopy. */
    goodDatabases: Record<GoodState, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-shared-databases-'));
  project.provide('goodDatabases', await buildGoodDatabases(dir));
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
