import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { cutTree, dendrogramOrder } from '../lib/cluster/cut-tree.js';
import { hclust, LINKAGE_METHODS, type LinkageMethod } from '../lib/cluster/hclust.js';
import { backendsUnderTest, parityBackends, relDiff } from './helpers/backends.js';

interface Fixture {
  scipy: string;
  datasets: {
    seed: number;
    ties: boolean;
    n: number;
    d: number;
    points: number[][];
    pdist: number[];
    linkage: Record<
      LinkageMethod,
      {
        Z: number[];
        leaves: number[];
        maxclust: { k: number; labels: number[] }[];
        distance: { height: number; labels: number[] }[];
      }
    >;
  }[];
}

// Produced by test/fixtures/scripts/hclust-scipy.py (SciPy linkage / fcluster / leaves_list).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/hclust-scipy.json', import.meta.url), 'utf8')) as Fixture;

/** a, b, size exactly; heights within 1e-9 relative. */
function expectSameLinkage(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let r = 0; r < expected.length / 4; r++) {
    expect([actual[4 * r], actual[4 * r + 1], actual[4 * r + 3]], `${what} row ${r}`).toEqual([expected[4 * r], expected[4 * r + 1], expected[4 * r + 3]]);
    expect(relDiff(actual[4 * r + 2], expected[4 * r + 2]), `${what} row ${r} height`).toBeLessThanOrEqual(1e-9);
  }
}

function condensedOf(points: number[][]): Float64Array {
  const n = points.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < points[i].length; k++) s += (points[i][k] - points[j][k]) ** 2;
      out[p++] = Math.sqrt(s);
    }
  }
  return out;
}

function squareOf(condensed: ArrayLike<number>, n: number): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      m[i][j] = condensed[p];
      m[j][i] = condensed[p++];
    }
  }
  return m;
}

/**
 * Textbook O(n³) agglomeration (merge the closest pair of active clusters, Lance–Williams
 * update), labelled like SciPy. For tie-free data its linkage is the unique answer.
 */
function bruteForceLinkage(condensed: Float64Array, n: number, method: LinkageMethod): Float64Array {
  const D = squareOf(condensed, n);
  const size = new Array<number>(n).fill(1);
  const id = Array.from({ length: n }, (_, i) => i);
  const active = new Array<boolean>(n).fill(true);
  const out = new Float64Array((n - 1) * 4);
  for (let r = 0; r < n - 1; r++) {
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (active[i] && active[j] && D[i][j] < best) {
          best = D[i][j];
          bi = i;
          bj = j;
        }
      }
    }
    const ni = size[bi];
    const nj = size[bj];
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const nk = size[k];
      const a = D[bi][k];
      const b = D[bj][k];
      let v: number;
      if (method === 'single') v = Math.min(a, b);
      else if (method === 'complete') v = Math.max(a, b);
      else if (method === 'average') v = (ni * a + nj * b) / (ni + nj);
      else if (method === 'weighted') v = (a + b) / 2;
      else v = Math.sqrt(((ni + nk) * a * a + (nj + nk) * b * b - nk * best * best) / (ni + nj + nk));
      D[bj][k] = D[k][bj] = v;
    }
    active[bi] = false;
    size[bj] = ni + nj;
    out.set([Math.min(id[bi], id[bj]), Math.max(id[bi], id[bj]), best, ni + nj], 4 * r);
    id[bj] = n + r;
  }
  return out;
}

function randomPoints(rng: Xoshiro256, n: number, d: number, grid: number): number[][] {
  // grid > 0: small integers (many tied distances) with some exact duplicates.
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (grid > 0 && i > 0 && rng.uniform() < 0.15) {
      pts.push([...pts[rng.below(i)]]);
      continue;
    }
    pts.push(Array.from({ length: d }, () => (grid > 0 ? rng.below(grid) : rng.uniform() * 10)));
  }
  return pts;
}

