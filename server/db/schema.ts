import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { REFERENCE_DIR } from './paths.ts';
import { quoteString, stringStruct } from './sql-text.ts';
import { listSqlFiles, sqlFile } from './sql-files.ts';

/** Create every table and view of queries/schema/ (idempotent: each file is CREATE ... IF NOT EXISTS or OR REPLACE). */
export async function applySchema(con: DuckDBConnection): Promise<void> {
  for (const name of listSqlFiles('schema')) await con.run(sqlFile(name));
}

const REFERENCE_TABLES: { table: string; file: string; columns: Record<string, string> }[] = [
  {
    table: 'ref_region',
    file: 'regions.csv',
    columns: {
      region_code: 'VARCHAR',
      iso_3166_2: 'VARCHAR',
      name_zh: 'VARCHAR',
      name_zh_short: 'VARCHAR',
      name_en: 'VARCHAR',
      name_en_short: 'VARCHAR',
      admin_type: 'VARCHAR',
      region4: 'VARCHAR',
      region7: 'VARCHAR',
      pop_2020: 'BIGINT',
      gdp_2023_100m_cny: 'DECIMAL(12,1)',
      is_province: 'BOOLEAN',
      sort_order: 'INTEGER',
    },
  },
  {
    table: 'ref_sector',
    file: 'sectors.csv',
    columns: {
      sector_code: 'VARCHAR',
      name_zh: 'VARCHAR',
      name_en: 'VARCHAR',
      name_en_short: 'VARCHAR',
      is_data_elements_x: 'BOOLEAN',
      lead_ministry_zh: 'VARCHAR',
      gbt4754_sections: 'VARCHAR',
      sort_order: 'INTEGER',
    },
  },
  {
    table: 'enum_label',
    file: 'enums.csv',
    columns: {
      enum_name: 'VARCHAR',
      code: 'VARCHAR',
      label_zh: 'VARCHAR',
      label_en: 'VARCHAR',
      sort_order: 'INTEGER',
      is_free: 'BOOLEAN',
    },
  },
  {
    table: 'enum_synonym',
    file: 'enum_synonyms.csv',
    columns: { enum_name: 'VARCHAR', synonym: 'VARCHAR', code: 'VARCHAR' },
  },
];

/** The data lines of a shipped reference file, split at commas (read for their leading code columns, which hold none). */
function referenceLines(table: string): string[][] {
  const file = REFERENCE_TABLES.find((t) => t.table === table)!.file;
  return fs
    .readFileSync(path.join(REFERENCE_DIR, file), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','));
}

/**
 * The codes of the shipped reference lists, read without a connection (request parameters are checked against them):
 * region codes, sector codes, and each enumeration's codes by enum name.
 */
export const REFERENCE_CODES = {
  regions: new Set(referenceLines('ref_region').map((r) => r[0])),
  sectors: new Set(referenceLines('ref_sector').map((r) => r[0])),
  enum: (name: string) =>
    new Set(
      referenceLines('enum_label')
        .filter((r) => r[0] === name)
        .map((r) => r[1]),
    ),
};

/**
 * Replace the reference tables with the data shipped in server/db/reference/*.csv, in one transaction, so a database
 * always carries the reference data of the code that opened it. The paths are ours, never user input.
 */
export async function loadReferenceData(con: DuckDBConnection): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  try {
    for (const { table, file, columns } of REFERENCE_TABLES) {
      const csvPath = path.join(REFERENCE_DIR, file);
      await con.run(`DELETE FROM ${table}`);
      await con.run(
        `INSERT INTO ${table} BY NAME SELECT * FROM read_csv(${quoteString(csvPath)}, header = true, auto_detect = false, ` +
          `delim = ',', quote = '"', escape = '"', columns = ${stringStruct(columns)})`,
      );
    }
    await con.run('COMMIT');
  } catch (err) {
    await con.run('ROLLBACK');
    throw err;
  }
}
