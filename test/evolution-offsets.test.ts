// offsetObjectives (several start days in one kernel call) against one offsetObjective call per
// start: bit-identical values and τ, per backend and matrix / norm / m, including several lag
// blocks and starts near the end; the raw kernel's argument checks; native / wasm parity.
import '../lib/index.js';
import { describe, expect, it } from 'vitest';
import { offsetObjective, offsetObjectives, type EvolutionMatrix, type OffsetNorm } from '../lib/evolution/matrix-offsets.js';
import { EpikitError } from '../lib/errors.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { backendsUnderTest, maxRelDiff, parityBackends } from './helpers/backends.js';

function randomSeries(rng: Xoshiro256, T: number, n: number, ties: boolean): Float64Array {
  const out = new Float64Array(T * n);
  for (let i = 0; i < T * n; i++) out[i] = ties ? rng.below(4) * 0.5 : 12 * rng.uniform() - 2;
  if (T > 2) out.fill(1.5, n, 2 * n); // a constant day
  return out;
}

function randomLabels(rng: Xoshiro256, T: number, n: number): Int32Array {
  const out = new Int32Array(T * n);
  for (let t = 0; t < T; t++) {
    const k = 1 + rng.below(n);
    for (let i = 0; i < n; i++) out[t * n + i] = rng.below(k);
  }
  return out;
}

const CASES: [EvolutionMatrix, number, OffsetNorm][] = [
  ['aff', 1, 'l1'],
  ['aff', 1, 'frobenius'],
  ['gaussian', 1, 'l1'],
  ['gaussian', 2, 'frobenius'],
  ['gaussian', 3, 'l1'],
  ['adj', 1, 'l1'],
  ['adj', 1, 'frobenius'],
];

describe.each(backendsUnderTest())('offsetObjectives on %s', (backend) => {
  it('equals one offsetObjective call per start, bit for bit, for every matrix, norm and m', () => {
    const rng = new Xoshiro256(1234);
    for (let c = 0; c < 40; c++) {
      const T = 2 + rng.below(c < 30 ? 40 : 400);
      const n = 1 + rng.below(c < 30 ? 12 : 40);
      const x = { data: randomSeries(rng, T, n, c % 2 === 0), T, n };
      const y = { data: randomSeries(rng, T, n, c % 3 === 0), T, n };
      const labelsX = { data: randomLabels(rng, T, n), T, n };
      const labelsY = { data: randomLabels(rng, T, n), T, n };
      const starts = Array.from({ length: 1 + rng.below(5) }, () => rng.below(T));
      const tauMax = rng.below(T);
      const [matrix, m, norm] = CASES[c % CASES.length];
      const perEntry = c % 4 === 1;
      const opts = { matrix, m, norm, perEntry, labelsX, labelsY, tauMax, backend };
      const all = offsetObjectives(x, y, { ...opts, starts });
      expect(all.length).toBe(starts.length);
      starts.forEach((start, s) => {
        const one = offsetObjective(x, y, { ...opts, start });
        expect(Array.from(all[s].values), `case ${c} start ${start}`).toStrictEqual(Array.from(one.values));
        expect(all[s].tau).toStrictEqual(one.tau);
      });
    }
  });

  it('long series, many lags (several lag blocks): still identical per start', () => {
    const rng = new Xoshiro256(5);
    const T = 1200;
    const n = 5;
    const x = { data: randomSeries(rng, T, n, false), T, n };
    const y = { data: randomSeries(rng, T, n, false), T, n };
    const starts = [0, 13, 21, 31, 700];
    for (const [matrix, m, norm] of [CASES[0], CASES[3]]) {
      const all = offsetObjectives(x, y, { matrix, m, norm, starts, tauMax: 900, backend });
      starts.forEach((start, s) => {
        const one = offsetObjective(x, y, { matrix, m, norm, start, tauMax: 900, backend });
        expect(Array.from(all[s].values)).toStrictEqual(Array.from(one.values));
      });
    }
  });

  it('default starts [0] and tauMax min(60, T − 1 − first start)', () => {
    const rng = new Xoshiro256(6);
    const T = 80;
    const n = 4;
    const x = { data: randomSeries(rng, T, n, false), T, n };
    const y = { data: randomSeries(rng, T, n, false), T, n };
    expect(offsetObjectives(x, y, { backend })[0].values.length).toBe(61);
    expect(offsetObjectives(x, y, { starts: [50, 70], backend })[1].values.length).toBe(30);
  });

  it('rejects bad starts in the facade and in the raw kernel without crashing', () => {
    const x = { data: new Float64Array(12), T: 4, n: 3 };
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EpikitError);
        return (e as EpikitError).code;
      }
      return 'no error';
    };
    expect(code(() => offsetObjectives(x, x, { starts: [], backend }))).toBe('E_INPUT_EMPTY');
    expect(code(() => offsetObjectives(x, x, { starts: [4], backend }))).toBe('E_INPUT_RANGE');
    expect(code(() => offsetObjectives(x, x, { starts: [1.5], backend }))).not.toBe('no error');
    expect(code(() => offsetObjectives(x, x, { starts: 'a' as never, backend }))).toBe('E_INPUT_TYPE');
    const K = kernelsFor(backend);
    const d = new Float64Array(12);
    const out = new Float64Array(4);
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 0, 1, 0, 0, new Int32Array([0, 1]), 1, out))).toBe('no error');
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 0, 1, 0, 0, new Int32Array([0, 4]), 1, out))).toBe('E_INPUT_RANGE');
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 0, 1, 0, 0, new Int32Array([-1]), 1, new Float64Array(2)))).toBe('E_INPUT_RANGE');
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 0, 1, 0, 0, new Int32Array(0), 1, new Float64Array(0)))).toBe('E_INPUT_SHAPE');
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 0, 1, 0, 0, new Int32Array([0, 1]), 1, new Float64Array(3)))).toBe('E_INPUT_SHAPE');
    expect(code(() => K.offsetObjectiveStarts(d, d, null, null, 4, 3, 2, 1, 0, 0, new Int32Array([0]), 1, new Float64Array(2)))).not.toBe('no error');
    expect(code(() => K.offsetObjectiveStarts(d, d.subarray(1), null, null, 4, 3, 0, 1, 0, 0, new Int32Array([0]), 1, new Float64Array(2)))).toBe('E_INPUT_SHAPE');
  });
});

