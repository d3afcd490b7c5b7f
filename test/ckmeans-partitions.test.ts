import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { ckmeans, type CkmeansMethod } from '../lib/cluster/ckmeans.js';
import { ckmeansPartitions } from '../lib/cluster/ckmeans-partitions.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { backendsUnderTest, parityBackends } from './helpers/backends.js';

const METHODS: CkmeansMethod[] = ['linear', 'loglinear', 'quadratic'];

// ---------------------------------------------------------------------------------------
// Inputs rich in ties: duplicates, constant data, symmetric and repeated integer patterns
// (where several partitions have exactly the same cost), sorted and negative data.

function randomCase(rng: Xoshiro256, maxN: number): { x: Float64Array; kMax: number; kind: string } {
  const n = 1 + rng.below(maxN);
  const x = new Float64Array(n);
  const kinds = ['few-values', 'uniform', 'all-equal', 'sorted-ints', 'symmetric', 'blocks', 'negative', 'near-ties', 'two-level'];
  const kind = kinds[rng.below(kinds.length)];
  switch (kind) {
    case 'few-values': {
      const m = 1 + rng.below(12);
      for (let i = 0; i < n; i++) x[i] = rng.below(m);
      break;
    }
    case 'uniform':
      for (let i = 0; i < n; i++) x[i] = rng.uniform() * 100;
      break;
    case 'all-equal':
      x.fill(rng.uniform() * 10 - 5);
      break;
    case 'sorted-ints':
      for (let i = 0; i < n; i++) x[i] = Math.floor(i / (1 + rng.below(3)));
      break;
    case 'symmetric': {
      // 0, 1, …, m − 1 (equally spaced: many k-partitions tie), repeated or not, shuffled or not
      const m = 1 + rng.below(Math.min(n, 16));
      const step = rng.below(2) === 0 ? 1 : 0.5;
      for (let i = 0; i < n; i++) x[i] = (i % m) * step;
      if (rng.below(2) === 0) shuffle(rng, x);
      break;
    }
    case 'blocks': {
      // equal blocks of equal values: [a a a b b b c c c …]
      const size = 1 + rng.below(5);
      for (let i = 0; i < n; i++) x[i] = Math.floor(i / size) * 3;
      if (rng.below(2) === 0) shuffle(rng, x);
      break;
    }
    case 'negative':
      for (let i = 0; i < n; i++) x[i] = -rng.below(20) - (rng.below(3) === 0 ? 0.25 : 0) - (rng.below(5) === 0 ? 1e3 : 0);
      break;
    case 'near-ties':
      for (let i = 0; i < n; i++) x[i] = rng.below(6) + (rng.below(4) === 0 ? 1e-12 * rng.below(3) : 0);
      break;
    default: // two-level, with -0 and +0
      for (let i = 0; i < n; i++) x[i] = rng.below(2) === 0 ? (rng.below(2) === 0 ? -0 : 0) : 1;
  }
  const kMax = 1 + rng.below(Math.min(n + 3, 24));
  return { x, kMax, kind };
}

function shuffle(rng: Xoshiro256, x: Float64Array): void {
  for (let i = x.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = x[i];
    x[i] = x[j];
    x[j] = t;
  }
}

function distinct(x: Float64Array): number {
  return new Set(Array.from(x, (v) => v + 0)).size;
}

