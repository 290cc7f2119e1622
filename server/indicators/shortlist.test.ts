import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startSampleServer, type SampleServer } from '../test-support/sample-server.ts';
import { candidates as candidatesSchema, type Candidate, type Candidates } from '../../contract/indicators.ts';
import { type TestServer } from '../test-support/server.ts';

// The candidates' reasons and robust shortlist on the default sample data (scale 1, default seed), over HTTP.
let srv: TestServer;

let sample: SampleServer | undefined;
beforeAll(async () => {
  sample = await startSampleServer(1, 'atlas-shortlist-');
  ({ srv } = sample);
});
afterAll(() => sample?.close());

const get = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${srv.base}/api${path}`);
  expect(r.status).toBe(200);
  return (await r.json()) as T;
};

/** A candidate's distinctive reasons as the page words them: leaf, value and national rank. */
const said = (c: Candidate) =>
  c.distinctive.map((node) => {
    const s = c.standing.find((x) => x.node === node)!;
    return `${node} ${s.value} #${s.rank}/${s.of}`;
  });

describe('reasons that discriminate', () => {
  it('read each leaf against the national distribution of cells', async () => {
    const body = await get<Candidates>('/candidates?limit=10');
    expect(candidatesSchema.safeParse(body).success).toBe(true);
    const cells = await get<{ rows: Record<string, number | string | null>[] }>(
      '/indicators/values?level=cell&format=json',
    );
    for (const c of body.candidates) {
      expect(c.distinctive.length).toBeGreaterThanOrEqual(2);
      expect(c.distinctive.length).toBeLessThanOrEqual(3);
      for (const s of c.standing) {
        const values = cells.rows.map((r) => r[s.indicator]).filter((v): v is number => typeof v === 'number');
        const own = cells.rows.find((r) => r.entity === c.entity)![s.indicator];
        expect(s.value).toBe(own);
        expect(s.of).toBe(values.length);
        expect(s.rank).toBe(1 + values.filter((v) => v > (own as number)).length);
      }
    }
  });

  it('differ between two candidates of the same sector where their data differ', async () => {
    const body = await get<Candidates>('/candidates?limit=10');
    const finance = body.candidates.filter((c) => c.sector_code === 'DEX05');
    // the sample data has several finance cells among the top 10, or this test would show nothing
    expect(finance.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < finance.length; i++)
      for (let j = i + 1; j < finance.length; j++) {
        const [a, b] = [finance[i], finance[j]];
        // their data differ in every leaf named as a reason …
        const differs = a.distinctive.some(
          (n) => a.standing.find((s) => s.node === n)!.value !== b.standing.find((s) => s.node === n)!.value,
        );
        expect(differs).toBe(true);
        // … so the reasons read differently
        expect(said(a)).not.toEqual(said(b));
      }
    // the planted Zhejiang finance cell stands out by its unlockable supply, the most of any finance cell
    const zj = body.candidates.find((c) => c.entity === '330000:DEX05')!;
    expect(zj.distinctive[0]).toBe('unlockable');
    expect(zj.standing.find((s) => s.node === 'unlockable')!.sector_ratio).toBeGreaterThan(10);
  });
});

describe('robustness that guides', () => {
  it('splits the cells into the robust shortlist and the tie group at the k-th place', async () => {
    const body = await get<Candidates>('/candidates?limit=30');
    const r = body.robustness!;
    expect(r).toMatchObject({ draws: 1000, k: 5, share: 0.7 });
    // on the default data no cell is in the top 5 in 70 % of the draws: the page must say so and offer views that are
    expect(r.shortlist).toEqual([]);
    expect(r.tie_groups).toHaveLength(1);
    const group = r.tie_groups[0];
    expect(group.places).toBe(5);
    for (const c of group.cells) {
      expect(c.p_top_k).toBeGreaterThan(0.3);
      expect(c.p_top_k).toBeLessThan(0.7);
    }
    for (const c of body.candidates)
      if (c.p_top_k !== null && c.p_top_k > 0.3 && c.p_top_k < 0.7)
        expect(group.cells.map((x) => x.entity)).toContain(c.entity);
    expect(group.cells.map((x) => x.entity)).toEqual(expect.arrayContaining(['330000:DEX05', '420000:DEX04']));
    // sectors, and the cells of the most contested sector, can be told apart
    const kinds = r.alternatives.map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['sector_level', 'sector']));
    for (const a of r.alternatives) for (const c of a.shortlist) expect(c.p_top_k).toBeGreaterThanOrEqual(0.7);
    const sector = r.alternatives.find((a) => a.kind === 'sector')!;
    expect(sector.value).toBe('DEX05');
    expect(sector.shortlist.map((c) => c.entity)).toContain('330000:DEX05');
    // every candidate carries its rank interval and P(top k)
    for (const c of body.candidates) {
      expect(c.rank_p05).not.toBeNull();
      expect(c.rank_p05!).toBeLessThanOrEqual(c.rank_p95!);
      expect(c.robust).toBe(c.p_top_k! >= 0.7);
    }
  });

  it('takes k and the share of draws from the query', async () => {
    const body = await get<Candidates>('/candidates?limit=10&k=5&robust_share=0.5');
    const r = body.robustness!;
    expect(r.share).toBe(0.5);
    const expected = body.candidates.filter((c) => c.p_top_k! >= 0.5).map((c) => c.entity);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.shortlist.map((c) => c.entity)).toEqual(expect.arrayContaining(expected));
    expect(r.alternatives).toEqual([]);
    // at 0.5 a cell is in or out: nothing is left undecided
    expect(r.tie_groups).toEqual([]);
    const wider = (await get<Candidates>('/candidates?limit=10&k=20')).robustness!;
    expect(wider.k).toBe(20);
    const bad = await fetch(`${srv.base}/api/candidates?robust_share=0.3`);
    expect(bad.status).toBe(400);
  });
});
