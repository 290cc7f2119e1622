/** The dashboard measures (contract/dashboard.ts) with their labels, units and formatting. */
import type { Basis, Measure } from '../../../contract/dashboard.ts';
import type { AppState } from './app-state.svelte.ts';
import { defineMessages } from './i18n.ts';

export const MEASURES = [
  'registrations',
  'authorizations',
  'products',
  'calls',
  'amount',
  'paid_amount',
  'records',
  'users',
] as const satisfies readonly Measure[];
export const BASES = ['absolute', 'per_capita', 'per_gdp'] as const satisfies readonly Basis[];
export type { Basis, Measure };

export const measureMessages = defineMessages(
  {
    registrations: '新登记资源',
    authorizations: '有效授权协议',
    products: '新上线产品',
    calls: '调用次数',
    amount: '交易金额',
    paid_amount: '付费金额',
    records: '交付记录数',
    users: '使用方数量',
    'help.registrations': '期间内首次登记的公共数据资源（流量；“已登记资源数”则是期末仍有效的全部资源，为存量）',
    'help.authorizations': '授权期限与期间重叠、已确定运营单位的协议',
    'help.products': '期间内上线的数据产品和服务',
    'help.calls': '期间内的接口调用次数',
    'help.amount': '期间内的交易金额（含免费用途）',
    'help.paid_amount': '期间内的付费金额',
    'help.records': '期间内交付的记录数',
    'help.users': '期间内有使用记录的不同使用方',
    'unit.registrations': '项',
    'unit.authorizations': '个',
    'unit.products': '个',
    'unit.calls': '次',
    'unit.amount': '元',
    'unit.paid_amount': '元',
    'unit.records': '条',
    'unit.users': '家',
    'unit.per_capita': '{unit}/万人',
    'unit.per_gdp': '{unit}/亿元 GDP',
    'basis.absolute': '绝对值',
    'basis.per_capita': '每万人',
    'basis.per_gdp': '每亿元GDP',
    'label.measure': '指标',
    'label.basis': '口径',
  },
  {
    registrations: 'Newly registered resources',
    authorizations: 'Authorizations in force',
    products: 'Newly launched products',
    calls: 'Calls',
    amount: 'Transaction amount',
    paid_amount: 'Paid amount',
    records: 'Records delivered',
    users: 'Distinct users',
    'help.registrations':
      'Public data resources first registered in the period (a flow; "registered resources" counts every resource still registered at the window\'s end, a stock)',
    'help.authorizations': 'Agreements with an operator whose term overlaps the period',
    'help.products': 'Data products and services launched in the period',
    'help.calls': 'API calls in the period',
    'help.amount': 'Transaction amount in the period (free purposes included)',
    'help.paid_amount': 'Amount paid in the period',
    'help.records': 'Records delivered in the period',
    'help.users': 'Distinct user organisations with usage in the period',
    'unit.registrations': 'resources',
    'unit.authorizations': 'agreements',
    'unit.products': 'products',
    'unit.calls': 'calls',
    'unit.amount': 'CNY',
    'unit.paid_amount': 'CNY',
    'unit.records': 'records',
    'unit.users': 'organisations',
    'unit.per_capita': '{unit} per 10,000 residents',
    'unit.per_gdp': '{unit} per CNY 100 million GDP',
    'basis.absolute': 'Absolute',
    'basis.per_capita': 'Per 10,000 residents',
    'basis.per_gdp': 'Per 100 million CNY GDP',
    'label.measure': 'Measure',
    'label.basis': 'Basis',
  },
);

export const isMoney = (m: Measure) => m === 'amount' || m === 'paid_amount';

export function parseMeasure(v: string | null, fallback: Measure = 'calls'): Measure {
  return (MEASURES as readonly string[]).includes(v ?? '') ? (v as Measure) : fallback;
}

export function parseBasis(v: string | null): Basis {
  return (BASES as readonly string[]).includes(v ?? '') ? (v as Basis) : 'absolute';
}

/** The formatter of a measure under a basis: money stays money only in absolute terms. */
export function measureFormat(
  app: AppState,
  m: Measure,
  basis: Basis = 'absolute',
): (v: number | null | undefined) => string {
  if (basis !== 'absolute') return (v) => app.num(v);
  return isMoney(m) ? app.cny : app.num;
}

/** "调用次数（每万人）" / "Calls (per 10,000 residents)". */
export function measureTitle(app: AppState, m: Measure, basis: Basis = 'absolute'): string {
  const name = app.t(measureMessages, m);
  if (basis === 'absolute') return name;
  const b = app.t(measureMessages, `basis.${basis}`);
  return app.lang === 'zh-CN' ? `${name}（${b}）` : `${name} (${b})`;
}

/** The unit of a measure under a basis ("次", "次/万人"), for axes and the exported picture. */
export function measureUnit(app: AppState, m: Measure, basis: Basis = 'absolute'): string {
  const unit = app.t(measureMessages, `unit.${m}`);
  return basis === 'absolute' ? unit : app.t(measureMessages, `unit.${basis}`, { unit });
}
