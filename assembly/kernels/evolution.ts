// Cluster-evolution kernels (James & Menzies, Chaos 30, 061108, 2020): mirrors
// native/kernels/evolution.{h,cc} operation for operation (same loops, same partial sums),
// so both backends give the same numbers. See native/kernels/evolution.h for the contract.

import { f64At, i32At, setF64, setI32 } from './memory-access';
import {
  EXP_C_HALF, EXP_C_INV_LN2, EXP_C_LN2_HI, EXP_C_LN2_LO, EXP_C_MAX, EXP_C_MIN, EXP_C_ONE, EXP_C_P1, EXP_C_P2,
  EXP_C_P3, EXP_C_P4, EXP_C_P5, EXP_C_SHIFTER, EXP_C_SIGN, EXP_C_TWO, expConstant, expInRange2, expKernel, expKernel2,
} from './exp-kernel';
const MATRIX_AFF: i32 = 0;
const MATRIX_ADJ: i32 = 2;
const NORM_L1: i32 = 0;
// Working-set sizes of offsetObjective (Aff / G) in doubles, as in native/kernels/evolution.h.
const LANE_DOUBLES: u64 = 1 << 22;
const CHUNK_DOUBLES: u64 = 1 << 21;
const CACHE_DOUBLES: u64 = 1 << 16;

/** n(n−1)/2 rounded up to a multiple of 4 (padding entries are 0 in every buffer). */
function paddedPairs(n: i32): usize {
  const nn = <usize>n;
  const pairs = (nn * (nn - 1)) >> 1;
  return (pairs + 3) & ~(<usize>3);
}

