/**
 * A small, consistent data set for the ingestion tests: every reference resolves and each warning rule fires once
 * (notes on the rows that do). Tests write these to files, then damage copies of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ingestFile, type IngestSummary } from './pipeline.ts';
import { AtlasDb } from '../db/database.ts';
import { queryRows } from '../db/query.ts';
import { quoteIdent } from '../db/sql-text.ts';
import { INGEST_ORDER, type KindName } from './kinds.ts';

export const GOOD: Record<KindName, string> = {
  org: `org_id,uscc,name,org_role,org_type,admin_level,region_code,sector_code,is_data_group
O1,11110000000000001X,北京市政务服务和数据管理局,GRANTING_AUTHORITY,PARTY_GOV_ORGAN,PROVINCIAL,110000,,false
O2,91110000000000002X,北京数据集团有限公司,OPERATOR,LOCAL_DATA_GROUP,PROVINCIAL,110000,,true
O3,12110000000000003X,北京市卫生健康大数据中心,DATA_HOLDER,PUBLIC_INSTITUTION,PROVINCIAL,110000,DEX08,false
U1,91310000000000004X,某商业银行,USER,BANK,,310000,DEX05,false
U2,91110000000000005X,某科技公司,USER,PRIVATE_ENTERPRISE,,110000,DEX06,false
`,
  // A2: term of 6.5 years (TERM_OVER_5_YEARS) and revenue above the allowed maximum (REVENUE_ABOVE_MAX).
  authorization: `auth_id,auth_mode,granting_authority_org_id,implementing_agency_org_id,operator_org_id,region_code,sector_code,scenario_name,selection_method,agreement_signed_at,term_start,term_end,max_allowed_revenue_cny,tariff_status,revenue_reported_cny,status,is_replicated_from
A1,SCENARIO,O1,,O2,110000,DEX05,普惠金融信贷风控,PUBLIC_TENDER,2025-01-10,2025-02-01,2028-01-31,5000000,TRIAL,3000000,ACTIVE,
A2,DOMAIN,O1,,O2,110000,DEX08,,COMPETITIVE_NEGOTIATION,2025-01-10,2025-01-01,2031-06-30,1000000,FORMAL,1500000,ACTIVE,A1
`,
  // R1 is compliant (notice Mon 2025-03-10 .. Fri 2025-03-21 = 10 working days, accepted after 2 working days).
  // R2: notice 5 working days, accepted after 5 working days, filed 25 working days after first operation.
  // R3: a CORE asset named in authorization A1.
  registration: `reg_event_id,asset_uid,reg_code,object_type,reg_type,registrant_org_id,platform_level,region_code,sector_code,in_authorized_scope,data_name,data_type,record_count,storage_gb,update_frequency,security_level,open_attribute,auth_id,status,submitted_at,accepted_at,notice_start,notice_end,registered_at,first_operation_date,quality_score
R1,AS1,PDR-110000-2025-000001,PUBLIC_DATA_RESOURCE,INITIAL,O3,PROVINCIAL,110000,DEX08,true,企业纳税信用等级数据,STRUCTURED_TABLE,2000000,5.5,DAILY,GENERAL,CONDITIONAL_OPEN,A1,REGISTERED,2025-03-03,2025-03-05,2025-03-10,2025-03-21,2025-03-24,2025-02-20,0.8
R2,AS2,,PUBLIC_DATA_RESOURCE,INITIAL,O3,PROVINCIAL,110000,DEX08,true,医疗机构执业登记数据,STRUCTURED_TABLE,150000,1.2,MONTHLY,IMPORTANT,NOT_OPEN,A2,REGISTERED,2025-04-07,2025-04-14,2025-04-21,2025-04-25,2025-04-28,2025-03-03,0.7
R3,AS3,,PUBLIC_DATA_RESOURCE,INITIAL,O3,PROVINCIAL,110000,DEX08,true,人口健康核心数据,STRUCTURED_TABLE,9000000,40,REALTIME,CORE,NOT_OPEN,A1,PUBLIC_NOTICE,2025-05-06,2025-05-07,2025-05-12,2025-05-23,,,
`,
  authorization_resource: `auth_id,asset_uid,granted_at,revoked_at
A1,AS1,2025-02-01,
A2,AS2,2025-01-01,
`,
  // P2 lists above its cap (PRICE_ABOVE_CAP).
  product: `product_id,product_name,auth_id,operator_org_id,sector_code,scenario_name,product_form,delivery_mode,charge_basis,cap_unit_price_cny,list_unit_price_cny,launched_at
P1,企业信用评分接口,A1,O2,DEX05,普惠金融信贷风控,API_QUERY,API,PER_CALL,1.00,0.80,2025-03-01
P2,医保核验服务,A2,O2,DEX08,,VERIFICATION,API,PER_CALL,0.50,0.60,2025-04-01
`,
  // US3 is public-governance use with a non-zero amount (FREE_PURPOSE_CHARGED); US2 crosses regions.
  usage: `usage_id,period_month,product_id,auth_id,provider_region_code,user_org_id,user_type,user_region_code,use_purpose,calls,records_delivered,data_volume_gb,amount_cny,success_rate,new_user
US1,2025-03,P1,A1,110000,U2,ENTERPRISE,110000,INDUSTRY_DEVELOPMENT,1000,5000,0.5,800.00,0.99,true
US2,2025-03,P1,A1,110000,U1,BANK,310000,SECTOR_DEVELOPMENT,20000,20000,2,16000.00,0.98,true
US3,2025-04,P2,A2,110000,U2,GOVERNMENT_UNIT,110000,PUBLIC_GOVERNANCE,300,300,0,5.00,1,false
US4,2025-04,P1,A1,110000,U2,ENTERPRISE,110000,INDUSTRY_DEVELOPMENT,1200,6000,0.6,960.00,0.99,false
`,
};

/** The load order (every reference points at something loaded before). */
export const ORDER: KindName[] = INGEST_ORDER;

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Ingest the good files in dependency order up to (not including) `until`. */
export async function loadGood(db: AtlasDb, dir: string, until?: KindName): Promise<IngestSummary[]> {
  const out: IngestSummary[] = [];
  for (const kind of ORDER) {
    if (kind === until) break;
    out.push(await ingestGood(db, dir, kind));
  }
  return out;
}

