// One name per concept (issue 24): the glossary's names are the only ones the pages use. A synonym that crept back
// into any page's messages fails here, with the canonical name to use instead.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Synonyms once used side by side on different pages, and the one name kept. */
const SYNONYMS: Record<string, string> = { 调用量: '调用次数', 用户数: '使用方数量' };

function messageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return messageFiles(p);
    return /messages\.ts$|\.svelte$/.test(e.name) ? [p] : [];
  });
}

describe('one name per concept', () => {
  it('no page names a concept by a synonym of its glossary name', () => {
    const root = path.join(import.meta.dirname, '..', '..');
    const found: string[] = [];
    for (const file of messageFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [synonym, name] of Object.entries(SYNONYMS))
        if (text.includes(synonym)) found.push(`${path.relative(root, file)}: ${synonym} → ${name}`);
    }
    expect(found).toEqual([]);
  });
});
