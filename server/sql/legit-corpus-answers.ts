import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, StatementType, type Json } from '@duckdb/node-api';
import { AtlasDb } from '../db/database.ts';
import { LEGIT_QUERIES } from './legit-corpus.ts';
import { pruneToAnalystTables } from './snapshot-builder.ts';
import { loadWorkbenchData } from './test-data.ts';

/** Usage rows of the data the corpus runs on. */
export const CORPUS_USAGE_ROWS = 3_000;

/** DuckDB's answer to one corpus entry: its columns, its row count and its first row as DuckDB renders values in JSON. */
export interface CorpusAnswer {
  columns: string[];
  rows: number;
  first: Record<string, Json> | null;
}

export const ANSWERS_FILE = new URL('./legit-corpus.expected.json', import.meta.url);

/**
 * Run every corpus entry on a plain DuckDB instance (no sandbox) over the workbench test data and write the answers:
 * what the sandbox must give back. The data is pruned to what an analyst snapshot holds. A PIVOT without an IN list and the macro entries are several statements for
 * DuckDB: the answer is the last one's, as the DuckDB shell shows it.
 */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-corpus-answers-'));
  const db = await AtlasDb.open({ path: path.join(dir, 'atlas.duckdb') });
  try {
    await loadWorkbenchData(db, CORPUS_USAGE_ROWS);
    await db.withConnection((con) => con.run('CHECKPOINT'));
    // what an analyst snapshot holds (snapshot.ts): a copy pruned to the analyst tables
    fs.copyFileSync(path.join(dir, 'atlas.duckdb'), path.join(dir, 'snapshot.duckdb'));
    await db.withConnection((con) => pruneToAnalystTables(con, path.join(dir, 'snapshot.duckdb'), 'corpus_prune'));
  } finally {
    db.close();
  }
  const instance = await DuckDBInstance.create(path.join(dir, 'snapshot.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const answers: Record<string, CorpusAnswer> = {};
  try {
    for (const q of LEGIT_QUERIES) {
      const con = await instance.connect();
      try {
        const extracted = await con.extractStatements(q.sql);
        let last;
        for (let i = 0; i < extracted.count; i++) {
          const stmt = await extracted.prepare(i);
          const result = await stmt.runAndReadAll();
          // the BEGIN and COMMIT DuckDB puts around a PIVOT's expansion under EXPLAIN answer nothing of interest
          if (stmt.statementType !== StatementType.TRANSACTION) last = result;
        }
        const rows = last!.getRowObjectsJson();
        answers[q.name] = { columns: last!.columnNames(), rows: rows.length, first: rows[0] ?? null };
      } finally {
        con.closeSync();
      }
    }
  } finally {
    instance.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.writeFileSync(ANSWERS_FILE, JSON.stringify(answers, null, 1) + '\n');
  console.log(`${Object.keys(answers).length} answers written`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