async function ingestGood(db: AtlasDb, dir: string, kind: KindName): Promise<IngestSummary> {
  const s = await ingestFile(db, { kind, path: writeFile(dir, `${kind}.csv`, GOOD[kind]) });
  if (s.status !== 'COMMITTED')
    throw new Error(
      `fixture ${kind} did not load: ${JSON.stringify(s.first_rejects)} ${JSON.stringify(s.file_errors)}`,
    );
  return s;
}

/** A state loadGood passes through: the good fixtures of every kind before this one, or 'all' of them. */
export type GoodState = KindName | 'all';

/**
 * A database file in dir for every state of loadGood, written by one run of it (a file database closed at each
 * state and copied). The test run builds them once (server/test-support/global-setup.ts); tests that only start from
 * the fixtures open a copy (openGoodCopy) instead of ingesting them again.
 */
export async function buildGoodDatabases(dir: string): Promise<Record<GoodState, string>> {
  const live = path.join(dir, 'good-live.duckdb');
  const out: Partial<Record<GoodState, string>> = {};
  const states: GoodState[] = [...ORDER, 'all'];
  for (const [i, state] of states.entries()) {
    const db = await AtlasDb.open({ path: live });
    try {
      if (i > 0) await ingestGood(db, dir, ORDER[i - 1]);
    } finally {
      // closed, the database is one complete file (its write-ahead log checkpointed): a copy is the same database
      db.close();
    }
    out[state] = path.join(dir, `good-before-${state}.duckdb`);
    fs.copyFileSync(live, out[state]);
  }
  return out as Record<GoodState, string>;
}

/** Row count and an order-independent hash of the content of every table: equal fingerprints, equal databases. */
export async function fingerprint(
  db: AtlasDb,
  opts: { exclude?: string[] } = {},
): Promise<Record<string, { rows: number; hash: string }>> {
  return db.withConnection(async (con) => {
    const tables = await queryRows<{ t: string }>(
      con,
      `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY 1`,
    );
    const out: Record<string, { rows: number; hash: string }> = {};
    for (const { t } of tables) {
      if (opts.exclude?.includes(t)) continue;
      // Table names come from the catalog, not from input.
      const q = quoteIdent(t);
      const [r] = await queryRows<{ rows: number; h: string }>(
        con,
        `SELECT count(*) AS rows, CAST(coalesce(bit_xor(hash(x)), 0) AS VARCHAR) AS h FROM ${q} x`,
      );
      out[t] = { rows: r.rows, hash: r.h };
    }
    return out;
  });
}