/** maxD(t) = max_i x_i − min_i x_i. */
function dayRange(x: usize, n: i32): f64 {
  let lo = f64At(x, 0);
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const v = f64At(x, <usize>i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** One entry of G: exp(−q²/2), q = (|x_i − x_j| / maxD)·m ∈ [0, m] (the C++ gaussEntry). */
// @ts-ignore: decorator
@inline function gaussEntry(xi: f64, xj: f64, maxD: f64, md: f64): f64 {
  const q = (Math.abs(xi - xj) / maxD) * md;
  return expKernel(-(q * q) * 0.5);
}

/**
 * out[e] = gaussEntry(xi, xj[e]) for e < len (the C++ gaussRow). SIMD build with `vector`: four
 * entries per step in two f64x2 (the lanes of one AVX2 register), the same operations per lane;
 * a group with an exp argument outside [−708, 708] (never for finite maxD) and the last len mod 4
 * entries go through the scalar expKernel.
 */
function gaussRow(xi: f64, xj: usize, len: usize, maxD: f64, md: f64, vector: bool, out: usize): void {
  let e: usize = 0;
  if (ASC_FEATURE_SIMD) {
    if (vector && len >= 4) {
      const invLn2 = expConstant(EXP_C_INV_LN2), shifter = expConstant(EXP_C_SHIFTER);
      const ln2Hi = expConstant(EXP_C_LN2_HI), ln2Lo = expConstant(EXP_C_LN2_LO);
      const p1 = expConstant(EXP_C_P1), p2 = expConstant(EXP_C_P2), p3 = expConstant(EXP_C_P3);
      const p4 = expConstant(EXP_C_P4), p5 = expConstant(EXP_C_P5);
      const one = expConstant(EXP_C_ONE), two = expConstant(EXP_C_TWO);
      const vmin = expConstant(EXP_C_MIN), vmax = expConstant(EXP_C_MAX);
      const half = expConstant(EXP_C_HALF), sign = expConstant(EXP_C_SIGN);
      const vxi = f64x2.splat(xi), vmaxD = f64x2.splat(maxD), vmd = f64x2.splat(md);
      for (; e + 4 <= len; e += 4) {
        const o = e << 3;
        const qa = f64x2.mul(f64x2.div(f64x2.abs(f64x2.sub(vxi, v128.load(xj + o))), vmaxD), vmd);
        const qb = f64x2.mul(f64x2.div(f64x2.abs(f64x2.sub(vxi, v128.load(xj + o, 16))), vmaxD), vmd);
        const aa = f64x2.mul(v128.xor(f64x2.mul(qa, qa), sign), half);
        const ab = f64x2.mul(v128.xor(f64x2.mul(qb, qb), sign), half);
        const ok = v128.and(
          v128.and(f64x2.ge(aa, vmin), f64x2.le(aa, vmax)),
          v128.and(f64x2.ge(ab, vmin), f64x2.le(ab, vmax)),
        );
        if (i64x2.all_true(ok)) {
          v128.store(out + o, expKernel2(aa, invLn2, shifter, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, one, two));
          v128.store(out + o, expKernel2(ab, invLn2, shifter, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, one, two), 16);
        } else {
          store<f64>(out + o, expKernel(f64x2.extract_lane(aa, 0)));
          store<f64>(out + o, expKernel(f64x2.extract_lane(aa, 1)), 8);
          store<f64>(out + o, expKernel(f64x2.extract_lane(ab, 0)), 16);
          store<f64>(out + o, expKernel(f64x2.extract_lane(ab, 1)), 24);
        }
      }
    }
  }
  for (; e < len; e++) setF64(out, e, gaussEntry(xi, f64At(xj, e), maxD, md));
}

/**
 * Entries p0 .. p0+count−1 of the upper triangle of Aff(t) or G(t), (i0, j0) the pair of p0; see
 * the C++ fillRange (`vector` false only from the test hook evolutionMatrixRange).
 */
function fillRange(x: usize, n: i32, matrix: i32, m: i32, maxD: f64, i0: i32, j0: i32, count: usize, buf: usize, vector: bool = true): void {
  let p: usize = 0;
  let i = i0;
  let j = j0;
  const md = <f64>m;
  while (p < count && i < n - 1) {
    const xi = f64At(x, <usize>i);
    if (!(maxD > 0.0)) {
      for (; j < n && p < count; j++) {
        setF64(buf, p, 1.0);
        p++;
      }
    } else if (matrix == MATRIX_AFF) {
      for (; j < n && p < count; j++) {
        setF64(buf, p, 1.0 - Math.abs(xi - f64At(x, <usize>j)) / maxD);
        p++;
      }
    } else {
      const rowLeft = <usize>(n - j);
      const len = rowLeft < count - p ? rowLeft : count - p;
      gaussRow(xi, x + (<usize>j << 3), len, maxD, md, vector, buf + (p << 3));
      p += len;
      j += <i32>len;
    }
    if (j == n) {
      i++;
      j = i + 1;
    }
  }
  for (; p < count; p++) setF64(buf, p, 0.0);
}

/** Strict upper triangle of M(t) (pairs i < j, row by row) into buf[0 .. P4); see the C++ fillDay. */
function fillDay(x: usize, lab: usize, n: i32, matrix: i32, m: i32, buf: usize, P4: usize): void {
  if (matrix != MATRIX_ADJ) {
    fillRange(x, n, matrix, m, dayRange(x, n), 0, 1, P4, buf);
    return;
  }
  let p: usize = 0;
  for (let i = 0; i < n; i++) {
    const li = i32At(lab, <usize>i);
    for (let j = i + 1; j < n; j++) {
      setF64(buf, p, i32At(lab, <usize>j) == li ? 1.0 : 0.0);
      p++;
    }
  }
  for (; p < P4; p++) setF64(buf, p, 0.0);
}

/**
 * Test hook (native evolutionExp): out[e] = expKernel(x[e]) for e < len; with `vector` (SIMD
 * build) four at a time through expKernel2, groups out of its range through expKernel.
 */
export function evolutionExp(x: usize, len: usize, vector: i32, out: usize): void {
  let e: usize = 0;
  if (ASC_FEATURE_SIMD) {
    if (vector != 0) {
      const invLn2 = expConstant(EXP_C_INV_LN2), shifter = expConstant(EXP_C_SHIFTER);
      const ln2Hi = expConstant(EXP_C_LN2_HI), ln2Lo = expConstant(EXP_C_LN2_LO);
      const p1 = expConstant(EXP_C_P1), p2 = expConstant(EXP_C_P2), p3 = expConstant(EXP_C_P3);
      const p4 = expConstant(EXP_C_P4), p5 = expConstant(EXP_C_P5);
      const one = expConstant(EXP_C_ONE), two = expConstant(EXP_C_TWO);
      const vmin = expConstant(EXP_C_MIN), vmax = expConstant(EXP_C_MAX);
      for (; e + 4 <= len; e += 4) {
        const o = e << 3;
        const aa = v128.load(x + o);
        const ab = v128.load(x + o, 16);
        if (expInRange2(aa, vmin, vmax) && expInRange2(ab, vmin, vmax)) {
          v128.store(out + o, expKernel2(aa, invLn2, shifter, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, one, two));
          v128.store(out + o, expKernel2(ab, invLn2, shifter, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, one, two), 16);
        } else {
          for (let l: usize = 0; l < 4; l++) setF64(out, e + l, expKernel(f64At(x, e + l)));
        }
      }
    }
  }
  for (; e < len; e++) setF64(out, e, expKernel(f64At(x, e)));
}

/** Test hook (native evolutionMatrixRange): fillRange of one day x[0 .. n) from (i0, j0), count entries. */
export function evolutionMatrixRange(x: usize, n: i32, matrix: i32, m: i32, i0: i32, j0: i32, count: usize, vector: i32, out: usize): void {
  fillRange(x, n, matrix, m, dayRange(x, n), i0, j0, count, out, vector != 0);
}

/** Moves the pair (i, j) at ij[0], ij[1] `steps` entries forward along the upper triangle. */
function advancePair(n: i32, ij: usize, steps: usize): void {
  let i = i32At(ij, 0);
  let j = i32At(ij, 1);
  while (i < n - 1 && steps >= <usize>(n - j)) {
    steps -= <usize>(n - j);
    i++;
    j = i + 1;
  }
  if (i < n - 1) j += <i32>steps;
  setI32(ij, 0, i);
  setI32(ij, 1, j);
}

/** lanes[k] += Σ |a_p − b_p| over p ≡ k (mod 4), p = 0..C−1 in order (C a multiple of 4). */
function addAbsDiff(a: usize, b: usize, C: usize, lanes: usize): void {
  const bytes = C << 3;
  if (ASC_FEATURE_SIMD) {
    let A = v128.load(lanes); // (s0, s1)
    let B = v128.load(lanes, 16); // (s2, s3)
    for (let o: usize = 0; o < bytes; o += 32) {
      A = f64x2.add(A, f64x2.abs(f64x2.sub(v128.load(a + o), v128.load(b + o))));
      B = f64x2.add(B, f64x2.abs(f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16))));
    }
    v128.store(lanes, A);
    v128.store(lanes, B, 16);
  } else {
    let s0 = load<f64>(lanes);
    let s1 = load<f64>(lanes, 8);
    let s2 = load<f64>(lanes, 16);
    let s3 = load<f64>(lanes, 24);
    for (let o: usize = 0; o < bytes; o += 32) {
      s0 += Math.abs(load<f64>(a + o) - load<f64>(b + o));
      s1 += Math.abs(load<f64>(a + o, 8) - load<f64>(b + o, 8));
      s2 += Math.abs(load<f64>(a + o, 16) - load<f64>(b + o, 16));
      s3 += Math.abs(load<f64>(a + o, 24) - load<f64>(b + o, 24));
    }
    store<f64>(lanes, s0);
    store<f64>(lanes, s1, 8);
    store<f64>(lanes, s2, 16);
    store<f64>(lanes, s3, 24);
  }
}

