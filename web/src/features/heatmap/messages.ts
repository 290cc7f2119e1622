import { defineMessages } from '../../app/i18n.ts';

export const messages = defineMessages(
  {
    title: '行业 × 地区热力图',
    sort: '排序',
    'sort.total': '按合计从高到低',
    'sort.name': '按标准顺序',
    noData: '无数据',
    quadrant: '象限',
    quadrantsIntro: '各单元的需求 × 数据丰度象限（行业内标准化，鼠标悬停可见）：',
    quadrantError: '无法取得象限：{reason}',
    toCandidates: '查看突破候选 →',
    empty: '当前筛选条件下没有行业 × 地区数据。',
    table: '行业 × 地区明细',
    sector: '行业',
    region: '地区',
    hint: '点击格子即可选中该省份。',
  },
  {
    title: 'Sector × region heatmap',
    sort: 'Order',
    'sort.total': 'By total, highest first',
    'sort.name': 'Standard order',
    noData: 'No data',
    quadrant: 'Quadrant',
    quadrantsIntro:
      'Demand × data-abundance quadrant of the cells (standardised within each sector; hover a cell to see it):',
    quadrantError: 'The quadrants could not be loaded: {reason}',
    toCandidates: 'See the breakthrough candidates →',
    empty: 'No sector × region data under the current filters.',
    table: 'Sector × region detail',
    sector: 'Sector',
    region: 'Region',
    hint: 'Click a cell to select its province.',
  },
);
