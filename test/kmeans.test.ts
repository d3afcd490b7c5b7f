import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../lib/cluster/kmeans.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { kernelsFor } from '../lib/backend/registry.js';
import type { Kernels } from '../lib/backend/kernels.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

// ---------------------------------------------------------------- data generators (seeded)

/** Standard normal by Box–Muller from the seeded generator. */
function gauss(rng: Xoshiro256): number {
  const u1 = 1 - rng.uniform();
  const u2 = rng.uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** `perCluster` points around each of `k` centres on a wide grid; returns rows and true labels. */
function blobs(k: number, perCluster: number, d: number, spread: number, seed: number): { rows: number[][]; truth: number[] } {
  const rng = new Xoshiro256(seed);
  const centres = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => (j === 0 ? 20 * c : 20 * rng.uniform())));
  const rows: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < perCluster; i++) {
    for (let c = 0; c < k; c++) {
      rows.push(centres[c].map((m) => m + spread * gauss(rng)));
      truth.push(c);
    }
  }
  return { rows, truth };
}

function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/** Σ squared distances of the points to the centres of their labels. */
function inertiaOf(rows: number[][], labels: ArrayLike<number>, centers: number[][]): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += sqDist(rows[i], centers[labels[i]]);
  return s;
}

/** Means of the points of each label, summed in point order then divided (as the kernels do). */
function meansOf(rows: number[][], labels: ArrayLike<number>, k: number): number[][] {
  const d = rows[0].length;
  const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
  const counts = new Array<number>(k).fill(0);
  rows.forEach((r, i) => {
    counts[labels[i]]++;
    for (let j = 0; j < d; j++) sums[labels[i]][j] += r[j];
  });
  return sums.map((s, c) => s.map((v) => v / counts[c]));
}

/** Same partition up to renaming the groups. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

/** Global optimum of k-means by enumerating every assignment of n ≤ 8 points to k groups. */
function bruteForceInertia(rows: number[][], k: number): number {
  const n = rows.length;
  const labels = new Array<number>(n).fill(0);
  let best = Infinity;
  const total = k ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    const used = new Array<boolean>(k).fill(false);
    for (let i = 0; i < n; i++) {
      labels[i] = c % k;
      used[labels[i]] = true;
      c = Math.floor(c / k);
    }
    if (used.some((u) => !u)) continue;
    best = Math.min(best, inertiaOf(rows, labels, meansOf(rows, labels, k)));
  }
  return best;
}

function expectEpikitError(fn: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EpikitError);
  const err = caught as EpikitError;
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
}

// ---------------------------------------------------------------- per backend

