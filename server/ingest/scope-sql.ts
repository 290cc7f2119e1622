/**
 * A scoped steward's ingest: the SQL that refuses, as `out_of_scope`, the rows of a file that lie outside the steward's
 * regions, and the rows that would replace a stored record of another region. Both become problems of the staging view
 * (stage-sql.ts) like any other check, so such a row is rejected with file, line, field and value, and the rest follows
 * from that: it is not written, replaces nothing, has no warning and no rollup, and refuses a strict file.
 *
 * The region of a row (server/db/scope.ts): its region column, or for a product and a granted resource the region of
 * its authorization, which must already be stored (kinds load one per file, authorizations before them). A row whose
 * authorization is unknown has no region to test and is rejected as `unknown_reference` on auth_id, as for anyone.
 */
import { REGION_OF, type Scope } from '../db/scope.ts';
import { quoteString } from '../db/sql-text.ts';
import type { KindSpec } from './kinds.ts';

/** A scope the SQL can hold as constants: the region codes, each checked to be six digits. */
export function scopeRegions(scope: Scope): string[] | null {
  if (scope === null) return null;
  for (const code of scope)
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw new Error(`not a region code in a scope: ${code}`);
  return [...new Set(scope)].sort();
}

/**
 * true when the region `expr` is one of `regions` (false when it is NULL or the scope is empty). The codes are
 * inlined: the staging relation is a view, which cannot take bound parameters, and they are six digits (scopeRegions).
 */
export function inRegionsSql(expr: string, regions: readonly string[]): string {
  if (regions.length === 0) return 'false';
  return `coalesce(${expr} IN (${regions.map(quoteString).join(', ')}), false)`;
}

/** What the stored version of a record answers for the scope: its region, and the value to report in the reject. */
function storedRegion(spec: KindSpec): { region: string; value: string } {
  const table = spec.kind;
  return { region: REGION_OF[table], value: `t.${spec.region.column}` };
}

/**
 * The stored records that the file's keys would replace and that lie outside the scope (or whose region cannot be
 * found, which fails closed): `ingest_foreign` (key columns, stored_value). `keys` is the source's line-and-keys
 * relation (buildKeysSql).
 */
export function foreignRecordsSql(spec: KindSpec, keys: string, regions: readonly string[]): string {
  const stored = storedRegion(spec);
  const keyCols = spec.key.map((k) => `k.${k}`).join(', ');
  const match = spec.key.map((k) => `t.${k} = k.${k}`).join(' AND ');
  return `CREATE TEMP TABLE ingest_foreign AS
SELECT DISTINCT ${keyCols}, CAST(${stored.value} AS VARCHAR) AS stored_value
FROM (${keys}) k JOIN ${spec.tableSql} t ON ${match}
WHERE NOT ${inRegionsSql(stored.region, regions)}`;
}

/** Whether any stored record of the kind lies outside the scope: if none, no key of the file can replace one. */
export function anyForeignStoredSql(spec: KindSpec, regions: readonly string[]): string {
  return `SELECT count(*) > 0 AS n FROM (SELECT 1 FROM ${spec.tableSql} t WHERE NOT ${inRegionsSql(storedRegion(spec).region, regions)} LIMIT 1)`;
}

export interface StageScope {
  regions: readonly string[];
  /** ingest_foreign has rows: join it. */
  foreign: boolean;
}

/**
 * The scope's part of the staging view: joins and typed columns for the `p` step (over the raw values `r`), the
 * condition that makes a row bad, and its one problem item (field: the region column or auth_id; value: the file's
 * value when the row's own region is outside the scope, else the stored record's value).
 */
export function stageScopeParts(spec: KindSpec, scope: StageScope) {
  const col = spec.region.column;
  const joins: string[] = [];
  const typed: string[] = [];
  if (spec.region.viaAuthorization) {
    joins.push(
      `LEFT JOIN (SELECT auth_id, min(region_code) AS region FROM "authorization" GROUP BY auth_id) sc_auth ON sc_auth.auth_id = CAST(r.r_${col} AS VARCHAR)`,
    );
    typed.push('sc_auth.region AS scope_region');
  } else {
    // the region column's mapped code (stage-sql.ts joins every region column to the enum map as m_<column>)
    typed.push(`m_${col}.code AS scope_region`);
  }
  const ownOut = `(scope_region IS NOT NULL AND NOT ${inRegionsSql('scope_region', scope.regions)})`;
  let bad = ownOut;
  let value = `left(CAST(r_${col} AS VARCHAR), 200)`;
  if (scope.foreign) {
    joins.push(
      `LEFT JOIN ingest_foreign fo ON ${spec.key.map((k) => `fo.${k} = CAST(r.r_${k} AS VARCHAR)`).join(' AND ')}`,
    );
    typed.push('fo.stored_value AS scope_stored', `fo.${spec.key[0]} IS NOT NULL AS scope_foreign`);
    bad = `(${ownOut} OR scope_foreign)`;
    value = `CASE WHEN ${ownOut} THEN ${value} ELSE left(scope_stored, 200) END`;
  }
  return {
    joins,
    typed,
    bad,
    errItem: `{'f': '${col}', 'v': ${value}, 'c': CASE WHEN ${bad} THEN 'out_of_scope' END}`,
  };
}