/**
 * addAbsDiff (l1) or addSqDiff for four lags at once: lanes + 32·r bytes receives the sums of a
 * against the C entries at b + r·stride bytes (r = 0..3), every lane in the same order as one single-lag call (as the C++
 * addDiff4): the loads of a are shared and 16 sums run side by side.
 */
function addDiff4(a: usize, b: usize, stride: usize, C: usize, lanes: usize, l1: bool): void {
  const bytes = C << 3;
  const b1 = b + stride;
  const b2 = b1 + stride;
  const b3 = b2 + stride;
  if (ASC_FEATURE_SIMD) {
    let A0 = v128.load(lanes), B0 = v128.load(lanes, 16);
    let A1 = v128.load(lanes, 32), B1 = v128.load(lanes, 48);
    let A2 = v128.load(lanes, 64), B2 = v128.load(lanes, 80);
    let A3 = v128.load(lanes, 96), B3 = v128.load(lanes, 112);
    if (l1) {
      for (let o: usize = 0; o < bytes; o += 32) {
        const xa = v128.load(a + o);
        const xb = v128.load(a + o, 16);
        A0 = f64x2.add(A0, f64x2.abs(f64x2.sub(xa, v128.load(b + o))));
        B0 = f64x2.add(B0, f64x2.abs(f64x2.sub(xb, v128.load(b + o, 16))));
        A1 = f64x2.add(A1, f64x2.abs(f64x2.sub(xa, v128.load(b1 + o))));
        B1 = f64x2.add(B1, f64x2.abs(f64x2.sub(xb, v128.load(b1 + o, 16))));
        A2 = f64x2.add(A2, f64x2.abs(f64x2.sub(xa, v128.load(b2 + o))));
        B2 = f64x2.add(B2, f64x2.abs(f64x2.sub(xb, v128.load(b2 + o, 16))));
        A3 = f64x2.add(A3, f64x2.abs(f64x2.sub(xa, v128.load(b3 + o))));
        B3 = f64x2.add(B3, f64x2.abs(f64x2.sub(xb, v128.load(b3 + o, 16))));
      }
    } else {
      for (let o: usize = 0; o < bytes; o += 32) {
        const xa = v128.load(a + o);
        const xb = v128.load(a + o, 16);
        let d = f64x2.sub(xa, v128.load(b + o));
        A0 = f64x2.add(A0, f64x2.mul(d, d));
        d = f64x2.sub(xb, v128.load(b + o, 16));
        B0 = f64x2.add(B0, f64x2.mul(d, d));
        d = f64x2.sub(xa, v128.load(b1 + o));
        A1 = f64x2.add(A1, f64x2.mul(d, d));
        d = f64x2.sub(xb, v128.load(b1 + o, 16));
        B1 = f64x2.add(B1, f64x2.mul(d, d));
        d = f64x2.sub(xa, v128.load(b2 + o));
        A2 = f64x2.add(A2, f64x2.mul(d, d));
        d = f64x2.sub(xb, v128.load(b2 + o, 16));
        B2 = f64x2.add(B2, f64x2.mul(d, d));
        d = f64x2.sub(xa, v128.load(b3 + o));
        A3 = f64x2.add(A3, f64x2.mul(d, d));
        d = f64x2.sub(xb, v128.load(b3 + o, 16));
        B3 = f64x2.add(B3, f64x2.mul(d, d));
      }
    }
    v128.store(lanes, A0);
    v128.store(lanes, B0, 16);
    v128.store(lanes, A1, 32);
    v128.store(lanes, B1, 48);
    v128.store(lanes, A2, 64);
    v128.store(lanes, B2, 80);
    v128.store(lanes, A3, 96);
    v128.store(lanes, B3, 112);
  } else if (l1) {
    addAbsDiff(a, b, C, lanes);
    addAbsDiff(a, b1, C, lanes + 32);
    addAbsDiff(a, b2, C, lanes + 64);
    addAbsDiff(a, b3, C, lanes + 96);
  } else {
    addSqDiff(a, b, C, lanes);
    addSqDiff(a, b1, C, lanes + 32);
    addSqDiff(a, b2, C, lanes + 64);
    addSqDiff(a, b3, C, lanes + 96);
  }
}

