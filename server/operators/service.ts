/**
 * Operators and pricing oversight: the operators' footprint and results, their products' prices, and the worklist of
 * pricing and authorization checks, each limited to the agreements within the reader's regional scope (scope.ts: an
 * agreement and its products belong to the agreement's region, usage to the provider's region).
 */
import type {
  CompareQuery,
  CustomerType,
  DetailAgreement,
  DetailMonth,
  DetailProduct,
  FindingRow,
  FindingsQuery,
  OperatorComparison,
  OperatorDetail,
  OperatorDetailQuery,
  OperatorRow,
  Operators,
  OperatorsQuery,
  Replication,
} from '../../contract/operators.ts';
import type { AtlasDb } from '../db/database.ts';
import { queryArrow, queryRows, queryRowsTable, type Row, type RowsTable, type SqlParams } from '../db/query.ts';
import { scopeKey, type Scope } from '../db/scope.ts';
import { sqlFile } from '../db/sql-files.ts';
import { checkKnownCodes, EMPTY_FILTERS } from '../filters.ts';
import type { TableResult } from '../api/respond.ts';
import { notFound } from '../errors.ts';
import { RecordViews, type RecordPeriod } from '../record-views.ts';
import { compareOperators, MIN_MONTHS, type CompareMonthRow } from './compare.ts';

/** A row of detail_customers.sql: a user type's counts, and one named customer of it (or none). */
type CustomerRow = {
  user_type: string;
  customers: number;
  unnamed_customers: number;
  calls: number;
  amount_cny: number;
  all_customers: number;
  user_org_id: string | null;
  customer_name: string | null;
  customer_calls: number | null;
  customer_amount_cny: number | null;
};

/** Answers kept per data version: a page's three requests and a filter set seen before answer from memory. */
const CACHE_SIZE = 48;

export class OperatorService {
  private readonly views: RecordViews;

  constructor(private readonly db: AtlasDb) {
    this.views = new RecordViews(db, CACHE_SIZE);
  }

  operators(q: OperatorsQuery, scope: Scope): Promise<Operators> {
    return this.views.cached(`operators|${scopeKey(scope)}|${JSON.stringify(q)}`, () =>
      this.computeOperators(q, scope),
    );
  }

  private async computeOperators(q: OperatorsQuery, scope: Scope): Promise<Operators> {
    const period = await this.views.period(q.year);
    if (period.last_month === null) return { period, operators: [] };
    const params = this.params(q, scope, period);
    // the worklist the page asks for beside this answer (same key): computed once for both
    const [rows, findings] = await Promise.all([
      this.db.withConnection((con) =>
        queryRows<Omit<OperatorRow, 'violations' | 'risks' | 'amount_at_stake_cny'>>(
          con,
          sqlFile('operators/operators'),
          params,
        ),
      ),
      this.findings({ ...q, rules: [] }, scope, 'rows'),
    ]);
    const worklist = (findings.table as RowsTable).rows as FindingRow[];
    const tally = new Map<string, { violations: number; risks: number; amount: number }>();
    for (const f of worklist) {
      const t = tally.get(f.operator_org_id) ?? { violations: 0, risks: 0, amount: 0 };
      if (f.severity === 'violation') {
        t.violations++;
        t.amount += f.amount_cny ?? 0;
      } else t.risks++;
      tally.set(f.operator_org_id, t);
    }
    const operators = rows.map((r) => {
      const t = tally.get(r.operator_org_id);
      return {
        ...r,
        violations: t?.violations ?? 0,
        risks: t?.risks ?? 0,
        amount_at_stake_cny: Math.round((t?.amount ?? 0) * 100) / 100,
      };
    });
    return { period, operators };
  }

  /** One operator's agreements, products, months, customers and replications, within the reader's scope. */
  detail(id: string, q: OperatorDetailQuery, scope: Scope): Promise<OperatorDetail> {
    return this.views.cached(`detail|${id}|${scopeKey(scope)}|${JSON.stringify(q)}`, () =>
      this.computeDetail(id, q, scope),
    );
  }

