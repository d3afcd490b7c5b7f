// The sorted 1-D fast path of the validity indices (clusterIndices1d) against the general pair
// loops (clusterIndices) on random 1-D data with ties, duplicates and contiguous partitions
// (Ckmeans and random cut points, cuts inside runs of equal values included), per backend, and
// native / wasm parity of the fast kernel.
import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { ckmeans } from '../lib/cluster/ckmeans.js';
import { sortedIndices1d, validityIndices } from '../lib/cluster/validity-indices.js';
import { dailyClusters } from '../lib/evolution/daily-clusters.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends, relDiff } from './helpers/backends.js';

const NAMES = ['ptbiserial', 'silhouette', 'kl', 'cindex', 'mcclain', 'dunn'] as const;
const MASKS = [0, 0b011011, 0b000001, 0b000010, 0b001000, 0b010000, 0b001010];

/** NaN matches NaN, ±Infinity itself, finite values within tol (relDiff). */
function close(a: number, b: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return relDiff(a, b) <= tol;
}

/** Random 1-D data: a few value pools (many ties), integers, log counts, spread scales. */
function randomData(rng: Xoshiro256, n: number): Float64Array {
  const x = new Float64Array(n);
  const kind = rng.below(4);
  const pool = Array.from({ length: 1 + rng.below(Math.max(1, n)) }, () => rng.uniform() * 10);
  for (let i = 0; i < n; i++) {
    if (kind === 0) x[i] = pool[rng.below(pool.length)];
    else if (kind === 1) x[i] = rng.below(6);
    else if (kind === 2) x[i] = Math.log(1 + Math.floor(Math.exp(rng.uniform() * 8)));
    else x[i] = (rng.uniform() - 0.5) * 10 ** (rng.below(7) - 3) + (rng.below(3) === 0 ? 1000 : 0);
  }
  return x;
}

/** A contiguous partition of the sorted values into k runs (cut points anywhere, ties split). */
function randomContiguous(rng: Xoshiro256, x: Float64Array, k: number): Int32Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const cuts = new Set<number>();
  while (cuts.size < k - 1) cuts.add(1 + rng.below(n - 1));
  const sorted = [...cuts].sort((a, b) => a - b);
  const labels = new Int32Array(n);
  let c = 0;
  for (let p = 0; p < n; p++) {
    while (c < sorted.length && p >= sorted[c]) c++;
    labels[order[p]] = c;
  }
  return labels;
}

/** Consecutive-k partitions k0..k0+m−1: Ckmeans (when distinct values allow) or random runs. */
function partitionsOf(rng: Xoshiro256, x: Float64Array, useCkmeans: boolean, k0: number, m: number, backend: 'native' | 'wasm'): Int32Array[] {
  const distinct = new Set(x).size;
  return Array.from({ length: m }, (_, j) => {
    const k = k0 + j;
    if (k === 1) return new Int32Array(x.length);
    if (useCkmeans && k <= distinct) return ckmeans(x, k, { backend }).labels;
    return randomContiguous(rng, x, k);
  });
}

function general(backend: 'native' | 'wasm', x: Float64Array, parts: Int32Array[], k0: number, j: number, variant: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(6);
  const next = j + 1 < parts.length ? parts[j + 1] : null;
  kernelsFor(backend).clusterIndices(x, n, 1, parts[j - 1], k0 + j - 1, parts[j], k0 + j, next, Math.min(n, k0 + j + 1), variant, out);
  return out;
}