describe.each(backendsUnderTest())('kmeans on %s', (backend) => {
  const opts = { backend } as const;

  it('gives the same result twice for the same seed', () => {
    const { rows } = blobs(4, 40, 3, 6, 11);
    const a = kmeans(rows, 4, { ...opts, seed: 99, nInit: 3 });
    const b = kmeans(rows, 4, { ...opts, seed: 99, nInit: 3 });
    expect(b.labels).toEqual(a.labels);
    expect(b.centers).toEqual(a.centers);
    expect(b.inertia).toBe(a.inertia);
    expect(b.iterations).toBe(a.iterations);
  });

  it('different seeds reach different local optima on structureless data', () => {
    const rng = new Xoshiro256(5);
    const rows = Array.from({ length: 300 }, () => [rng.uniform(), rng.uniform()]);
    const inertias = new Set<number>();
    for (let seed = 0; seed < 8; seed++) inertias.add(kmeans(rows, 7, { ...opts, seed, nInit: 1 }).inertia);
    expect(inertias.size).toBeGreaterThan(1);
  });

  it('recovers the true partition of well-separated blobs', () => {
    for (const [k, d, seed] of [
      [2, 1, 1],
      [3, 2, 2],
      [5, 4, 3],
      [8, 5, 4],
    ]) {
      const { rows, truth } = blobs(k, 30, d, 1, seed);
      const r = kmeans(rows, k, { ...opts, seed });
      expect(samePartition(r.labels, truth)).toBe(true);
      expect(Array.from(r.sizes)).toEqual(new Array(k).fill(30));
      expect(r.k).toBe(k);
      expect(r.d).toBe(d);
    }
  });

  it('reports the inertia of its labels and centres, and nearest-centre labels', () => {
    for (const seed of [1, 2, 3]) {
      const { rows } = blobs(4, 50, 3, 8, seed);
      const r = kmeans(rows, 4, { ...opts, seed, tolerance: 1e-3 });
      expect(relDiff(r.inertia, inertiaOf(rows, r.labels, r.centerRows))).toBeLessThan(1e-12);
      rows.forEach((row, i) => {
        const dists = r.centerRows.map((c) => sqDist(row, c));
        const nearest = dists.indexOf(Math.min(...dists));
        expect(r.labels[i]).toBe(nearest);
      });
      expect(r.centerRows.map((c) => Array.from(c))).toEqual(
        Array.from({ length: 4 }, (_, c) => Array.from(r.centers.subarray(c * 3, c * 3 + 3))),
      );
    }
  });

  it('centres are the means of their points after convergence (tolerance 0)', () => {
    for (const seed of [4, 5, 6]) {
      const { rows } = blobs(5, 40, 2, 7, seed);
      const r = kmeans(rows, 5, { ...opts, seed, tolerance: 0, maxIterations: 1000 });
      expect(r.iterations).toBeLessThan(1000);
      expect(maxRelDiff(r.centerRows.flat(), meansOf(rows, r.labels, 5).flat())).toBeLessThan(1e-12);
    }
  });

  it('gives the result stated in the JSDoc example', () => {
    const r = kmeans([[0, 0], [0, 1], [10, 10], [10, 11]], 2, { ...opts, seed: 1 });
    expect(Array.from(r.labels)).toEqual([1, 1, 0, 0]);
    expect(r.centerRows).toEqual([[10, 10.5], [0, 0.5]]);
    expect(r.inertia).toBe(1);
    expect(r.iterations).toBe(2);
  });

  it('k = 1 gives the mean and the total sum of squares; k = n gives inertia 0', () => {
    const rows = [
      [1, 2],
      [3, 5],
      [-2, 0],
      [4, 4],
    ];
    const one = kmeans(rows, 1, opts);
    expect(Array.from(one.labels)).toEqual([0, 0, 0, 0]);
    expect(maxRelDiff(one.centers, [1.5, 2.75])).toBeLessThan(1e-15);
    expect(relDiff(one.inertia, inertiaOf(rows, [0, 0, 0, 0], [[1.5, 2.75]]))).toBeLessThan(1e-15);
    const all = kmeans(rows, 4, opts);
    expect(all.inertia).toBe(0);
    expect(new Set(all.labels).size).toBe(4);
  });

  it('accepts number[][], Matrix, {data, rows, cols} and a 1-D vector alike', () => {
    const { rows } = blobs(3, 10, 2, 2, 8);
    const ref = kmeans(rows, 3, { ...opts, seed: 3 });
    const packed = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 2 };
    expect(kmeans(new Matrix(rows), 3, { ...opts, seed: 3 }).labels).toEqual(ref.labels);
    expect(kmeans(packed, 3, { ...opts, seed: 3 }).labels).toEqual(ref.labels);
    const xs = rows.map((r) => r[0]);
    const v = kmeans(xs, 3, { ...opts, seed: 3 });
    expect(v.labels).toEqual(kmeans(xs.map((x) => [x]), 3, { ...opts, seed: 3 }).labels);
    expect(kmeans(Float64Array.from(xs), 3, { ...opts, seed: 3 }).labels).toEqual(v.labels);
  });

  it('handles duplicated points as long as k ≤ the number of distinct points', () => {
    const rows = [[0], [0], [0], [5], [5], [9], [9], [9]];
    const r = kmeans(rows, 3, { ...opts, seed: 2 });
    expect(r.inertia).toBe(0);
    expect(samePartition(r.labels, [0, 0, 0, 1, 1, 2, 2, 2])).toBe(true);
  });

  // The bound is asserted on data with cluster structure (blobs 20 apart with spread 4-6),
  // where restarts reliably reach the best partition. On structureless data both
  // implementations end in different local optima (see the next test).
  it('never does worse than ml-kmeans best of the same number of seeds (k-means++)', () => {
    const cases: [number, number, number, number][] = [
      // k, d, spread, data seed
      [3, 2, 4, 21],
      [4, 3, 6, 22],
      [5, 2, 5, 23],
      [6, 4, 5, 24],
      [3, 1, 6, 25],
      [7, 3, 4, 26],
    ];
    const nInit = 10;
    for (const [k, d, spread, seed] of cases) {
      const { rows } = blobs(k, 60, d, spread, seed);
      let mlBest = Infinity;
      for (let s = 0; s < nInit; s++) {
        const ml = mlKmeans(rows, k, { seed: s + 1, initialization: 'kmeans++', maxIterations: 300 });
        mlBest = Math.min(mlBest, inertiaOf(rows, ml.clusters, ml.centroids));
      }
      const ours = kmeans(rows, k, { ...opts, seed, nInit, tolerance: 0 });
      expect(ours.inertia).toBeLessThanOrEqual(mlBest * (1 + 1e-9));
    }
  });

  // Without cluster structure, both end in local optima: over 30 uniform data sets (n = 300,
  // d = 3, k = 5..8) ours was lower 15 times and higher 15 times, by at most 1.5%.
  it('on heavily overlapping data lands within 2% of ml-kmeans best of the same number of seeds', () => {
    for (const [k, d, spread, seed] of [
      [6, 4, 7, 24],
      [5, 2, 12, 31],
    ]) {
      const { rows } = blobs(k, 60, d, spread, seed);
      let mlBest = Infinity;
      for (let s = 0; s < 10; s++) {
        const ml = mlKmeans(rows, k, { seed: s + 1, initialization: 'kmeans++', maxIterations: 300 });
        mlBest = Math.min(mlBest, inertiaOf(rows, ml.clusters, ml.centroids));
      }
      const ours = kmeans(rows, k, { ...opts, seed, nInit: 10, tolerance: 0 });
      expect(ours.inertia).toBeLessThanOrEqual(mlBest * 1.02);
    }
  });

  it('finds the global optimum of tiny problems (brute force over all partitions)', () => {
    const rng = new Xoshiro256(77);
    for (let t = 0; t < 24; t++) {
      const n = 4 + (t % 5); // 4..8
      const k = 1 + (t % 3); // 1..3
      const d = 1 + (t % 2);
      // easy data: k groups around separated centres, then shuffled by the generator's order
      const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, () => 10 * (i % k) + 3 * rng.uniform()));
      const ours = kmeans(rows, k, { ...opts, seed: t, nInit: 10 });
      expect(relDiff(ours.inertia, bruteForceInertia(rows, k))).toBeLessThan(1e-9);
    }
  });

  it('rejects bad input with EpikitError naming the argument and value', () => {
    const ok = [
      [0, 0],
      [1, 1],
      [2, 2],
    ];
    expectEpikitError(() => kmeans([], 1, opts), 'E_INPUT_EMPTY', 'points');
    expectEpikitError(() => kmeans([[]], 1, opts), 'E_INPUT_EMPTY', 'points');
    expectEpikitError(() => kmeans([[0, NaN]], 1, opts), 'E_INPUT_NAN', 'points[0][1]', 'NaN');
    expectEpikitError(() => kmeans([[0, 1], [Infinity, 1]], 1, opts), 'E_INPUT_NAN', 'points[1][0]', 'Infinity');
    expectEpikitError(() => kmeans([[0, 1], [-Infinity, 1]], 1, opts), 'E_INPUT_NAN', '-Infinity');
    expectEpikitError(() => kmeans([[0, 1], [2]], 1, opts), 'E_INPUT_SHAPE', 'points[1]', 'ragged');
    expectEpikitError(() => kmeans({ data: new Float64Array(5), rows: 2, cols: 3 }, 1, opts), 'E_INPUT_SHAPE', 'points.data');
    expectEpikitError(() => kmeans(ok, 0, opts), 'E_INPUT_RANGE', 'k is 0', '[1, 3]');
    expectEpikitError(() => kmeans(ok, 4, opts), 'E_INPUT_RANGE', 'k is 4');
    expectEpikitError(() => kmeans(ok, 1.5, opts), 'E_INPUT_TYPE', 'k', '1.5');
    expectEpikitError(() => kmeans([[1], [1], [2]], 3, opts), 'E_INPUT_RANGE', 'k is 3', 'distinct points, 2');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, seed: -1 }), 'E_INPUT_RANGE', 'options.seed', '-1');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, seed: 0.5 }), 'E_INPUT_TYPE', 'options.seed', '0.5');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, seed: 2 ** 53 }), 'E_INPUT_RANGE', 'options.seed');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, nInit: 0 }), 'E_INPUT_RANGE', 'options.nInit is 0');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, maxIterations: 0 }), 'E_INPUT_RANGE', 'options.maxIterations is 0');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, tolerance: -1 }), 'E_INPUT_RANGE', 'options.tolerance is -1');
    expectEpikitError(() => kmeans(ok, 2, { ...opts, tolerance: NaN }), 'E_INPUT_NAN', 'options.tolerance', 'NaN');
    expectEpikitError(() => kmeans(ok, 2, null as never), 'E_INPUT_TYPE', 'options');
  });

  it('raw kernel: wrong sizes and ranges throw instead of crashing', () => {
    const K = kernelsFor(backend);
    const n = 4;
    const d = 2;
    const pts = new Float64Array(n * d).map((_, i) => i);
    const call = (over: Partial<Record<string, unknown>>) => () => {
      const a = {
        points: pts, n, d, k: 2, seed: 1, nInit: 1, maxIter: 10, tol: 0,
        labels: new Int32Array(n), centers: new Float64Array(2 * d), stats: new Float64Array(2), ...over,
      } as unknown as Record<string, never>;
      K.kmeans(a.points, a.n, a.d, a.k, a.seed, a.nInit, a.maxIter, a.tol, a.labels, a.centers, a.stats);
    };
    expect(call({})).not.toThrow();
    const bad: [Partial<Record<string, unknown>>, string][] = [
      [{ points: new Float64Array(7) }, 'points'],
      [{ n: 5 }, 'points'],
      [{ n: 0 }, 'n'],
      [{ d: 0 }, 'd'],
      [{ k: 0 }, 'k'],
      [{ k: 5 }, 'k'],
      [{ k: 2.5 }, 'k'],
      [{ seed: -1 }, 'seed'],
      [{ nInit: 0 }, 'nInit'],
      [{ maxIter: 0 }, 'maxIter'],
      [{ tol: -1 }, 'tol'],
      [{ tol: NaN }, 'tol'],
      [{ labels: new Int32Array(3) }, 'labels'],
      [{ labels: new Float64Array(4) }, 'labels'],
      [{ centers: new Float64Array(3) }, 'centers'],
      [{ stats: new Float64Array(1) }, 'stats'],
      [{ points: [0, 1, 2, 3, 4, 5, 6, 7] }, 'points'],
    ];
    for (const [over, name] of bad) {
      let caught: unknown;
      try {
        call(over)();
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(Object.keys(over))).toBeInstanceOf(Error);
      expect((caught as Error).message).toContain(name);
      expect((caught as { code?: string }).code).toMatch(/^E_INPUT_/);
    }
  });
});

