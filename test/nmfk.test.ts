import { beforeAll, describe, expect, it } from 'vitest';
import '../lib/index.js';
import { optimalAssignment } from '../lib/cluster/optimal-assignment.js';
import type { Table } from '../lib/data/table.js';
import { EpikitError } from '../lib/errors.js';
import { nmfFitStatistics } from '../lib/nmfk/nmf.js';
import { nmfk, type NmfkOptions } from '../lib/nmfk/nmfk.js';
import { nmfkRestartSeed, perturbMatrix, runNmfkRestart } from '../lib/nmfk/nmfk-restart-task.js';
import type { NmfkResult } from '../lib/nmfk/nmfk-result.js';
import { setTaskRunner } from '../lib/parallel/run-tasks.js';
import { runTasksInWorkers } from '../lib/parallel/task-pool.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest } from './helpers/backends.js';

/**
 * Planted signals: H (k × n) with disjoint blocks of strong variables plus sparse weak
 * background, W (m × k) nonnegative with 30% zeros, X = W·H with every entry times
 * U(1 − noise, 1 + noise).
 */
function planted(seed: number, m: number, n: number, k: number, noise: number) {
  const rng = new Xoshiro256(seed);
  const h = new Float64Array(k * n);
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < n; j++) {
      const inBlock = Math.floor((j * k) / n) === a;
      h[a * n + j] = inBlock ? 0.5 + rng.uniform() : rng.uniform() < 0.15 ? 0.2 * rng.uniform() : 0;
    }
  }
  const w = new Float64Array(m * k);
  for (let t = 0; t < w.length; t++) w[t] = rng.uniform() < 0.3 ? 0 : 2 * rng.uniform();
  const x = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let a = 0; a < k; a++) v += w[i * k + a] * h[a * n + j];
      x[i * n + j] = v * (1 + noise * (2 * rng.uniform() - 1));
    }
  }
  return { x, w, h };
}

function cosine(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  let a = 0;
  let b = 0;
  for (let t = 0; t < p.length; t++) {
    d += p[t] * q[t];
    a += p[t] * p[t];
    b += q[t] * q[t];
  }
  return d / Math.sqrt(a * b);
}

/** Smallest cosine between recovered and planted H rows after optimal one-to-one matching. */
function matchedMinCosine(got: Float64Array, want: Float64Array, k: number, n: number): number {
  const c = Array.from({ length: k }, (_, p) => Array.from({ length: k }, (_, q) => cosine(got.subarray(p * n, (p + 1) * n), want.subarray(q * n, (q + 1) * n))));
  const a = optimalAssignment(c, { maximize: true });
  return Math.min(...Array.from(a.rowToColumn, (q, p) => c[p][q]));
}

async function errorCode(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(EpikitError);
    return (e as EpikitError).code;
  }
  return 'no error';
}

const M = 150;
const N = 40;
const K = 3;
const FAST: NmfkOptions = { k: [2, 5], restarts: 8, maxIterations: 300, tolerance: 1e-6, concurrency: 1 };

