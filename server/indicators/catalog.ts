// Every indicator of queries/indicators/inputs.sql with its bilingual name, unit and definition: what GET /api/indicators
// serves and what a methodology spec may name as a column. The list is also the allowlist of indicator columns.

export type Side = 'supply' | 'demand' | 'readiness' | 'reference';

export interface Indicator {
  id: string;
  side: Side;
  name: { zh: string; en: string };
  unit: { zh: string; en: string };
  definition: { zh: string; en: string };
  /** How the indicator combines above the cell level. */
  aggregation: 'sum' | 'ratio_of_sums' | 'distinct_count';
  /** Whether a higher value is better for the entity (the default direction in a spec). */
  higherIsBetter: boolean;
  /**
   * Whether the value depends on how many of the window's months have data: sums and distinct counts over the window,
   * their per-capita variants, growth between its halves. False for stocks at the window's end and for ratios within
   * one window. A previous window the data cover only in part is no comparison for a flow (8 months of calls against 12).
   */
  flow: boolean;
}

export const SOURCE_QUERY = 'queries/indicators/inputs.sql';

const U = {
  count: { zh: '个', en: 'count' },
  records: { zh: '条', en: 'records' },
  share: { zh: '比例（0–1）', en: 'share (0–1)' },
  cny: { zh: '元', en: 'CNY' },
  calls: { zh: '次', en: 'calls' },
  users: { zh: '家', en: 'organisations' },
  score: { zh: '分（0–1）', en: 'score (0–1)' },
  growth: { zh: '增长率', en: 'growth rate' },
};

const live = {
  zh: '窗口期末已登记且未注销的公共数据资源（取当时有效版本）',
  en: 'public data resources registered by the end of the window and not cancelled (in the version current then)',
};

function ind(
  id: string,
  side: Side,
  zh: string,
  en: string,
  unit: Indicator['unit'],
  defZh: string,
  defEn: string,
  aggregation: Indicator['aggregation'] = 'sum',
  higherIsBetter = true,
): Indicator {
  return {
    id,
    side,
    name: { zh, en },
    unit,
    definition: { zh: defZh, en: defEn },
    aggregation,
    higherIsBetter,
    flow: false,
  };
}

const flow = (i: Indicator): Indicator => ({ ...i, flow: true });

