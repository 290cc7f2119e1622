/** The audit log as CSV (GET /api/audit?format=csv, `atlas audit list`): one header line, then one line per entry. */
import { csvCell } from '../csv.ts';
import type { StoredEntry } from '../audit-log.ts';
import { CSV_COLUMNS } from './read.ts';

export const csvHeader = () => CSV_COLUMNS.join(',') + '\r\n';

export const csvLines = (entries: StoredEntry[]) =>
  entries.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(',') + '\r\n').join('');
