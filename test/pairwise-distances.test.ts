import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { kernelsFor } from '../lib/backend/registry.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { condensedIndex, pairwiseDistances } from '../lib/cluster/pairwise-distances.js';
import { backendsUnderTest, maxRelDiff, parityBackends } from './helpers/backends.js';

interface Fixture {
  scipy: string;
  datasets: { seed: number; n: number; d: number; points: number[][]; pdist: number[]; pdistLog: number[] }[];
}

// Produced by test/fixtures/scripts/hclust-scipy.py (scipy.spatial.distance.pdist).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/hclust-scipy.json', import.meta.url), 'utf8')) as Fixture;

/** Brute force, same summation order as the kernels (k = 0..d−1). */
function bruteForce(points: number[][], metric: 'euclidean' | 'log'): Float64Array {
  const n = points.length;
  const f = metric === 'log' ? Math.log : (v: number) => v;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < points[i].length; k++) {
        const t = f(points[i][k]) - f(points[j][k]);
        s += t * t;
      }
      out.push(points[i].length === 1 ? Math.abs(f(points[i][0]) - f(points[j][0])) : Math.sqrt(s));
    }
  }
  return Float64Array.from(out);
}

function randomPoints(rng: Xoshiro256, n: number, d: number, ties: boolean): number[][] {
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (ties && i > 0 && rng.uniform() < 0.2) pts.push([...pts[rng.below(i)]]);
    else pts.push(Array.from({ length: d }, () => (ties ? 1 + rng.below(4) : 0.01 + rng.uniform() * 100)));
  }
  return pts;
}

