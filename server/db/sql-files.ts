import fs from 'node:fs';
import path from 'node:path';
import { QUERIES_DIR } from './paths.ts';

const cache = new Map<string, string>();

/**
 * The text of queries/<name>.sql, for example sqlFile('dashboard/overview_kpis').
 * Names are restricted to folders and file names made of [a-z0-9_-], so a request can never name a file outside queries/.
 */
export function sqlFile(name: string): string {
  if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/.test(name)) throw new Error(`invalid query name: ${JSON.stringify(name)}`);
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(QUERIES_DIR, `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Every .sql file under queries/ (or a sub-folder), as names usable with sqlFile(), sorted. */
export function listSqlFiles(folder = ''): string[] {
  const base = path.join(QUERIES_DIR, folder);
  if (!fs.existsSync(base)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql'))
        out.push(
          path
            .relative(QUERIES_DIR, full)
            .replace(/\\/g, '/')
            .replace(/\.sql$/, ''),
        );
    }
  };
  walk(base);
  return out.sort();
}