describe.each(backendsUnderTest())('nmfk on %s', (backend) => {
  it('recovers the planted k and signals over a sweep of 20 seeds (150 × 40, k = 3, 5% noise)', async () => {
    const seeds = 20;
    let recoveredK = 0;
    let matched = 0;
    const minCosines: number[] = [];
    for (let s = 0; s < seeds; s++) {
      const { x, h } = planted(1000 + s, M, N, K, 0.05);
      const r = await nmfk({ data: x, rows: M, cols: N }, { ...FAST, seed: s, backend });
      expect(r.perK.map((p) => p.k)).toEqual([2, 3, 4, 5]);
      if (r.chosenK !== K) continue;
      recoveredK++;
      const c = matchedMinCosine(r.h!, h, K, N);
      minCosines.push(c);
      if (c > 0.95) matched++;
    }
    expect(recoveredK).toBeGreaterThanOrEqual(Math.ceil(0.95 * seeds));
    expect(matched).toBe(recoveredK);
  });

  it('returns a consistent NmfkResult: normalised, ordered factors, per-k statistics, interpretation', async () => {
    const { x } = planted(77, M, N, K, 0.05);
    const features = Array.from({ length: N }, (_, j) => `var_${j}`);
    const regions = Array.from({ length: M }, (_, i) => String(10000 + i));
    const table: Table = { regions, names: regions.map((id) => `County ${id}`), features, values: x };
    const r = await nmfk(table, { ...FAST, seed: 3, backend });
    expect(r.rows).toBe(M);
    expect(r.cols).toBe(N);
    expect(r.objective).toBe('kl');
    expect(r.rule).toBe('nmfk');
    expect(r.threshold).toBe(0.5);
    expect(r.chosenK).toBe(K);
    expect(r.features).toEqual(features);
    for (const p of r.perK) {
      expect(p.w.length).toBe(M * p.k);
      expect(p.h.length).toBe(p.k * N);
      expect(p.clusterSilhouettes.length).toBe(p.k);
      expect(p.robustness).toBe(Math.min(...p.clusterSilhouettes));
      expect(p.restartObjectives.length).toBe(8);
      expect(p.restartIterations.length).toBe(8);
      for (let a = 0; a < p.k; a++) expect(p.h.subarray(a * N, (a + 1) * N).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      // the best restart is reported: its factors score the smallest restart objective
      const fit = nmfFitStatistics({ data: x, rows: M, cols: N }, p.w, p.h, p.k, { backend });
      expect(Math.abs(fit.kl - Math.min(...p.restartObjectives)) / fit.kl).toBeLessThan(1e-9);
      expect(p.relativeError).toBeCloseTo(fit.relativeError, 12);
      expect(Number.isFinite(p.aic)).toBe(true);
    }
    const at3 = r.perK[1];
    expect(at3.relativeError).toBeLessThan(0.05);
    expect(r.perK[0].relativeError).toBeGreaterThan(at3.relativeError);
    expect(at3.robustness).toBeGreaterThan(0.5);
    expect(r.perK[2].robustness).toBeLessThan(0.5);
    expect(r.w).toBe(at3.w);
    expect(r.signals.length).toBe(K);
    // ordered by contribution; shares sum to 1
    for (let a = 1; a < K; a++) expect(r.signals[a - 1].contribution).toBeGreaterThanOrEqual(r.signals[a].contribution);
    expect(r.signals.reduce((s, g) => s + g.contribution, 0)).toBeCloseTo(1, 12);
    // each planted block of variables (var_0..12, 13..26, 27..39) is one signal's top variables
    const blocks = r.signals.map((g) => Math.floor((Number(g.topVariables[0].feature.slice(4)) * K) / N)).sort();
    expect(blocks).toEqual([0, 1, 2]);
    expect(r.signals[0].topRegions.length).toBe(10);
    expect(r.signals[0].topRegions[0].weight).toBe(1);
    expect(r.signals[0].topRegions[0].name).toMatch(/^County /);
    expect(r.signals[0].label.split(' / ').length).toBe(3);
    expect(r.settings).toMatchObject({ restarts: 8, objective: 'kl', final: 'best', cluster: 'h', seed: 3, concurrency: 1 });
    expect(JSON.parse(JSON.stringify(r.settings)).signal).toBeUndefined();
  });

  it('options: centroids, W clustering, angular distance, pyDNMFk rule, perturbation, Frobenius', async () => {
    const { x, h } = planted(5, M, N, K, 0.05);
    const input = { data: x, rows: M, cols: N };
    const variants: NmfkOptions[] = [
      { final: 'centroids' },
      { cluster: 'w', distance: 'angular' },
      { rule: 'pydnmfk' },
      { perturbation: 0.03 },
      { objective: 'fro' },
    ];
    for (const v of variants) {
      const r = await nmfk(input, { ...FAST, seed: 1, backend, ...v });
      expect(r.chosenK).toBe(K);
      expect(matchedMinCosine(r.h!, h, K, N)).toBeGreaterThan(0.95);
    }
    const pyd = await nmfk(input, { ...FAST, seed: 1, backend, rule: 'pydnmfk' });
    expect(pyd.threshold).toBe(0.6);
    // strict vs non-strict when nothing passes the threshold
    const none = await nmfk(input, { ...FAST, k: [4, 5], seed: 1, backend, threshold: 0.99 });
    expect(none.chosenK).toBeNull();
    expect(none.w).toBeNull();
    expect(none.signals).toEqual([]);
    const loose = await nmfk(input, { ...FAST, k: [4, 5], seed: 1, backend, threshold: 0.99, strict: false });
    const rob = loose.perK.map((p) => p.robustness);
    expect(loose.chosenK).toBe(rob[0] >= rob[1] ? 4 : 5);
    // k = 1: robustness 1
    const one = await nmfk(input, { ...FAST, k: 1, seed: 1, backend });
    expect(one.perK[0].robustness).toBe(1);
    expect(one.chosenK).toBe(1);
  });

  it('restart seeds depend on (seed, k, r) only; perturbation is seeded and bounded', () => {
    const seeds = new Set<number>();
    for (let k = 1; k <= 5; k++) for (let r = 0; r < 20; r++) seeds.add(nmfkRestartSeed(7, k, r));
    expect(seeds.size).toBe(100);
    expect(nmfkRestartSeed(7, 3, 4)).toBe(nmfkRestartSeed(7, 3, 4));
    expect(nmfkRestartSeed(7, 3, 4)).not.toBe(nmfkRestartSeed(8, 3, 4));
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    const x = Float64Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? NaN : 1 + (i % 13)));
    const eps = 0.03;
    const p = perturbMatrix(x, eps, 11, backend);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i])) {
        expect(p[i]).toBeNaN();
        continue;
      }
      const f = p[i] / x[i];
      expect(f).toBeGreaterThanOrEqual(1 - eps - 1e-15);
      expect(f).toBeLessThan(1 + eps);
      sum += f;
      count++;
    }
    expect(Math.abs(sum / count - 1)).toBeLessThan(0.002); // centred on 1 (pyDNMFk's bug would centre on 1 + 2ε)
    expect(Array.from(perturbMatrix(x, eps, 11, backend))).toEqual(Array.from(p));
    expect(Array.from(perturbMatrix(x, eps, 12, backend))).not.toEqual(Array.from(p));
    const { x: clean } = planted(9, 30, 12, 2, 0);
    const task = { x: clean, rows: 30, cols: 12, k: 2, seed: 11, objective: 'fro' as const, maxIterations: 50, tolerance: 0, checkEvery: 10, backend };
    const a = runNmfkRestart({ ...task, perturbation: 0.2 });
    const b = runNmfkRestart({ ...task, perturbation: 0.2 });
    const c = runNmfkRestart({ ...task, perturbation: 0 });
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
    expect(Array.from(a.w)).not.toEqual(Array.from(c.w));
  });

  it('reports progress per finished restart and honours an AbortSignal', async () => {
    const { x } = planted(3, 40, 16, 2, 0.05);
    const input = { data: x, rows: 40, cols: 16 };
    const seen: { k: number; restart: number; done: number; total: number }[] = [];
    await nmfk(input, { k: [2, 3], restarts: 4, maxIterations: 50, concurrency: 1, backend, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.every((p) => p.total === 8)).toBe(true);
    expect(seen.map((p) => `${p.k}:${p.restart}`)).toEqual(['2:1', '2:2', '2:3', '2:4', '3:1', '3:2', '3:3', '3:4']);
    const before = new AbortController();
    before.abort();
    expect(await errorCode(nmfk(input, { k: 2, restarts: 4, maxIterations: 50, concurrency: 1, backend, signal: before.signal }))).toBe('E_ABORTED');
    const during = new AbortController();
    let calls = 0;
    const code = await errorCode(
      nmfk(input, {
        k: [2, 3],
        restarts: 4,
        maxIterations: 50,
        concurrency: 1,
        backend,
        signal: during.signal,
        onProgress: () => {
          if (++calls === 3) during.abort();
        },
      }),
    );
    expect(code).toBe('E_ABORTED');
    expect(calls).toBeLessThan(8);
  });

  it('rejects bad input and bad options with EpikitError codes naming the option', async () => {
    const { x } = planted(4, 20, 8, 2, 0);
    const ok = { data: x, rows: 20, cols: 8 };
    const base = { restarts: 2, maxIterations: 5, concurrency: 1, backend } as const;
    const neg = x.slice();
    neg[5] = -1;
    const nanRow = x.slice();
    nanRow.fill(NaN, 8, 16);
    expect(await errorCode(nmfk({ data: neg, rows: 20, cols: 8 }, base))).toBe('E_INPUT_RANGE');
    expect(await errorCode(nmfk({ data: nanRow, rows: 20, cols: 8 }, base))).toBe('E_INPUT_NAN');
    expect(await errorCode(nmfk([[1, 2], [3]], base))).toBe('E_INPUT_SHAPE');
    expect(await errorCode(nmfk([], base))).toBe('E_INPUT_EMPTY');
    expect(await errorCode(nmfk({ data: x, rows: 20, cols: 7 }, base))).toBe('E_INPUT_SHAPE');
    const table: Table = { regions: Array.from({ length: 20 }, (_, i) => `r${i}`), names: ['a'], features: Array.from({ length: 8 }, (_, j) => `f${j}`), values: x };
    expect(await errorCode(nmfk(table, base))).toBe('E_INPUT_SHAPE');
    expect(await errorCode(nmfk({ ...table, names: table.regions, features: ['f0'] }, base))).toBe('E_INPUT_SHAPE');
    const bad: [NmfkOptions, string, string][] = [
      [{ k: 9 }, 'E_INPUT_RANGE', 'k'],
      [{ k: 0 }, 'E_INPUT_RANGE', 'k'],
      [{ k: [3, 2] }, 'E_INPUT_RANGE', 'k'],
      [{ k: [2, 9] }, 'E_INPUT_RANGE', 'k[1]'],
      [{ k: 2.5 }, 'E_INPUT_TYPE', 'k'],
      [{ k: [1, 2, 3] as unknown as [number, number] }, 'E_INPUT_TYPE', 'k'],
      [{ restarts: 1 }, 'E_INPUT_RANGE', 'restarts'],
      [{ threshold: 1.5 }, 'E_INPUT_RANGE', 'threshold'],
      [{ threshold: NaN }, 'E_INPUT_NAN', 'threshold'],
      [{ perturbation: 1 }, 'E_INPUT_RANGE', 'perturbation'],
      [{ perturbation: -0.1 }, 'E_INPUT_RANGE', 'perturbation'],
      [{ objective: 'l1' as 'kl' }, 'E_INPUT_RANGE', 'objective'],
      [{ cluster: 'rows' as 'h' }, 'E_INPUT_RANGE', 'cluster'],
      [{ rule: 'aic' as 'nmfk' }, 'E_INPUT_RANGE', 'rule'],
      [{ final: 'mean' as 'best' }, 'E_INPUT_RANGE', 'final'],
      [{ distance: 'l2' as 'cosine' }, 'E_INPUT_RANGE', 'distance'],
      [{ variableCutoff: 2 }, 'E_INPUT_RANGE', 'variableCutoff'],
      [{ maxIterations: 0 }, 'E_INPUT_RANGE', 'maxIterations'],
      [{ concurrency: 0 }, 'E_INPUT_RANGE', 'concurrency'],
      [{ seed: -1 }, 'E_INPUT_RANGE', 'seed'],
      [{ strict: 'yes' as unknown as boolean }, 'E_INPUT_TYPE', 'strict'],
      [{ features: ['a'] }, 'E_INPUT_SHAPE', 'features'],
      [{ onProgress: 3 as unknown as () => void }, 'E_INPUT_TYPE', 'onProgress'],
    ];
    for (const [opt, code, name] of bad) {
      try {
        await nmfk(ok, { ...base, ...opt });
        throw new Error(`no error for ${JSON.stringify(opt)}`);
      } catch (e) {
        expect(e, JSON.stringify(opt)).toBeInstanceOf(EpikitError);
        expect((e as EpikitError).code, JSON.stringify(opt)).toBe(code);
        expect((e as EpikitError).message.startsWith(name), (e as EpikitError).message).toBe(true);
      }
    }
  });
});