/** lanes[k] += Σ (a_p − b_p)², same order as addAbsDiff. */
function addSqDiff(a: usize, b: usize, C: usize, lanes: usize): void {
  const bytes = C << 3;
  if (ASC_FEATURE_SIMD) {
    let A = v128.load(lanes);
    let B = v128.load(lanes, 16);
    for (let o: usize = 0; o < bytes; o += 32) {
      const d0 = f64x2.sub(v128.load(a + o), v128.load(b + o));
      const d1 = f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16));
      A = f64x2.add(A, f64x2.mul(d0, d0));
      B = f64x2.add(B, f64x2.mul(d1, d1));
    }
    v128.store(lanes, A);
    v128.store(lanes, B, 16);
  } else {
    let s0 = load<f64>(lanes);
    let s1 = load<f64>(lanes, 8);
    let s2 = load<f64>(lanes, 16);
    let s3 = load<f64>(lanes, 24);
    for (let o: usize = 0; o < bytes; o += 32) {
      const d0 = load<f64>(a + o) - load<f64>(b + o);
      const d1 = load<f64>(a + o, 8) - load<f64>(b + o, 8);
      const d2 = load<f64>(a + o, 16) - load<f64>(b + o, 16);
      const d3 = load<f64>(a + o, 24) - load<f64>(b + o, 24);
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    store<f64>(lanes, s0);
    store<f64>(lanes, s1, 8);
    store<f64>(lanes, s2, 16);
    store<f64>(lanes, s3, 24);
  }
}

