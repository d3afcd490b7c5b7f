// The Appendix B variant of James & Menzies (Chaos 30, 061108, 2020): three-day rolling log
// counts as vectors in ℝ³, clustered by multivariate k-means (partition: 'kmeans-window'), with
// k chosen by the same six indices. Observed on the embedded 2019-12-31..2020-04-30 data (seed 0,
// α = 0.5): mean |Δk̂| against Ckmeans 1.43 (cases) and 0.59 (deaths), max |Δk̂| 6 and 3, the same
// minimum (2 and 1) and maximum (16 and 16).
import { beforeAll, describe, expect, it } from 'vitest';
import { EpikitError, loadDefaultCountrySeries, windowPoints, type BackendName } from '../lib/index.js';
import { alignPanels } from '../lib/data/panel.js';
import { dailyClusters, type DailyClustersResult } from '../lib/evolution/daily-clusters.js';
import { evolution } from '../lib/evolution/evolution.js';
import { logCounts, type DayMatrix } from '../lib/evolution/log-counts.js';
import { clusterDays, smoothK } from '../lib/evolution/smooth-k.js';
import { backendsUnderTest, maxRelDiff, parityBackends } from './helpers/backends.js';

type Series = 'cases' | 'deaths';
const SERIES: Series[] = ['cases', 'deaths'];
const logs = {} as Record<Series, DayMatrix>;
const ckmeansRuns = {} as Record<Series, DailyClustersResult>;
const windowRuns = new Map<string, DailyClustersResult>(); // key `${backend}/${series}`
const kHatOf = (r: DailyClustersResult) => smoothK(r.kAv, { nUnique: r.nUnique }).kHat;

beforeAll(async () => {
  const { cases, deaths } = await loadDefaultCountrySeries();
  const aligned = alignPanels(cases, deaths);
  logs.cases = logCounts(aligned.a);
  logs.deaths = logCounts(aligned.b);
  const backends = new Set<BackendName>([...backendsUnderTest(), ...parityBackends()]);
  for (const s of SERIES) {
    ckmeansRuns[s] = dailyClusters(logs[s], { backend: backendsUnderTest()[0] });
    for (const backend of backends) windowRuns.set(`${backend}/${s}`, dailyClusters(logs[s], { partition: 'kmeans-window', backend }));
  }
}, 60_000);

describe('windowPoints and the k-means window partition (synthetic)', () => {
  // 4 days × 2 regions: region 0 = 10, 11, 12, 13; region 1 = 20, 21, 22, 23.
  const X: DayMatrix = { values: new Float64Array([10, 20, 11, 21, 12, 22, 13, 23]), T: 4, n: 2 };

  it('builds (x_i(t − w + 1), …, x_i(t)) per region, days before the first repeating day 0', () => {
    expect(windowPoints(X, 0, 3)).toEqual({ data: new Float64Array([10, 10, 10, 20, 20, 20]), rows: 2, cols: 3 });
    expect(Array.from(windowPoints(X, 1, 3).data)).toEqual([10, 10, 11, 20, 20, 21]);
    expect(Array.from(windowPoints(X, 2, 3).data)).toEqual([10, 11, 12, 20, 21, 22]);
    expect(Array.from(windowPoints(X, 3, 3).data)).toEqual([11, 12, 13, 21, 22, 23]);
    expect(Array.from(windowPoints(X, 3, 5).data)).toEqual([10, 10, 11, 12, 13, 20, 20, 21, 22, 23]);
    expect(Array.from(windowPoints(X, 2, 1).data)).toEqual([12, 22]);
  });

  it('counts distinct window vectors, not distinct values of the day', () => {
    // Day 2: regions 0 and 1 are both 5, but came from 0 and 9 the day before.
    const Y: DayMatrix = { values: new Float64Array([0, 9, 0, 9, 5, 5, 1, 1]), T: 4, n: 2 };
    const ck = dailyClusters(Y, { kMin: 2, kMax: 2 });
    const km = dailyClusters(Y, { kMin: 2, kMax: 2, partition: 'kmeans-window' });
    expect(Array.from(ck.nUnique)).toEqual([2, 2, 1, 1]);
    expect(Array.from(km.nUnique)).toEqual([2, 2, 2, 2]);
    expect(Array.from(km.nUnique.map((_, t) => km.days[t].ks.length))).toEqual([1, 1, 1, 1]);
  });

  it('finds planted groups of 3-day trajectories and labels 1 = the cluster with the largest centre mean', () => {
    // 12 regions in 3 groups whose log counts rise at different levels; day 0 is all equal in group.
    const T = 5;
    const n = 12;
    const values = new Float64Array(T * n);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) values[t * n + i] = 3 * (i % 3) + 0.5 * t + 0.01 * (i % 4);
    const Z: DayMatrix = { values, T, n };
    const r = dailyClusters(Z, { partition: 'kmeans-window', kMax: 6 });
    // Every index but NbClust's C-index (which favours splitting the near-duplicate points) picks 3.
    for (const d of r.days) expect({ ...d.kByIndex, cindex: 3 }).toEqual({ ptbiserial: 3, silhouette: 3, kl: 3, cindex: 3, mcclain: 3, dunn: 3 });
    const c = clusterDays(Z, [3, 3, 3, 3, 3], { partition: 'kmeans-window', seed: 7 });
    for (let t = 0; t < T; t++) {
      const row = Array.from(c.display.subarray(t * n, (t + 1) * n));
      expect(row).toEqual(Array.from({ length: n }, (_, i) => 3 - (i % 3)));
      const centers = Array.from(c.centers[t]);
      expect(centers).toEqual([...centers].sort((a, b) => a - b));
    }
  });

  it('names bad options', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof EpikitError) return e.code;
        throw e;
      }
      return 'no error';
    };
    expect(code(() => dailyClusters(X, { partition: 'kmeans' as never }))).toBe('E_INPUT_RANGE');
    expect(code(() => dailyClusters(X, { partition: 'kmeans-window', window: 0 }))).toBe('E_INPUT_RANGE');
    expect(code(() => clusterDays(X, [1, 1, 1, 1], { partition: 'kmeans-window', seed: -1 }))).toBe('E_INPUT_RANGE');
    expect(() => clusterDays(X, [1, 2, 3, 2], { partition: 'kmeans-window' })).toThrow(/kHat\[2\] is 3: day 2 has only 2 distinct values/);
  });
});

