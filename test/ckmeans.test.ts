import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { ckmeans as ssCkmeans } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { ckmeans, type CkmeansMethod, type CkmeansResult } from '../lib/cluster/ckmeans.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

const METHODS: CkmeansMethod[] = ['linear', 'loglinear', 'quadratic'];

// ---------------------------------------------------------------------------------------
// Oracles written directly from the definitions (no prefix sums, no pruning).

function sortedIndex(x: ArrayLike<number>): number[] {
  return Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
}

/** Σ w (x − weighted mean)² of xs[j..i], two passes; 0 for zero weight. */
function intervalCost(xs: number[], ws: number[], j: number, i: number): number {
  let sw = 0;
  let swx = 0;
  for (let m = j; m <= i; m++) {
    sw += ws[m];
    swx += ws[m] * xs[m];
  }
  if (sw === 0) return 0;
  const mean = swx / sw;
  let s = 0;
  for (let m = j; m <= i; m++) s += ws[m] * (xs[m] - mean) ** 2;
  return s;
}

/** Optimal k-means objective by the plain O(k·n²) dynamic programme over an O(n³) cost table. */
function bruteForceOptimum(x: number[], w: number[] | null, k: number): number {
  const idx = sortedIndex(x);
  const xs = idx.map((i) => x[i]);
  const ws = idx.map((i) => (w ? w[i] : 1));
  const n = xs.length;
  const cost: number[][] = [];
  for (let j = 0; j < n; j++) {
    cost.push([]);
    for (let i = j; i < n; i++) cost[j][i] = intervalCost(xs, ws, j, i);
  }
  let prev = Array.from({ length: n }, (_, i) => cost[0][i]);
  for (let q = 1; q < k; q++) {
    const cur = new Array<number>(n).fill(Infinity);
    for (let i = q; i < n; i++) {
      for (let j = q; j <= i; j++) cur[i] = Math.min(cur[i], prev[j - 1] + cost[j][i]);
    }
    prev = cur;
  }
  return prev[n - 1];
}

/** BIC of a partition of the sorted data (Ckmeans.1d.dp 4.3.5 select_levels[_weighted], section 3.5). */
function referenceBic(xs: number[], ws: number[] | null, starts: number[]): number {
  const n = xs.length;
  const K = starts.length - 1;
  const W = ws ? ws.reduce((a, b) => a + b, 0) : n;
  const comp: { lambda: number; mu: number; s2: number }[] = [];
  for (let k = 0; k < K; k++) {
    const left = starts[k];
    const right = starts[k + 1] - 1;
    const nk = right - left + 1;
    const med = xs[Math.floor((left + right) / 2)];
    let wk = 0;
    let sum = 0;
    let sumsq = 0;
    for (let i = left; i <= right; i++) {
      const wi = ws ? ws[i] : 1;
      wk += wi;
      sum += wi * (xs[i] - med);
      sumsq += wi * (xs[i] - med) ** 2;
    }
    const mu = sum / wk + med;
    let s2 = nk > 1 ? (ws ? (sumsq - (sum * sum) / wk) / (((nk - 1) * wk) / nk) : (sumsq - (sum * sum) / nk) / (nk - 1)) : 0;
    if (s2 <= 0 || nk === 1) {
      const gaps: number[] = [];
      if (left > 0) gaps.push(xs[left] - xs[left - 1]);
      if (right < n - 1) gaps.push(xs[right + 1] - xs[right]);
      const dmin = Math.min(...gaps);
      if (s2 <= 0) s2 = (dmin * dmin) / 36;
      if (nk === 1) s2 = dmin * dmin;
    }
    comp.push({ lambda: wk / W, mu, s2 });
  }
  let L = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (const c of comp) p += (c.lambda / Math.sqrt(2 * Math.PI * c.s2)) * Math.exp(-((xs[i] - c.mu) ** 2) / (2 * c.s2));
    L += (ws ? ws[i] : 1) * Math.log(p);
  }
  return 2 * L - (3 * K - 1) * Math.log(W);
}

// ---------------------------------------------------------------------------------------
// Seeded inputs with duplicates, ties and weights.

interface Case {
  x: number[];
  w: number[] | null;
}