describe.each(backendsUnderTest())('nmfk in worker threads on %s', (backend) => {
  // lib/index.ts registers the pool already; set it explicitly so that this test keeps
  // crossing threads even if the Node entry changes
  beforeAll(() => setTaskRunner(runTasksInWorkers));

  it('gives the same result for concurrency 1 and 2 (same seed)', async () => {
    const { x } = planted(21, 60, 20, 3, 0.05);
    const input = { data: x, rows: 60, cols: 20 };
    const opts: NmfkOptions = { k: [2, 4], restarts: 6, maxIterations: 150, tolerance: 1e-6, seed: 42, perturbation: 0.02, backend };
    const runs: NmfkResult[] = [];
    for (const concurrency of [1, 2]) runs.push(await nmfk(input, { ...opts, concurrency }));
    const [a, b] = runs;
    expect(b.chosenK).toBe(a.chosenK);
    for (let i = 0; i < a.perK.length; i++) {
      expect(b.perK[i].restartObjectives).toEqual(a.perK[i].restartObjectives);
      expect(b.perK[i].robustness).toBe(a.perK[i].robustness);
      expect(Array.from(b.perK[i].w)).toEqual(Array.from(a.perK[i].w));
      expect(Array.from(b.perK[i].h)).toEqual(Array.from(a.perK[i].h));
    }
    expect(b.signals).toEqual(a.signals);
  });
});
