// Every error a user can meet carries its Chinese text (the API answers message and message_zh; the web app shows the
// one of the page's language, issue 24). This reads the server's sources, so a new error without Chinese fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;
const CONSTRUCTORS = /\b(new AtlasError|badRequest|notFound|conflict)\(/g;
/**
 * Errors only the command line prints (the `atlas` commands, *command.ts, and "usage" errors with exit status 2): their
 * messages are English like the commands' --help.
 */
const CLI_ONLY = /^\(\s*'usage'/;
const CLI_FILE = /(^|[/-])command\.ts$|\/cli\//;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The argument list of the call whose opening parenthesis is at `open`. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{'.includes(text[i])) depth++;
    else if (')]}'.includes(text[i]) && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

describe('user-facing errors', () => {
  it('each has a Chinese message', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(ROOT).filter((f) => !CLI_FILE.test(path.relative(ROOT, f)))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(CONSTRUCTORS)) {
        const args = argumentsAt(text, m.index + m[0].length - 1);
        if (CLI_ONLY.test(args)) continue;
        seen++;
        // Chinese in the call, or passed on from a variable that holds it (zh, messageZh, message_zh)
        if (!/\p{Script=Han}|\b(zh|messageZh|message_zh)\b/u.test(args))
          missing.push(`${path.relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(seen).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
