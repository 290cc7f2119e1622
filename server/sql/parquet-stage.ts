import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBAppender, type DuckDBConnection, type DuckDBDataChunk, type DuckDBDecimalType, type DuckDBResult } from '@duckdb/node-api';
import { badRequest } from '../errors.ts';

/** Scalar column types the staging table can hold, spelled by code (never from text a query produced). */
const TYPE_SQL: Partial<Record<DuckDBTypeId, string>> = {
  [DuckDBTypeId.BOOLEAN]: 'BOOLEAN',
  [DuckDBTypeId.TINYINT]: 'TINYINT',
  [DuckDBTypeId.SMALLINT]: 'SMALLINT',
  [DuckDBTypeId.INTEGER]: 'INTEGER',
  [DuckDBTypeId.BIGINT]: 'BIGINT',
  [DuckDBTypeId.HUGEINT]: 'HUGEINT',
  [DuckDBTypeId.UTINYINT]: 'UTINYINT',
  [DuckDBTypeId.USMALLINT]: 'USMALLINT',
  [DuckDBTypeId.UINTEGER]: 'UINTEGER',
  [DuckDBTypeId.UBIGINT]: 'UBIGINT',
  [DuckDBTypeId.FLOAT]: 'FLOAT',
  [DuckDBTypeId.DOUBLE]: 'DOUBLE',
  [DuckDBTypeId.VARCHAR]: 'VARCHAR',
  [DuckDBTypeId.BLOB]: 'BLOB',
  [DuckDBTypeId.DATE]: 'DATE',
  [DuckDBTypeId.TIME]: 'TIME',
  [DuckDBTypeId.TIMESTAMP]: 'TIMESTAMP',
  [DuckDBTypeId.TIMESTAMP_S]: 'TIMESTAMP_S',
  [DuckDBTypeId.TIMESTAMP_MS]: 'TIMESTAMP_MS',
  [DuckDBTypeId.TIMESTAMP_NS]: 'TIMESTAMP_NS',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'TIMESTAMP WITH TIME ZONE',
  [DuckDBTypeId.INTERVAL]: 'INTERVAL',
  [DuckDBTypeId.UUID]: 'UUID',
};

/** A DuckDB identifier in double quotes (names come from the result DuckDB described, quoted so any text is inert). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Parquet export. The sandbox cannot write files, so its result chunks are appended (vectorised, appendDataChunk) to a
 * table in a private throwaway DuckDB file in a fresh temp folder, which then COPYs it to Parquet. This instance never
 * sees analyst SQL: only the fixed statements below, with column types spelled by code and names quoted. Its file access
 * is limited to its own folder and its memory is capped, so a large export spills instead of growing.
 */
export class ParquetStage {
  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    private readonly con: DuckDBConnection,
  ) {}

  private appender: DuckDBAppender | null = null;
  private names: string[] = [];

  static async open(memoryLimit = '256MB'): Promise<ParquetStage> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-export-'));
    const instance = await DuckDBInstance.create(path.join(dir, 'stage.duckdb'), { memory_limit: memoryLimit, threads: '1' });
    const con = await instance.connect();
    await con.run(`SET allowed_directories = ['${dir.replaceAll("'", "''")}/']`);
    await con.run('SET enable_external_access = false');
    await con.run('SET lock_configuration = true');
    return new ParquetStage(dir, instance, con);
  }

  /** Create the staging table for this result's columns; refuses nested types with a way out. */
  async start(result: DuckDBResult, names: string[]): Promise<void> {
    const cols = names.map((name, i) => {
      const id = result.columnTypeId(i);
      let type = TYPE_SQL[id];
      if (id === DuckDBTypeId.DECIMAL) {
        const t = result.columnType(i) as DuckDBDecimalType;
        type = `DECIMAL(${Number(t.width)}, ${Number(t.scale)})`;
      }
      if (!type) {
        throw badRequest(
          'export_unsupported_type',
          `column ${name} has type ${result.columnType(i).toString()}, which the Parquet export does not take; cast it (for example to VARCHAR) or export CSV or Arrow`,
          { column: name },
        );
      }
      return `c${i} ${type}`;
    });
    this.names = names;
    await this.con.run(`CREATE TABLE stage (${cols.join(', ')})`);
    this.appender = await this.con.createAppender('stage');
  }

  append(chunks: readonly DuckDBDataChunk[]): void {
    for (const chunk of chunks) this.appender!.appendDataChunk(chunk);
    this.appender!.flushSync();
  }

  /** Write the Parquet file and return its path. */
  async finish(): Promise<string> {
    this.appender?.closeSync();
    this.appender = null;
    const file = path.join(this.dir, 'result.parquet');
    const select = this.names.map((n, i) => `c${i} AS ${quoteIdent(n)}`).join(', ') || '*';
    await this.con.run(`COPY (SELECT ${select} FROM stage) TO '${file.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
    return file;
  }

  close(): void {
    try {
      this.appender?.closeSync();
    } catch {
      // the appender may already have failed; the folder is removed either way
    }
    this.con.closeSync();
    this.instance.closeSync();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
