// Builds the web app (vite build) when dist/ is missing or older than any file under web/ or vite.config.ts,
// so `npm start` works on a fresh clone and stays fast afterwards.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist', 'index.html');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const sources = Math.max(
  newestMtime(path.join(root, 'web')),
  newestMtime(path.join(root, 'vite.config.ts')),
  newestMtime(path.join(root, 'package.json')),
);
if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) process.exit(0);

const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(vite)) {
  // vite is a devDependency: an install with --omit=dev can serve a dist/ built beforehand, but cannot build one.
  process.stderr.write(
    'dist/ is missing or older than web/, vite.config.ts or package.json, and vite is not installed ' +
      '(npm ci --omit=dev?): run `npm install && npm run build`, or `npm run atlas -- serve` to serve dist/ as it is.\n',
  );
  process.exit(1);
}
process.stderr.write('Building the web app (vite build)…\n');
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