/** Stable counting sort of one day's labels: ord = members by label, sorted = their labels; returns Σ_a n_a². */
function sortDay(lab: usize, nn: usize, ord: usize, sorted: usize, cnt: usize): i64 {
  for (let i: usize = 0; i <= nn; i++) setI32(cnt, i, 0);
  for (let i: usize = 0; i < nn; i++) {
    const a = <usize>i32At(lab, i) + 1;
    setI32(cnt, a, i32At(cnt, a) + 1);
  }
  let q: i64 = 0;
  for (let a: usize = 1; a <= nn; a++) {
    const c = <i64>i32At(cnt, a);
    q += c * c;
    setI32(cnt, a, i32At(cnt, a) + i32At(cnt, a - 1));
  }
  for (let i: usize = 0; i < nn; i++) {
    const l = i32At(lab, i);
    const at = <usize>i32At(cnt, <usize>l);
    setI32(cnt, <usize>l, <i32>at + 1);
    setI32(ord, at, <i32>i);
    setI32(sorted, at, l);
  }
  return q;
}

/** Σ_ab c_ab² of a sorted day against labels lt: per cluster, count members' labels; v → v + 1 adds 2v + 1. */
function sumSquaredContingency(ord: usize, sorted: usize, lt: usize, nn: usize, cnt: usize): i64 {
  let c2: i64 = 0;
  let cs: usize = 0;
  for (let p: usize = 0; p < nn; p++) {
    if (p > 0 && i32At(sorted, p) != i32At(sorted, p - 1)) {
      for (let r = cs; r < p; r++) setI32(cnt, <usize>i32At(lt, <usize>i32At(ord, r)), 0);
      cs = p;
    }
    const b = <usize>i32At(lt, <usize>i32At(ord, p));
    const v = i32At(cnt, b);
    c2 += 2 * <i64>v + 1;
    setI32(cnt, b, v + 1);
  }
  for (let r = cs; r < nn; r++) setI32(cnt, <usize>i32At(lt, <usize>i32At(ord, r)), 0);
  return c2;
}

