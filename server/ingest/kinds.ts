/**
 * What each ingestible kind looks like: its table, key, columns with their value type, which are required, and which
 * point at other records. Every SQL identifier the ingestion builds comes from these lists, never from a file.
 */

export type ValueType =
  | { t: 'text' }
  | { t: 'enum'; enumName: string }
  | { t: 'region' }
  | { t: 'sector' }
  | { t: 'date' }
  | { t: 'month' }
  | { t: 'int' }
  | { t: 'money' }
  | { t: 'double'; max?: number }
  | { t: 'bool' }
  | { t: 'json' };

export interface ColumnSpec {
  name: string;
  type: ValueType;
  /** A row without a value here is rejected (keys and NOT NULL columns). */
  required?: boolean;
  /** Used when the file has no value (the column is missing or the cell empty). A constant of ours, never user text. */
  defaultText?: string;
  /** The value must exist as this column of that table (in the database, or in the same file when it is this kind). */
  references?: { kind: KindName; column: string };
}

/** A rule over the typed values of one row; `when` is SQL over the kind's column names and means "reject". */
export interface RowCheck {
  field: string;
  code: string;
  when: string;
}

export interface KindSpec {
  kind: KindName;
  table: string;
  /** SQL name of the table (quoted where DuckDB reserves the word). */
  tableSql: string;
  key: string[];
  columns: ColumnSpec[];
  rowChecks?: RowCheck[];
  /**
   * The column of a file row that places it in a region, for a scoped steward's ingest (server/db/scope.ts REGION_OF
   * says the same of a stored row): a region column, or `auth_id` when the row lies in its authorization's region.
   */
  region: { column: string; viaAuthorization?: true };
}

export type KindName = 'org' | 'registration' | 'authorization' | 'authorization_resource' | 'product' | 'usage';

const text = { t: 'text' } as const;
const date = { t: 'date' } as const;
const money = { t: 'money' } as const;
const int = { t: 'int' } as const;
const bool = { t: 'bool' } as const;
const region = { t: 'region' } as const;
const sector = { t: 'sector' } as const;
const e = (enumName: string): ValueType => ({ t: 'enum', enumName });
const orgRef = { kind: 'org', column: 'org_id' } as const;
const authRef = { kind: 'authorization', column: 'auth_id' } as const;