function randomCase(rng: Xoshiro256, maxN: number, weights: 'none' | 'any' | 'positive' = 'any'): Case {
  const n = 1 + rng.below(maxN);
  const mode = rng.below(4);
  const x: number[] = [];
  for (let i = 0; i < n; i++) {
    if (mode === 0) x.push(rng.below(6)); // many duplicates
    else if (mode === 1) x.push(rng.below(4) * 10 + rng.uniform()); // separated groups
    else if (mode === 2) x.push(Math.round((rng.uniform() - 0.5) * 40) / 4); // ties on a grid
    else x.push(1e6 + (rng.uniform() - 0.5) * 1e3 * (rng.below(3) + 1)); // offset data
  }
  let w: number[] | null = null;
  const wmode = weights === 'none' ? 0 : rng.below(4);
  if (wmode === 1) w = x.map(() => rng.below(5) + (weights === 'positive' ? 1 : 0));
  else if (wmode === 2) w = x.map(() => 0.1 + rng.uniform() * 3);
  else if (wmode === 3) w = x.map(() => 2.5);
  if (w && !w.some((v) => v !== 0)) w[0] = 1;
  return { x, w };
}

const distinctCount = (x: number[]) => new Set(x).size;

/** Checks a result against its own labels: sizes, centres, withinss recomputed in TS. */
function checkConsistent(r: CkmeansResult, x: number[], w: number[] | null): void {
  const useW = r.weighted ? w : null;
  expect(r.labels.length).toBe(x.length);
  const k = r.k;
  const sw = new Array<number>(k).fill(0);
  const swx = new Array<number>(k).fill(0);
  const cnt = new Array<number>(k).fill(0);
  for (let i = 0; i < x.length; i++) {
    const c = r.labels[i];
    expect(c >= 0 && c < k).toBe(true);
    const wi = useW ? useW[i] : 1;
    sw[c] += wi;
    swx[c] += wi * x[i];
    cnt[c]++;
  }
  for (let c = 0; c < k; c++) {
    expect(cnt[c]).toBeGreaterThan(0);
    expect(relDiff(r.sizes[c], sw[c])).toBeLessThan(1e-12);
    if (sw[c] > 0) expect(relDiff(r.centers[c], swx[c] / sw[c])).toBeLessThan(1e-9);
    if (c > 0) expect(r.centers[c]).toBeGreaterThan(r.centers[c - 1]);
  }
  // labels are intervals of the sorted data, in ascending order
  const idx = sortedIndex(x);
  for (let t = 1; t < idx.length; t++) expect(r.labels[idx[t]] >= r.labels[idx[t - 1]]).toBe(true);
  let wss = 0;
  for (let i = 0; i < x.length; i++) wss += (useW ? useW[i] : 1) * (x[i] - r.centers[r.labels[i]]) ** 2;
  expect(relDiff(r.totWithinss, wss)).toBeLessThan(1e-9);
  expect(relDiff(r.betweenss, r.totss - r.totWithinss)).toBe(0);
}

function fixtureInput(c: { x?: number[]; expr?: string }): number[] {
  if (c.expr === 'cos(-10:10)') return Array.from({ length: 21 }, (_, i) => Math.cos(i - 10));
  if (c.expr?.startsWith('dgamma')) {
    return Array.from({ length: 19 }, (_, i) => {
      const t = 1 + 0.5 * i;
      return t * Math.exp(-t);
    });
  }
  return c.x as number[];
}

interface RCase {
  name: string;
  x?: number[];
  expr?: string;
  weights?: number[];
  k: number | [number, number];
  labels?: number[];
  centers?: number[];
  withinss?: number[];
  sizes: number[];
  totWithinss?: number;
}
const R_CASES: RCase[] = JSON.parse(readFileSync(new URL('./fixtures/ckmeans-r-testthat.json', import.meta.url), 'utf8')).cases;

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EpikitError);
  expect((caught as EpikitError).code).toBe(code);
  expect((caught as EpikitError).message).toMatch(message);
}

// ---------------------------------------------------------------------------------------