/** One (t, τ) term: the full-matrix norm from the upper-triangle sum, / n² when perEntry. */
// @ts-ignore: decorator
@inline function termValue(halfSum: f64, norm: i32, perEntry: i32, scale: f64): f64 {
  let v = norm == NORM_L1 ? 2.0 * halfSum : Math.sqrt(2.0 * halfSum);
  if (perEntry != 0) v = v / scale;
  return v;
}

/**
 * Kernel: ‖Adj(s) − Adj(t)‖_F for all day pairs s < t (condensed order) into out, from the
 * contingency identity Σ_a n_a(s)² + Σ_b n_b(t)² − 2 Σ_ab c_ab² in exact integers.
 */
export function adjacencyDistances(labels: usize, T: i32, n: i32, out: usize): void {
  const nn = <usize>n;
  const TT = <usize>T;
  const rowBytes = nn << 2;
  const ord = heap.alloc(TT * rowBytes);
  const sorted = heap.alloc(TT * rowBytes);
  const sq = heap.alloc(TT << 3);
  const cnt = heap.alloc((nn + 1) << 2);
  for (let s: usize = 0; s < TT; s++) {
    store<i64>(sq + (s << 3), sortDay(labels + s * rowBytes, nn, ord + s * rowBytes, sorted + s * rowBytes, cnt));
  }
  for (let i: usize = 0; i <= nn; i++) setI32(cnt, i, 0);
  let idx: usize = 0;
  for (let s: usize = 0; s + 1 < TT; s++) {
    const sqs = load<i64>(sq + (s << 3));
    for (let t: usize = s + 1; t < TT; t++) {
      const c2 = sumSquaredContingency(ord + s * rowBytes, sorted + s * rowBytes, labels + t * rowBytes, nn, cnt);
      setF64(out, idx, Math.sqrt(<f64>(sqs + load<i64>(sq + (t << 3)) - 2 * c2)));
      idx++;
    }
  }
}

/**
 * Kernel: out[τ] = (1/count) Σ_{t=start}^{T−1−τ} ‖M_X(t) − M_Y(t+τ)‖ (/ n² when perEntry) for
 * τ = 0..tauMax, NaN when count = T − τ − start is 0. Same algorithm and order as the C++
 * (contingency tables for Adj; chunked upper triangles with persistent lanes for Aff / G).
 */
export function offsetObjective(
  x: usize,
  y: usize,
  labelsX: usize,
  labelsY: usize,
  T: i32,
  n: i32,
  matrix: i32,
  m: i32,
  norm: i32,
  perEntry: i32,
  start: i32,
  tauMax: i32,
  out: usize,
): void {
  const starts = heap.alloc(4);
  setI32(starts, 0, start);
  offsetObjectiveStarts(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry, starts, 1, tauMax, out);
}

/**
 * Kernel: offsetObjective for several start dates, out[s·(tauMax + 1) + τ] (bit-identical to
 * one call per start): each day pair's term is computed once, for the earliest start.
 */
