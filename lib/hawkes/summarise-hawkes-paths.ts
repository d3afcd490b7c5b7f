/**
 * The summary hawkesSimulate computes inside the kernel (mean, daily quantiles, running-total
 * quantiles), computed in TypeScript from raw simulated paths (the `hawkesSimulatePaths`
 * kernel), with exactly the kernel's operations in the kernel's order, so the numbers are
 * bit-identical (native/kernels/hawkes.cc: hawkesSimulate, writeQuantiles). forecastHawkesAsync
 * uses it when it splits one county's realisations over several workers. Browser-safe.
 */
import { EpikitError } from '../errors.js';
import { integerIn } from '../validate.js';
import { HAWKES_QUANTILES } from './forecast-hawkes.js';
import type { HawkesForecastChunk } from './forecast-hawkes-task.js';

/**
 * The order statistics the type-7 quantiles at HAWKES_QUANTILES read for S values: ranks[2i] =
 * ⌊pos⌋ and ranks[2i + 1] = min(⌊pos⌋ + 1, S − 1), pos = (S − 1)·p_i; and `byRank`, the
 * positions 0..13 ordered by rank (ranks are not monotone: 0, 1, 0, 1, … for small S).
 */
function quantileRanks(S: number): { ranks: Int32Array; byRank: Int32Array } {
  const ranks = new Int32Array(14);
  for (let qi = 0; qi < 7; qi++) {
    const i0 = Math.floor((S - 1) * HAWKES_QUANTILES[qi]);
    ranks[2 * qi] = i0;
    ranks[2 * qi + 1] = i0 + 1 < S ? i0 + 1 : S - 1;
  }
  const byRank = Int32Array.from({ length: 14 }, (_, j) => j).sort((a, b) => ranks[a] - ranks[b]);
  return { ranks, byRank };
}

/**
 * Counting-sort lookup of order statistics: when the S values of `col` are integers spanning
 * fewer than hist.length values (simulated counts and their running totals, typically), writes
 * the value of rank ranks[j] (0-based, in ascending order) to `stats[j]` for every j and returns
 * true, in O(S + span); otherwise returns false. The values found are exactly those a sort would
 * put at those ranks.
 */
function countedOrderStatistics(col: Float64Array, S: number, ranks: Int32Array, byRank: Int32Array, hist: Int32Array, stats: Float64Array): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < S; s++) {
    const v = col[s];
    if (v !== Math.floor(v)) return false; // also NaN
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo; // Infinity or NaN for infinite values: not counted
  if (!(span < hist.length)) return false;
  hist.fill(0, 0, span + 1);
  for (let s = 0; s < S; s++) hist[(col[s] - lo) | 0]++;
  let bin = 0;
  let below = hist[0]; // values ≤ lo + bin
  for (const j of byRank) {
    while (below <= ranks[j]) below += hist[++bin];
    stats[j] = lo + bin;
  }
  return true;
}

/**
 * Writes the HAWKES_QUANTILES of the S values of `col` to out[at .. at + 7) (`col` may be
 * reordered): type 7 (numpy's default), pos = (S − 1)·p, i0 = ⌊pos⌋, i1 = min(i0 + 1, S − 1),
 * q = x(i0) + (pos − i0)·(x(i1) − x(i0)) with x(i) the value of rank i — the kernel's formula,
 * term for term. The order statistics come from a counting pass for integer values of small span
 * (O(S + span)), else from sorting `col` as the kernel does; either way they are the same values.
 */
function writeQuantiles(col: Float64Array, S: number, ranks: Int32Array, byRank: Int32Array, hist: Int32Array, stats: Float64Array, out: Float64Array, at: number): void {
  if (!countedOrderStatistics(col, S, ranks, byRank, hist, stats)) {
    col.sort();
    for (let j = 0; j < 14; j++) stats[j] = col[ranks[j]];
  }
  for (let qi = 0; qi < 7; qi++) {
    const pos = (S - 1) * HAWKES_QUANTILES[qi];
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const x0 = stats[2 * qi];
    out[at + qi] = x0 + frac * (stats[2 * qi + 1] - x0);
  }
}