describe('offsetObjectives: native / wasm parity', () => {
  const backends = parityBackends();
  it.runIf(backends.length === 2)('agree bit for bit when the upper triangles span several chunks (n = 90, T = 150)', () => {
    const rng = new Xoshiro256(78);
    const T = 150;
    const n = 90;
    const x = { data: randomSeries(rng, T, n, false), T, n };
    const y = { data: randomSeries(rng, T, n, false), T, n };
    for (const [matrix, m, norm] of [CASES[0], CASES[3]]) {
      const opts = { matrix, m, norm, starts: [0, 13, 31], tauMax: 60 };
      const a = offsetObjectives(x, y, { ...opts, backend: 'native' });
      const b = offsetObjectives(x, y, { ...opts, backend: 'wasm' });
      a.forEach((r, s) => expect(maxRelDiff(r.values, b[s].values)).toBeLessThan(1e-12));
      const one = offsetObjective(x, y, { matrix, m, norm, start: 13, tauMax: 60, backend: 'wasm' });
      expect(Array.from(b[1].values)).toStrictEqual(Array.from(one.values));
    }
  });

  it.runIf(backends.length === 2)('agree within 1e-12 on 60 random cases', () => {
    const rng = new Xoshiro256(77);
    for (let c = 0; c < 60; c++) {
      const T = 2 + rng.below(120);
      const n = 1 + rng.below(30);
      const x = { data: randomSeries(rng, T, n, c % 2 === 0), T, n };
      const y = { data: randomSeries(rng, T, n, false), T, n };
      const labelsX = { data: randomLabels(rng, T, n), T, n };
      const labelsY = { data: randomLabels(rng, T, n), T, n };
      const [matrix, m, norm] = CASES[c % CASES.length];
      const starts = [0, rng.below(T), rng.below(T)];
      const opts = { matrix, m, norm, labelsX, labelsY, starts, tauMax: rng.below(T) };
      const a = offsetObjectives(x, y, { ...opts, backend: 'native' });
      const b = offsetObjectives(x, y, { ...opts, backend: 'wasm' });
      a.forEach((r, s) => {
        expect(maxRelDiff(r.values, b[s].values), `case ${c}`).toBeLessThan(1e-12);
        expect(r.tau).toStrictEqual(b[s].tau);
      });
    }
  });
});
