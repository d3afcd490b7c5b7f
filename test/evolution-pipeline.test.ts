// evolution() pieces that were restructured for scale, checked against the direct computation:
// the anomaly tables (scores now computed only for the rows the tables read) against
// anomalyScores over every day, for Aff / Gaussian / Adj and both datings, and the consistency
// table against one offsetObjective call per start date and matrix.
import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import type { Panel } from '../lib/data/panel.js';
import { evolution } from '../lib/evolution/evolution.js';
import { logCounts } from '../lib/evolution/log-counts.js';
import { anomalyScores, offsetObjective } from '../lib/evolution/matrix-offsets.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest } from './helpers/backends.js';

/** Seeded cumulative cases / deaths: log random walks with staggered onsets, deaths lagging. */
function panels(n: number, T: number, seed: number): { cases: Panel; deaths: Panel } {
  const rng = new Xoshiro256(seed);
  const t0 = Date.UTC(2019, 11, 31);
  const dates = Array.from({ length: T }, (_, t) => new Date(t0 + t * 86400000).toISOString().slice(0, 10));
  const regions = Array.from({ length: n }, (_, i) => `R${i}`);
  const cases = new Float64Array(n * T);
  const deaths = new Float64Array(n * T);
  for (let r = 0; r < n; r++) {
    const onset = rng.below(T / 2);
    const lag = 3 + rng.below(10);
    let level = 0;
    for (let t = 0; t < T; t++) {
      if (t >= onset) level += 0.3 * rng.uniform();
      cases[r * T + t] = t >= onset ? Math.floor(Math.exp(level + 6)) : 0;
    }
    for (let t = 0; t < T; t++) deaths[r * T + t] = t >= lag ? Math.floor(cases[r * T + t - lag] * 0.03) : 0;
  }
  const panel = (quantity: string, values: Float64Array): Panel => ({ quantity, regions, names: regions.map((r) => `Region ${r}`), dates, values });
  return { cases: panel('cases', cases), deaths: panel('deaths', deaths) };
}

describe.each(backendsUnderTest())('evolution() restructured stages on %s', (backend) => {
  const { cases, deaths } = panels(30, 125, 4);
  const X = logCounts(cases);
  const Y = logCounts(deaths);
  const n = 30;
  const T = 125;

  for (const [anomalyMatrix, anomalyDating] of [
    ['aff', 'deaths'],
    ['gaussian2', 'cases'],
    ['adj', 'deaths'],
  ] as const) {
    it(`anomaly tables (${anomalyMatrix}, ${anomalyDating} dating) equal anomalyScores over every day`, () => {
      const r = evolution(cases, deaths, { backend, anomalyMatrix, anomalyDating, anomalyMinCases: 0, matrices: ['aff', 'adj'], tauMax: 20 });
      const tau = r.anomalies.tau;
      const labels = (which: 'cases' | 'deaths') => {
        // The daily labels are not in the result; Adj scores need them: take them from a run's
        // memberships (display labels are a relabelling, which leaves co-membership unchanged).
        const out = new Int32Array(T * n);
        const display = r[which].display as unknown as ArrayLike<number>;
        for (let i = 0; i < T * n; i++) out[i] = display[i];
        return { data: out, T, n };
      };
      const matrix = anomalyMatrix === 'adj' ? { matrix: 'adj' as const, labelsX: labels('cases'), labelsY: labels('deaths') } : anomalyMatrix === 'aff' ? { matrix: 'aff' as const } : { matrix: 'gaussian' as const, m: 2 };
      const all = anomalyScores({ data: X.values, T, n }, { data: Y.values, T, n }, tau, { ...matrix, backend });
      expect(r.anomalies.dates.length).toBeGreaterThan(0);
      for (const { date, top } of r.anomalies.dates) {
        const t = r.dates.indexOf(date);
        const row = anomalyDating === 'deaths' ? t - tau : t;
        const want = Array.from({ length: n }, (_, i) => i)
          .filter((i) => row >= 0 && !Number.isNaN(all[row * n + i]))
          .sort((a, b) => all[row * n + b] - all[row * n + a] || a - b)
          .slice(0, 10);
        expect(top.map((x) => x.region)).toStrictEqual(want.map((i) => `R${i}`));
        top.forEach((x, k) => expect(x.score).toStrictEqual(all[row * n + want[k]]));
      }
    });
  }

  it('the consistency table equals one offsetObjective call per start date and matrix', () => {
    const startDates = ['2019-12-31', '2020-01-13', '2020-02-20', '2020-04-20'];
    const r = evolution(cases, deaths, { backend, startDates, tauMax: 30, matrices: ['aff', 'gaussian3'] });
    expect(r.consistency.length).toBe(8);
    for (const c of r.consistency) {
      const start = r.dates.indexOf(c.start);
      const matrix = c.matrix === 'aff' ? { matrix: 'aff' as const } : { matrix: 'gaussian' as const, m: 3 };
      const one = offsetObjective({ data: X.values, T, n }, { data: Y.values, T, n }, { ...matrix, start, tauMax: Math.min(30, T - 1 - start), backend });
      expect(c.objective).toStrictEqual(Array.from(one.values));
      expect(c.tau).toStrictEqual(one.tau);
    }
  });
});
