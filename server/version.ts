import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './db/paths.ts';

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