// ---------------------------------------------------------------- reference implementation

/**
 * The kernel contract of native/kernels/kmeans.h written out plainly in TypeScript (same
 * operations in the same order, so results are bit-identical in IEEE doubles). Counts the
 * rare paths so the tests can check that they are exercised.
 */
function referenceKmeans(points: Float64Array, n: number, d: number, k: number, seed: number, nInit: number, maxIter: number, tol: number) {
  const paths = { relocations: 0, zeroPotential: 0 };
  const row = (i: number) => points.subarray(i * d, (i + 1) * d);
  const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = a[j] - b[j];
      s += t * t;
    }
    return s;
  };
  // tolerance: tol × mean population variance of the coordinates
  const mean = new Array<number>(d).fill(0);
  const vr = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += points[i * d + j];
  for (let j = 0; j < d; j++) mean[j] = mean[j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) vr[j] += (points[i * d + j] - mean[j]) * (points[i * d + j] - mean[j]);
  let total = 0;
  for (let j = 0; j < d; j++) total += vr[j] / n;
  const tolAbs = (total / d) * tol;
  const trials = 2 + Math.floor(Math.log(k));
  const rng = new Xoshiro256(seed);
  let best: { labels: Int32Array; centers: Float64Array; inertia: number; iterations: number } | undefined;
  for (let run = 0; run < nInit; run++) {
    // greedy k-means++
    const centers: number[][] = [Array.from(row(rng.below(n)))];
    let closest = Array.from({ length: n }, (_, i) => dist(row(i), centers[0]));
    for (let c = 1; c < k; c++) {
      const cum: number[] = [];
      let acc = 0;
      for (const v of closest) cum.push((acc += v));
      const pot = cum[n - 1];
      const cands: number[] = [];
      for (let t = 0; t < trials; t++) {
        const u = rng.uniform();
        if (!(pot > 0) || pot === Infinity) {
          paths.zeroPotential++;
          cands.push(Math.min(Math.floor(u * n), n - 1));
          continue;
        }
        let idx = cum.findIndex((v) => v > u * pot);
        if (idx < 0) for (idx = n - 1; idx > 0 && !(closest[idx] > 0); idx--);
        cands.push(idx);
      }
      const pots = cands.map((idx) => closest.reduce((s, ci, i) => { const dd = dist(row(i), row(idx)); return s + (dd < ci ? dd : ci); }, 0));
      let b = 0;
      for (let t = 1; t < trials; t++) if (pots[t] < pots[b]) b = t;
      centers.push(Array.from(row(cands[b])));
      closest = closest.map((ci, i) => { const dd = dist(row(i), centers[c]); return dd < ci ? dd : ci; });
    }
    // Lloyd
    const labels = new Int32Array(n).fill(-1);
    const mind = new Array<number>(n).fill(0);
    let counts = new Array<number>(k).fill(0);
    const assign = () => {
      counts = new Array<number>(k).fill(0);
      let changes = 0;
      for (let i = 0; i < n; i++) {
        let bc = 0;
        let bd = dist(row(i), centers[0]);
        for (let c = 1; c < k; c++) {
          const v = dist(row(i), centers[c]);
          if (v < bd) {
            bc = c;
            bd = v;
          }
        }
        if (labels[i] !== bc) changes++;
        labels[i] = bc;
        mind[i] = bd;
        counts[bc]++;
      }
      return changes;
    };
    let strict = false;
    let iterations = 0;
    for (let it = 1; it <= maxIter; it++) {
      iterations = it;
      if (assign() === 0) {
        strict = true;
        break;
      }
      for (let c = 0; c < k; c++) {
        if (counts[c] !== 0) continue;
        let far = -1;
        let farD = 0;
        for (let i = 0; i < n; i++) {
          if (counts[labels[i]] > 1 && mind[i] > farD) {
            far = i;
            farD = mind[i];
          }
        }
        if (far < 0) continue;
        paths.relocations++;
        counts[labels[far]]--;
        labels[far] = c;
        counts[c] = 1;
        mind[far] = 0;
      }
      const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sums[labels[i]][j] += points[i * d + j];
      let shift = 0;
      for (let c = 0; c < k; c++) {
        if (counts[c] === 0) continue;
        for (let j = 0; j < d; j++) {
          const v = sums[c][j] / counts[c];
          shift += (v - centers[c][j]) * (v - centers[c][j]);
          centers[c][j] = v;
        }
      }
      if (shift <= tolAbs) break;
    }
    if (!strict) assign();
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += mind[i];
    if (run === 0 || inertia < best!.inertia) {
      best = { labels: labels.slice(), centers: Float64Array.from(centers.flat()), inertia, iterations };
    }
  }
  return { ...best!, paths };
}

