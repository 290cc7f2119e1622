import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../db/paths.ts';
import { tempDir } from '../test-support/server.ts';
import { processIo } from '../cli/command.ts';
import { compositeCommand } from './composite-command.ts';

// docs/methodology-format.md shows a spec, a table, the command's answer and its error for a broken copy of the spec:
// run them through `atlas composite` (in process) so the page cannot drift from what the engine accepts and prints.
const doc = fs.readFileSync(path.join(ROOT, 'docs/methodology-format.md'), 'utf8');
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));
const spec = JSON.parse(blocks.find((b) => b.lang === 'json')!.text) as {
  tree: { children: { weight?: number; column?: string; children?: { normalize?: unknown }[] }[] };
};
const session = blocks.find((b) => b.text.startsWith('$ cat table.csv'))!.text;
const [tablePart, answerPart] = session.split(/^\$ npm run --silent atlas -- composite .*\n/m);
const table = tablePart.replace('$ cat table.csv\n', '').trimEnd() + '\n';
const broken = blocks.find((b) => b.text.startsWith('atlas: bad.json'))!.text;

describe('docs/methodology-format.md', () => {
  let tmp: ReturnType<typeof tempDir>;
  let out = '';
  const f = (name: string) => path.join(tmp.dir, name);

  beforeAll(() => {
    tmp = tempDir('atlas-format-doc-');
    fs.writeFileSync(f('table.csv'), table);
    fs.writeFileSync(f('spec.json'), JSON.stringify(spec));
    // The three mistakes the page names: a negative weight, a misspelt column, a z-score under the geometric group.
    const bad = structuredClone(spec);
    bad.tree.children[0].children![1].normalize = { method: 'zscore' };
    bad.tree.children[1].column = 'fresh_shares';
    bad.tree.children[2].weight = -1;
    fs.writeFileSync(f('bad.json'), JSON.stringify(bad));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    out = '';
  });
  afterAll(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('shows the answer the command gives for the example', async () => {
    expect(await compositeCommand.run(['--data', f('table.csv'), '--spec', f('spec.json')], processIo)).toBe(0);
    expect(out).toBe(answerPart.trimEnd() + '\n');
  });

  it('shows the error the command gives for the broken copy', async () => {
    const err = await compositeCommand
      .run(['--data', f('table.csv'), '--spec', f('bad.json')], processIo)
      .catch((e) => e);
    expect(`atlas: ${(err as Error).message}`.replace(f('bad.json'), 'bad.json')).toBe(broken.trimEnd());
  });
});