export function offsetObjectiveStarts(
  x: usize,
  y: usize,
  labelsX: usize,
  labelsY: usize,
  T: i32,
  n: i32,
  matrix: i32,
  m: i32,
  norm: i32,
  perEntry: i32,
  starts: usize,
  nStarts: i32,
  tauMax: i32,
  out: usize,
): void {
  const nn = <usize>n;
  const TT = <i64>T;
  let start = i32At(starts, 0);
  for (let s = 1; s < nStarts; s++) {
    if (i32At(starts, <usize>s) < start) start = i32At(starts, <usize>s);
  }
  const D = <usize>(T - start);
  const taus = <usize>tauMax + 1;
  const scale = <f64>n * <f64>n;
  const term = heap.alloc((D * taus) << 3);
  for (let k: usize = 0; k < D * taus; k++) setF64(term, k, 0.0);

  if (matrix == MATRIX_ADJ) {
    const rowBytes = nn << 2;
    const ord = heap.alloc(D * rowBytes);
    const sorted = heap.alloc(D * rowBytes);
    const tmpOrd = heap.alloc(rowBytes);
    const tmpSorted = heap.alloc(rowBytes);
    const sqX = heap.alloc(D << 3);
    const sqY = heap.alloc(D << 3);
    const cnt = heap.alloc((nn + 1) << 2);
    for (let k: usize = 0; k < D; k++) {
      const day = <usize>start + k;
      store<i64>(sqX + (k << 3), sortDay(labelsX + day * rowBytes, nn, ord + k * rowBytes, sorted + k * rowBytes, cnt));
      store<i64>(sqY + (k << 3), sortDay(labelsY + day * rowBytes, nn, tmpOrd, tmpSorted, cnt));
    }
    for (let i: usize = 0; i <= nn; i++) setI32(cnt, i, 0);
    for (let t = <i64>start; t < TT; t++) {
      const k = <usize>(t - <i64>start);
      for (let tau: i64 = 0; tau <= <i64>tauMax && t + tau < TT; tau++) {
        const c2 = sumSquaredContingency(ord + k * rowBytes, sorted + k * rowBytes, labelsY + <usize>(t + tau) * rowBytes, nn, cnt);
        const d2 = <f64>(load<i64>(sqX + (k << 3)) + load<i64>(sqY + ((k + <usize>tau) << 3)) - 2 * c2);
        let v = norm == NORM_L1 ? d2 : Math.sqrt(d2);
        if (perEntry != 0) v = v / scale;
        setF64(term, k * taus + <usize>tau, v);
      }
    }
  } else {
    const rowBytes = nn << 3;
    const P4 = paddedPairs(n);
    const maxDX = heap.alloc(D << 3);
    const maxDY = heap.alloc(D << 3);
    for (let k: usize = 0; k < D; k++) {
      setF64(maxDX, k, dayRange(x + (<usize>start + k) * rowBytes, n));
      setF64(maxDY, k, dayRange(y + (<usize>start + k) * rowBytes, n));
    }
    let B: u64 = LANE_DOUBLES / (4 * <u64>D);
    if (B < 1) B = 1;
    if (B > <u64>taus) B = <u64>taus;
    let C: u64 = CHUNK_DOUBLES / (2 * <u64>D);
    const cacheC = CACHE_DOUBLES / B;
    if (cacheC < C) C = cacheC;
    C &= ~(<u64>3);
    if (C < 4) C = 4;
    if (C > <u64>P4) C = <u64>P4;
    const Cz = <usize>C;
    const Bz = <usize>B;
    const bufX = heap.alloc((D * Cz) << 3);
    const bufY = heap.alloc((D * Cz) << 3);
    const laneCount = D * Bz * 4;
    const lanes = heap.alloc(laneCount << 3);
    const ij = heap.alloc(8);
    const l1 = norm == NORM_L1;
    for (let tau0: i64 = 0; tau0 <= <i64>tauMax; tau0 += <i64>B) {
      const end = tau0 + <i64>B;
      const tau1 = end < <i64>tauMax + 1 ? end : <i64>tauMax + 1;
      const tLast = TT - 1 - tau0;
      if (tLast < <i64>start) break;
      for (let q: usize = 0; q < laneCount; q++) setF64(lanes, q, 0.0);
      setI32(ij, 0, 0);
      setI32(ij, 1, 1);
      for (let p0: usize = 0; p0 < P4; p0 += Cz) {
        const cc = P4 - p0 < Cz ? P4 - p0 : Cz;
        const i0 = i32At(ij, 0);
        const j0 = i32At(ij, 1);
        for (let t = <i64>start; t <= tLast; t++) {
          const k = <usize>(t - <i64>start);
          fillRange(x + <usize>t * rowBytes, n, matrix, m, f64At(maxDX, k), i0, j0, cc, bufX + ((k * Cz) << 3));
        }
        for (let d = <i64>start + tau0; d < TT; d++) {
          const k = <usize>(d - <i64>start);
          fillRange(y + <usize>d * rowBytes, n, matrix, m, f64At(maxDY, k), i0, j0, cc, bufY + ((k * Cz) << 3));
        }
        for (let t = <i64>start; t <= tLast; t++) {
          const k = <usize>(t - <i64>start);
          const a = bufX + ((k * Cz) << 3);
          let tau = tau0;
          for (; tau + 3 < tau1 && t + tau + 3 < TT; tau += 4) {
            const b = bufY + (((k + <usize>tau) * Cz) << 3);
            const l = lanes + ((k * Bz + <usize>(tau - tau0)) << 5);
            addDiff4(a, b, Cz << 3, cc, l, l1);
          }
          for (; tau < tau1 && t + tau < TT; tau++) {
            const b = bufY + (((k + <usize>tau) * Cz) << 3);
            const l = lanes + ((k * Bz + <usize>(tau - tau0)) << 5);
            if (l1) {
              addAbsDiff(a, b, cc, l);
            } else {
              addSqDiff(a, b, cc, l);
            }
          }
        }
        advancePair(n, ij, cc);
      }
      for (let t = <i64>start; t <= tLast; t++) {
        const k = <usize>(t - <i64>start);
        for (let tau = tau0; tau < tau1 && t + tau < TT; tau++) {
          const l = lanes + ((k * Bz + <usize>(tau - tau0)) << 5);
          const s = load<f64>(l) + load<f64>(l, 16) + (load<f64>(l, 8) + load<f64>(l, 24));
          setF64(term, k * taus + <usize>tau, termValue(s, norm, perEntry, scale));
        }
      }
    }
  }
  for (let s = 0; s < nStarts; s++) {
    const s0 = <i64>i32At(starts, <usize>s);
    const o = out + ((<usize>s * taus) << 3);
    for (let tau = 0; tau <= tauMax; tau++) {
      const count = TT - <i64>tau - s0;
      let acc = 0.0;
      for (let t = s0; t + <i64>tau < TT; t++) acc += f64At(term, <usize>(t - <i64>start) * taus + <usize>tau);
      setF64(o, <usize>tau, count > 0 ? acc / <f64>count : NaN);
    }
  }
}

