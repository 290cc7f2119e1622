/** Names of the demand × abundance quadrants (server/indicators/quadrants.ts), shared by Candidates and the heatmap. */
import { defineMessages } from '../i18n.ts';

export const quadrantMessages = defineMessages(
  {
    'q.breakthrough': '突破区：需求与供给均高于平均',
    'q.supply_gap': '供给缺口：需求明显高于供给',
    'q.untapped': '待开发：供给充足、使用不足',
    'q.latent': '潜在：需求与供给均低于平均',
    'q.none': '无法分类',
    'qs.breakthrough': '突破区',
    'qs.supply_gap': '供给缺口',
    'qs.untapped': '待开发',
    'qs.latent': '潜在',
  },
  {
    'q.breakthrough': 'Breakthrough: demand and supply above average',
    'q.supply_gap': 'Supply gap: demand well above supply',
    'q.untapped': 'Untapped: ample supply, little use',
    'q.latent': 'Latent: demand and supply below average',
    'q.none': 'Not classified',
    'qs.breakthrough': 'Breakthrough',
    'qs.supply_gap': 'Supply gap',
    'qs.untapped': 'Untapped',
    'qs.latent': 'Latent',
  },
);
