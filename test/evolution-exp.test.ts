// The exp of the Gaussian affinity entries (native/kernels/exp-kernel.h,
// assembly/kernels/exp-kernel.ts): < 1 ulp from a double-double reference, within 1 ulp of
// Math.exp, and bit-identical on native (AVX2 and scalar paths), the SIMD WebAssembly build
// (f64x2 and scalar paths) and the plain build, both for exp itself and for the Gaussian
// matrices the cluster-evolution kernels build from it.
import '../lib/index.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../lib/backend/kernels.js';
import { kernelsFor } from '../lib/backend/registry.js';
import { instantiateSync, simdSupported } from '../lib/backend/wasm/instance.js';
import { wasmKernels } from '../lib/backend/wasm-kernels.js';
import { Xoshiro256 } from '../lib/random/xoshiro256.js';
import { parityBackends } from './helpers/backends.js';

// ---- double-double reference exp -------------------------------------------------------------
type DD = [number, number];
const SPLIT = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const t = e + a[1] + b[1];
  return twoSum(s, t);
}
function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}
function ddDivNum(a: DD, b: number): DD {
  const q1 = a[0] / b;
  const [p, e] = twoProd(q1, b);
  const r = a[0] - p - e + a[1];
  return twoSum(q1, r / b);
}
// ln 2 to ~107 bits
const LN2_DD: DD = [0.6931471805599453, 2.3190468138462996e-17];
// 1/n! for n = 0..24
const INV_FACT: DD[] = [[1, 0]];
for (let n = 1; n <= 24; n++) INV_FACT.push(ddDivNum(INV_FACT[n - 1], n));

/** exp(x) = p·2^k, p a double-double (relative error ~1e-30), for finite x. */
function expRef(x: number): { p: DD; k: number } {
  const k = Math.round(x / LN2_DD[0]);
  // r = x − k·ln2 in double-double (k·ln2_hi exact as a two-product)
  const kh = twoProd(k, LN2_DD[0]);
  let r: DD = ddAdd([x, 0], [-kh[0], -kh[1]]);
  r = ddAdd(r, [-k * LN2_DD[1], 0]);
  let p: DD = INV_FACT[24];
  for (let n = 23; n >= 0; n--) p = ddAdd(ddMul(p, r), INV_FACT[n]);
  return { p, k };
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The spacing of doubles at |v| (v finite, normal or subnormal). */
function ulp(v: number): number {
  f64[0] = Math.abs(v);
  const e = Number(u64[0] >> 52n);
  return e === 0 ? 2 ** -1074 : 2 ** (e - 1075);
}
/** v·2^−k, exactly (two power-of-two steps: 2^−k alone may overflow). */
function scaleDown(v: number, k: number): number {
  const k1 = Math.trunc(k / 2);
  return v * 2 ** -k1 * 2 ** -(k - k1);
}
/** |v − exp(x)| in ulps of v, measured at scale 2^−k so that no part of the reference underflows. */
function ulpError(v: number, x: number): number {
  const { p, k } = expRef(x);
  return Math.abs(scaleDown(v, k) - p[0] - p[1]) / scaleDown(ulp(v), k);
}
/** Doubles between a and b (same sign), as in ulps; 0 when equal. */
function ulpDistance(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / ulp(Math.min(Math.abs(a), Math.abs(b)));
}
function nextDown(v: number, steps = 1): number {
  f64[0] = v;
  if (v > 0) u64[0] -= BigInt(steps);
  else if (v < 0) u64[0] += BigInt(steps);
  else return -(2 ** -1074) * steps;
  return f64[0];
}
function nextUp(v: number, steps = 1): number {
  return -nextDown(-v, steps);
}

// ---- the variants under test ---------------------------------------------------------------
interface Variant {
  name: string;
  k: Kernels;
  vector: number;
}
const variants: Variant[] = [];
if (parityBackends().includes('native')) {
  const k = kernelsFor('native');
  variants.push({ name: 'native vector (AVX2 when available)', k, vector: 1 }, { name: 'native scalar', k, vector: 0 });
}
for (const file of ['epikit-simd.wasm', 'epikit.wasm']) {
  if (file.includes('simd') && !simdSupported()) continue;
  const k = wasmKernels(instantiateSync(readFileSync(new URL(`../wasm/${file}`, import.meta.url))));
  variants.push({ name: `${file} vector`, k, vector: 1 }, { name: `${file} scalar`, k, vector: 0 });
}

function expOf(v: Variant, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  v.k.evolutionExp(x, v.vector, out);
  return out;
}

/** First index where a and b differ bit for bit (NaN = NaN), −1 if none. */
function firstBitDifference(a: Float64Array, b: Float64Array): number {
  const ua = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  }
  return -1;
}

