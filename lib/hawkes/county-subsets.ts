/**
 * The county subsets the paper scores forecasts on (seed 004, §3.2): counties ranked by their
 * cumulative count at a date, the top 10 %, the top 25 % and those between the top-25 % and
 * top-50 % quantiles; plus all counties. Browser-safe.
 */
import { EpikitError, describeValue } from '../errors.js';

export type CountySubset = 'top10' | 'top25' | '25-50' | 'all';
export const COUNTY_SUBSETS: readonly CountySubset[] = ['top10', 'top25', '25-50', 'all'];

/** Rank interval [from, to) of a subset as fractions of the number of counties. */
const RANGES: Record<CountySubset, [number, number]> = { top10: [0, 0.1], top25: [0, 0.25], '25-50': [0.25, 0.5], all: [0, 1] };

/**
 * Indices of the counties of each subset, by rank of `totals` (largest first; ties by index):
 * ranks [⌈a·C⌉, ⌈b·C⌉) for the subset's fractions [a, b). O(C log C).
 *
 * @example
 * countySubsets([5, 50, 20, 1], ['top25', 'all']).get('top25'); // Int32Array [1]
 * @throws EpikitError E_INPUT_EMPTY for no county, E_INPUT_NAN for a non-finite total, E_INPUT_RANGE for an unknown subset.
 */
export function countySubsets(totals: ArrayLike<number>, subsets: readonly CountySubset[] = COUNTY_SUBSETS): Map<CountySubset, Int32Array> {
  const C = totals.length;
  if (C === 0) throw new EpikitError('E_INPUT_EMPTY', 'totals is empty: no county to rank', { argument: 'totals' });
  for (let i = 0; i < C; i++) if (!Number.isFinite(totals[i])) throw new EpikitError('E_INPUT_NAN', `totals[${i}] is ${describeValue(totals[i])}`, { argument: 'totals', index: i });
  const order = Array.from({ length: C }, (_, i) => i).sort((a, b) => totals[b] - totals[a] || a - b);
  const out = new Map<CountySubset, Int32Array>();
  for (const s of subsets) {
    const range = RANGES[s];
    if (!range) throw new EpikitError('E_INPUT_RANGE', `subset ${describeValue(s)} is not one of ${COUNTY_SUBSETS.join(', ')}`, { argument: 'subsets', value: s });
    out.set(s, Int32Array.from(order.slice(Math.ceil(range[0] * C), Math.ceil(range[1] * C))));
  }
  return out;
}
