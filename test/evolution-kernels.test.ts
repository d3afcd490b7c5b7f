import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { adjacencyDistances, anomalyScores, offsetObjective, type EvolutionMatrix, type OffsetNorm } from '../lib/evolution/matrix-offsets.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { backendsUnderTest, maxRelDiff, parityBackends, relDiff } from './helpers/backends.js';

// ---------------------------------------------------------------- brute-force oracle

type Kind = EvolutionMatrix;
const KINDS: Kind[] = ['aff', 'gaussian', 'adj'];
const NORMS: OffsetNorm[] = ['l1', 'frobenius'];

/** The full n × n matrix of one day, straight from the definitions (diagonal included). */
function dayMatrix(kind: Kind, x: number[], labels: number[] | undefined, m: number): number[][] {
  const n = x.length;
  if (kind === 'adj') return labels!.map((a) => labels!.map((b) => (a === b ? 1 : 0)));
  const D = x.map((a) => x.map((b) => Math.abs(a - b)));
  const maxD = Math.max(...D.flat());
  if (maxD === 0) return D.map((r) => r.map(() => 1));
  if (kind === 'aff') return D.map((r) => r.map((d) => 1 - d / maxD));
  const sigma = maxD / m;
  void n;
  return D.map((r) => r.map((d) => Math.exp(-(d * d) / (2 * sigma * sigma))));
}

function matNorm(a: number[][], b: number[][], norm: OffsetNorm): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) {
      const d = Math.abs(a[i][j] - b[i][j]);
      s += norm === 'l1' ? d : d * d;
    }
  }
  return norm === 'l1' ? s : Math.sqrt(s);
}

interface Case {
  x: number[][];
  y: number[][];
  lx: number[][];
  ly: number[][];
}

function bruteOffset(c: Case, kind: Kind, m: number, norm: OffsetNorm, perEntry: boolean, start: number, tauMax: number): number[] {
  const T = c.x.length;
  const n = c.x[0].length;
  const out: number[] = [];
  for (let tau = 0; tau <= tauMax; tau++) {
    let s = 0;
    let count = 0;
    for (let t = start; t + tau <= T - 1; t++) {
      const v = matNorm(dayMatrix(kind, c.x[t], c.lx[t], m), dayMatrix(kind, c.y[t + tau], c.ly[t + tau], m), norm);
      s += perEntry ? v / (n * n) : v;
      count++;
    }
    out.push(count ? s / count : NaN);
  }
  return out;
}

function bruteAnomaly(c: Case, tau: number, kind: Kind, m: number): number[] {
  const T = c.x.length;
  const n = c.x[0].length;
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    if (t + tau > T - 1) {
      for (let j = 0; j < n; j++) out.push(NaN);
      continue;
    }
    const a = dayMatrix(kind, c.x[t], c.lx[t], m);
    const b = dayMatrix(kind, c.y[t + tau], c.ly[t + tau], m);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(a[i][j] - b[i][j]);
      out.push(s);
    }
  }
  return out;
}

function bruteAdjacency(labels: number[][]): number[] {
  const out: number[] = [];
  const mats = labels.map((l) => dayMatrix('adj', [], l, 1));
  for (let s = 0; s < labels.length; s++) for (let t = s + 1; t < labels.length; t++) out.push(matNorm(mats[s], mats[t], 'frobenius'));
  return out;
}

// ---------------------------------------------------------------- seeded random cases

/** Values on a coarse grid (many ties), sometimes a constant day, sometimes all distinct. */
function randomDay(rng: Xoshiro256, n: number): number[] {
  const mode = rng.below(6);
  if (mode === 0) return new Array(n).fill(Math.round(10 * rng.uniform()) / 4);
  if (mode <= 2) return Array.from({ length: n }, () => rng.below(4) * 0.5);
  return Array.from({ length: n }, () => 12 * rng.uniform() - 2);
}