function expectAllIdentical(outs: Float64Array[], what: string, inputs?: Float64Array, names = variants.map((v) => v.name)): void {
  outs.slice(1).forEach((o, v) => {
    const at = firstBitDifference(outs[0], o);
    const detail = at < 0 ? '' : ` at ${at}${inputs ? ` (x = ${inputs[at]})` : ''}: ${outs[0][at]} vs ${o[at]}`;
    expect(at, `${what}: ${names[0]} vs ${names[v + 1]}${detail}`).toBe(-1);
  });
}

// ---- edge values ---------------------------------------------------------------------------
function edgeValues(): Float64Array {
  const v: number[] = [0, -0, -4.5, 4.5, 1, -1, 2 ** -1074, -(2 ** -1074), 1e-300, -1e-300, 2 ** -28, -(2 ** -28)];
  v.push(2 ** -54, -(2 ** -54), 1e-17, -1e-17, nextDown(-4.5), nextUp(-4.5), nextDown(0), -(2 ** -1022));
  for (let k = -8; k <= 2; k++) {
    for (const c of [k * Math.LN2, (k + 0.5) * Math.LN2]) {
      for (let s = 1; s <= 3; s++) v.push(nextDown(c, s), nextUp(c, s));
      v.push(c);
    }
  }
  // the wide range: around the vector limits, overflow, subnormal results, underflow
  v.push(708, -708, nextUp(708), nextDown(-708), 708.4, -708.4, 709, 709.78, 709.782712893383973096);
  v.push(nextUp(709.782712893383973096), 710, 1000, -709, -720, -740, -744.4, -745, -745.13, -745.133219101941108420);
  v.push(nextDown(-745.133219101941108420), -746, -1e6, 1e6, 1e308, -1e308);
  v.push(NaN, Infinity, -Infinity);
  while (v.length % 4 !== 0) v.push(-2.25);
  return Float64Array.from(v);
}

/** exp checked against the reference: < 1 ulp for normal results, ≤ 1 subnormal ulp below. */
function expectAccurate(x: number, y: number): void {
  if (Number.isNaN(x)) return void expect(Number.isNaN(y), `exp(NaN) = ${y}`).toBe(true);
  if (x === Infinity || x > 709.782712893383973096) return void expect(y, `exp(${x})`).toBe(Infinity);
  if (x === -Infinity || x < -745.133219101941108420) return void expect(Object.is(y, 0), `exp(${x}) = ${y}`).toBe(true);
  const err = ulpError(y, x);
  if (y < 2 ** -1022) expect(err, `exp(${x}) = ${y} (subnormal)`).toBeLessThanOrEqual(1);
  else expect(err, `exp(${x}) = ${y}: ${err} ulp`).toBeLessThan(1);
  const m = Math.exp(x);
  expect(ulpDistance(y, m), `exp(${x}) = ${y}, Math.exp ${m}`).toBeLessThanOrEqual(1);
}

