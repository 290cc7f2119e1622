/**
 * A template CSV per record kind: the kind's columns in the order of kinds.ts, and one example row taken from the
 * committed sample of that kind (sample-data/<kind>.csv), so the example is a row the generator and the validation
 * agree on. Its references (organisations, agreements, products) exist in the sample data, not necessarily in yours.
 */
import fs from 'node:fs';
import path from 'node:path';
import { csvCell } from '../csv.ts';
import { notFound } from '../errors.ts';
import { isKind, KIND_NAMES, KINDS, type KindName } from './kinds.ts';
import { splitCsvLine } from './readers.ts';

const SAMPLES = path.join(import.meta.dirname, '..', '..', 'sample-data');

const cache = new Map<KindName, string>();

export function templateCsv(kind: string): string {
  if (!isKind(kind))
    throw notFound(
      'unknown_kind',
      `no template for "${kind}"; the kinds are ${KIND_NAMES.join(', ')}`,
      { kind },
      `没有「${kind}」的模板；可用的类型为 ${KIND_NAMES.join('、')}`,
    );
  let text = cache.get(kind);
  if (text === undefined) {
    const columns = KINDS[kind].columns.map((c) => c.name);
    const example = exampleRow(kind);
    const row = columns.map((c) => csvCell(example.get(c) ?? ''));
    text = `${columns.join(',')}\r\n${row.join(',')}\r\n`;
    cache.set(kind, text);
  }
  return text;
}

/** The first data row of the kind's sample, by column name (empty when the sample is absent). */
function exampleRow(kind: KindName): Map<string, string> {
  const file = path.join(SAMPLES, `${kind}.csv`);
  if (!fs.existsSync(file)) return new Map();
  const [header, first] = fs.readFileSync(file, 'utf8').split(/\r?\n/, 2);
  const names = splitCsvLine(header, ',').map((n) => n.trim().toLowerCase());
  const values = splitCsvLine(first ?? '', ',');
  return new Map(names.map((n, i) => [n, values[i] ?? '']));
}
