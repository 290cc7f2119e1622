import { defineMessages } from '../../app/i18n.ts';

export const messages = defineMessages(
  {
    title: '总览',
    period: '期间：{from} – {to}（{months} 个月）',
    compared: '与上一期 {from} – {to} 相比',
    noPrevious: '上一期（{from} – {to}）没有数据，无法比较；选择较短的期间（如“近3个月”）即可看到变化',
    partialPrevious: '上一期（{from} – {to}）只有 {n} 个月有数据，不作比较；选择较短的期间（如“近3个月”）即可看到变化',
    noData: '数据库中还没有使用记录。请在“数据”页上传文件。',
    change: '较上期',
    noChange: '无可比数据',
    trendUsage: '按月调用次数与付费金额',
    trendSupply: '按月用户数与新登记资源',
    topRegions: '{measure}前十地区',
    topSectors: '{measure}前十行业',
    rankBy: '排序依据',
    regionTable: '各地区明细',
    region: '地区',
    sector: '行业',
  },
  {
    title: 'Overview',
    period: 'Period: {from} – {to} ({months} months)',
    compared: 'compared with the previous period {from} – {to}',
    noPrevious:
      'The previous period ({from} – {to}) has no data to compare with; choose a shorter period (e.g. "Last 3 months") to see changes',
    partialPrevious:
      'The previous period ({from} – {to}) has data in only {n} of its months, so there is no comparison; choose a shorter period (e.g. "Last 3 months") to see changes',
    noData: 'The database has no usage records yet. Upload a file on the Data page.',
    change: 'vs previous',
    noChange: 'no comparison',
    trendUsage: 'Calls and paid amount by month',
    trendSupply: 'Users and newly registered resources by month',
    topRegions: 'Top 10 regions by {measure}',
    topSectors: 'Top 10 sectors by {measure}',
    rankBy: 'Rank by',
    regionTable: 'All regions',
    region: 'Region',
    sector: 'Sector',
  },
);
