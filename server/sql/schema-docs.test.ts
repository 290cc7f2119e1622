import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { applySchema, loadReferenceData } from '../db/schema.ts';
import { ANALYST_TABLES } from './analyst-tables.ts';
import { columnDoc, TABLE_DOCS } from './schema-docs.ts';

describe('schema descriptions', () => {
  it('describe every table and column an analyst can read, in Chinese and English', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    try {
      await applySchema(con);
      const rows = (
        await con.runAndReadAll(
          `SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY ALL`,
        )
      ).getRowObjects() as { table_name: string; column_name: string }[];
      const missing: string[] = [];
      for (const table of ANALYST_TABLES) {
        if (!TABLE_DOCS[table]?.zh || !TABLE_DOCS[table]?.en) missing.push(table);
        const cols = rows.filter((r) => r.table_name === table);
        expect(cols.length, table).toBeGreaterThan(0);
        for (const c of cols) {
          const doc = columnDoc(table, c.column_name);
          if (!doc?.zh.trim() || !doc.en.trim()) missing.push(`${table}.${c.column_name}`);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  it('mark exactly the free use purposes in enum_label, also in a database made before the flag', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    try {
      // the table as it was before is_free: the schema files add the column, the reference load fills it
      await con.run(`CREATE TABLE enum_label (enum_name VARCHAR NOT NULL, code VARCHAR NOT NULL, label_zh VARCHAR NOT NULL,
        label_en VARCHAR NOT NULL, sort_order INTEGER NOT NULL, PRIMARY KEY (enum_name, code))`);
      await applySchema(con);
      await loadReferenceData(con);
      const free = (
        await con.runAndReadAll(`SELECT enum_name, code FROM enum_label WHERE is_free ORDER BY ALL`)
      ).getRowObjects();
      expect(free).toEqual([
        { enum_name: 'use_purpose', code: 'PUBLIC_GOVERNANCE' },
        { enum_name: 'use_purpose', code: 'PUBLIC_WELFARE' },
      ]);
      const unset = await con.runAndReadAll(`SELECT count(*) FROM enum_label WHERE is_free IS NULL`);
      expect(Number(unset.getRows()[0][0])).toBe(0);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });
});