// ---------------------------------------------------------------- parity

/** Random case with ties and duplicates: coordinates on a small integer grid, some rows repeated. */
function randomCase(rng: Xoshiro256, t: number) {
  const d = 1 + rng.below(5);
  const distinctRows = 1 + rng.below(40);
  const grid = t % 3 === 0 ? 3 : t % 3 === 1 ? 10 : 0; // 0: continuous values
  const base = Array.from({ length: distinctRows }, () =>
    Array.from({ length: d }, () => (grid ? rng.below(grid) - 1 : 10 * gauss(rng) + (t % 7) * 1e6)),
  );
  const n = distinctRows + rng.below(30);
  const rows = Array.from({ length: n }, (_, i) => (i < distinctRows ? base[i] : base[rng.below(distinctRows)]));
  const k = 1 + rng.below(Math.min(8, n));
  return {
    points: Float64Array.from(rows.flat()),
    n,
    d,
    k,
    seed: rng.below(1 << 30),
    nInit: 1 + rng.below(3),
    maxIter: 1 + rng.below(40),
    tol: [0, 1e-4, 0.1][rng.below(3)],
  };
}

function runKernel(K: Kernels, c: ReturnType<typeof randomCase>) {
  const labels = new Int32Array(c.n);
  const centers = new Float64Array(c.k * c.d);
  const stats = new Float64Array(2);
  K.kmeans(c.points, c.n, c.d, c.k, c.seed, c.nInit, c.maxIter, c.tol, labels, centers, stats);
  return { labels, centers, stats };
}