  private async computeDetail(id: string, q: OperatorDetailQuery, scope: Scope): Promise<OperatorDetail> {
    const period = await this.views.period(q.year);
    const params: SqlParams = {
      national: scope === null,
      scope: scope ?? [],
      operator: id,
      last_month: period.last_month ?? '1970-01',
      year: period.year,
    };
    const rows = <T extends Row>(file: string, p: SqlParams = params) =>
      this.db.withConnection((con) => queryRows<T>(con, sqlFile(`operators/${file}`), p));
    const [head] = await rows<OperatorDetail['operator']>('detail_operator', {
      national: params.national,
      scope: params.scope,
      operator: id,
    });
    if (!head)
      throw notFound(
        'unknown_operator',
        `no operator ${id} has an agreement you may see`,
        { field: 'id', value: id },
        `没有您可查看其授权协议的运营机构 ${id}`,
      );
    const [agreements, products, months, customerRows, replicated] = await Promise.all([
      rows<DetailAgreement>('detail_agreements'),
      rows<DetailProduct>('detail_products', { national: params.national, scope: params.scope, operator: id }),
      rows<DetailMonth>('detail_months', { national: params.national, scope: params.scope, operator: id }),
      rows<CustomerRow>('detail_customers', {
        national: params.national,
        scope: params.scope,
        operator: id,
        top: q.top,
      }),
      rows<Replication>('detail_replicated', { national: params.national, scope: params.scope, operator: id }),
    ]);
    const customers: CustomerType[] = [];
    for (const r of customerRows) {
      let t = customers.at(-1);
      if (t?.user_type !== r.user_type) {
        t = {
          user_type: r.user_type,
          customers: r.customers,
          unnamed_customers: r.unnamed_customers,
          calls: r.calls,
          amount_cny: r.amount_cny,
          top: [],
        };
        customers.push(t);
      }
      if (r.user_org_id !== null)
        t.top.push({
          user_org_id: r.user_org_id,
          name: r.customer_name,
          calls: r.customer_calls ?? 0,
          amount_cny: r.customer_amount_cny ?? 0,
        });
    }
    // ratios of sums over the months, which cover all of the operator's usage within the scope
    const calls = months.reduce((s, m) => s + m.calls, 0);
    const freeCalls = months.reduce((s, m) => s + m.free_calls, 0);
    const amount = months.reduce((s, m) => s + m.amount_cny, 0);
    return {
      period,
      operator: head,
      totals: {
        calls,
        free_calls: freeCalls,
        free_call_share: calls > 0 ? freeCalls / calls : null,
        amount_cny: Math.round(amount * 100) / 100,
        customers: customerRows[0]?.all_customers ?? 0,
      },
      agreements,
      products,
      months,
      customers,
      replicated_from: replicated,
    };
  }

  /** The operators of the selection on the outcome indicators, with intervals and ranks (compare.ts). */
  async compare(q: CompareQuery, scope: Scope): Promise<OperatorComparison> {
    // every operator's figures are kept, so another choice of ids in the same selection answers from memory
    const { ids, ...selection } = q;
    const all = await this.views.cached(`compare|${scopeKey(scope)}|${JSON.stringify(selection)}`, () =>
      this.computeCompare(selection, scope),
    );
    if (!ids) return all;
    const wanted = new Set(ids);
    return { ...all, operators: all.operators.filter((o) => wanted.has(o.operator_org_id)) };
  }

  private async computeCompare(q: Omit<CompareQuery, 'ids'>, scope: Scope): Promise<OperatorComparison> {
    const period = await this.views.period(q.year);
    const rows =
      period.last_month === null
        ? []
        : await this.db.withConnection((con) =>
            queryRows<CompareMonthRow>(con, sqlFile('operators/compare_months'), this.params(q, scope, period)),
          );
    const result = compareOperators(rows, period.last_month, { draws: q.draws, seed: q.seed });
    return { period, min_months: MIN_MONTHS, draws: q.draws, ...result };
  }

  /** The worklist, in the form the request asked for (Arrow, or rows for JSON and CSV). */
  findings(q: FindingsQuery, scope: Scope, shape: 'arrow' | 'rows') {
    return this.table('operators/findings', q, scope, shape, { rules: q.rules });
  }

  products(q: OperatorsQuery, scope: Scope, shape: 'arrow' | 'rows') {
    return this.table('operators/products', q, scope, shape, {});
  }

  private table(file: string, q: OperatorsQuery, scope: Scope, shape: 'arrow' | 'rows', extra: SqlParams) {
    return this.views.cached(`${file}|${shape}|${scopeKey(scope)}|${JSON.stringify({ ...q, ...extra })}`, () =>
      this.computeTable(file, q, scope, shape, extra),
    );
  }

  private async computeTable(
    file: string,
    q: OperatorsQuery,
    scope: Scope,
    shape: 'arrow' | 'rows',
    extra: SqlParams,
  ): Promise<{ table: TableResult; meta: Record<string, string | number> }> {
    const period = await this.views.period(q.year);
    const meta: Record<string, string | number> = {};
    if (period.year !== null) meta.year = period.year;
    if (period.last_month !== null) meta.last_month = period.last_month;
    // an empty database has no period: the queries still run and find nothing
    const params = {
      ...this.params(q, scope, { last_month: period.last_month ?? '1970-01', year: period.year ?? 0 }),
      ...extra,
    };
    const table = await this.db.withConnection((con): Promise<TableResult> =>
      shape === 'arrow' ? queryArrow(con, sqlFile(file), params) : queryRowsTable(con, sqlFile(file), params),
    );
    return { table, meta };
  }

  private params(q: OperatorsQuery, scope: Scope, period: RecordPeriod): SqlParams {
    checkKnownCodes({ ...EMPTY_FILTERS, regions: q.regions, sectors: q.sectors });
    return {
      national: scope === null,
      scope: scope ?? [],
      regions: q.regions,
      sectors: q.sectors,
      modes: q.modes,
      year: period.year,
      last_month: period.last_month,
    };
  }
}
