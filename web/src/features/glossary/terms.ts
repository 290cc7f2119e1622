/**
 * The concepts the pages use that are not an indicator or a measure: how completeness, uncertainty, the quadrants,
 * models and the pricing rules are meant, in both languages. The glossary page lists them; `Term` tooltips quote them.
 */
export interface TermText {
  name: string;
  definition: string;
}
export interface Term {
  id: string;
  zh: TermText;
  en: TermText;
}

const term = (id: string, zh: [string, string], en: [string, string]): Term => ({
  id,
  zh: { name: zh[0], definition: zh[1] },
  en: { name: en[0], definition: en[1] },
});

export const TERMS: Term[] = [
  term(
    'complete_month',
    [
      '完整月份',
      '此前三个完整月份都报送过使用记录的地区（按提供方地区），在该月也都已报送，该月即为完整月份（回看月数可设置，默认 3）。未指定截止月时，各页面都截止到最近的完整月份。',
    ],
    [
      'Complete month',
      'A month is complete when every region that reported usage (as provider) in each of the three complete months before it has reported it too (the look-back is a setting, 3 by default). An open end of the period means the last complete month on every page.',
    ],
  ),
  term(
    'partial_month',
    ['不完整月份', '最近完整月份之后、只有部分地区报送的月份。可以选择查看，但图表以虚线标出，且不参与任何时期比较。'],
    [
      'Partial month',
      'A month after the last complete one that only some regions have reported. It may be chosen, but charts mark it with a dashed segment and no period comparison uses it.',
    ],
  ),
  term(
    'data_as_of',
    ['数据截至', '最近的完整月份和最近一次导入的时间，显示在筛选栏中。'],
    ['Data as of', 'The last complete month and the time of the last import, shown in the filter bar.'],
  ),
  term(
    'rank_interval',
    [
      '名次区间',
      '在权重与数据的随机扰动下重复计算名次（默认 1,000 次），第 5 到第 95 百分位的名次构成此区间。区间越宽，名次越不确定。',
    ],
    [
      'Rank interval',
      'The ranks are recomputed under random perturbations of the weights and data (1,000 draws by default); the interval runs from the 5th to the 95th percentile rank. The wider it is, the less certain the rank.',
    ],
  ),
  term(
    'p_top_k',
    ['进入前 k 名的概率', '在上述重复计算中，该地区或单元进入前 k 名的次数占比。'],
    ['P(top k)', 'The share of those draws in which the region or cell ranks in the top k.'],
  ),
  term(
    'robust_shortlist',
    [
      '稳健名单',
      '在至少一定比例（默认 70%）的重复计算中都进入前 k 名的单元：换一种合理的权重或数据扰动，它们仍在名单上。',
    ],
    [
      'Robust shortlist',
      'The cells in the top k in at least a set share of the draws (70% by default): under any reasonable weights or data noise they stay on the list.',
    ],
  ),
  term(
    'tie_group',
    [
      '无法区分的组',
      '第 k 名附近既不稳定在名单内、也不稳定在名单外的单元：它们争夺稳健名单留下的名额，现有数据无法判断由谁入选。',
    ],
    [
      'Tie group',
      'The cells around the k-th place that are neither robustly in nor robustly out of the top k: they contest the places the robust shortlist leaves open, and these data cannot tell which of them take them.',
    ],
  ),
  term(
    'quadrant',
    [
      '象限',
      '按数据丰度（横轴）和市场需求（纵轴）的标准分（默认与同一行业的其他地区相比）划分：需求比丰度高出阈值以上为供给缺口，丰度比需求高出阈值以上为待开发；其余按两者的正负，都不低于平均为突破候选，都低于平均为潜在。',
    ],
    [
      'Quadrant',
      'Position by the standardised scores of data abundance (x) and market demand (y), by default against the same sector in the other regions: demand above abundance by more than a threshold is a supply gap, abundance above demand by more than it untapped; otherwise by the two signs, both at or above average a breakthrough candidate, both below latent.',
    ],
  ),
  term(
    'replicable_model',
    [
      '可复制模式',
      '在至少若干个省份取得成功的应用场景（连续数月有使用、调用次数上升、有多个付费使用方），可推广到相似的省份。',
    ],
    [
      'Replicable model',
      'An application scenario that succeeded in at least a set number of provinces (months of continuous use, rising calls, several paying users), to be spread to similar provinces.',
    ],
  ),
  term(
    'similarity',
    ['相似度', '两个省份在数据丰度与需求指标上的接近程度（0–1），用于判断一个模式最适合推广到哪些省份。'],
    [
      'Similarity',
      'How close two provinces are on the data-abundance and demand indicators (0–1), used to judge where a model is best spread next.',
    ],
  ),
  term(
    'free_purpose',
    ['免费用途', '公共治理与公益事业用途的使用依规免费；这些用途的金额不为零时记为合规警告。'],
    [
      'Free purposes',
      'Use for public governance and public welfare is free by rule; a non-zero amount for these purposes is a compliance warning.',
    ],
  ),
  term(
    'cap_price',
    ['政府指导价上限', '价格主管部门为公共数据运营服务费核定的单价上限；运营机构的挂牌价不得高于此价。'],
    [
      'Cap price',
      'The unit price ceiling the price authority sets for public data operation service fees; an operator may not list a product above it.',
    ],
  ),
  term(
    'max_allowed_revenue',
    ['最高准许收入', '价格主管部门核定的运营机构一个周期内的收入上限；超出部分从下一周期扣减。'],
    [
      'Maximum allowed revenue',
      "The price authority's ceiling on an operator's revenue for a period; revenue above it is deducted from the next period.",
    ],
  ),
  term(
    'per_capita',
    ['每万人、每亿元 GDP', '按地区常住人口（2020 年普查）或 GDP（2023 年）折算，使大小不同的地区可以比较。'],
    [
      'Per 10,000 residents, per CNY 100 million GDP',
      'Divided by the region’s resident population (2020 census) or GDP (2023) so that regions of different size can be compared.',
    ],
  ),
];