describe('kmeans parity across backends', () => {
  const backends = parityBackends();
  const kernels: [string, Kernels][] = backends.map((b) => [b, kernelsFor(b)]);
  // Both WebAssembly builds (SIMD and plain) as well: the SIMD lanes must not change results.
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    const url = new URL(`../wasm/${file}`, import.meta.url);
    if (file.includes('simd') && !simdSupported()) continue;
    kernels.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(url)))]);
  }

  it(`${kernels.map((k) => k[0]).join(', ')} agree on 400 random cases with ties and duplicates (raw kernel, k up to n)`, () => {
    const rng = new Xoshiro256(2024);
    for (let t = 0; t < 400; t++) {
      const c = randomCase(rng, t);
      if (t % 10 === 9) c.points = c.points.map((v) => v * 1e200); // overflowing distances
      const [ref, ...others] = kernels.map(([, K]) => runKernel(K, c));
      for (let o = 0; o < others.length; o++) {
        const r = others[o];
        const where = `case ${t} (${kernels[o + 1][0]} vs ${kernels[0][0]}): n=${c.n} d=${c.d} k=${c.k}`;
        expect(r.labels, where).toEqual(ref.labels);
        expect(maxRelDiff(r.centers, ref.centers), where).toBeLessThanOrEqual(1e-9);
        expect(relDiff(r.stats[0], ref.stats[0]), where).toBeLessThanOrEqual(1e-9);
        expect(r.stats[1], where).toBe(ref.stats[1]);
      }
    }
  });

  it.each(backends)('%s equals the plain TypeScript statement of the contract (seeding stream, relocation, degenerate k)', (backend) => {
    const rng = new Xoshiro256(4040);
    const paths = { relocations: 0, zeroPotential: 0 };
    for (let t = 0; t < 150; t++) {
      const c = randomCase(rng, t);
      // Every fifth case far out (|x| ~ 1e200): squared distances overflow to Infinity, the
      // D² potential is infinite, centres can coincide and clusters empty, which exercises
      // the uniform fallback of the seeding and the relocation of empty clusters.
      if (t % 5 === 4) c.points = c.points.map((v) => v * 1e200);
      const ref = referenceKmeans(c.points, c.n, c.d, c.k, c.seed, c.nInit, c.maxIter, c.tol);
      paths.relocations += ref.paths.relocations;
      paths.zeroPotential += ref.paths.zeroPotential;
      const r = runKernel(kernelsFor(backend), c);
      const where = `case ${t}: n=${c.n} d=${c.d} k=${c.k}`;
      expect(r.labels, where).toEqual(ref.labels);
      expect(maxRelDiff(r.centers, ref.centers), where).toBeLessThanOrEqual(1e-12);
      expect(relDiff(r.stats[0], ref.inertia), where).toBeLessThanOrEqual(1e-12);
      expect(r.stats[1], where).toBe(ref.iterations);
    }
    // the random cases do reach the rare paths
    expect(paths.relocations).toBeGreaterThan(0);
    expect(paths.zeroPotential).toBeGreaterThan(0);
  });

  it.each(backends)('facade results on %s equal the raw kernel and are self-consistent', (backend) => {
    const rng = new Xoshiro256(31);
    for (let t = 0; t < 40; t++) {
      const c = randomCase(rng, t);
      const rows = Array.from({ length: c.n }, (_, i) => Array.from(c.points.subarray(i * c.d, (i + 1) * c.d)));
      const distinct = new Set(rows.map((r) => r.join(','))).size;
      const k = Math.min(c.k, distinct);
      const r = kmeans(rows, k, { backend, seed: c.seed, nInit: c.nInit, maxIterations: c.maxIter, tolerance: c.tol });
      const raw = runKernel(kernelsFor(backend), { ...c, k });
      expect(r.labels).toEqual(raw.labels);
      expect(r.inertia).toBe(raw.stats[0]);
      expect(relDiff(r.inertia, inertiaOf(rows, r.labels, r.centerRows))).toBeLessThan(1e-9);
    }
  });
});