describe('evolution exp kernel', () => {
  it(`runs on ${variants.map((v) => v.name).join(', ')}`, () => {
    expect(variants.length).toBeGreaterThanOrEqual(2);
  });

  it('is exact at 0 and −0 and accurate at edge values, bit-identical on every variant', () => {
    const x = edgeValues();
    const outs = variants.map((v) => expOf(v, x));
    expectAllIdentical(outs, 'edge values', x);
    const y = outs[0];
    expect(y[0]).toBe(1);
    expect(y[1]).toBe(1);
    for (let i = 0; i < x.length; i++) expectAccurate(x[i], y[i]);
    // each edge value alone (scalar tails) and in a group with NaN (the vector paths' fallback)
    for (let i = 0; i < x.length; i++) {
      for (const v of variants) {
        const one = expOf(v, Float64Array.of(x[i]))[0];
        const grouped = expOf(v, Float64Array.of(x[i], -1, NaN, -3))[0];
        expect(Object.is(one, y[i]) || (Number.isNaN(one) && Number.isNaN(y[i])), `${v.name}: exp(${x[i]}) alone`).toBe(true);
        expect(Object.is(grouped, y[i]) || (Number.isNaN(grouped) && Number.isNaN(y[i])), `${v.name}: exp(${x[i]}) grouped`).toBe(true);
      }
    }
  });

  it('is within 1 ulp of exp on 10^6 points of [−4.5, 0] (< 1 ulp from a double-double reference), bit-identical on every variant', () => {
    const N = 1_000_000;
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = (-4.5 * i) / (N - 1);
    const outs = variants.map((v) => expOf(v, x));
    expectAllIdentical(outs, 'dense grid', x);
    const y = outs[0];
    let maxErr = 0;
    let worst = 0;
    let offByOne = 0;
    for (let i = 0; i < N; i++) {
      const err = ulpError(y[i], x[i]);
      if (err > maxErr) {
        maxErr = err;
        worst = x[i];
      }
      const m = Math.exp(x[i]);
      if (y[i] !== m) {
        offByOne++;
        expect(ulpDistance(y[i], m), `exp(${x[i]}) = ${y[i]}, Math.exp ${m}`).toBeLessThanOrEqual(1);
      }
    }
    expect(maxErr, `largest error ${maxErr} ulp at x = ${worst}`).toBeLessThan(1);
    // fdlibm's exp is not correctly rounded, but far from always off
    expect(offByOne).toBeLessThan(N / 100);
  });

  it('is accurate and bit-identical on random arguments over the whole range', () => {
    const rng = new Xoshiro256(20261123);
    const N = 200_000;
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const u = rng.uniform();
      x[i] = i % 4 === 3 ? -745.2 + 1455 * u : i % 4 === 2 ? -50 + 50 * u : -4.5 * u;
    }
    const outs = variants.map((v) => expOf(v, x));
    expectAllIdentical(outs, 'random arguments', x);
    for (let i = 0; i < N; i++) expectAccurate(x[i], outs[0][i]);
  });
});

// ---- the Gaussian matrices ------------------------------------------------------------------
function pairCount(n: number): number {
  return (n * (n - 1)) / 2;
}

function randomDay(rng: Xoshiro256, n: number): Float64Array {
  const x = new Float64Array(n);
  const kind = rng.below(4);
  for (let i = 0; i < n; i++) {
    if (kind === 0) x[i] = Math.log1p(Math.floor(rng.uniform() * 1000)); // log counts
    else if (kind === 1) x[i] = rng.below(3); // many ties
    else if (kind === 2) x[i] = (rng.uniform() - 0.5) * 1e6;
    else x[i] = 5; // constant day: all ones
  }
  if (kind !== 3 && rng.uniform() < 0.3) x[rng.below(n)] = x[0]; // a duplicate
  return x;
}

