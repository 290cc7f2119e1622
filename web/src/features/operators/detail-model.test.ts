import { describe, expect, it } from 'vitest';
import type { ComparedOperator, DetailAgreement, Estimate } from '../../../../contract/operators.ts';
import {
  compareIdsOf,
  intervalRows,
  MAX_COMPARED,
  monthStart,
  rankText,
  termKind,
  timelineMarkers,
  toggleCompared,
} from './detail-model.ts';

const est = (o: Partial<Estimate> = {}): Estimate => ({
  value: 1,
  lo: 0.5,
  hi: 1.5,
  rank: 2,
  rank_median: 2,
  rank_lo: 1,
  rank_hi: 4,
  robust: true,
  ...o,
});

describe("an operator's detail and the comparison", () => {
  it('reads the compared operators from the URL, without repeats or what is not an org id', () => {
    expect(compareIdsOf('OP-1,OP-2,OP-1, ,<x>,OP-3')).toEqual(['OP-1', 'OP-2', 'OP-3']);
    expect(compareIdsOf(null)).toEqual([]);
    const many = Array.from({ length: 12 }, (_, i) => `OP-${i}`).join(',');
    expect(compareIdsOf(many)).toHaveLength(MAX_COMPARED);
  });

  it('adds and removes an operator, keeping the most recent ones within the limit', () => {
    expect(toggleCompared([], 'A')).toBe('A');
    expect(toggleCompared(['A', 'B'], 'A')).toBe('B');
    expect(toggleCompared(['A'], 'A')).toBeNull();
    const full = Array.from({ length: MAX_COMPARED }, (_, i) => `O${i}`);
    expect(toggleCompared(full, 'NEW')!.split(',')).toEqual([...full.slice(1), 'NEW']);
  });

  it('colours a term by the worklist rules, a breach of 5 years first', () => {
    const a = (o: Partial<DetailAgreement>) =>
      ({ status: 'ACTIVE', over_5_years: false, ending_within_6_months: false, ...o }) as DetailAgreement;
    expect(termKind(a({}))).toBe('running');
    expect(termKind(a({ ending_within_6_months: true }))).toBe('ending');
    expect(termKind(a({ ending_within_6_months: true, over_5_years: true }))).toBe('over5');
    expect(termKind(a({ status: 'EXPIRED' }))).toBe('ended');
    expect(termKind(a({ status: 'SUSPENDED' }))).toBe('running');
  });

  it("puts the markers at the end of the data's last month and the end of the 6th month after", () => {
    expect(monthStart('2026-10', 3)).toBe('2027-01-01');
    expect(timelineMarkers('2026-10')).toEqual({ asOf: '2026-11-01', limit: '2027-05-01' });
    expect(timelineMarkers('2026-06')).toEqual({ asOf: '2026-07-01', limit: '2027-01-01' });
    expect(timelineMarkers(null)).toBeNull();
  });

  it('writes a rank with its interval, alone when the interval is the rank', () => {
    expect(rankText(est())).toBe('2 (1–4)');
    expect(rankText(est({ rank: 1, rank_lo: 1, rank_hi: 1 }))).toBe('1');
    expect(rankText(est({ rank: null }))).toBeNull();
  });

  it('charts the comparable operators with a value, highest first', () => {
    const op = (id: string, value: number | null, comparable = true) =>
      ({
        operator_org_id: id,
        comparable,
        indicators: { growth: est({ value }) },
      }) as unknown as ComparedOperator;
    const rows = intervalRows([op('A', 0.1), op('B', null), op('C', 0.5), op('D', 2, false)], 'growth');
    expect(rows.map((o) => o.operator_org_id)).toEqual(['C', 'A']);
  });
});
