import type { DuckDBConnection } from '@duckdb/node-api';
import type { Peers } from '../../contract/indicators.ts';
import { notFound } from '../errors.ts';
import type { Filters } from '../filters.ts';
import { materializeInputs, type InputSource } from './inputs.ts';
import { allRegionCodes, entityNamer } from './names.ts';
import { featuresFor, similarity } from './similarity.ts';

/** Peers are compared on the abundance and demand indicators by default. */
export const DEFAULT_PEER_INDICATORS = [
  'registered_resources',
  'total_records',
  'fresh_share',
  'open_share',
  'calls',
  'paid_amount_cny',
  'distinct_users',
  'demand_growth',
];

/**
 * The regions most like `code` on the chosen indicators (standardised across all regions), each with every indicator's
 * share of the distance. A `regions` filter narrows the pool of possible peers, not the standardisation.
 */
export async function computePeers(
  con: DuckDBConnection,
  code: string,
  o: { filters: Filters; k: number; indicators: string[]; inputs?: InputSource },
): Promise<Peers> {
  const codes = await allRegionCodes(con);
  if (!codes.includes(code))
    throw notFound(
      'unknown_region',
      `no region "${code}"; region codes are GB/T 2260 six-digit codes such as 330000`,
      {
        field: 'code',
        value: code,
      },
      `没有地区「${code}」；地区代码为 GB/T 2260 六位代码，例如 330000`,
    );
  const features = featuresFor(o.indicators);
  const { windows, current } = await (o.inputs ?? materializeInputs)(con, 'region', { ...o.filters, regions: [] });
  const name = await entityNamer(con);
  const pool = (o.filters.regions.length ? o.filters.regions : codes).filter((r) => r !== code);
  const sims = await similarity(con, current, features, [code], pool);
  return {
    region: { region_code: code, name: name(code) },
    period: windows.current,
    indicators: features.map((f) => ({
      indicator: f.indicator,
      scale: f.transform === 'log1p' ? ('log1p' as const) : ('linear' as const),
    })),
    peers: sims.slice(0, o.k).map((s) => ({
      region_code: s.entity,
      name: name(s.entity),
      similarity: s.similarity,
      distance: s.distance,
      contributions: s.contributions,
    })),
  };
}