describe('Gaussian matrices of the evolution kernels', () => {
  it('every entry is the exp kernel of −q²/2, q = (|x_i − x_j|/maxD)·m, on a 1500-entity day (≥ 10^6 entries, m = 1..3)', () => {
    const rng = new Xoshiro256(77);
    const n = 1500;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.log1p(Math.floor(rng.uniform() * 100000));
    let lo = x[0];
    let hi = x[0];
    for (const v of x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const maxD = hi - lo;
    const P = pairCount(n);
    for (const m of [1, 2, 3]) {
      const args = new Float64Array(P);
      let p = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const q = (Math.abs(x[i] - x[j]) / maxD) * m;
          args[p++] = -(q * q) * 0.5;
        }
      }
      const expected = expOf(variants[0], args);
      const outs = variants.map((v) => {
        const out = new Float64Array(P);
        v.k.evolutionMatrixRange(x, n, 1, m, 0, 1, v.vector, out);
        return out;
      });
      expectAllIdentical([expected, ...outs], `m = ${m}`, undefined, ['evolutionExp', ...variants.map((v) => v.name)]);
      let maxErr = 0;
      for (let i = 0; i < P; i += 7) maxErr = Math.max(maxErr, ulpError(expected[i], args[i]));
      expect(maxErr).toBeLessThan(1);
    }
  });

  it('are bit-identical on every variant for 300 random days and ranges (Aff too)', () => {
    const rng = new Xoshiro256(31337);
    for (let rep = 0; rep < 300; rep++) {
      const n = 2 + rng.below(rep % 10 === 0 ? 200 : 40);
      const x = randomDay(rng, n);
      const matrix = rng.below(2);
      const m = 1 + rng.below(3);
      const i0 = rng.below(n - 1);
      const j0 = i0 + 1 + rng.below(n - 1 - i0);
      const count = rng.below(pairCount(n) + 9);
      const outs = variants.map((v) => {
        const out = new Float64Array(count);
        v.k.evolutionMatrixRange(x, n, matrix, m, i0, j0, v.vector, out);
        return out;
      });
      expectAllIdentical(outs, `rep ${rep}: n = ${n}, matrix ${matrix}, m = ${m}, (i0, j0) = (${i0}, ${j0}), count ${count}`);
      // the entries: row by row from (i0, j0), zero past the triangle
      let i = i0;
      let j = j0;
      for (let p = 0; p < count; p++) {
        const v = outs[0][p];
        if (i >= n - 1) {
          expect(v).toBe(0);
          continue;
        }
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        if (x[i] === x[j]) expect(v).toBe(1);
        j++;
        if (j === n) {
          i++;
          j = i + 1;
        }
      }
    }
  });

  it('the lag objective and anomaly scores are bit-identical across backends on Gaussian matrices', () => {
    const backends = parityBackends();
    const rng = new Xoshiro256(99);
    for (let rep = 0; rep < 20; rep++) {
      const T = 3 + rng.below(8);
      const n = 2 + rng.below(30);
      const x = new Float64Array(T * n);
      const y = new Float64Array(T * n);
      for (let t = 0; t < T; t++) {
        x.set(randomDay(rng, n), t * n);
        y.set(randomDay(rng, n), t * n);
      }
      const m = 1 + rng.below(3);
      const tauMax = rng.below(T);
      const res = backends.map((b) => {
        const k = kernelsFor(b);
        const o = new Float64Array(tauMax + 1);
        k.offsetObjective(x, y, null, null, T, n, 1, m, rep % 2, 0, 0, tauMax, o);
        const a = new Float64Array(T * n);
        k.anomalyScores(x, y, null, null, T, n, tauMax, 1, m, a);
        return [o, a];
      });
      for (const r of res.slice(1)) {
        expect(firstBitDifference(res[0][0], r[0])).toBe(-1);
        expect(firstBitDifference(res[0][1], r[1])).toBe(-1);
      }
    }
  });
});

describe('evolution exp test hooks reject bad arguments', () => {
  for (const v of variants.filter((w) => w.vector === 1)) {
    it(`on ${v.name}`, () => {
      const x = Float64Array.of(0, 1, 2);
      expect(() => v.k.evolutionExp(x, 1, new Float64Array(2))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
      expect(() => v.k.evolutionExp(x, 2, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
      expect(() => v.k.evolutionMatrixRange(x, 3, 1, 1, 2, 2, 1, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
      expect(() => v.k.evolutionMatrixRange(x, 3, 1, 1, 0, 0, 1, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
      expect(() => v.k.evolutionMatrixRange(x, 3, 2, 1, 0, 1, 1, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_RANGE' }));
      expect(() => v.k.evolutionMatrixRange(x, 4, 1, 1, 0, 1, 1, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_SHAPE' }));
      expect(() => v.k.evolutionMatrixRange(Float64Array.of(0, NaN, 1), 3, 1, 1, 0, 1, 1, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'E_INPUT_NAN' }));
    });
  }
});
