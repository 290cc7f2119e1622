/**
 * Regional scope: which regions an account may see at record level (analyst SQL, evidence tables, rejects, exports)
 * and load (a steward's ingest). Aggregated indicators cover every region for everyone; records do not.
 *
 * A record belongs to one region, defined here once for every reader and writer of scoped data:
 * - org, registration, authorization: their own region_code (the holder's, the registering platform's, the granting
 *   region's);
 * - authorization_resource and product: the region of the authorization they belong to;
 * - usage and its rollup: the provider's region (as the dashboard filters read usage);
 * - ingest_warning: the region of the record it is about; ingest_reject: a rejected row may not name a valid region,
 *   so a batch's rejects are visible within the scope of whoever loaded the batch (ingest_batch.scope).
 * - record_history: the region of the old version it keeps, read from its JSON as REGION_OF reads a live row
 *   (HISTORY_REGION). A warning is about one version (table_name, record_key, batch_id): the live row when it came
 *   with that batch, otherwise the record_history row of that batch, and it has that version's region.
 * Reference tables (ref_*, enum_*) are the same for everyone.
 */

/** null: national (every region); otherwise the region codes (GB/T 2260 six digits). */
export type Scope = readonly string[] | null;

export const NATIONAL: Scope = null;

/** The record tables whose rows belong to a region. */
export const SCOPED_TABLES = [
  'org',
  'registration',
  'authorization',
  'authorization_resource',
  'product',
  'usage',
  'rollup_usage_month',
] as const;
export type ScopedTable = (typeof SCOPED_TABLES)[number];

/**
 * The region of a row of each table as a SQL expression over the row (aliased `t`): identifiers and SQL text are this
 * module's own constants, never input.
 */
export const REGION_OF: Record<ScopedTable, string> = {
  org: 't.region_code',
  registration: 't.region_code',
  authorization: 't.region_code',
  authorization_resource: '(SELECT a.region_code FROM "authorization" a WHERE a.auth_id = t.auth_id LIMIT 1)',
  product: '(SELECT a.region_code FROM "authorization" a WHERE a.auth_id = t.auth_id LIMIT 1)',
  usage: 't.provider_region_code',
  rollup_usage_month: 't.provider_region_code',
};

/** A SQL predicate on the rows of `table` (aliased `t`) that keeps those in the bound list `$param`. */
export function scopePredicate(table: ScopedTable, param = 'scope'): string {
  return `list_contains($${param}, ${REGION_OF[table]})`;
}

/** Whether a region is within a scope. */
export function inScope(scope: Scope, region: string | null | undefined): boolean {
  return scope === null || (region != null && scope.includes(region));
}

/** Whether every region of `inner` is within `outer` (a national inner is within a national outer only). */
export function scopeWithin(inner: Scope, outer: Scope): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((r) => outer.includes(r));
}

/** A scope as stable text (cache and snapshot keys): 'national', or the sorted codes joined by commas. */
export function scopeKey(scope: Scope): string {
  return scope === null ? 'national' : [...new Set(scope)].sort().join(',');
}

/** The record tables that ingestion loads, keeps old versions of and warns about. */
export type RecordTable = Exclude<ScopedTable, 'rollup_usage_month'>;

/**
 * The key columns of each record table, whose values joined by '|' are the record_key that ingestion writes to
 * record_history and ingest_warning (the kinds' keys in server/ingest/kinds.ts; scope.test.ts checks they agree).
 */
export const RECORD_KEY_COLUMNS: Record<RecordTable, readonly string[]> = {
  org: ['org_id'],
  registration: ['reg_event_id'],
  authorization: ['auth_id'],
  authorization_resource: ['auth_id', 'asset_uid'],
  product: ['product_id'],
  usage: ['usage_id'],
};

/**
 * The region of a record_history row (aliased `t`): that of the old version it keeps, read from its JSON the way
 * REGION_OF reads a live row (a product or granted resource: the authorization its old version names). NULL for a
 * table without a region rule, so such a row is visible to national readers only.
 */
export const HISTORY_REGION = `CASE t.table_name
  WHEN 'org' THEN t.record->>'region_code'
  WHEN 'registration' THEN t.record->>'region_code'
  WHEN 'authorization' THEN t.record->>'region_code'
  WHEN 'usage' THEN t.record->>'provider_region_code'
  WHEN 'product' THEN (SELECT a.region_code FROM "authorization" a WHERE a.auth_id = (t.record->>'auth_id') LIMIT 1)
  WHEN 'authorization_resource' THEN (SELECT a.region_code FROM "authorization" a WHERE a.auth_id = (t.record->>'auth_id') LIMIT 1)
END`;

/** A SQL predicate on the rows of record_history (aliased `t`) that keeps those in the bound list `$param`. */
export function historyScopePredicate(param = 'scope'): string {
  return `list_contains($${param}, ${HISTORY_REGION})`;
}

/**
 * A SQL predicate on a batch's scope (an ingest_batch.scope expression) that holds when every region the batch could
 * load lies within the bound list `$param`: a national batch (NULL) or one that could load nothing ([]) never does.
 */
export function batchScopeWithin(batchScope: string, param = 'scope'): string {
  return `(${batchScope} IS NOT NULL AND len(${batchScope}) > 0 AND list_has_all($${param}, ${batchScope}))`;
}
