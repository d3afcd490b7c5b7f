/**
 * Scores of a walk-forward backtest (seed 004, §3.2): per model × horizon × county subset, the
 * window totals of every cut-off pooled — MAE "averaged across counties and forecasting windows
 * of the same length", percentage error, NDCG per window averaged over windows, and for
 * probabilistic forecasts the coverage of the central 50 % / 95 % intervals and the weighted
 * interval score. Browser-safe.
 */
import { HAWKES_QUANTILES } from './forecast-hawkes.js';
import { intervalCoverage, meanAbsoluteError, ndcg, percentageError, weightedIntervalScore } from './forecast-metrics.js';
import type { CountySubset } from './county-subsets.js';

/** One model's forecast of every county's total over one window. */
export interface WindowForecast {
  model: string;
  horizon: number;
  cutoff: string;
  /** Forecast mean of the window total, per county (evaluation order). */
  mean: Float64Array;
  /** Quantiles of the window total at HAWKES_QUANTILES, county × 7; absent for point forecasts. */
  quantiles?: Float64Array;
}

/** The observed total over one window, per county. */
export interface WindowTruth {
  horizon: number;
  cutoff: string;
  truth: Float64Array;
}

/** One row of the backtest table: a model × target × horizon × county subset, over every window. */
export interface BacktestScore {
  model: string;
  target: 'cases' | 'deaths';
  horizon: number;
  subset: CountySubset;
  /** Windows (cut-offs) averaged over, and counties in the subset. */
  windows: number;
  counties: number;
  /** Mean absolute error of the window totals. */
  mae: number;
  /** Percentage error: 100 · Σ|forecast − truth| / Σ truth. */
  pe: number;
  /** Mean over windows of NDCG (truth as relevance, forecast as score, no cut-off). */
  ndcg: number;
  /** Share of window totals inside the central 50 % / 95 % intervals (null for point forecasts). */
  coverage50: number | null;
  coverage95: number | null;
  /** Mean weighted interval score of the window totals (null for point forecasts). */
  wis: number | null;
}

export interface BacktestWindowScore {
  model: string;
  target: 'cases' | 'deaths';
  horizon: number;
  subset: CountySubset;
  cutoff: string;
  mae: number;
}

const Q = HAWKES_QUANTILES.length;
const level = (q: number) => HAWKES_QUANTILES.indexOf(q as (typeof HAWKES_QUANTILES)[number]);

function pick(a: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

function pickQuantile(q: Float64Array, idx: Int32Array, l: number): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = q[idx[i] * Q + l];
  return out;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Every score of a backtest. Forecasts are grouped by (model, horizon); each must have a truth
 * for its (horizon, cut-off). O(models · windows · C log C) (NDCG sorts).
 *
 * @example
 * const { scores } = scoreBacktest(forecasts, truths, countySubsets(totals), 'cases');
 */
export function scoreBacktest(
  forecasts: readonly WindowForecast[],
  truths: readonly WindowTruth[],
  subsets: ReadonlyMap<CountySubset, Int32Array>,
  target: 'cases' | 'deaths',
): { scores: BacktestScore[]; windows: BacktestWindowScore[] } {
  const truthOf = new Map(truths.map((t) => [`${t.horizon}|${t.cutoff}`, t.truth] as const));
  const groups = new Map<string, WindowForecast[]>();
  for (const f of forecasts) {
    const key = `${f.model}|${f.horizon}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  const scores: BacktestScore[] = [];
  const windows: BacktestWindowScore[] = [];
  const [lo95, lo50, median, hi50, hi95, lo80, hi80] = [0.025, 0.25, 0.5, 0.75, 0.975, 0.1, 0.9].map(level);
  for (const group of groups.values()) {
    const { model, horizon } = group[0];
    for (const [subset, idx] of subsets) {
      const f: Float64Array[] = [];
      const y: Float64Array[] = [];
      const ndcgs: number[] = [];
      const probabilistic = group.every((w) => w.quantiles !== undefined);
      const q: Record<'lo95' | 'lo80' | 'lo50' | 'median' | 'hi50' | 'hi80' | 'hi95', Float64Array[]> = { lo95: [], lo80: [], lo50: [], median: [], hi50: [], hi80: [], hi95: [] };
      for (const w of group) {
        const truth = truthOf.get(`${w.horizon}|${w.cutoff}`);
        if (!truth) throw new Error(`no truth for the ${w.horizon}-day window from ${w.cutoff}`);
        const fw = pick(w.mean, idx);
        const yw = pick(truth, idx);
        f.push(fw);
        y.push(yw);
        ndcgs.push(ndcg(yw, fw));
        windows.push({ model, target, horizon, subset, cutoff: w.cutoff, mae: meanAbsoluteError(fw, yw) });
        if (probabilistic) {
          const qs = w.quantiles as Float64Array;
          q.lo95.push(pickQuantile(qs, idx, lo95));
          q.lo80.push(pickQuantile(qs, idx, lo80));
          q.lo50.push(pickQuantile(qs, idx, lo50));
          q.median.push(pickQuantile(qs, idx, median));
          q.hi50.push(pickQuantile(qs, idx, hi50));
          q.hi80.push(pickQuantile(qs, idx, hi80));
          q.hi95.push(pickQuantile(qs, idx, hi95));
        }
      }
      const F = concat(f);
      const Y = concat(y);
      let coverage50: number | null = null;
      let coverage95: number | null = null;
      let wis: number | null = null;
      if (probabilistic) {
        coverage50 = intervalCoverage(Y, concat(q.lo50), concat(q.hi50));
        coverage95 = intervalCoverage(Y, concat(q.lo95), concat(q.hi95));
        wis = weightedIntervalScore(Y, concat(q.median), [
          { alpha: 0.05, lower: concat(q.lo95), upper: concat(q.hi95) },
          { alpha: 0.2, lower: concat(q.lo80), upper: concat(q.hi80) },
          { alpha: 0.5, lower: concat(q.lo50), upper: concat(q.hi50) },
        ]);
      }
      scores.push({
        model,
        target,
        horizon,
        subset,
        windows: group.length,
        counties: idx.length,
        mae: meanAbsoluteError(F, Y),
        pe: percentageError(F, Y),
        ndcg: ndcgs.reduce((s, v) => s + v, 0) / ndcgs.length,
        coverage50,
        coverage95,
        wis,
      });
    }
  }
  return { scores, windows };
}