describe('k-means window variant on the embedded 2020 data', () => {
  it('gives k̂ curves close to the Ckmeans ones', () => {
    const backend = backendsUnderTest()[0];
    for (const s of SERIES) {
      const a = kHatOf(ckmeansRuns[s]);
      const b = kHatOf(windowRuns.get(`${backend}/${s}`)!);
      let sum = 0;
      for (let t = 0; t < a.length; t++) sum += Math.abs(a[t] - b[t]);
      // Observed: mean 1.43 (cases), 0.59 (deaths).
      expect(sum / a.length).toBeLessThanOrEqual(2);
      expect(Math.min(...b)).toBe(Math.min(...a));
      expect(Math.abs(Math.max(...b) - Math.max(...a))).toBeLessThanOrEqual(2);
    }
    expect(Math.min(...kHatOf(windowRuns.get(`${backend}/cases`)!))).toBe(2);
    expect(Math.min(...kHatOf(windowRuns.get(`${backend}/deaths`)!))).toBe(1);
  });

  it('is identical twice for the same seed', () => {
    const backend = backendsUnderTest()[0];
    const again = dailyClusters(logs.cases, { partition: 'kmeans-window', seed: 0, backend });
    expect(again).toEqual(windowRuns.get(`${backend}/cases`));
    const kHat = kHatOf(again);
    const c1 = clusterDays(logs.cases, kHat, { partition: 'kmeans-window', seed: 5, backend });
    const c2 = clusterDays(logs.cases, kHat, { partition: 'kmeans-window', seed: 5, backend });
    expect(c1).toEqual(c2);
  });

  it('is identical on both backends', () => {
    const [a, b] = parityBackends();
    if (!b) return;
    for (const s of SERIES) {
      const x = windowRuns.get(`${a}/${s}`)!;
      const y = windowRuns.get(`${b}/${s}`)!;
      expect(x.nUnique).toEqual(y.nUnique);
      expect(x.kAv).toEqual(y.kAv);
      expect(x.days.map((d) => d.kByIndex)).toEqual(y.days.map((d) => d.kByIndex));
      for (let t = 0; t < x.days.length; t++) {
        for (const name of Object.keys(x.days[t].indexValues) as (keyof typeof x.days[0]['indexValues'])[]) {
          expect(maxRelDiff(x.days[t].indexValues[name], y.days[t].indexValues[name])).toBeLessThan(1e-9);
        }
      }
      const kHat = kHatOf(x);
      const cx = clusterDays(logs[s], kHat, { partition: 'kmeans-window', backend: a });
      const cy = clusterDays(logs[s], kHat, { partition: 'kmeans-window', backend: b });
      expect(cx.labels).toEqual(cy.labels);
      expect(cx.display).toEqual(cy.display);
    }
  });

  it('runs through evolution and records partition, window and seed', async () => {
    const { cases, deaths } = await loadDefaultCountrySeries();
    const backend = backendsUnderTest()[0];
    const r = evolution(cases, deaths, { partition: 'kmeans-window', backend, matrices: ['aff'], startDates: ['2019-12-31'], tauMax: 20 });
    expect(r.options).toMatchObject({ partition: 'kmeans-window', window: 3, seed: 0 });
    expect(r.cases.kHat).toEqual(Array.from(kHatOf(windowRuns.get(`${backend}/cases`)!)));
    expect(r.deaths.kHat).toEqual(Array.from(kHatOf(windowRuns.get(`${backend}/deaths`)!)));
    const c = clusterDays(logs.cases, r.cases.kHat, { partition: 'kmeans-window', backend });
    expect(r.cases.display).toEqual(Array.from(c.display));
  }, 60_000);
});