describe.each(backendsUnderTest())('clusterIndices1d on %s', (backend) => {
  it('equals the pair loops within 1e-9 on 400 random 1-D data sets (ties, duplicates, all variant masks)', () => {
    const rng = new Xoshiro256(20260417);
    let scored = 0;
    for (let c = 0; c < 400; c++) {
      const n = 3 + rng.below(c < 300 ? 40 : 300);
      const x = randomData(rng, n);
      const k0 = 1 + rng.below(Math.min(4, n - 2));
      const m = 2 + rng.below(Math.min(6, n - k0));
      const parts = partitionsOf(rng, x, rng.below(2) === 0, k0, m, backend);
      const count = m - 1 - rng.below(2) * (m > 2 ? 1 : 0);
      const variant = MASKS[c % MASKS.length];
      const fast = sortedIndices1d(x, parts, k0, count, variant, backend);
      expect(fast, `case ${c}`).not.toBeNull();
      for (let j = 1; j <= count; j++) {
        const want = general(backend, x, parts, k0, j, variant);
        for (let s = 0; s < 6; s++) {
          const got = fast![(j - 1) * 6 + s];
          if (!close(got, want[s], 1e-9)) throw new Error(`case ${c} (n = ${n}, k = ${k0 + j}, variant ${variant}) ${NAMES[s]}: fast ${got}, pairs ${want[s]}`);
        }
        // Dunn, KL and the NbClust C-index use the same floating-point values: exact.
        expect(fast![(j - 1) * 6 + 5]).toStrictEqual(want[5]);
        expect(fast![(j - 1) * 6 + 2]).toStrictEqual(want[2]);
        scored++;
      }
    }
    expect(scored).toBeGreaterThan(800);
  });

  it('validityIndices on 1-D points takes the fast path and still equals the pair loops', () => {
    const rng = new Xoshiro256(7);
    for (let c = 0; c < 100; c++) {
      const n = 4 + rng.below(60);
      const x = randomData(rng, n);
      const k = 2 + rng.below(Math.min(5, n - 2));
      const labels = randomContiguous(rng, x, k);
      const prev = k > 2 && rng.below(3) > 0 ? randomContiguous(rng, x, k - 1) : undefined;
      const next = k + 1 <= n && rng.below(3) > 0 ? randomContiguous(rng, x, k + 1) : undefined;
      const variant = c % 2 === 0 ? 'nbclust' : 'textbook';
      const got = validityIndices(x, { prev, labels, next }, { variant, backend });
      const out = new Float64Array(6);
      const prevK = prev ?? (k === 2 ? new Int32Array(n) : null);
      kernelsFor(backend).clusterIndices(x, n, 1, prevK, k - 1, labels, k, next ?? null, Math.min(n, k + 1), variant === 'textbook' ? 0b011011 : 0, out);
      NAMES.forEach((name, s) => {
        if (!close(got[name], out[s], 1e-9)) throw new Error(`case ${c} ${name}: ${got[name]} vs ${out[s]}`);
      });
    }
  });

  it('returns 0 for a partition that is not contiguous in sorted order; validityIndices then uses the pair loops', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    const labels = new Int32Array([0, 1, 0, 1, 0, 1]);
    const out = new Float64Array(6);
    expect(kernelsFor(backend).clusterIndices1d(x, 6, new Int32Array([...new Array(6).fill(0), ...labels]), 1, 2, 1, 0, out)).toBe(0);
    const v = validityIndices(x, { labels }, { backend });
    const want = new Float64Array(6);
    kernelsFor(backend).clusterIndices(x, 6, 1, new Int32Array(6), 1, labels, 2, null, 3, 0, want);
    expect(v.dunn).toBe(want[5]);
    expect(v.silhouette).toBe(want[1]);
    // Ties across a boundary are fine when ordered by label: {1, 2 | 2, 3}.
    const tie = new Float64Array([2, 1, 3, 2]);
    expect(kernelsFor(backend).clusterIndices1d(tie, 4, new Int32Array([0, 0, 0, 0, 1, 0, 1, 0]), 1, 2, 1, 0, out)).toBe(1);
    // … but not when the higher-valued cluster has the smaller label inside the tie.
    expect(kernelsFor(backend).clusterIndices1d(tie, 4, new Int32Array([0, 0, 0, 0, 0, 1, 0, 1]), 1, 2, 1, 0, out)).toBe(0);
  });

  it('dailyClusters index values equal the pair loops on Ckmeans partitions (log-count days with ties)', () => {
    const rng = new Xoshiro256(99);
    const T = 6;
    const n = 120;
    const values = new Float64Array(T * n);
    for (let i = 0; i < T * n; i++) values[i] = Math.log(1 + Math.floor(Math.exp(rng.uniform() * 6) - 1));
    const r = dailyClusters({ values, T, n }, { backend });
    for (const day of r.days) {
      const x = values.subarray(day.t * n, (day.t + 1) * n);
      const kHi = Math.min(21, day.nUnique);
      const parts = Array.from({ length: kHi }, (_, j) => (j === 0 ? new Int32Array(n) : ckmeans(x, j + 1, { backend }).labels));
      for (let j = 0; j < day.ks.length; j++) {
        const k = day.ks[j];
        const want = general(backend, Float64Array.from(x), parts, 1, k - 1, 0);
        NAMES.forEach((name, s) => {
          if (!close(day.indexValues[name][j], want[s], 1e-9)) throw new Error(`day ${day.t} k ${k} ${name}: ${day.indexValues[name][j]} vs ${want[s]}`);
        });
      }
    }
  });

  it('the raw kernel rejects bad shapes and labels with coded errors (no crash)', () => {
    const K = kernelsFor(backend);
    const x = new Float64Array([1, 2, 3, 4]);
    const parts = new Int32Array([0, 0, 0, 0, 0, 0, 1, 1]);
    const out = new Float64Array(6);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as EpikitError).code;
      }
      return 'no error';
    };
    expect(code(() => K.clusterIndices1d(x, 4, parts, 1, 2, 1, 0, out))).toBe('no error');
    expect(code(() => K.clusterIndices1d(x, 5, parts, 1, 2, 1, 0, out))).toBe('E_INPUT_SHAPE');
    expect(code(() => K.clusterIndices1d(x, 4, parts.subarray(0, 7), 1, 2, 1, 0, out))).toBe('E_INPUT_SHAPE');
    expect(code(() => K.clusterIndices1d(x, 4, new Int32Array([0, 0, 0, 0, 0, 0, 2, 1]), 1, 2, 1, 0, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, new Int32Array([0, 0, 1, 0, 0, 0, 1, 1]), 1, 2, 1, 0, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, parts, 1, 2, 2, 0, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, parts, 0, 2, 1, 0, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, parts, 4, 2, 1, 0, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, parts, 1, 2, 1, 64, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.clusterIndices1d(x, 4, parts, 1, 2, 1, 0, new Float64Array(5)))).toBe('E_INPUT_SHAPE');
    expect(code(() => K.clusterIndices1d(new Float64Array([1, NaN, 3, 4]), 4, parts, 1, 2, 1, 0, out))).toBe('E_INPUT_NAN');
  });
});

describe('clusterIndices1d: native / wasm parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('both backends agree within 1e-12 on 300 random cases', () => {
    const rng = new Xoshiro256(31337);
    for (let c = 0; c < 300; c++) {
      const n = 3 + rng.below(c < 250 ? 50 : 400);
      const x = randomData(rng, n);
      const k0 = 1 + rng.below(Math.min(3, n - 2));
      const m = 2 + rng.below(Math.min(5, n - k0));
      const parts = partitionsOf(rng, x, false, k0, m, 'native');
      const variant = MASKS[c % MASKS.length];
      const a = sortedIndices1d(x, parts, k0, m - 1, variant, 'native');
      const b = sortedIndices1d(x, parts, k0, m - 1, variant, 'wasm');
      expect(a).not.toBeNull();
      for (let i = 0; i < a!.length; i++) {
        if (!close(a![i], b![i], 1e-12)) throw new Error(`case ${c} slot ${i}: native ${a![i]}, wasm ${b![i]}`);
      }
    }
  });
});