/**
 * Kernel: out[t·n + j] = Σ_i |M_X,ij(t) − M_Y,ij(t+τ)| (i increasing) for t ≤ T−1−τ, NaN after.
 */
export function anomalyScores(
  x: usize,
  y: usize,
  labelsX: usize,
  labelsY: usize,
  T: i32,
  n: i32,
  tau: i32,
  matrix: i32,
  m: i32,
  out: usize,
): void {
  const nn = <usize>n;
  const rowBytes = nn << 3;
  const labBytes = nn << 2;
  const P4 = paddedPairs(n);
  const bufX = heap.alloc(P4 << 3);
  const bufY = heap.alloc(P4 << 3);
  const adj = matrix == MATRIX_ADJ;
  for (let t = 0; t < T; t++) {
    const row = out + <usize>t * rowBytes;
    if (t > T - 1 - tau) {
      for (let j: usize = 0; j < nn; j++) setF64(row, j, NaN);
      continue;
    }
    const u = <usize>(t + tau);
    fillDay(x + <usize>t * rowBytes, adj ? labelsX + <usize>t * labBytes : 0, n, matrix, m, bufX, P4);
    fillDay(y + u * rowBytes, adj ? labelsY + u * labBytes : 0, n, matrix, m, bufY, P4);
    for (let j: usize = 0; j < nn; j++) setF64(row, j, 0.0);
    let p: usize = 0;
    for (let i: usize = 0; i < nn; i++) {
      let ai = f64At(row, i);
      for (let j = i + 1; j < nn; j++) {
        const d = Math.abs(f64At(bufX, p) - f64At(bufY, p));
        p++;
        ai += d;
        setF64(row, j, f64At(row, j) + d);
      }
      setF64(row, i, ai);
    }
  }
}