describe.each(backendsUnderTest())('ckmeans on %s', (backend) => {
  describe('Ckmeans.1d.dp test suite values (test/fixtures/ckmeans-r-testthat.json)', () => {
    for (const c of R_CASES) {
      it.each(METHODS)(`${c.name} (%s)`, (method) => {
        const x = fixtureInput(c);
        const r = ckmeans(x, c.k, { weights: c.weights, method, backend });
        expect(Array.from(r.sizes)).toEqual(c.sizes);
        if (c.labels) expect(Array.from(r.labels)).toEqual(c.labels);
        if (c.centers) expect(maxRelDiff(r.centers, c.centers)).toBeLessThan(1e-8);
        if (c.withinss) expect(maxRelDiff(r.withinss, c.withinss)).toBeLessThan(1e-8);
        if (c.totWithinss !== undefined) expect(relDiff(r.totWithinss, c.totWithinss)).toBeLessThan(1e-12);
        checkConsistent(r, x, c.weights ?? null);
      });
    }
  });

  it('reaches the brute-force optimum on 300 random small inputs (duplicates, ties, weights), every method', () => {
    const rng = new Xoshiro256(11);
    for (let t = 0; t < 300; t++) {
      const { x, w } = randomCase(rng, 30);
      const k = 1 + rng.below(Math.min(distinctCount(x), 8));
      // all-equal weights are documented to mean "unweighted"
      const best = bruteForceOptimum(x, w && w.some((v) => v !== w[0]) ? w : null, k);
      for (const method of METHODS) {
        const r = ckmeans(x, k, { weights: w ?? undefined, method, backend });
        expect(r.k).toBe(k);
        expect(relDiff(r.totWithinss, best), `case ${t} ${method}`).toBeLessThan(1e-9);
        checkConsistent(r, x, w);
      }
    }
  });

  it('finds the same clusters as simple-statistics on tie-free data', () => {
    const rng = new Xoshiro256(12);
    for (let t = 0; t < 120; t++) {
      const n = 2 + rng.below(150);
      const groups = 1 + rng.below(6);
      const x = Array.from({ length: n }, () => rng.below(groups) * 5 + rng.uniform() * (1 + rng.below(4)));
      if (distinctCount(x) !== n) continue;
      const k = 1 + rng.below(Math.min(n, 9));
      const expected = ssCkmeans(x, k);
      const r = ckmeans(x, k, { backend });
      const ours: number[][] = Array.from({ length: r.k }, () => []);
      for (const i of sortedIndex(x)) ours[r.labels[i]].push(x[i]);
      expect(ours).toEqual(expected);
    }
  });

  it('gives the same optimum with all three methods on larger inputs with duplicates', () => {
    const rng = new Xoshiro256(13);
    for (let t = 0; t < 40; t++) {
      const { x, w } = randomCase(rng, 400);
      const k = 1 + rng.below(Math.min(distinctCount(x), 15));
      const rs = METHODS.map((method) => ckmeans(x, k, { weights: w ?? undefined, method, backend }));
      expect(relDiff(rs[1].totWithinss, rs[0].totWithinss)).toBeLessThan(1e-9);
      expect(relDiff(rs[2].totWithinss, rs[0].totWithinss)).toBeLessThan(1e-9);
    }
    const big = Array.from({ length: 20_000 }, (_, i) => Math.sin(i * 0.37) * 50 + (i % 7));
    const lin = ckmeans(big, 10, { backend });
    const log = ckmeans(big, 10, { method: 'loglinear', backend });
    expect(relDiff(lin.totWithinss, log.totWithinss)).toBeLessThan(1e-9);
    checkConsistent(lin, big, null);
  });

  describe('BIC selection of k (section 3.5)', () => {
    it('matches a hand computation on [0, 0, 10, 10]', () => {
      const r = ckmeans([0, 10, 0, 10], [1, 3], { backend });
      // K = 1: mean 5, sample variance 100/3, every point 5 away.
      const s1 = 100 / 3;
      const bic1 = 2 * 4 * (-0.5 * Math.log(2 * Math.PI * s1) - 25 / (2 * s1)) - 2 * Math.log(4);
      // K = 2: two zero-variance clusters: sigma² = d_min²/36 with d_min = 10, lambda = 1/2.
      const s2 = 100 / 36;
      const dens2 = (0.5 / Math.sqrt(2 * Math.PI * s2)) * (1 + Math.exp(-100 / (2 * s2)));
      const bic2 = 2 * 4 * Math.log(dens2) - 5 * Math.log(4);
      expect(r.kMaxUsed).toBe(2); // capped at 2 distinct values
      expect(r.bic.length).toBe(2);
      expect(relDiff(r.bic[0], bic1)).toBeLessThan(1e-12);
      expect(relDiff(r.bic[1], bic2)).toBeLessThan(1e-12);
      expect(r.k).toBe(2);
      expect(Array.from(r.labels)).toEqual([0, 1, 0, 1]);
    });

    it('equals a direct implementation of the 4.3.5 formulas and picks the first maximum', () => {
      const rng = new Xoshiro256(14);
      let checked = 0;
      for (let t = 0; t < 150; t++) {
        const { x, w: w0 } = randomCase(rng, 40, 'positive');
        const w = w0 && w0.every((v) => v === w0[0]) ? null : w0;
        const u = distinctCount(x);
        if (u < 2) continue;
        const kMin = 1 + rng.below(Math.min(u, 4));
        const kMax = kMin + rng.below(6);
        const r = ckmeans(x, [kMin, kMax], { weights: w ?? undefined, method: 'quadratic', backend });
        expect(r.kMaxUsed).toBe(Math.min(kMax, u));
        expect(r.bic.length).toBe(r.kMaxUsed - kMin + 1);
        const idx = sortedIndex(x);
        const xs = idx.map((i) => x[i]);
        const ws = w ? idx.map((i) => w[i]) : null;
        let bestK = kMin;
        for (let K = kMin; K <= r.kMaxUsed; K++) {
          const fixed = ckmeans(x, K, { weights: w ?? undefined, method: 'quadratic', backend });
          const starts = [0];
          for (let s = 1; s < idx.length; s++) if (fixed.labels[idx[s]] !== fixed.labels[idx[s - 1]]) starts.push(s);
          starts.push(idx.length);
          const expected = referenceBic(xs, ws, starts);
          expect(relDiff(r.bic[K - kMin], expected), `case ${t} K=${K}`).toBeLessThan(1e-9);
          if (r.bic[K - kMin] > r.bic[bestK - kMin]) bestK = K;
          checked++;
        }
        expect(r.k).toBe(bestK);
      }
      expect(checked).toBeGreaterThan(300);
    });

    it('caps kMax at the number of distinct values and reports it', () => {
      const r = ckmeans([1, 1, 2, 2, 3, 3], [2, 9], { backend });
      expect(r.kMaxUsed).toBe(3);
      expect(r.bic.length).toBe(2);
      expect(r.distinct).toBe(3);
      const above = ckmeans([1, 1, 2, 2], [3, 5], { backend });
      expect(above.k).toBe(2);
      expect(above.kMaxUsed).toBe(2);
      expect(above.bic.length).toBe(0);
    });

    it('returns one cluster for constant data, with a range or with k = 1', () => {
      const r = ckmeans([4, 4, 4, 4, 4], [1, 5], { backend });
      expect(r.k).toBe(1);
      expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 0]);
      expect(Array.from(r.centers)).toEqual([4]);
      expect(r.withinss[0]).toBe(0);
      expect(r.bic.length).toBe(1);
      expect(Number.isNaN(r.bic[0])).toBe(true);
      expect(ckmeans([7], 1, { backend }).centers[0]).toBe(7);
      expect(ckmeans([7], [1, 3], { backend }).k).toBe(1);
    });
  });

  describe('input handling', () => {
    it('labels unsorted input in its original order, with -0 and +0 as one value', () => {
      const r = ckmeans([10, -0, 10.5, 0, 0.2, 11], 2, { backend });
      expect(Array.from(r.labels)).toEqual([1, 0, 1, 0, 0, 1]);
      expect(r.distinct).toBe(5);
      const z = ckmeans([0, -0, 0], [1, 3], { backend });
      expect(z.distinct).toBe(1);
      expect(z.k).toBe(1);
    });

    it('treats all-equal weights as no weights and scales nothing', () => {
      const x = [1, 2, 2.5, 7, 8, 20];
      const a = ckmeans(x, 3, { backend });
      const b = ckmeans(x, 3, { weights: [3, 3, 3, 3, 3, 3], backend });
      expect(b.weighted).toBe(false);
      expect(Array.from(b.sizes)).toEqual(Array.from(a.sizes));
      expect(b.totss).toBe(a.totss);
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    });

    it('weights shift the clustering and sizes are sums of weights', () => {
      const r = ckmeans([1, 2, 10], 2, { weights: [1, 3, 1], backend });
      expect(Array.from(r.sizes)).toEqual([4, 1]);
      expect(r.centers[0]).toBe(1.75);
      expect(r.weighted).toBe(true);
      // totss = Σ w (x − x̄_w)², x̄_w = 17/5
      expect(relDiff(r.totss, 1 * 2.4 ** 2 + 3 * 1.4 ** 2 + 6.6 ** 2)).toBeLessThan(1e-12);
      // integer weights = repeated points
      const rep = ckmeans([1, 2, 2, 2, 10], 2, { backend });
      expect(relDiff(rep.totWithinss, r.totWithinss)).toBeLessThan(1e-12);
    });

    it('keeps zero-weight points labelled', () => {
      const x = [0, 1, 5, 6, 50];
      const r = ckmeans(x, 2, { weights: [1, 1, 1, 1, 0], backend });
      expect(r.labels.length).toBe(5);
      checkConsistent(r, x, [1, 1, 1, 1, 0]);
    });

    it('handles k equal to the number of distinct values (every cluster one value)', () => {
      const x = [3, 1, 2, 3, 1, 2, 2];
      const r = ckmeans(x, 3, { backend });
      expect(Array.from(r.centers)).toEqual([1, 2, 3]);
      expect(r.totWithinss).toBe(0);
    });
  });

  describe('errors', () => {
    it('rejects bad x', () => {
      expectError(() => ckmeans([], 1, { backend }), 'E_INPUT_EMPTY', /x is empty/);
      expectError(() => ckmeans([1, NaN], 1, { backend }), 'E_INPUT_NAN', /x\[1\] is NaN/);
      expectError(() => ckmeans([1, Infinity], 1, { backend }), 'E_INPUT_NAN', /x\[1\] is Infinity/);
      expectError(() => ckmeans([-Infinity, 1], 1, { backend }), 'E_INPUT_NAN', /x\[0\] is -Infinity/);
      expectError(() => ckmeans('abc' as unknown as number[], 1, { backend }), 'E_INPUT_TYPE', /x must be an array/);
    });

    it('rejects bad k', () => {
      expectError(() => ckmeans([1, 2], 0, { backend }), 'E_INPUT_RANGE', /k is 0/);
      expectError(() => ckmeans([1, 2], -2, { backend }), 'E_INPUT_RANGE', /k is -2/);
      expectError(() => ckmeans([1, 2], 1.5, { backend }), 'E_INPUT_TYPE', /k must be an integer, got 1.5/);
      expectError(() => ckmeans([1, 2, 2], 3, { backend }), 'E_INPUT_RANGE', /k is 3: x has only 2 distinct values/);
      expectError(() => ckmeans([1, 2], 5, { backend }), 'E_INPUT_RANGE', /k is 5: x has only 2 distinct values/);
      expectError(() => ckmeans([4, 4], 2, { backend }), 'E_INPUT_RANGE', /k is 2: x has only 1 distinct value,/);
      expectError(() => ckmeans([1, 2, 3], [3, 2], { backend }), 'E_INPUT_RANGE', /k is \[3, 2\]: kMin must not exceed kMax/);
      expectError(() => ckmeans([1, 2, 3], [0, 2], { backend }), 'E_INPUT_RANGE', /k\[0\] \(kMin\) is 0/);
      expectError(() => ckmeans([1, 2, 3], [1, 2, 3] as unknown as [number, number], { backend }), 'E_INPUT_TYPE', /range \[kMin, kMax\]/);
      expectError(() => ckmeans([1, 2, 3], 2, { method: 'cubic' as CkmeansMethod, backend }), 'E_INPUT_RANGE', /method is "cubic"/);
    });

    it('rejects bad weights', () => {
      expectError(() => ckmeans([1, 2, 3], 2, { weights: [1, -1, 1], backend }), 'E_INPUT_RANGE', /weights\[1\] is -1/);
      expectError(() => ckmeans([1, 2, 3], 2, { weights: [1, 1], backend }), 'E_INPUT_SHAPE', /weights has length 2: expected 3/);
      expectError(() => ckmeans([1, 2, 3], 2, { weights: [1, NaN, 1], backend }), 'E_INPUT_NAN', /weights\[1\] is NaN/);
      expectError(() => ckmeans([1, 2, 3], 2, { weights: [0, 0, 0], backend }), 'E_INPUT_RANGE', /weights sum to 0/);
    });

    it('the raw kernel rejects inconsistent arrays without crashing', () => {
      const kern = kernelsFor(backend);
      const x = Float64Array.of(3, 1, 2, 5);
      const f = (k: number) => new Float64Array(k);
      const call = (over: Partial<Record<string, unknown>>) => () => {
        const a = {
          x,
          w: null as Float64Array | null,
          kMin: 1,
          kMax: 2,
          method: 0,
          labels: new Int32Array(4),
          centers: f(2),
          withinss: f(2),
          sizes: f(2),
          bic: null as Float64Array | null,
          distinct: new Int32Array(1),
          ...over,
        };
        return kern.ckmeans(a.x, a.w, a.kMin, a.kMax, a.method, a.labels, a.centers, a.withinss, a.sizes, a.bic, a.distinct);
      };
      expect(call({})()).toBe(2);
      expectError(call({ labels: new Int32Array(3) }), 'E_INPUT_SHAPE', /labels has length 3: expected 4/);
      expectError(call({ centers: f(1) }), 'E_INPUT_SHAPE', /centers has length 1: expected 2/);
      expectError(call({ withinss: f(5) }), 'E_INPUT_SHAPE', /withinss has length 5/);
      expectError(call({ sizes: f(0) }), 'E_INPUT_SHAPE', /sizes has length 0/);
      expectError(call({ bic: f(1) }), 'E_INPUT_SHAPE', /bic has length 1: expected 2/);
      expectError(call({ w: f(3) }), 'E_INPUT_SHAPE', /weights has length 3: expected 4/);
      expectError(call({ distinct: new Int32Array(0) }), 'E_INPUT_SHAPE', /distinct has length 0/);
      expectError(call({ x: new Float64Array(0), labels: new Int32Array(0) }), 'E_INPUT_EMPTY', /x is empty/);
      expectError(call({ kMin: 0 }), 'E_INPUT_RANGE', /kMin is 0/);
      expectError(call({ kMin: 3, kMax: 2 }), 'E_INPUT_RANGE', /kMax is 2/);
      expectError(call({ method: 3 }), 'E_INPUT_RANGE', /method is 3/);
      // zero total weight is reported by the return value
      expect(call({ w: f(4) })()).toBe(0);
      // non-finite values are the facade's to reject; the kernel must still stay in bounds
      const labels = new Int32Array(4);
      const k = call({ x: Float64Array.of(NaN, 1, Infinity, NaN), kMax: 2, labels })();
      expect(k >= 1 && k <= 2).toBe(true);
      for (const l of labels) expect(l >= 0 && l < k).toBe(true);
    });
  });
});

