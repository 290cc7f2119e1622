/**
 * SQL over the staging table for the steps after validation: duplicate keys, rejects, and the upsert by key with
 * history. Identifiers come from the kind specs only; the batch id and file name are bound parameters.
 */
import type { KindSpec } from './kinds.ts';

const cols = (spec: KindSpec, alias: string) => spec.columns.map((c) => `${alias}.${c.name}`).join(', ');
const keyMatch = (spec: KindSpec, a: string, b: string) => spec.key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
const keyText = (spec: KindSpec, alias: string) => spec.key.map((k) => `${alias}.${k}`).join(` || '|' || `);

/** One ingest_reject row per problem; $codes/$messages give the English reason text. */
export const INSERT_STAGE_REJECTS = `INSERT INTO ingest_reject
SELECT $batch_id, $file_name, line, e.f, e.v, e.c, coalesce($messages[list_position($codes, e.c)], e.c)
FROM (SELECT line, unnest(errs) AS e FROM ingest_stage WHERE bad)`;

/**
 * The lines of the file whose key is already live, from the key columns alone (the staging view's other columns and
 * checks are not computed, and the live table is read by its key column): a new month of usage matches nothing, and
 * comparing whole rows against every live row cost seven times as much at 100M rows.
 */
export function knownKeysSql(spec: KindSpec): string {
  return `CREATE TEMP TABLE ingest_hits AS
SELECT s.line FROM ingest_stage s SEMI JOIN ${spec.tableSql} t ON ${keyMatch(spec, 's', 't')}`;
}

/** Accepted rows whose key is already live (among ingest_hits), and whether their content is identical. */
export function knownRowsSql(spec: KindSpec): string {
  return `CREATE TEMP TABLE ingest_known AS
SELECT s.line, (row(${cols(spec, 's')}) IS NOT DISTINCT FROM row(${cols(spec, 't')})) AS same
FROM ingest_stage s JOIN ${spec.tableSql} t ON ${keyMatch(spec, 's', 't')}
WHERE NOT s.bad AND s.line IN (SELECT line FROM ingest_hits)`;
}

export const EMPTY_KNOWN = 'CREATE TEMP TABLE ingest_known (line BIGINT, same BOOLEAN)';

const changedKeys = (spec: KindSpec) =>
  `(SELECT ${spec.key.map((k) => `s.${k}`).join(', ')} FROM ingest_stage s JOIN ingest_known k ON k.line = s.line WHERE NOT k.same)`;

/** The live versions about to be replaced, kept with the batch that brought them and the batch that replaces them. */
export function historySql(spec: KindSpec): string {
  return `INSERT INTO record_history
SELECT '${spec.table}', ${keyText(spec, 't')}, t.batch_id, $batch_id, now(), to_json(t)
FROM ${spec.tableSql} t JOIN ${changedKeys(spec)} c ON ${keyMatch(spec, 't', 'c')}`;
}

export function deleteReplacedSql(spec: KindSpec): string {
  return `DELETE FROM ${spec.tableSql} t USING ${changedKeys(spec)} c WHERE ${keyMatch(spec, 't', 'c')}`;
}

/** Insert every accepted row except those identical to the live version; answers the number of rows written. */
export function insertRowsSql(spec: KindSpec, anyKnown: boolean): string {
  const skip = anyKnown ? ` AND s.line NOT IN (SELECT line FROM ingest_known WHERE same)` : '';
  return `INSERT INTO ${spec.tableSql} (${spec.columns.map((c) => c.name).join(', ')}, batch_id)
SELECT ${cols(spec, 's')}, $batch_id FROM ingest_stage s WHERE NOT s.bad${skip}`;
}

/** Warnings are computed from the live rows of the batch; this gives them the line they came from (keys are unique
 * among the rows written, so the join finds one line). `keys` is the line-and-keys relation of the source. */
export function warningLinesSql(spec: KindSpec, keys: string): string {
  return `UPDATE ingest_warning w SET line = s.line FROM (${keys}) s
WHERE w.batch_id = $batch_id AND w.table_name = '${spec.table}' AND w.record_key = ${keyText(spec, 's')}`;
}