function expectError(f: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(EpikitError);
  expect((err as EpikitError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe('condensedIndex', () => {
  it('enumerates pairs (i, j), i < j, row by row, symmetric in i and j', () => {
    for (const n of [2, 3, 7, 20]) {
      let p = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          expect(condensedIndex(n, i, j)).toBe(p);
          expect(condensedIndex(n, j, i)).toBe(p++);
        }
      }
      expect(p).toBe((n * (n - 1)) / 2);
    }
  });

  it('rejects the diagonal and out-of-range indices', () => {
    expectError(() => condensedIndex(4, 2, 2), 'E_INPUT_RANGE', /i and j are both 2/);
    expectError(() => condensedIndex(4, 0, 4), 'E_INPUT_RANGE', /j is 4/);
    expectError(() => condensedIndex(4, -1, 2), 'E_INPUT_RANGE', /i is -1/);
    expectError(() => condensedIndex(4, 0.5, 2), 'E_INPUT_TYPE', /i must be an integer/);
  });
});

describe.each(backendsUnderTest())('pairwiseDistances on %s', (backend) => {
  it(`matches SciPy ${fixture.scipy} pdist (euclidean, and on log values)`, () => {
    for (const ds of fixture.datasets) {
      expect(maxRelDiff(pairwiseDistances(ds.points, { backend }), ds.pdist), `seed ${ds.seed}`).toBeLessThanOrEqual(1e-12);
      expect(maxRelDiff(pairwiseDistances(ds.points, { metric: 'log', backend }), ds.pdistLog), `seed ${ds.seed} log`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('equals a brute-force loop (euclidean bit for bit)', () => {
    const rng = new Xoshiro256(11);
    for (const [n, d] of [[1, 1], [2, 1], [17, 1], [30, 2], [25, 5], [12, 13]]) {
      const pts = randomPoints(rng, n, d, false);
      expect(pairwiseDistances(pts, { backend })).toEqual(bruteForce(pts, 'euclidean'));
      expect(maxRelDiff(pairwiseDistances(pts, { metric: 'log', backend }), bruteForce(pts, 'log'))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('accepts number[][], ml-matrix, { data, rows, cols } and 1-D vectors', () => {
    const pts = [[0, 0], [3, 4], [6, 8]];
    const expected = new Float64Array([5, 10, 5]);
    expect(pairwiseDistances(pts, { backend })).toEqual(expected);
    expect(pairwiseDistances(new Matrix(pts), { backend })).toEqual(expected);
    expect(pairwiseDistances({ data: Float64Array.from(pts.flat()), rows: 3, cols: 2 }, { backend })).toEqual(expected);
    expect(pairwiseDistances([1, 4, -2], { backend })).toEqual(new Float64Array([3, 3, 6]));
    expect(pairwiseDistances(new Float64Array([1, 4, -2]), { backend })).toEqual(new Float64Array([3, 3, 6]));
    expect(pairwiseDistances([[1], [4], [-2]], { backend })).toEqual(new Float64Array([3, 3, 6]));
    expect(pairwiseDistances([7], { backend })).toEqual(new Float64Array(0));
  });

  it("'log' is |log x − log y| in 1-D and Euclidean on the logs otherwise", () => {
    const one = pairwiseDistances([1, 10, 100], { metric: 'log', backend });
    expect(maxRelDiff(one, [Math.log(10), Math.log(100), Math.log(10)])).toBeLessThanOrEqual(1e-15);
    const two = pairwiseDistances([[1, 1], [Math.E, Math.E ** 2]], { metric: 'log', backend });
    expect(maxRelDiff(two, [Math.sqrt(5)])).toBeLessThanOrEqual(1e-15);
  });

  it('rejects bad input with EpikitError naming the argument and value', () => {
    expectError(() => pairwiseDistances([], { backend }), 'E_INPUT_EMPTY', /points is empty/);
    expectError(() => pairwiseDistances([[1, 2], [NaN, 3]], { backend }), 'E_INPUT_NAN', /points\[1\]\[0\] is NaN/);
    expectError(() => pairwiseDistances([1, -Infinity], { backend }), 'E_INPUT_NAN', /points\[1\] is -Infinity/);
    expectError(() => pairwiseDistances([[1, 2], [3]], { backend }), 'E_INPUT_SHAPE', /points\[1\] has 1 values/);
    expectError(() => pairwiseDistances([[1, 2]], { metric: 'manhattan' as 'log', backend }), 'E_INPUT_RANGE', /metric is "manhattan"/);
    expectError(() => pairwiseDistances([3, 0, 2], { metric: 'log', backend }), 'E_INPUT_RANGE', /points\[1\] is 0: the 'log' metric needs values > 0/);
    expectError(() => pairwiseDistances([[3, 1], [2, -4]], { metric: 'log', backend }), 'E_INPUT_RANGE', /points\[1\]\[1\] is -4/);
  });

  it('raw kernel: wrong lengths and out-of-range arguments throw instead of crashing', () => {
    const k = kernelsFor(backend);
    const pts = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(() => k.pairwiseDistances(pts, 4, 2, 0, new Float64Array(6))).toThrow(/points has length 6/);
    expect(() => k.pairwiseDistances(pts, 3, 2, 0, new Float64Array(2))).toThrow(/out has length 2/);
    expect(() => k.pairwiseDistances(pts, 3, 2, 2, new Float64Array(3))).toThrow(/metric/);
    expect(() => k.pairwiseDistances(pts, 0, 2, 0, new Float64Array(0))).toThrow(/n is 0/);
    expect(() => k.pairwiseDistances(pts, 3, -2, 0, new Float64Array(3))).toThrow(/d is -2/);
    expect(() => k.pairwiseDistances(new Float64Array([1, 2, 0, 4, 5, 6]), 3, 2, 1, new Float64Array(3))).toThrow(/points\[1\]\[0\] is 0/);
    const out = new Float64Array(3);
    k.pairwiseDistances(pts, 3, 2, 0, out);
    expect(Array.from(out)).toEqual([Math.sqrt(8), Math.sqrt(32), Math.sqrt(8)]);
  });
});

describe('pairwiseDistances: native and wasm parity', () => {
  it('agrees on several hundred random cases (euclidean identical, log within 1e-9)', () => {
    const backends = parityBackends();
    const rng = new Xoshiro256(99);
    for (let c = 0; c < 300; c++) {
      const pts = randomPoints(rng, 1 + rng.below(40), 1 + rng.below(6), c % 2 === 0);
      const eu = backends.map((backend) => pairwiseDistances(pts, { backend }));
      const lg = backends.map((backend) => pairwiseDistances(pts, { metric: 'log', backend }));
      for (let b = 1; b < backends.length; b++) {
        expect(eu[b]).toEqual(eu[0]);
        expect(maxRelDiff(lg[b], lg[0])).toBeLessThanOrEqual(1e-9);
      }
    }
  });
});