describe('ckmeans parity between backends', () => {
  it('gives identical labels and k and floats within 1e-9 on 400 random cases', () => {
    const backends = parityBackends();
    const rng = new Xoshiro256(15);
    for (let t = 0; t < 400; t++) {
      const { x, w } = randomCase(rng, t < 350 ? 60 : 3000);
      const u = distinctCount(x);
      const method = METHODS[rng.below(3)];
      let k: number | [number, number];
      if (rng.below(2) === 0) {
        k = 1 + rng.below(Math.min(u, 12));
      } else {
        const kMin = 1 + rng.below(Math.min(u, 5));
        k = [kMin, kMin + rng.below(8)];
      }
      const rs = backends.map((backend) => ckmeans(x, k, { weights: w ?? undefined, method, backend }));
      for (const r of rs.slice(1)) {
        const a = rs[0];
        const where = `case ${t}`;
        expect(r.k, where).toBe(a.k);
        expect(r.kMaxUsed, where).toBe(a.kMaxUsed);
        expect(r.distinct, where).toBe(a.distinct);
        expect(Array.from(r.labels), where).toEqual(Array.from(a.labels));
        expect(maxRelDiff(r.centers, a.centers), where).toBeLessThan(1e-9);
        expect(maxRelDiff(r.withinss, a.withinss), where).toBeLessThan(1e-9);
        expect(maxRelDiff(r.sizes, a.sizes), where).toBeLessThan(1e-9);
        expect(maxRelDiff(r.bic, a.bic), where).toBeLessThan(1e-9);
        expect(relDiff(r.totss, a.totss), where).toBe(0);
        expect(relDiff(r.totWithinss, a.totWithinss), where).toBeLessThan(1e-9);
      }
    }
  });
});
