import { defineMessages } from '../../app/i18n.ts';

export const messages = defineMessages(
  {
    title: '行业 × 地区热力图',
    sort: '排序',
    'sort.total': '按合计从高到低',
    'sort.name': '按标准顺序',
    noData: '无数据',
    quadrantSlot: '每格的象限（需求 × 数据丰度）将在指标引擎接入后显示。',
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
    quadrantSlot: 'The quadrant of each cell (demand × data abundance) will show once the indicator engine is connected.',
    empty: 'No sector × region data under the current filters.',
    table: 'Sector × region detail',
    sector: 'Sector',
    region: 'Region',
    hint: 'Click a cell to select its province.',
  },
);