describe.each(backendsUnderTest())('hclust on %s', (backend) => {
  it(`matches SciPy ${fixture.scipy} linkage for every dataset and method (including tied data)`, () => {
    let rows = 0;
    for (const ds of fixture.datasets) {
      for (const method of LINKAGE_METHODS) {
        const res = hclust(ds.pdist, { method, backend });
        expect(res.n).toBe(ds.n);
        expect(res.method).toBe(method);
        expectSameLinkage(res.linkage, ds.linkage[method].Z, `seed ${ds.seed} ${method}`);
        rows += ds.n - 1;
      }
    }
    expect(rows).toBeGreaterThan(1000);
  });

  it('cutTree by k and by height equals SciPy fcluster (maxclust / distance) minus 1', () => {
    let checked = 0;
    for (const ds of fixture.datasets) {
      for (const method of LINKAGE_METHODS) {
        const { linkage } = hclust(ds.pdist, { method, backend });
        for (const c of ds.linkage[method].maxclust) {
          expect(Array.from(cutTree(linkage, ds.n, { k: c.k })), `seed ${ds.seed} ${method} k=${c.k}`).toEqual(c.labels.map((l) => l - 1));
          checked++;
        }
        for (const c of ds.linkage[method].distance) {
          expect(Array.from(cutTree(linkage, ds.n, { height: c.height })), `seed ${ds.seed} ${method} h=${c.height}`).toEqual(c.labels.map((l) => l - 1));
          checked++;
        }
        expect(Array.from(dendrogramOrder(linkage, ds.n))).toEqual(ds.linkage[method].leaves);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('equals a brute-force O(n³) agglomeration on tie-free random data', () => {
    const rng = new Xoshiro256(77);
    for (const [n, d] of [[2, 1], [9, 2], [40, 3], [120, 2]]) {
      const condensed = condensedOf(randomPoints(rng, n, d, 0));
      for (const method of LINKAGE_METHODS) {
        expectSameLinkage(hclust(condensed, { method, backend }).linkage, bruteForceLinkage(condensed, n, method), `n=${n} ${method}`);
      }
    }
  });

  it('gives heights that never decrease and sizes that add up', () => {
    const rng = new Xoshiro256(5);
    const condensed = condensedOf(randomPoints(rng, 80, 2, 6));
    for (const method of LINKAGE_METHODS) {
      const { linkage, merges } = hclust(condensed, { method, backend });
      expect(merges).toHaveLength(79);
      expect(merges[78].size).toBe(80);
      for (let r = 1; r < 79; r++) expect(linkage[4 * r + 2]).toBeGreaterThanOrEqual(linkage[4 * r - 2]);
      for (const m of merges) {
        expect(m.a).toBeLessThan(m.b);
        const sizeOf = (c: number) => (c < 80 ? 1 : merges[c - 80].size);
        expect(m.size).toBe(sizeOf(m.a) + sizeOf(m.b));
      }
    }
  });

  it('accepts a square matrix (number[][] or ml-matrix) and a number[] the same as a Float64Array', () => {
    const ds = fixture.datasets[6];
    const square = squareOf(ds.pdist, ds.n);
    for (const method of LINKAGE_METHODS) {
      const ref = hclust(Float64Array.from(ds.pdist), { method, backend }).linkage;
      expect(hclust(square, { method, backend }).linkage).toEqual(ref);
      expect(hclust(new Matrix(square), { method, backend }).linkage).toEqual(ref);
      expect(hclust(ds.pdist, { method, backend }).linkage).toEqual(ref);
    }
  });

  it('handles one and two points and all-equal distances', () => {
    const one = hclust([[0]], { method: 'ward', backend });
    expect(one.linkage).toHaveLength(0);
    expect(one.merges).toEqual([]);
    expect(Array.from(cutTree(one.linkage, 1, { k: 1 }))).toEqual([0]);
    expect(Array.from(dendrogramOrder(one.linkage, 1))).toEqual([0]);
    expect(Array.from(hclust([2.5], { method: 'average', backend }).linkage)).toEqual([0, 1, 2.5, 2]);
    // Four points all at distance 1: ties everywhere, lowest indices merge first.
    const ties = hclust([1, 1, 1, 1, 1, 1], { method: 'average', backend });
    expect(Array.from(ties.linkage)).toEqual([0, 1, 1, 2, 2, 4, 1, 3, 3, 5, 1, 4]);
    expect(Array.from(hclust([1, 1, 1, 1, 1, 1], { method: 'single', backend }).linkage)).toEqual([0, 1, 1, 2, 2, 4, 1, 3, 3, 5, 1, 4]);
    const zeros = hclust([0, 0, 0], { method: 'ward', backend });
    expect(Array.from(zeros.linkage)).toEqual([0, 1, 0, 2, 2, 3, 0, 3]);
  });

  it('documents the JSDoc example', () => {
    const { linkage } = hclust([1, 5, 4], { method: 'average', backend });
    expect(Array.from(linkage)).toEqual([0, 1, 1, 2, 2, 3, 4.5, 3]);
    expect(Array.from(cutTree(linkage, 3, { k: 2 }))).toEqual([0, 0, 1]);
    expect(Array.from(cutTree(linkage, 3, { height: 2 }))).toEqual([0, 0, 1]);
    expect(Array.from(cutTree(linkage, 3, { k: 3 }))).toEqual([0, 1, 2]);
    expect(Array.from(cutTree(linkage, 3, { k: 10 }))).toEqual([0, 1, 2]);
    expect(Array.from(cutTree(linkage, 3, { height: 0.5 }))).toEqual([0, 1, 2]); // SciPy: [1, 2, 3]
    expect(Array.from(dendrogramOrder(linkage, 3))).toEqual([2, 0, 1]);
  });

  it('rejects bad distances and options with EpikitError naming the argument and value', () => {
    const expectError = (f: () => unknown, code: string, message: RegExp) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EpikitError);
      expect((err as EpikitError).code).toBe(code);
      expect((err as Error).message).toMatch(message);
    };
    expectError(() => hclust([], { method: 'average', backend }), 'E_INPUT_EMPTY', /distances is empty/);
    expectError(() => hclust(new Float64Array(0), { method: 'average', backend }), 'E_INPUT_EMPTY', /distances is empty/);
    expectError(() => hclust([1, NaN, 2], { method: 'average', backend }), 'E_INPUT_NAN', /distances\[1\] is NaN/);
    expectError(() => hclust([1, Infinity, 2], { method: 'single', backend }), 'E_INPUT_NAN', /distances\[1\] is Infinity/);
    expectError(() => hclust([1, 2], { method: 'average', backend }), 'E_INPUT_SHAPE', /distances has length 2/);
    expectError(() => hclust([1, -0.5, 2], { method: 'complete', backend }), 'E_INPUT_RANGE', /distances\[1\] is -0.5/);
    expectError(() => hclust([1, 2, 3], { method: 'centroid' as LinkageMethod, backend }), 'E_INPUT_RANGE', /method is "centroid"/);
    expectError(() => hclust([1, 2, 3], undefined as unknown as { method: LinkageMethod }), 'E_INPUT_TYPE', /options/);
    expectError(() => hclust([[0, 1], [2, 0]], { method: 'ward', backend }), 'E_INPUT_RANGE', /distances\[0\]\[1\] is 1 but distances\[1\]\[0\] is 2/);
    expectError(() => hclust([[0.5, 1], [1, 0]], { method: 'ward', backend }), 'E_INPUT_RANGE', /distances\[0\]\[0\] is 0.5/);
    expectError(() => hclust([[0, 1], [1]], { method: 'ward', backend }), 'E_INPUT_SHAPE', /distances\[1\] has 1 values/);
    expectError(() => hclust([[0, 1, 2], [1, 0, 3]], { method: 'ward', backend }), 'E_INPUT_SHAPE', /distances\[0\] has 3 values/);
    expectError(() => hclust('abc' as unknown as number[], { method: 'ward', backend }), 'E_INPUT_TYPE', /distances must be/);
    // Ward squares the distances: 1e200² overflows.
    expectError(() => hclust([1e200, 1e200, 1e200], { method: 'ward', backend }), 'E_INPUT_RANGE', /non-finite height/);
  });

  it('cutTree and dendrogramOrder reject invalid linkages and criteria', () => {
    const { linkage } = hclust([1, 5, 4], { method: 'average', backend });
    expect(() => cutTree(linkage, 4, { k: 2 })).toThrow(/linkage has length 8: expected \(n − 1\) × 4 = 12/);
    expect(() => cutTree(linkage, 3, { k: 0 })).toThrow(/k is 0/);
    expect(() => cutTree(linkage, 3, { k: -2 })).toThrow(/k is -2/);
    expect(() => cutTree(linkage, 3, { k: 1.5 })).toThrow(/k must be an integer/);
    expect(() => cutTree(linkage, 3, { height: NaN })).toThrow(/height is NaN/);
    expect(() => cutTree(linkage, 3, {} as { k: number })).toThrow(/criterion must have a k/);
    expect(() => cutTree([0, 0, 1, 2, 2, 3, 2, 3], 3, { k: 1 })).toThrow(/linkage\[0\]\[1\] is 0/);
    expect(() => dendrogramOrder([0, 5, 1, 2, 2, 3, 2, 3], 3)).toThrow(/linkage\[0\]\[1\] is 5/);
    expect(() => cutTree(linkage, 3, { k: 1 })).not.toThrow();
  });

  it('raw kernel: wrong lengths and out-of-range arguments throw instead of crashing', () => {
    const k = kernelsFor(backend);
    const c3 = new Float64Array([1, 2, 3]);
    const out = new Float64Array(8);
    expect(() => k.hclust(c3, 4, 0, out)).toThrow(EpikitError); // condensed length != n(n-1)/2
    expect(() => k.hclust(c3, 3, 0, new Float64Array(4))).toThrow(/out has length 4/);
    expect(() => k.hclust(c3, 3, 5, out)).toThrow(/method/);
    expect(() => k.hclust(c3, 3, -1, out)).toThrow(/method/);
    expect(() => k.hclust(c3, 0, 0, out)).toThrow(/n is 0/);
    expect(() => k.hclust(c3, 2.5, 0, out)).toThrow(EpikitError);
    expect(() => k.hclust(new Float64Array([1, NaN, 3]), 3, 2, out)).toThrow(/condensed\[1\] is NaN/);
    expect(() => k.hclust(new Float64Array([1, 2, -3]), 3, 4, out)).toThrow(/condensed\[2\] is -3/);
    expect(() => k.hclust(new Float64Array([1, 2, Infinity]), 3, 1, out)).toThrow(/condensed\[2\] is Infinity/);
    k.hclust(c3, 3, 2, out);
    expect(Array.from(out)).toEqual([0, 1, 1, 2, 2, 3, 2.5, 3]);
    // Caller's array is left untouched.
    expect(Array.from(c3)).toEqual([1, 2, 3]);
  });
});

describe('hclust: native and wasm parity', () => {
  const backends = parityBackends();

  it('gives identical linkages on several hundred random cases with duplicates and ties', () => {
    const rng = new Xoshiro256(2024);
    let cases = 0;
    for (let c = 0; c < 300; c++) {
      const n = 2 + rng.below(c < 250 ? 40 : 200);
      const d = 1 + rng.below(3);
      const grid = c % 3 === 0 ? 0 : 2 + rng.below(5);
      const condensed = condensedOf(randomPoints(rng, n, d, grid));
      for (const method of LINKAGE_METHODS) {
        const outs = backends.map((backend) => hclust(condensed, { method, backend }).linkage);
        for (const o of outs.slice(1)) expectSameLinkage(o, outs[0], `case ${c} ${method}`);
        for (const o of outs.slice(1)) expect(o).toEqual(outs[0]); // in fact bit-identical
        cases++;
      }
    }
    expect(cases).toBe(1500);
  });
});