export const INDICATORS: Indicator[] = [
  ind(
    'registered_resources',
    'supply',
    '已登记资源数',
    'Registered resources',
    U.count,
    `${live.zh}的数量`,
    `Number of ${live.en}.`,
  ),
  ind(
    'total_records',
    'supply',
    '数据记录总量',
    'Total records',
    U.records,
    `${live.zh}的记录数（record_count）之和`,
    `Sum of record_count over ${live.en}.`,
  ),
  ind(
    'fresh_share',
    'supply',
    '高频更新占比',
    'Fresh share',
    U.share,
    '更新频率为实时、每日或每周的资源占已登记资源的比例',
    'Share of registered resources updated in real time, daily or weekly.',
    'ratio_of_sums',
  ),
  ind(
    'open_share',
    'supply',
    '开放资源占比',
    'Open share',
    U.share,
    '开放属性为无条件开放或有条件开放的资源占比',
    'Share of registered resources that are unconditionally or conditionally open.',
    'ratio_of_sums',
  ),
  ind(
    'important_share',
    'supply',
    '重要数据占比',
    'Important-data share',
    U.share,
    '安全级别为“重要数据”的资源占比（安全结构）',
    'Share of registered resources at security level IMPORTANT (the security mix).',
    'ratio_of_sums',
    false,
  ),
  ind(
    'compliant_share',
    'supply',
    '登记合规率',
    'Registration compliance',
    U.share,
    '当前有效登记版本未触发任何导入警告规则（公示期、受理时限、逾期登记等）的资源占比',
    'Share of registered resources whose current registration event raised no ingest warning (notice period, acceptance time, late filing, …).',
    'ratio_of_sums',
  ),
  ind(
    'late_filing_share',
    'supply',
    '逾期登记占比',
    'Late-filing share',
    U.share,
    '首次运营后超过 20 个工作日才提交登记（FILING_LATE 警告）的资源占比',
    'Share of registered resources filed more than 20 working days after first operation (FILING_LATE warning).',
    'ratio_of_sums',
    false,
  ),
  ind(
    'mean_quality',
    'supply',
    '平均质量分',
    'Mean quality score',
    U.score,
    '有质量分的已登记资源的平均质量分（质量分之和 ÷ 个数）',
    'Mean quality_score of registered resources that have one (sum ÷ count).',
    'ratio_of_sums',
  ),
  ind(
    'holders',
    'supply',
    '数据持有单位数',
    'Data holders',
    U.users,
    '已登记资源的不同登记主体数量',
    'Number of distinct registrants of registered resources.',
    'distinct_count',
  ),
  flow(
    ind(
      'new_resources',
      'supply',
      '窗口内新增资源',
      'New resources',
      U.count,
      '首次登记日期落在窗口内的已登记资源数',
      'Registered resources first registered inside the window.',
    ),
  ),
  ind(
    'unlockable_resources',
    'supply',
    '可释放资源数',
    'Unlockable resources',
    U.count,
    '已登记、未纳入授权范围（in_authorized_scope 非真）且没有有效授权关联的资源数',
    'Registered resources outside any authorized scope: not flagged in_authorized_scope and not covered by an active authorization grant.',
  ),
  ind(
    'unlockable_share',
    'supply',
    '可释放资源占比',
    'Unlockable share',
    U.share,
    '可释放资源占已登记资源的比例',
    'Unlockable resources as a share of registered resources.',
    'ratio_of_sums',
  ),
  ind(
    'authorized_share',
    'readiness',
    '已授权资源占比',
    'Authorized share',
    U.share,
    '窗口期末有有效授权关联的已登记资源占比',
    'Share of registered resources covered by an active authorization grant at the end of the window.',
    'ratio_of_sums',
  ),
  ind(
    'resources_per_10m_pop',
    'supply',
    '每千万人口资源数',
    'Resources per 10 million people',
    U.count,
    '已登记资源数 ÷ 2020 年人口 × 10⁷（行业层级用所选地区人口之和）',
    'Registered resources ÷ 2020 population × 10⁷ (at sector level, the population of the selected regions).',
    'ratio_of_sums',
  ),
  ind(
    'resources_per_1tn_gdp',
    'supply',
    '每万亿元 GDP 资源数',
    'Resources per CNY 1 trillion GDP',
    U.count,
    '已登记资源数 ÷ 2023 年 GDP（亿元）× 10⁴',
    'Registered resources ÷ 2023 GDP (CNY 100 million) × 10⁴.',
    'ratio_of_sums',
  ),
  flow(
    ind(
      'calls',
      'demand',
      '调用次数',
      'Calls',
      U.calls,
      '窗口内产品调用次数之和（按提供方地区、产品行业归属）',
      "Sum of calls in the window, attributed to the provider region and the product's sector.",
    ),
  ),
  flow(
    ind(
      'paid_amount_cny',
      'demand',
      '付费金额',
      'Paid amount',
      U.cny,
      '窗口内产业发展、行业发展用途的结算金额之和（公共治理、公益用途不计）',
      'Sum of amount_cny in the window for charged purposes (industry and sector development; public governance and welfare excluded).',
    ),
  ),
  flow(
    ind(
      'distinct_users',
      'demand',
      '使用方数量',
      'Distinct users',
      U.users,
      '窗口内有调用的不同使用方数量（各层级直接去重，不相加）',
      'Distinct user organisations with calls in the window (counted distinct at every level, never summed).',
      'distinct_count',
    ),
  ),
  flow(
    ind(
      'paying_users',
      'demand',
      '付费使用方数量',
      'Paying users',
      U.users,
      '窗口内有付费金额的不同使用方数量',
      'Distinct user organisations with a paid amount in the window.',
      'distinct_count',
    ),
  ),
  flow(
    ind(
      'cross_region_calls',
      'demand',
      '跨省调用次数',
      'Cross-region calls',
      U.calls,
      '使用方所在省份不同于提供方的调用次数',
      'Calls by users located in another region than the provider.',
    ),
  ),
  ind(
    'cross_region_share',
    'demand',
    '跨省需求占比',
    'Cross-region share',
    U.share,
    '跨省调用次数 ÷ 调用次数',
    'Cross-region calls ÷ calls.',
    'ratio_of_sums',
  ),
  flow(
    ind(
      'demand_growth',
      'demand',
      '需求增长率',
      'Demand growth',
      U.growth,
      '窗口后半段调用次数 ÷ 前半段调用次数 − 1（12 个月窗口即近 6 个月对比此前 6 个月）',
      'Calls in the second half of the window ÷ calls in the first half − 1 (the last 6 months against the 6 before in a 12-month window).',
      'ratio_of_sums',
    ),
  ),
  flow(
    ind(
      'calls_per_1k_pop',
      'demand',
      '每千人调用次数',
      'Calls per 1,000 people',
      U.calls,
      '调用次数 ÷ 2020 年人口 × 1000',
      'Calls ÷ 2020 population × 1,000.',
      'ratio_of_sums',
    ),
  ),
  flow(
    ind(
      'paid_amount_per_100m_gdp',
      'demand',
      '每亿元 GDP 付费金额',
      'Paid amount per CNY 100 million GDP',
      U.cny,
      '付费金额 ÷ 2023 年 GDP（亿元）',
      'Paid amount ÷ 2023 GDP in CNY 100 million.',
      'ratio_of_sums',
    ),
  ),
  ind(
    'active_authorizations',
    'demand',
    '有效授权数',
    'Active authorizations',
    U.count,
    '已完成遴选（非筹划、遴选中）且授权期与窗口重叠的授权运营协议数',
    'Authorized-operation agreements past operator selection whose term overlaps the window.',
  ),
  ind(
    'operators',
    'readiness',
    '运营机构数',
    'Operators',
    U.users,
    '有效授权的不同运营机构数量',
    'Distinct operators of active authorizations.',
    'distinct_count',
  ),
  ind(
    'formal_tariff_share',
    'readiness',
    '正式收费标准占比',
    'Formal tariff share',
    U.share,
    '有效授权中执行正式（非试行）收费标准的比例',
    'Share of active authorizations on a formal (not trial) tariff.',
    'ratio_of_sums',
  ),
  ind(
    'competitive_selection_share',
    'readiness',
    '竞争性遴选占比',
    'Competitive selection share',
    U.share,
    '有效授权中以公开招标、邀请招标或竞争性谈判选定运营机构的比例',
    'Share of active authorizations whose operator was chosen by public or invited tender or competitive negotiation.',
    'ratio_of_sums',
  ),
  ind(
    'revenue_within_cap_share',
    'readiness',
    '收入未超上限占比',
    'Revenue within cap',
    U.share,
    '申报收入不高于最高准许收入的有效授权占比（两者皆有时）',
    'Share of active authorizations whose reported revenue is within the maximum allowed revenue (where both are known).',
    'ratio_of_sums',
  ),
  ind(
    'authorization_compliant_share',
    'readiness',
    '授权合规率',
    'Authorization compliance',
    U.share,
    '未触发导入警告（期限超 5 年、收入超上限等）的有效授权占比',
    'Share of active authorizations that raised no ingest warning (term over 5 years, revenue above maximum, …).',
    'ratio_of_sums',
  ),
  ind(
    'products',
    'readiness',
    '数据产品数',
    'Data products',
    U.count,
    '窗口期末已上线、隶属该地区授权的数据产品和服务数量',
    "Data products and services launched by the end of the window under the region's authorizations.",
  ),
  ind(
    'registered_product_share',
    'readiness',
    '产品登记率',
    'Registered product share',
    U.share,
    '已有“数据产品和服务”登记的产品占比',
    'Share of products with a DATA_PRODUCT_SERVICE registration.',
    'ratio_of_sums',
  ),
  ind(
    'population',
    'reference',
    '人口（2020）',
    'Population (2020)',
    { zh: '人', en: 'people' },
    '第七次全国人口普查人口；行业层级为所选地区之和',
    '2020 census population; at sector level, the sum over the selected regions.',
  ),
  ind(
    'gdp_100m_cny',
    'reference',
    '地区生产总值（2023）',
    'GDP (2023)',
    { zh: '亿元', en: 'CNY 100 million' },
    '2023 年地区生产总值',
    '2023 regional GDP.',
  ),
];

export const INDICATOR_IDS = new Set(INDICATORS.map((i) => i.id));
export const indicatorById = new Map(INDICATORS.map((i) => [i.id, i]));