/**
 * Mean, daily quantiles and running-total quantiles over realisations of simulated forecast
 * paths laid out as the hawkesSimulatePaths kernel writes them, `paths[(c · realisations + s) ·
 * horizon + k]` (realisations in ascending order). Per county and day k: mean = (Σ_s in
 * ascending s) / S; the 7 HAWKES_QUANTILES of the day's S counts; and the same quantiles of each
 * realisation's running total over days 0..k (added in day order). Identical, bit for bit, to
 * what `hawkesSimulate` returns for the same realisations, since it performs the same floating-point
 * operations in the same order (the order statistics are the same values however they are found).
 *
 * Complexity: O(counties · horizon · S) when each day's counts (and running totals) are integers
 * spanning fewer than min(4S + 1024, 2²²) values (counted, not sorted: the usual case for simulated counts,
 * and what the kernels do too),
 * O(counties · horizon · S log S) otherwise; memory O(S) besides the outputs.
 * @example
 * const paths = new Float64Array(2 * 1000 * 7);
 * kernels.hawkesSimulatePaths(counts, r, mu, w, 2, T, L, 7, 0, 1000, seed, 0, paths);
 * const { mean, quantiles, cumulativeQuantiles } = summariseHawkesPaths(paths, 2, 1000, 7);
 * // equal to hawkesSimulate(counts, r, mu, w, 2, T, L, 7, 1000, seed, 0, …)'s outputs
 * @throws EpikitError E_INPUT_TYPE if paths is not a Float64Array or a size is not an integer;
 *   E_INPUT_RANGE for a size < 1; E_INPUT_SHAPE if paths.length ≠ counties · realisations · horizon.
 */
export function summariseHawkesPaths(paths: Float64Array, counties: number, realisations: number, horizon: number): HawkesForecastChunk {
  if (!(paths instanceof Float64Array)) throw new EpikitError('E_INPUT_TYPE', 'paths must be a Float64Array', { argument: 'paths' });
  const C = integerIn('counties', counties, 1, 2 ** 31 - 1);
  const S = integerIn('realisations', realisations, 1, 1 << 24);
  const h = integerIn('horizon', horizon, 1, 1 << 24);
  if (paths.length !== C * S * h) {
    throw new EpikitError('E_INPUT_SHAPE', `paths has length ${paths.length}: expected counties · realisations · horizon = ${C * S * h}`, { argument: 'paths' });
  }
  const mean = new Float64Array(C * h);
  const quantiles = new Float64Array(C * h * 7);
  const cumulativeQuantiles = new Float64Array(C * h * 7);
  const col = new Float64Array(S);
  const total = new Float64Array(S);
  const { ranks, byRank } = quantileRanks(S);
  const stats = new Float64Array(14);
  // counting scratch, as in the kernels (native QuantileWriter): spans below min(4S + 1024, 2²²) are
  // counted, wider ones sorted
  const hist = new Int32Array(Math.min(4 * S + 1024, 2 ** 22));
  for (let c = 0; c < C; c++) {
    const base = c * S * h;
    total.fill(0);
    for (let k = 0; k < h; k++) {
      let sum = 0;
      for (let s = 0; s < S; s++) {
        const v = paths[base + s * h + k];
        col[s] = v;
        sum += v;
      }
      const o = c * h + k;
      mean[o] = sum / S;
      writeQuantiles(col, S, ranks, byRank, hist, stats, quantiles, o * 7);
      // running totals over forecast days 0..k, per realisation
      for (let s = 0; s < S; s++) {
        total[s] += paths[base + s * h + k];
        col[s] = total[s];
      }
      writeQuantiles(col, S, ranks, byRank, hist, stats, cumulativeQuantiles, o * 7);
    }
  }
  return { mean, quantiles, cumulativeQuantiles };
}