export const KINDS: Record<KindName, KindSpec> = {
  org: {
    kind: 'org',
    region: { column: 'region_code' },
    table: 'org',
    tableSql: 'org',
    key: ['org_id'],
    columns: [
      { name: 'org_id', type: text, required: true },
      { name: 'uscc', type: text },
      { name: 'name', type: text, required: true },
      { name: 'org_role', type: e('org_role'), required: true },
      { name: 'org_type', type: e('org_type') },
      { name: 'admin_level', type: e('admin_level') },
      { name: 'region_code', type: region, required: true },
      { name: 'sector_code', type: sector },
      { name: 'is_data_group', type: bool },
    ],
  },
  authorization: {
    kind: 'authorization',
    region: { column: 'region_code' },
    table: 'authorization',
    tableSql: '"authorization"',
    key: ['auth_id'],
    columns: [
      { name: 'auth_id', type: text, required: true },
      { name: 'auth_mode', type: e('auth_mode'), required: true },
      { name: 'granting_authority_org_id', type: text, required: true, references: orgRef },
      { name: 'implementing_agency_org_id', type: text, references: orgRef },
      { name: 'operator_org_id', type: text, required: true, references: orgRef },
      { name: 'region_code', type: region, required: true },
      { name: 'sector_code', type: sector },
      { name: 'scenario_name', type: text },
      { name: 'selection_method', type: e('selection_method') },
      { name: 'agreement_signed_at', type: date },
      { name: 'term_start', type: date, required: true },
      { name: 'term_end', type: date, required: true },
      { name: 'max_allowed_revenue_cny', type: money },
      { name: 'tariff_status', type: e('tariff_status') },
      { name: 'revenue_reported_cny', type: money },
      { name: 'status', type: e('auth_status'), required: true },
      { name: 'is_replicated_from', type: text, references: authRef },
    ],
    rowChecks: [
      // data-model.md: sector_code is NULL only for OVERALL authorizations.
      {
        field: 'sector_code',
        code: 'sector_required',
        when: `sector_code IS NULL AND auth_mode IS NOT NULL AND auth_mode <> 'OVERALL'`,
      },
      { field: 'term_end', code: 'date_order', when: 'term_end < term_start' },
    ],
  },
  registration: {
    kind: 'registration',
    region: { column: 'region_code' },
    table: 'registration',
    tableSql: 'registration',
    key: ['reg_event_id'],
    columns: [
      { name: 'reg_event_id', type: text, required: true },
      { name: 'asset_uid', type: text, required: true },
      { name: 'reg_code', type: text },
      { name: 'object_type', type: e('object_type'), required: true },
      { name: 'reg_type', type: e('reg_type'), required: true },
      { name: 'registrant_org_id', type: text, references: orgRef },
      { name: 'registrant_name', type: text },
      { name: 'platform_level', type: e('platform_level') },
      { name: 'region_code', type: region, required: true },
      { name: 'city', type: text },
      { name: 'sector_code', type: sector },
      { name: 'in_authorized_scope', type: bool },
      { name: 'data_name', type: text, required: true },
      { name: 'content_summary', type: text },
      { name: 'data_type', type: e('data_type') },
      { name: 'data_format', type: text },
      { name: 'record_count', type: int },
      { name: 'storage_gb', type: { t: 'double' } },
      { name: 'update_frequency', type: e('update_frequency') },
      { name: 'security_level', type: e('security_level') },
      { name: 'sharing_attribute', type: e('sharing_attribute') },
      { name: 'open_attribute', type: e('open_attribute') },
      { name: 'product_form', type: e('product_form') },
      { name: 'auth_id', type: text, references: authRef },
      { name: 'status', type: e('reg_status'), required: true },
      { name: 'submitted_at', type: date },
      { name: 'accepted_at', type: date },
      { name: 'notice_start', type: date },
      { name: 'notice_end', type: date },
      { name: 'registered_at', type: date },
      { name: 'first_operation_date', type: date },
      { name: 'quality_score', type: { t: 'double', max: 1 } },
      { name: 'source', type: text, required: true, defaultText: 'registration-platform' },
      { name: 'source_ref', type: text },
      { name: 'raw', type: { t: 'json' } },
    ],
    rowChecks: [{ field: 'notice_end', code: 'date_order', when: 'notice_end < notice_start' }],
  },
  authorization_resource: {
    kind: 'authorization_resource',
    region: { column: 'auth_id', viaAuthorization: true },
    table: 'authorization_resource',
    tableSql: 'authorization_resource',
    key: ['auth_id', 'asset_uid'],
    columns: [
      { name: 'auth_id', type: text, required: true, references: authRef },
      { name: 'asset_uid', type: text, required: true, references: { kind: 'registration', column: 'asset_uid' } },
      { name: 'granted_at', type: date },
      { name: 'revoked_at', type: date },
    ],
    rowChecks: [{ field: 'revoked_at', code: 'date_order', when: 'revoked_at < granted_at' }],
  },
  product: {
    kind: 'product',
    region: { column: 'auth_id', viaAuthorization: true },
    table: 'product',
    tableSql: 'product',
    key: ['product_id'],
    columns: [
      { name: 'product_id', type: text, required: true },
      { name: 'product_name', type: text },
      { name: 'auth_id', type: text, required: true, references: authRef },
      { name: 'operator_org_id', type: text, required: true, references: orgRef },
      { name: 'sector_code', type: sector, required: true },
      { name: 'scenario_name', type: text },
      { name: 'product_form', type: e('product_form'), required: true },
      { name: 'delivery_mode', type: e('delivery_mode') },
      { name: 'charge_basis', type: e('charge_basis'), required: true },
      { name: 'cap_unit_price_cny', type: money },
      { name: 'list_unit_price_cny', type: money },
      { name: 'launched_at', type: date },
    ],
  },
  usage: {
    kind: 'usage',
    region: { column: 'provider_region_code' },
    table: 'usage',
    tableSql: 'usage',
    key: ['usage_id'],
    columns: [
      { name: 'usage_id', type: text, required: true },
      { name: 'period_month', type: { t: 'month' }, required: true },
      { name: 'product_id', type: text, required: true, references: { kind: 'product', column: 'product_id' } },
      { name: 'auth_id', type: text, references: authRef },
      { name: 'provider_region_code', type: region, required: true },
      { name: 'user_org_id', type: text, required: true, references: orgRef },
      { name: 'user_type', type: e('user_type'), required: true },
      { name: 'user_region_code', type: region, required: true },
      { name: 'use_purpose', type: e('use_purpose'), required: true },
      { name: 'calls', type: int, required: true },
      { name: 'records_delivered', type: int },
      { name: 'data_volume_gb', type: { t: 'double' } },
      { name: 'amount_cny', type: money, required: true },
      { name: 'success_rate', type: { t: 'double', max: 1 } },
      { name: 'new_user', type: bool },
    ],
  },
};

/** The order in which a full data set loads, so every reference points at something already there. */
export const INGEST_ORDER: KindName[] = [
  'org',
  'authorization',
  'registration',
  'authorization_resource',
  'product',
  'usage',
];

export const KIND_NAMES = Object.keys(KINDS) as KindName[];

export function isKind(name: string): name is KindName {
  return Object.hasOwn(KINDS, name);
}