// Symmetric patterns where the k-partitions tie exactly, checked explicitly below.
const TIE_PATTERNS: number[][] = [
  [0, 1, 2, 3],
  [0, 1, 2, 3, 4, 5, 6, 7],
  [3, 2, 1, 0, 0, 1, 2, 3],
  [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  [1, 1, 1, 5, 5, 5, 9, 9, 9, 13, 13, 13],
  [-2, -1, 0, 1, 2],
  [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110],
];

describe.each(backendsUnderTest())('ckmeansPartitions on %s', (backend) => {
  for (const method of METHODS) {
    it(`row k − 1 equals ckmeans(x, k).labels for every k on 200 random tie-rich inputs (${method})`, () => {
      const rng = new Xoshiro256(method === 'linear' ? 101 : method === 'loglinear' ? 202 : 303);
      const maxN = method === 'quadratic' ? 120 : 300;
      const kinds = new Set<string>();
      for (let rep = 0; rep < 200; rep++) {
        const { x, kMax, kind } = randomCase(rng, maxN);
        kinds.add(kind);
        const u = distinct(x);
        const r = ckmeansPartitions(x, kMax, { backend, method });
        const K = Math.min(kMax, u);
        expect(r.k).toBe(K);
        expect(r.distinct).toBe(u);
        expect(r.labels.length).toBe(K);
        expect(r.data.length).toBe(K * x.length);
        for (let k = 1; k <= K; k++) {
          const want = ckmeans(x, k, { backend, method }).labels;
          if (!sameLabels(r.labels[k - 1], want)) {
            throw new Error(`rep ${rep} (${kind}) n=${x.length} kMax=${kMax} k=${k}: [${Array.from(r.labels[k - 1])}] != [${Array.from(want)}] for x=[${Array.from(x)}]`);
          }
        }
      }
      expect(kinds.size).toBe(9);
    });

    it(`equals ckmeans(x, k) on exact-tie patterns, sorted, reversed and shuffled (${method})`, () => {
      const rng = new Xoshiro256(7);
      for (const pattern of TIE_PATTERNS) {
        const base = Float64Array.from(pattern);
        const variants = [base, base.slice().reverse(), base.slice(), Float64Array.from([...pattern, ...pattern, ...pattern])];
        shuffle(rng, variants[2]);
        for (const x of variants) {
          const u = distinct(x);
          const r = ckmeansPartitions(x, u + 2, { backend, method });
          expect(r.k).toBe(u);
          for (let k = 1; k <= u; k++) expect(Array.from(r.labels[k - 1])).toEqual(Array.from(ckmeans(x, k, { backend, method }).labels));
        }
      }
    });
  }

  it('the @example: nested partitions of well-separated data', () => {
    const p = ckmeansPartitions([1, 1.1, 5, 5.2, 9], 3, { backend });
    expect(p.k).toBe(3);
    expect(Array.from(p.labels[0])).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(p.labels[1])).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(p.labels[2])).toEqual([0, 0, 1, 1, 2]);
  });

  it('caps K at the number of distinct values; n = 1; constant data', () => {
    expect(ckmeansPartitions([4], 5, { backend })).toMatchObject({ k: 1, distinct: 1 });
    const c = ckmeansPartitions([2, 2, 2, 2], 3, { backend });
    expect(c.k).toBe(1);
    expect(Array.from(c.labels[0])).toEqual([0, 0, 0, 0]);
    const d = ckmeansPartitions([3, 1, 3, 1, 2], 100, { backend });
    expect(d.k).toBe(3);
    expect(Array.from(d.labels[2])).toEqual([2, 0, 2, 0, 1]);
  });

  it('rejects bad input with coded errors naming the argument', () => {
    const code = (f: () => unknown, c: string, re: RegExp) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EpikitError);
      expect((err as EpikitError).code).toBe(c);
      expect((err as EpikitError).message).toMatch(re);
    };
    code(() => ckmeansPartitions([], 2, { backend }), 'E_INPUT_EMPTY', /x/);
    code(() => ckmeansPartitions([1, NaN, 2], 2, { backend }), 'E_INPUT_NAN', /x\[1\]/);
    code(() => ckmeansPartitions([1, Infinity], 2, { backend }), 'E_INPUT_NAN', /x\[1\]/);
    code(() => ckmeansPartitions([1, 2], 0, { backend }), 'E_INPUT_RANGE', /kMax.*0/);
    code(() => ckmeansPartitions([1, 2], 1.5, { backend }), 'E_INPUT_TYPE', /kMax.*1\.5/);
    code(() => ckmeansPartitions([1, 2], 2, { backend, method: 'cubic' as CkmeansMethod }), 'E_INPUT_RANGE', /method/);
    code(() => ckmeansPartitions('abc' as unknown as number[], 2, { backend }), 'E_INPUT_TYPE', /x/);
  });

  it('the raw kernel checks every size and range (no crash)', () => {
    const kern = kernelsFor(backend);
    const x = new Float64Array([3, 1, 2, 2, 5]);
    const d = new Int32Array(1);
    const code = (f: () => unknown, c: string, re: RegExp) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, `expected ${c}`).toBeInstanceOf(Error);
      expect((err as EpikitError).code).toBe(c);
      expect((err as Error).message).toMatch(re);
    };
    code(() => kern.ckmeansPartitions(x, 3, 0, new Int32Array(14), d), 'E_INPUT_SHAPE', /labels.*14.*15/);
    code(() => kern.ckmeansPartitions(x, 3, 0, new Int32Array(16), d), 'E_INPUT_SHAPE', /labels.*16.*15/);
    code(() => kern.ckmeansPartitions(x, 9, 0, new Int32Array(45), d), 'E_INPUT_SHAPE', /labels.*45.*25/); // min(kMax, n) rows
    code(() => kern.ckmeansPartitions(x, 3, 0, new Int32Array(15), new Int32Array(0)), 'E_INPUT_SHAPE', /distinct/);
    code(() => kern.ckmeansPartitions(x, 0, 0, new Int32Array(0), d), 'E_INPUT_RANGE', /kMax.*0/);
    code(() => kern.ckmeansPartitions(x, -4, 0, new Int32Array(0), d), 'E_INPUT_RANGE', /kMax.*-4/);
    code(() => kern.ckmeansPartitions(x, 2.5, 0, new Int32Array(10), d), 'E_INPUT_RANGE', /kMax.*2\.5/);
    code(() => kern.ckmeansPartitions(x, 3, 3, new Int32Array(15), d), 'E_INPUT_RANGE', /method.*3/);
    code(() => kern.ckmeansPartitions(x, 3, -1, new Int32Array(15), d), 'E_INPUT_RANGE', /method.*-1/);
    code(() => kern.ckmeansPartitions(new Float64Array(0), 1, 0, new Int32Array(0), d), 'E_INPUT_EMPTY', /x/);
    code(() => kern.ckmeansPartitions(new Float64Array([1, NaN]), 1, 0, new Int32Array(2), d), 'E_INPUT_NAN', /x\[1\].*NaN/);
    code(() => kern.ckmeansPartitions(new Float64Array([-Infinity, 1]), 1, 0, new Int32Array(2), d), 'E_INPUT_NAN', /x\[0\].*Infinity/);
    // a valid call after the failures; rows past K = u are zeroed
    const labels = new Int32Array(5 * 5).fill(-7);
    expect(kern.ckmeansPartitions(x, 9, 0, labels, d)).toBe(4);
    expect(d[0]).toBe(4);
    expect(Array.from(labels.subarray(20))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(labels.subarray(15, 20))).toEqual([2, 0, 1, 1, 3]);
  });
});