function randomLabels(rng: Xoshiro256, n: number): number[] {
  const k = 1 + rng.below(n);
  const shift = rng.below(3) === 0 ? 7 : 0; // non-contiguous ids: the facade renumbers
  return Array.from({ length: n }, () => rng.below(k) * (shift ? 3 : 1) + shift);
}

function randomCase(rng: Xoshiro256, T: number, n: number): Case {
  return {
    x: Array.from({ length: T }, () => randomDay(rng, n)),
    y: Array.from({ length: T }, () => randomDay(rng, n)),
    lx: Array.from({ length: T }, () => randomLabels(rng, n)),
    ly: Array.from({ length: T }, () => randomLabels(rng, n)),
  };
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

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i], `[${i}]`).toBeNaN();
    else expect(relDiff(actual[i], expected[i]), `[${i}] ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
  }
}

// ---------------------------------------------------------------- per backend

describe.each(backendsUnderTest())('evolution kernels on %s', (backend) => {
  const opts = { backend } as const;

  it('adjacencyDistances equals the Frobenius norm of the full co-membership matrices', () => {
    const rng = new Xoshiro256(1);
    for (let c = 0; c < 60; c++) {
      const T = 1 + rng.below(7);
      const n = 1 + rng.below(9);
      const labels = Array.from({ length: T }, () => randomLabels(rng, n));
      const got = adjacencyDistances(labels, opts);
      // integer arithmetic in the kernel: exact
      expect(Array.from(got)).toEqual(bruteAdjacency(labels));
    }
  });

  it('offsetObjective matches brute force for every matrix, norm, perEntry, start and m', () => {
    const rng = new Xoshiro256(2);
    for (let c = 0; c < 48; c++) {
      const T = 1 + rng.below(7);
      const n = 1 + rng.below(6);
      const cs = randomCase(rng, T, n);
      const kind = KINDS[c % 3];
      const norm = NORMS[(c >> 1) % 2];
      const perEntry = c % 4 < 2;
      const m = 1 + rng.below(3);
      const start = rng.below(T);
      const tauMax = rng.below(T);
      const r = offsetObjective(cs.x, cs.y, { ...opts, matrix: kind, m, norm, perEntry, start, tauMax, labelsX: cs.lx, labelsY: cs.ly });
      const want = bruteOffset(cs, kind, m, norm, perEntry, start, tauMax);
      expectClose(r.values, want);
      const finite = want.map((v, i) => [v, i]).filter(([v]) => !Number.isNaN(v));
      const minV = Math.min(...finite.map(([v]) => v));
      // argmin: the smallest τ whose value is the minimum (ties exact here only if equal bits)
      expect(r.values[r.tau]).toBe(Math.min(...Array.from(r.values).filter((v) => !Number.isNaN(v))));
      expect(r.tau).toBe(Array.from(r.values).findIndex((v) => v === r.values[r.tau]));
      expect(relDiff(r.values[r.tau], minV)).toBeLessThan(1e-9);
    }
  });

  it('anomalyScores matches brute force for every matrix and m', () => {
    const rng = new Xoshiro256(3);
    for (let c = 0; c < 36; c++) {
      const T = 1 + rng.below(6);
      const n = 1 + rng.below(7);
      const cs = randomCase(rng, T, n);
      const kind = KINDS[c % 3];
      const m = 1 + rng.below(3);
      const tau = rng.below(T);
      const got = anomalyScores(cs.x, cs.y, tau, { ...opts, matrix: kind, m, labelsX: cs.lx, labelsY: cs.ly });
      expectClose(got, bruteAnomaly(cs, tau, kind, m));
    }
  });

  it('hand-checked case n = 3, T = 3', () => {
    const x = [
      [0, 1, 2],
      [0, 0, 4],
      [1, 1, 1],
    ];
    const y = [
      [0, 2, 2],
      [0, 1, 2],
      [3, 0, 0],
    ];
    // Aff per day (upper triangle (0,1), (0,2), (1,2)):
    //   X0: maxD 2 → 1/2, 0, 1/2      X1: maxD 4 → 1, 0, 0      X2: constant → 1, 1, 1
    //   Y0: maxD 2 → 0, 0, 1          Y1: maxD 2 → 1/2, 0, 1/2  Y2: maxD 3 → 0, 0, 1
    // Full-matrix L1 of a difference = 2 × Σ_upper |Δ|:
    //   τ = 0: X0−Y0 = 2(.5+0+.5) = 2; X1−Y1 = 2(.5+0+.5) = 2; X2−Y2 = 2(1+1+0) = 4 → 8/3
    //   τ = 1: X0−Y1 = 0; X1−Y2 = 2(1+0+1) = 4 → 4/2 = 2
    //   τ = 2: X0−Y2 = 2(.5+0+.5) = 2 → 2/1 = 2
    const r = offsetObjective(x, y, { ...opts, tauMax: 2 });
    expectClose(r.values, [8 / 3, 2, 2], 1e-15);
    expect(r.tau).toBe(1); // tie between τ = 1 and τ = 2 goes to the smaller
    // perEntry divides by n² = 9; start = 1 drops day 0: τ = 0: (2 + 4)/2 = 3, τ = 1: 4, τ = 2: no term
    const p = offsetObjective(x, y, { ...opts, tauMax: 2, start: 1, perEntry: true });
    expectClose(p.values, [3 / 9, 4 / 9, NaN], 1e-15);
    expect(p.tau).toBe(0);
    // Frobenius, τ = 0: sqrt(2(.25+.25)) = 1, sqrt(2(.25+.25)) = 1, sqrt(2(1+1)) = 2 → 4/3
    expectClose(offsetObjective(x, y, { ...opts, tauMax: 0, norm: 'frobenius' }).values, [4 / 3], 1e-15);
    // Gaussian m = 1 on X0 vs Y0: σ = 2; G(D=1) = e^{−1/8}, G(D=2) = e^{−1/2}
    //   X0: e^{−1/8}, e^{−1/2}, e^{−1/8};  Y0 (D = 2, 2, 0): e^{−1/2}, e^{−1/2}, 1
    //   L1 = 2(e^{−1/8} − e^{−1/2} + 0 + 1 − e^{−1/8}) = 2(1 − e^{−1/2})
    const g = offsetObjective([x[0]], [y[0]], { ...opts, matrix: 'gaussian', m: 1, tauMax: 0 });
    expectClose(g.values, [2 * (1 - Math.exp(-0.5))], 1e-14);
    // Anomaly scores τ = 1, Inc = |Aff_X(t) − Aff_Y(t+1)|: day 0 all 0; day 1 Inc upper (1, 0, 1)
    //   → a = (1 + 0, 1 + 1, 0 + 1) = (1, 2, 1); day 2 has no Y day
    expectClose(anomalyScores(x, y, 1, opts), [0, 0, 0, 1, 2, 1, NaN, NaN, NaN], 1e-15);
    // Adjacency: labels X = [0,0,1], [0,1,1], [2,2,2]: d(0,1)² = 5 + 5 − 2·3 = 4,
    //   d(0,2)² = 5 + 9 − 2(2² + 1²) = 4, d(1,2)² = 5 + 9 − 2(1 + 4) = 4 → all 2
    expect(Array.from(adjacencyDistances([[0, 0, 1], [0, 1, 1], [2, 2, 2]], opts))).toEqual([2, 2, 2]);
    // Adj objective, labelsY = labelsX shifted by one day: τ = 1 gives 0
    const lx = [[0, 0, 1], [0, 1, 1], [2, 2, 2]];
    const ly = [[1, 1, 1], [0, 0, 1], [0, 1, 1]];
    const a = offsetObjective(x, y, { ...opts, matrix: 'adj', labelsX: lx, labelsY: ly, tauMax: 2 });
    // τ = 0: ‖A0 − all ones‖₁ = 4, ‖A1 − A0‖₁ = 4, ‖all ones − A1‖₁ = 4 → 4; τ = 1: 0; τ = 2: ‖A0 − A1‖ = 4
    expectClose(a.values, [4, 0, 4], 1e-15);
    expect(a.tau).toBe(1);
  });

  it('gives the results stated in the JSDoc examples', () => {
    expect(Array.from(adjacencyDistances([[0, 0, 1], [0, 1, 1], [5, 5, 7]], opts))).toEqual([2, 0, 2]);
    const x = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [0, 2, 4]];
    const y = [[5, 5, 5], [0, 1, 2], [0, 1, 3], [0, 2, 3]];
    const r = offsetObjective(x, y, { ...opts, tauMax: 2 });
    expect(r.tau).toBe(1);
    expectClose(r.values, [5 / 3, 0, 1], 1e-15);
    expectClose(anomalyScores([[0, 1, 2], [0, 1, 2]], [[0, 1, 2], [0, 2, 2]], 1, opts), [0.5, 1, 0.5, NaN, NaN, NaN], 1e-15);
  });

  it('recovers a 5-day shift with Aff, Gaussian and Adj', () => {
    const rng = new Xoshiro256(4);
    const T = 70;
    const n = 14;
    // log cumulative counts: non-decreasing random walks starting at different days
    const walk: number[][] = [];
    const level = Array.from({ length: n }, () => 0);
    const onset = Array.from({ length: n }, () => rng.below(30));
    for (let t = 0; t < T + 5; t++) {
      walk.push(level.map((v, i) => (level[i] = t < onset[i] ? 0 : v + 0.3 * rng.uniform())));
    }
    const x = walk.slice(5);
    const y = walk.slice(0, T); // y(t + 5) = x(t)
    const bins = (row: number[]) => row.map((v) => Math.floor(v / 1.5));
    for (const matrix of ['aff', 'gaussian', 'adj'] as const) {
      const r = offsetObjective(x, y, { ...opts, matrix, m: 2, tauMax: 20, labelsX: x.map(bins), labelsY: y.map(bins) });
      expect(r.tau, matrix).toBe(5);
      expect(r.values[5]).toBe(0);
      expect(Math.min(...Array.from(r.values).filter((_, k) => k !== 5))).toBeGreaterThan(0);
    }
    // and the anomaly scores at τ = 5 are all 0 where defined
    const a = anomalyScores(x, y, 5, opts);
    expect(Array.from(a.subarray(0, (T - 5) * n)).every((v) => v === 0)).toBe(true);
  });

  // T · (tauMax + 1) > 2^20 makes the kernels split the lags into several blocks (their
  // partial-sum budget, native/kernels/evolution.h), which must not change any value.
  it('long series with many lags (several lag blocks) match brute force', () => {
    const rng = new Xoshiro256(8);
    const T = 1500;
    const n = 3;
    const cs = randomCase(rng, T, n);
    const tauMax = 1000;
    for (const [matrix, norm] of [['aff', 'l1'], ['gaussian', 'frobenius']] as const) {
      const mats = (rows: number[][]) => rows.map((r) => dayMatrix(matrix, r, undefined, 2));
      const X = mats(cs.x);
      const Y = mats(cs.y);
      const want: number[] = [];
      for (let tau = 0; tau <= tauMax; tau++) {
        let s = 0;
        for (let t = 0; t + tau < T; t++) s += matNorm(X[t], Y[t + tau], norm);
        want.push(s / (T - tau));
      }
      const r = offsetObjective(cs.x, cs.y, { ...opts, matrix, m: 2, norm, tauMax });
      expectClose(r.values, want);
    }
  });

  it('accepts per-day arrays, typed rows and packed { data, T, n } alike', () => {
    const rng = new Xoshiro256(5);
    const cs = randomCase(rng, 5, 4);
    const pack = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), T: rows.length, n: rows[0].length });
    const ref = offsetObjective(cs.x, cs.y, { ...opts, tauMax: 3 });
    expect(offsetObjective(pack(cs.x), pack(cs.y), { ...opts, tauMax: 3 }).values).toEqual(ref.values);
    expect(offsetObjective(cs.x.map((r) => Float64Array.from(r)), cs.y, { ...opts, tauMax: 3 }).values).toEqual(ref.values);
    expect(anomalyScores(pack(cs.x), { data: cs.y.flat(), T: 5, n: 4 }, 1, opts)).toEqual(anomalyScores(cs.x, cs.y, 1, opts));
    const labels = { data: Int32Array.from(cs.lx.flat()), T: 5, n: 4 };
    expect(adjacencyDistances(labels, opts)).toEqual(adjacencyDistances(cs.lx, opts));
    // defaults: aff, l1, tauMax = min(60, T − 1 − start)
    expect(offsetObjective(cs.x, cs.y, opts).values.length).toBe(5);
    expect(offsetObjective(cs.x, cs.y, { ...opts, start: 2 }).values.length).toBe(3);
  });

  it('rejects bad input with EpikitError naming the argument and value', () => {
    const x = [
      [0, 1],
      [1, 2],
    ];
    expectEpikitError(() => offsetObjective([], x, opts), 'E_INPUT_EMPTY', 'logX');
    expectEpikitError(() => offsetObjective([[]], [[]], opts), 'E_INPUT_EMPTY', 'logX[0]');
    expectEpikitError(() => offsetObjective([[0, NaN], [1, 2]], x, opts), 'E_INPUT_NAN', 'logX[0][1]', 'NaN');
    expectEpikitError(() => offsetObjective(x, [[0, 1], [Infinity, 2]], opts), 'E_INPUT_NAN', 'logY[1][0]', 'Infinity');
    expectEpikitError(() => anomalyScores(x, [[0, 1], [-Infinity, 2]], 0, opts), 'E_INPUT_NAN', '-Infinity');
    expectEpikitError(() => offsetObjective([[0, 1], [2]], x, opts), 'E_INPUT_SHAPE', 'logX[1]', 'ragged');
    expectEpikitError(() => offsetObjective(x, [[0, 1]], opts), 'E_INPUT_SHAPE', 'logY', '1 days × 2', '2 × 2');
    expectEpikitError(() => offsetObjective({ data: new Float64Array(3), T: 2, n: 2 }, x, opts), 'E_INPUT_SHAPE', 'logX.data', '4');
    expectEpikitError(() => offsetObjective(x, [['a', 1], [1, 2]] as never, opts), 'E_INPUT_TYPE', 'logY[0][0]');
    expectEpikitError(() => offsetObjective('x' as never, x, opts), 'E_INPUT_TYPE', 'logX');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, matrix: 'foo' as never }), 'E_INPUT_RANGE', 'options.matrix', 'foo');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, norm: 'l2' as never }), 'E_INPUT_RANGE', 'options.norm', 'l2');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, m: 4 }), 'E_INPUT_RANGE', 'options.m is 4');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, m: 1.5 }), 'E_INPUT_TYPE', 'options.m', '1.5');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, tauMax: 2 }), 'E_INPUT_RANGE', 'options.tauMax is 2', '[0, 1]');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, tauMax: -1 }), 'E_INPUT_RANGE', 'options.tauMax is -1');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, start: 2 }), 'E_INPUT_RANGE', 'options.start is 2');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, perEntry: 1 as never }), 'E_INPUT_TYPE', 'options.perEntry');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, matrix: 'adj' }), 'E_INPUT_TYPE', 'options.labelsX');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, matrix: 'adj', labelsX: [[0, 1], [0, 0]] }), 'E_INPUT_TYPE', 'options.labelsY');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, matrix: 'adj', labelsX: [[0, 1]], labelsY: x }), 'E_INPUT_SHAPE', 'options.labelsX');
    expectEpikitError(() => offsetObjective(x, x, { ...opts, matrix: 'adj', labelsX: x, labelsY: [[0, 0.5], [0, 0]] }), 'E_INPUT_TYPE', 'options.labelsY[0][1]', '0.5');
    expectEpikitError(() => offsetObjective(x, x, null as never), 'E_INPUT_TYPE', 'options');
    expectEpikitError(() => anomalyScores(x, x, 2, opts), 'E_INPUT_RANGE', 'tau is 2');
    expectEpikitError(() => anomalyScores(x, x, 0.5, opts), 'E_INPUT_TYPE', 'tau', '0.5');
    expectEpikitError(() => adjacencyDistances([], opts), 'E_INPUT_EMPTY', 'labelsByDay');
    expectEpikitError(() => adjacencyDistances([[0, 1], [NaN, 1]], opts), 'E_INPUT_NAN', 'labelsByDay[1][0]', 'NaN');
    expectEpikitError(() => adjacencyDistances([[0, 1], [1]], opts), 'E_INPUT_SHAPE', 'labelsByDay[1]');
  });

  it('raw kernels: wrong sizes, ranges and labels throw instead of crashing', () => {
    const K = kernelsFor(backend);
    const T = 3;
    const n = 4;
    const f = () => new Float64Array(T * n).map((_, i) => (i * 7) % 5);
    const l = () => new Int32Array(T * n).map((_, i) => i % 3);
    type Args = Record<string, unknown>;
    const run = (name: string, call: (a: Args) => void, base: Args, bad: [Args, string][]) => {
      expect(() => call(base), name).not.toThrow();
      for (const [over, arg] of bad) {
        let caught: unknown;
        try {
          call({ ...base, ...over });
        } catch (e) {
          caught = e;
        }
        expect(caught, `${name} ${JSON.stringify(Object.keys(over))}`).toBeInstanceOf(Error);
        expect((caught as Error).message).toContain(arg);
        expect((caught as { code?: string }).code).toMatch(/^E_INPUT_/);
      }
    };
    const A = (a: Args) => a as Record<string, never>;
    run('adjacencyDistances', (a) => K.adjacencyDistances(A(a).labels, A(a).T, A(a).n, A(a).out), { labels: l(), T, n, out: new Float64Array(3) }, [
      [{ labels: new Int32Array(11) }, 'labels'],
      [{ labels: new Int32Array(12).fill(4) }, 'labels'],
      [{ labels: new Int32Array(12).fill(-1) }, 'labels'],
      [{ labels: f() }, 'labels'],
      [{ T: 0 }, 'T'],
      [{ n: 0 }, 'n'],
      [{ n: 2.5 }, 'n'],
      [{ T: 4 }, 'labels'],
      [{ out: new Float64Array(2) }, 'out'],
      [{ out: null }, 'out'],
    ]);
    const base = { x: f(), y: f(), lx: l(), ly: l(), T, n, matrix: 2, m: 1, norm: 0, perEntry: 0, start: 0, tauMax: 2, out: new Float64Array(3) };
    const badSeries: [Args, string][] = [
      [{ x: new Float64Array(11) }, 'x'],
      [{ y: new Float64Array(13) }, 'y'],
      [{ x: new Float64Array(12).fill(NaN) }, 'x'],
      [{ y: Float64Array.from(f(), (v, i) => (i === 5 ? Infinity : v)) }, 'y[5]'],
      [{ lx: null }, 'labelsX'],
      [{ ly: null }, 'labelsY'],
      [{ lx: new Int32Array(12).fill(4) }, 'labelsX'],
      [{ ly: new Int32Array(11) }, 'labelsY'],
      [{ matrix: 0, lx: new Int32Array(12).fill(9) }, 'labelsX'],
      [{ matrix: 3 }, 'matrix'],
      [{ matrix: -1 }, 'matrix'],
      [{ m: 0 }, 'm'],
      [{ m: 4 }, 'm'],
      [{ T: 0 }, 'T'],
      [{ n: 5 }, 'x'],
      [{ n: -1 }, 'n'],
    ];
    run(
      'offsetObjective',
      (a) => K.offsetObjective(A(a).x, A(a).y, A(a).lx, A(a).ly, A(a).T, A(a).n, A(a).matrix, A(a).m, A(a).norm, A(a).perEntry, A(a).start, A(a).tauMax, A(a).out),
      base,
      [
        ...badSeries,
        [{ norm: 2 }, 'norm'],
        [{ perEntry: 2 }, 'perEntry'],
        [{ start: 3 }, 'start'],
        [{ start: -1 }, 'start'],
        [{ tauMax: 3 }, 'tauMax'],
        [{ tauMax: 1 }, 'out'],
        [{ out: new Float64Array(4) }, 'out'],
        [{ tauMax: NaN }, 'tauMax'],
      ],
    );
    expect(() => K.offsetObjective(f(), f(), null, null, T, n, 0, 1, 0, 0, 0, 2, new Float64Array(3))).not.toThrow();
    run(
      'anomalyScores',
      (a) => K.anomalyScores(A(a).x, A(a).y, A(a).lx, A(a).ly, A(a).T, A(a).n, A(a).tau, A(a).matrix, A(a).m, A(a).out),
      { ...base, tau: 1, out: new Float64Array(T * n) },
      [...badSeries, [{ tau: 3 }, 'tau'], [{ tau: -1 }, 'tau'], [{ out: new Float64Array(11) }, 'out']],
    );
    expect(() => K.anomalyScores(f(), f(), null, null, T, n, 0, 1, 3, new Float64Array(T * n))).not.toThrow();
  });
});

// ---------------------------------------------------------------- parity

describe('evolution kernels: native and WebAssembly agree', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('on 240 random cases with ties, duplicates and constant days', () => {
    const rng = new Xoshiro256(6);
    let worst = 0;
    for (let c = 0; c < 240; c++) {
      const T = 1 + rng.below(c % 10 === 0 ? 40 : 9);
      const n = 1 + rng.below(c % 10 === 1 ? 60 : 9);
      const cs = randomCase(rng, T, n);
      const kind = KINDS[c % 3];
      const norm = NORMS[rng.below(2)];
      const perEntry = rng.below(2) === 1;
      const m = 1 + rng.below(3);
      const start = rng.below(T);
      const tauMax = rng.below(T);
      const tau = rng.below(T);
      const common = { matrix: kind, m, labelsX: cs.lx, labelsY: cs.ly };
      const [a, b] = backends.map((backend) => ({
        obj: offsetObjective(cs.x, cs.y, { ...common, norm, perEntry, start, tauMax, backend }),
        an: anomalyScores(cs.x, cs.y, tau, { ...common, backend }),
        adj: adjacencyDistances(cs.lx, { backend }),
      }));
      expect(b.adj).toEqual(a.adj);
      expect(b.obj.tau).toBe(a.obj.tau);
      worst = Math.max(worst, maxRelDiff(a.obj.values, b.obj.values), maxRelDiff(a.an, b.an));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it.runIf(backends.length === 2)('on a paper-sized case (n = 208, T = 122, τ ≤ 30)', () => {
    const rng = new Xoshiro256(7);
    const cs = randomCase(rng, 122, 208);
    for (const matrix of KINDS) {
      const [a, b] = backends.map((backend) =>
        offsetObjective(cs.x, cs.y, { backend, matrix, m: 3, tauMax: 30, labelsX: cs.lx, labelsY: cs.ly, norm: matrix === 'aff' ? 'l1' : 'frobenius' }),
      );
      expect(maxRelDiff(a.values, b.values)).toBeLessThan(1e-9);
      expect(b.tau).toBe(a.tau);
    }
  });
});
