/** A candidate cell's reasons in words (cell-reasons.ts), shared by Candidates and the region brief. */
import { defineMessages } from '../i18n.ts';

export const reasonMessages = defineMessages(
  {
    reasonRank: '{name} {value}，全国第 {rank}',
    reasonRatio: '，为行业中位数的 {ratio} 倍',
    reasonMedian: '（行业中位数 {median}）',
  },
  {
    reasonRank: '{name} {value}, {rank} nationally',
    reasonRatio: ', {ratio}× the sector median',
    reasonMedian: ' (sector median {median})',
  },
);
