import { defineMessages } from '../../app/i18n.ts';

export const messages = defineMessages(
  {
    brief: '地区简报',
    title: '地图',
    hint: '点击省份即可在所有页面中选中该省；再次点击取消选中。',
    rank: '第 {rank} 名 / 共 {of} 个',
    noData: '无数据',
    ranking: '省份排名',
    region: '省份',
    value: '数值',
    rankCol: '名次',
    raw: '绝对值',
    selected: '选中：{name}',
    empty: '当前筛选条件下，没有任何省份有该指标的数据。',
    unknownIndex: '链接中的指数“{id}”不存在，现显示所选度量。',
    allTied:
      '当前筛选条件下各省得分全部相同（{score}）：指数的各项指标没有差异（例如所选行业没有使用记录），地图无从区分。',
    index: '综合指数',
    noIndex: '不用指数（按度量）',
  },
  {
    brief: 'Region brief',
    title: 'Map',
    hint: 'Click a province to select it on every page; click it again to clear the selection.',
    rank: 'rank {rank} of {of}',
    noData: 'No data',
    ranking: 'Provinces ranked',
    region: 'Province',
    value: 'Value',
    rankCol: 'Rank',
    raw: 'Absolute',
    selected: 'Selected: {name}',
    empty: 'No province has data for this measure under the current filters.',
    unknownIndex: 'The link asks for an index "{id}" that does not exist; showing the measure chosen instead.',
    allTied:
      "Every province scores the same ({score}) under the current filters: the index's indicators do not vary (no usage in the chosen sectors, for example), so the map tells them apart by nothing.",
    index: 'Composite index',
    noIndex: 'None (use the measure)',
  },
);
