import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../db/paths.ts';
import { notFound } from '../errors.ts';
import { INDICATOR_IDS } from './catalog.ts';
import { parseSpec, type Spec } from './spec.ts';

/** The shipped methodologies (methodologies/*.json at the top of the repository), documented in docs/methodology.md. */
export const METHODOLOGY_DIR = path.join(ROOT, 'methodologies');

/** The columns of the indicator inputs as a spec sees them: the identifying columns (text) and every indicator. */
export const INPUT_COLUMN_TYPES = new Map<string, { numeric: boolean }>([
  ['entity', { numeric: false }],
  ['region_code', { numeric: false }],
  ['sector_code', { numeric: false }],
  ...[...INDICATOR_IDS].map((id) => [id, { numeric: true }] as [string, { numeric: boolean }]),
]);

let loaded: Map<string, Spec> | null = null;

/** Every shipped methodology, validated against the indicator inputs (a broken file fails loudly, naming it). */
export function methodologies(): Map<string, Spec> {
  if (loaded) return loaded;
  const out = new Map<string, Spec>();
  for (const file of fs
    .readdirSync(METHODOLOGY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const full = path.join(METHODOLOGY_DIR, file);
    try {
      const spec = parseSpec(JSON.parse(fs.readFileSync(full, 'utf8')), INPUT_COLUMN_TYPES);
      out.set(spec.id, spec);
    } catch (err) {
      throw new Error(`methodologies/${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  loaded = out;
  return out;
}

export function methodology(id: string): Spec {
  const spec = methodologies().get(id);
  if (!spec)
    throw notFound(
      'unknown_index',
      `no methodology "${id}"; available: ${[...methodologies().keys()].join(', ')}`,
      {
        field: 'index',
        value: id,
      },
      `没有方法「${id}」；可用的方法：${[...methodologies().keys()].join('、')}`,
    );
  return spec;
}