describe('ckmeansPartitions parity across native and both WebAssembly builds', () => {
  const all: [string, Kernels][] = parityBackends()
    .filter((name) => name === 'native')
    .map((name) => [name, kernelsFor(name)]);
  for (const file of ['epikit.wasm', 'epikit-simd.wasm']) {
    if (file.includes('simd') && !simdSupported()) continue;
    all.push([`wasm:${file}`, wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))))]);
  }
  it(`${all.map((k) => k[0]).join(', ')} give identical partitions on 300 random inputs, every method`, () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const rng = new Xoshiro256(9090);
    for (let rep = 0; rep < 300; rep++) {
      const { x, kMax } = randomCase(rng, rep % 10 === 0 ? 2000 : 250);
      const method = rep % 3;
      const rows = Math.min(kMax, x.length);
      const outs = all.map(([, k]) => {
        const labels = new Int32Array(rows * x.length).fill(-1);
        const d = new Int32Array(1);
        const K = k.ckmeansPartitions(x, kMax, method, labels, d);
        return { K, u: d[0], labels };
      });
      for (const o of outs.slice(1)) {
        expect(o.K).toBe(outs[0].K);
        expect(o.u).toBe(outs[0].u);
        if (!sameLabels(o.labels, outs[0].labels)) throw new Error(`rep ${rep}: partitions differ between ${all[0][0]} and another build`);
      }
    }
  });
});

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
