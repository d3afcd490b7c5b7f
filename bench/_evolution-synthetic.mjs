// Seeded synthetic cases / deaths panels for the evolution benchmarks (not a suite: the
// runner ignores bench/_*.mjs). Log cumulative cases are random walks with staggered onsets
// and slowing growth (logistic-like), deaths follow cases with a per-region lag and fatality
// ratio; counts are integers, so small counts tie as in real data.
import { Xoshiro256 } from '../dist/index.js';

/** Dates from 2019-12-31 (the embedded data's first date), T consecutive days. */
export function syntheticDates(T) {
  const t0 = Date.UTC(2019, 11, 31);
  return Array.from({ length: T }, (_, t) => new Date(t0 + t * 86400000).toISOString().slice(0, 10));
}

/** { cases, deaths } Panels of n regions × T days (values region-major: values[r·T + t]). */
export function syntheticPanels(n, T, seed = 2020) {
  const rng = new Xoshiro256(seed);
  const dates = syntheticDates(T);
  const regions = Array.from({ length: n }, (_, i) => `R${String(i).padStart(4, '0')}`);
  const names = regions.map((r) => `Region ${r}`);
  const cases = new Float64Array(n * T);
  const deaths = new Float64Array(n * T);
  const logC = new Float64Array(T);
  for (let r = 0; r < n; r++) {
    const onset = rng.below(Math.max(1, Math.floor(T / 2)));
    const rate = 0.05 + 0.4 * rng.uniform(); // initial daily log growth
    const slow = Math.max(5, T / 4) * (0.5 + rng.uniform()); // growth half-life in days
    const lag = 5 + rng.below(20);
    const cfr = Math.log(0.005 + 0.08 * rng.uniform());
    let level = 0;
    for (let t = 0; t < T; t++) {
      if (t >= onset) level += rate * Math.exp(-(t - onset) / slow) * 2 * rng.uniform();
      logC[t] = t >= onset ? level : -Infinity;
      cases[r * T + t] = t >= onset ? Math.floor(Math.exp(level)) : 0;
    }
    for (let t = 0; t < T; t++) {
      const src = t - lag >= 0 ? logC[t - lag] : -Infinity;
      deaths[r * T + t] = Number.isFinite(src) ? Math.floor(Math.exp(src + cfr)) : 0;
    }
  }
  const panel = (quantity, values) => ({ quantity, regions, names, dates, values });
  return { cases: panel('cases', cases), deaths: panel('deaths', deaths) };
}
