// NMF by multiplicative updates: mirrors native/kernels/nmf.{h,cc} operation for operation
// (same per-row streaming, same summation order, same guards), in the plain build and in the
// SIMD build (f64x2 lanes laid out as the C++ vector pairs), so every backend returns the same
// W, H and history. See native/kernels/nmf.h for the full contract.
import { f64At, setF64 } from './memory-access';

const EPS32: f64 = 1.1920928955078125e-7; // numpy float32 eps = scikit-learn's EPSILON
const EPS64: f64 = 2.220446049250313e-16; // numpy float64 eps (KL: H < eps → 0)

/** Σ_j a[j]·b[j]: partial sums over j ≡ q (mod 4), combined as (s0 + s2) + (s1 + s3). */
function dot4(a: usize, b: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  if (ASC_FEATURE_SIMD) {
    let v0 = f64x2.splat(0.0);
    let v1 = f64x2.splat(0.0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      v0 = f64x2.add(v0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
      v1 = f64x2.add(v1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
    }
    s0 = f64x2.extract_lane(v0, 0);
    s1 = f64x2.extract_lane(v0, 1);
    s2 = f64x2.extract_lane(v1, 0);
    s3 = f64x2.extract_lane(v1, 1);
  } else {
    for (let j = 0; j < n4; j += 4) {
      const u = <usize>j;
      s0 += f64At(a, u) * f64At(b, u);
      s1 += f64At(a, u + 1) * f64At(b, u + 1);
      s2 += f64At(a, u + 2) * f64At(b, u + 2);
      s3 += f64At(a, u + 3) * f64At(b, u + 3);
    }
  }
  const t = <usize>n4;
  if (n4 < n) s0 += f64At(a, t) * f64At(b, t);
  if (n4 + 1 < n) s1 += f64At(a, t + 1) * f64At(b, t + 1);
  if (n4 + 2 < n) s2 += f64At(a, t + 2) * f64At(b, t + 2);
  return (s0 + s2) + (s1 + s3);
}

/** Σ_j a[j] in the order of dot4. */
function sum4(a: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (let j = 0; j < n4; j += 4) {
    const u = <usize>j;
    s0 += f64At(a, u);
    s1 += f64At(a, u + 1);
    s2 += f64At(a, u + 2);
    s3 += f64At(a, u + 3);
  }
  const t = <usize>n4;
  if (n4 < n) s0 += f64At(a, t);
  if (n4 + 1 < n) s1 += f64At(a, t + 1);
  if (n4 + 2 < n) s2 += f64At(a, t + 2);
  return (s0 + s2) + (s1 + s3);
}

// What rowProduct does with each p = Σ_a c[a]·M[a·n + j] (native/kernels/nmf.cc RowOut).
const PRODUCT = 0; // out[j] = p
const RATIO = 1; // out[j] = x[j] / p, a zero p replaced by ε32
const RATIO_MISSING = 2; // the same, and 1 where x[j] is missing
const FILL_MISSING = 3; // out[j] = x[j] where observed, p where missing

// @ts-ignore: decorator
@inline function finish(mode: i32, p: f64, xv: f64): f64 {
  if (mode == PRODUCT) return p;
  if (mode == FILL_MISSING) return xv == xv ? xv : p;
  const r = xv / (p == 0.0 ? EPS32 : p);
  if (mode == RATIO) return r;
  return xv == xv ? r : 1.0;
}

// @ts-ignore: decorator
@inline function finishPair(mode: i32, p: v128, xv: v128): v128 {
  if (mode == PRODUCT) return p;
  const observed = f64x2.eq(xv, xv);
  if (mode == FILL_MISSING) return v128.bitselect(xv, p, observed);
  const r = f64x2.div(xv, v128.bitselect(f64x2.splat(EPS32), p, f64x2.eq(p, f64x2.splat(0.0))));
  if (mode == RATIO) return r;
  return v128.bitselect(r, f64x2.splat(1.0), observed);
}

/**
 * p_j = Σ_a c[a]·M[a·n + j], a = 0..k-1 in order (first term c[0]·M[j]), finished by `mode`
 * into out[j] (x: the data row, unused for PRODUCT). Four columns at a time accumulated over a
 * (two f64x2 values in the SIMD build): the same order per j as the C++ rowProduct.
 */
function rowProduct(c: usize, M: usize, k: i32, n: i32, out: usize, x: usize, mode: i32): void {
  const n4 = n & ~3;
  const c0 = f64At(c, 0);
  const nb = <usize>n << 3;
  if (ASC_FEATURE_SIMD) {
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      const v0 = f64x2.splat(c0);
      let p0 = f64x2.mul(v0, v128.load(M + o));
      let p1 = f64x2.mul(v0, v128.load(M + o, 16));
      let Ma = M + o;
      for (let a = 1; a < k; a++) {
        Ma += nb;
        const va = f64x2.splat(f64At(c, <usize>a));
        p0 = f64x2.add(p0, f64x2.mul(va, v128.load(Ma)));
        p1 = f64x2.add(p1, f64x2.mul(va, v128.load(Ma, 16)));
      }
      if (mode == PRODUCT) {
        v128.store(out + o, p0);
        v128.store(out + o, p1, 16);
      } else {
        v128.store(out + o, finishPair(mode, p0, v128.load(x + o)));
        v128.store(out + o, finishPair(mode, p1, v128.load(x + o, 16)), 16);
      }
    }
  } else {
    for (let j = 0; j < n4; j += 4) {
      const u = <usize>j;
      let p0 = c0 * f64At(M, u);
      let p1 = c0 * f64At(M, u + 1);
      let p2 = c0 * f64At(M, u + 2);
      let p3 = c0 * f64At(M, u + 3);
      let Ma = M + (u << 3);
      for (let a = 1; a < k; a++) {
        Ma += nb;
        const ca = f64At(c, <usize>a);
        p0 += ca * load<f64>(Ma);
        p1 += ca * load<f64>(Ma, 8);
        p2 += ca * load<f64>(Ma, 16);
        p3 += ca * load<f64>(Ma, 24);
      }
      if (mode == PRODUCT) {
        setF64(out, u, p0);
        setF64(out, u + 1, p1);
        setF64(out, u + 2, p2);
        setF64(out, u + 3, p3);
      } else {
        setF64(out, u, finish(mode, p0, f64At(x, u)));
        setF64(out, u + 1, finish(mode, p1, f64At(x, u + 1)));
        setF64(out, u + 2, finish(mode, p2, f64At(x, u + 2)));
        setF64(out, u + 3, finish(mode, p3, f64At(x, u + 3)));
      }
    }
  }
  for (let j = n4; j < n; j++) {
    const u = <usize>j;
    let p = c0 * f64At(M, u);
    for (let a = 1; a < k; a++) p += f64At(c, <usize>a) * f64At(M, <usize>a * <usize>n + u);
    setF64(out, u, mode == PRODUCT ? p : finish(mode, p, f64At(x, u)));
  }
}

/**
 * rowProduct for BLOCK rows at once (c: BLOCK coefficient rows of stride k; x, out: BLOCK rows
 * of stride n): the loads of M are shared by the rows; each row's values are computed exactly
 * as by rowProduct. The plain build calls rowProduct row by row.
 */
function rowProduct4(c: usize, M: usize, k: i32, n: i32, out: usize, x: usize, mode: i32): void {
  const nb = <usize>n << 3;
  const kb = <usize>k << 3;
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    const c0 = c, c1 = c + kb, c2 = c + 2 * kb, c3 = c + 3 * kb;
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      const m0 = v128.load(M + o), m1 = v128.load(M + o, 16);
      let s = f64x2.splat(load<f64>(c0));
      let p00 = f64x2.mul(s, m0), p01 = f64x2.mul(s, m1);
      s = f64x2.splat(load<f64>(c1));
      let p10 = f64x2.mul(s, m0), p11 = f64x2.mul(s, m1);
      s = f64x2.splat(load<f64>(c2));
      let p20 = f64x2.mul(s, m0), p21 = f64x2.mul(s, m1);
      s = f64x2.splat(load<f64>(c3));
      let p30 = f64x2.mul(s, m0), p31 = f64x2.mul(s, m1);
      let Ma = M + o;
      for (let a = 1; a < k; a++) {
        Ma += nb;
        const ao = <usize>a << 3;
        const a0 = v128.load(Ma), a1 = v128.load(Ma, 16);
        s = f64x2.splat(load<f64>(c0 + ao));
        p00 = f64x2.add(p00, f64x2.mul(s, a0));
        p01 = f64x2.add(p01, f64x2.mul(s, a1));
        s = f64x2.splat(load<f64>(c1 + ao));
        p10 = f64x2.add(p10, f64x2.mul(s, a0));
        p11 = f64x2.add(p11, f64x2.mul(s, a1));
        s = f64x2.splat(load<f64>(c2 + ao));
        p20 = f64x2.add(p20, f64x2.mul(s, a0));
        p21 = f64x2.add(p21, f64x2.mul(s, a1));
        s = f64x2.splat(load<f64>(c3 + ao));
        p30 = f64x2.add(p30, f64x2.mul(s, a0));
        p31 = f64x2.add(p31, f64x2.mul(s, a1));
      }
      v128.store(out + o, finishPair(mode, p00, v128.load(x + o)));
      v128.store(out + o, finishPair(mode, p01, v128.load(x + o, 16)), 16);
      v128.store(out + nb + o, finishPair(mode, p10, v128.load(x + nb + o)));
      v128.store(out + nb + o, finishPair(mode, p11, v128.load(x + nb + o, 16)), 16);
      v128.store(out + 2 * nb + o, finishPair(mode, p20, v128.load(x + 2 * nb + o)));
      v128.store(out + 2 * nb + o, finishPair(mode, p21, v128.load(x + 2 * nb + o, 16)), 16);
      v128.store(out + 3 * nb + o, finishPair(mode, p30, v128.load(x + 3 * nb + o)));
      v128.store(out + 3 * nb + o, finishPair(mode, p31, v128.load(x + 3 * nb + o, 16)), 16);
    }
    for (let j = n4; j < n; j++) {
      const u = <usize>j;
      for (let q = 0; q < BLOCK; q++) {
        const cq = c + <usize>q * kb;
        let p = f64At(cq, 0) * f64At(M, u);
        for (let a = 1; a < k; a++) p += f64At(cq, <usize>a) * f64At(M, <usize>a * <usize>n + u);
        const t = <usize>q * <usize>n + u;
        setF64(out, t, finish(mode, p, f64At(x, t)));
      }
    }
  } else {
    for (let q = 0; q < BLOCK; q++) rowProduct(c + <usize>q * kb, M, k, n, out + <usize>q * nb, x + <usize>q * nb, mode);
  }
}

/** acc[j] = (((acc[j] + c0·v0[j]) + c1·v1[j]) + c2·v2[j]) + c3·v3[j]: four axpy calls in order. */
function axpy4(acc: usize, c: usize, v: usize, n: i32): void {
  const c0 = f64At(c, 0), c1 = f64At(c, 1), c2 = f64At(c, 2), c3 = f64At(c, 3);
  const v0 = load<usize>(v), v1 = load<usize>(v, sizeof<usize>()), v2 = load<usize>(v, 2 * sizeof<usize>()), v3 = load<usize>(v, 3 * sizeof<usize>());
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const s0 = f64x2.splat(c0), s1 = f64x2.splat(c1), s2 = f64x2.splat(c2), s3 = f64x2.splat(c3);
    const n2 = n & ~1;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      let t = f64x2.add(v128.load(acc + o), f64x2.mul(s0, v128.load(v0 + o)));
      t = f64x2.add(t, f64x2.mul(s1, v128.load(v1 + o)));
      t = f64x2.add(t, f64x2.mul(s2, v128.load(v2 + o)));
      v128.store(acc + o, f64x2.add(t, f64x2.mul(s3, v128.load(v3 + o))));
    }
  }
  for (; j < n; j++) {
    const u = <usize>j;
    setF64(acc, u, (((f64At(acc, u) + c0 * f64At(v0, u)) + c1 * f64At(v1, u)) + c2 * f64At(v2, u)) + c3 * f64At(v3, u));
  }
}

/** out[q] = dot4(a[q], b, n) for q = 0..3 (a: 4 row pointers), b loaded once. */
function dot4x4(a: usize, b: usize, n: i32, out: usize): void {
  const a0 = load<usize>(a), a1 = load<usize>(a, sizeof<usize>()), a2 = load<usize>(a, 2 * sizeof<usize>()), a3 = load<usize>(a, 3 * sizeof<usize>());
  if (ASC_FEATURE_SIMD) {
    const n4 = n & ~3;
    let u00 = f64x2.splat(0.0), u01 = f64x2.splat(0.0);
    let u10 = f64x2.splat(0.0), u11 = f64x2.splat(0.0);
    let u20 = f64x2.splat(0.0), u21 = f64x2.splat(0.0);
    let u30 = f64x2.splat(0.0), u31 = f64x2.splat(0.0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      const b0 = v128.load(b + o), b1 = v128.load(b + o, 16);
      u00 = f64x2.add(u00, f64x2.mul(v128.load(a0 + o), b0));
      u01 = f64x2.add(u01, f64x2.mul(v128.load(a0 + o, 16), b1));
      u10 = f64x2.add(u10, f64x2.mul(v128.load(a1 + o), b0));
      u11 = f64x2.add(u11, f64x2.mul(v128.load(a1 + o, 16), b1));
      u20 = f64x2.add(u20, f64x2.mul(v128.load(a2 + o), b0));
      u21 = f64x2.add(u21, f64x2.mul(v128.load(a2 + o, 16), b1));
      u30 = f64x2.add(u30, f64x2.mul(v128.load(a3 + o), b0));
      u31 = f64x2.add(u31, f64x2.mul(v128.load(a3 + o, 16), b1));
    }
    setF64(out, 0, dotTail(u00, u01, a0, b, n));
    setF64(out, 1, dotTail(u10, u11, a1, b, n));
    setF64(out, 2, dotTail(u20, u21, a2, b, n));
    setF64(out, 3, dotTail(u30, u31, a3, b, n));
  } else {
    setF64(out, 0, dot4(a0, b, n));
    setF64(out, 1, dot4(a1, b, n));
    setF64(out, 2, dot4(a2, b, n));
    setF64(out, 3, dot4(a3, b, n));
  }
}

/** The end of dot4 from its two f64x2 partial sums: tail columns, then (s0 + s2) + (s1 + s3). */
// @ts-ignore: decorator
@inline function dotTail(v0: v128, v1: v128, a: usize, b: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = f64x2.extract_lane(v0, 0);
  let s1 = f64x2.extract_lane(v0, 1);
  let s2 = f64x2.extract_lane(v1, 0);
  let s3 = f64x2.extract_lane(v1, 1);
  const t = <usize>n4;
  if (n4 < n) s0 += f64At(a, t) * f64At(b, t);
  if (n4 + 1 < n) s1 += f64At(a, t + 1) * f64At(b, t + 1);
  if (n4 + 2 < n) s2 += f64At(a, t + 2) * f64At(b, t + 2);
  return (s0 + s2) + (s1 + s3);
}

/** acc[j] += c·v[j] */
function axpy(acc: usize, c: f64, v: usize, n: i32): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const cv = f64x2.splat(c);
    const n2 = n & ~1;
    for (; j < n2; j += 2) {
      const o = <usize>j << 3;
      v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(cv, v128.load(v + o))));
    }
  }
  for (; j < n; j++) setF64(acc, <usize>j, f64At(acc, <usize>j) + c * f64At(v, <usize>j));
}

/** Σ_j (x[j] − p[j])² over observed j in the order of sum4 (a missing entry adds +0). */
function squaredErrorRow(x: usize, p: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  if (ASC_FEATURE_SIMD) {
    let v0 = f64x2.splat(0.0);
    let v1 = f64x2.splat(0.0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      const x0 = v128.load(x + o), x1 = v128.load(x + o, 16);
      const d0 = f64x2.sub(x0, v128.load(p + o)), d1 = f64x2.sub(x1, v128.load(p + o, 16));
      v0 = f64x2.add(v0, v128.and(f64x2.mul(d0, d0), f64x2.eq(x0, x0)));
      v1 = f64x2.add(v1, v128.and(f64x2.mul(d1, d1), f64x2.eq(x1, x1)));
    }
    s0 = f64x2.extract_lane(v0, 0);
    s1 = f64x2.extract_lane(v0, 1);
    s2 = f64x2.extract_lane(v1, 0);
    s3 = f64x2.extract_lane(v1, 1);
  } else {
    for (let j = 0; j < n4; j += 4) {
      const u = <usize>j;
      s0 += sqTerm(f64At(x, u), f64At(p, u));
      s1 += sqTerm(f64At(x, u + 1), f64At(p, u + 1));
      s2 += sqTerm(f64At(x, u + 2), f64At(p, u + 2));
      s3 += sqTerm(f64At(x, u + 3), f64At(p, u + 3));
    }
  }
  const t = <usize>n4;
  if (n4 < n) s0 += sqTerm(f64At(x, t), f64At(p, t));
  if (n4 + 1 < n) s1 += sqTerm(f64At(x, t + 1), f64At(p, t + 1));
  if (n4 + 2 < n) s2 += sqTerm(f64At(x, t + 2), f64At(p, t + 2));
  return (s0 + s2) + (s1 + s3);
}

// @ts-ignore: decorator
@inline function sqTerm(xv: f64, p: f64): f64 {
  const d = xv - p;
  return xv == xv ? d * d : 0.0;
}

// Natural logarithm of a normal, finite y > 0 by fdlibm's method, branch-free: the same
// operations as fastLog / klPair in native/kernels/nmf.cc, so the same bits everywhere.
const LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;
const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
const SQRT2 = 1.4142135623730951;
const TWO52 = 4503599627370496.0;
const DBL_MIN = 2.2250738585072014e-308, DBL_MAX = 1.7976931348623157e308;

function fastLog(y: f64): f64 {
  const b = reinterpret<u64>(y);
  let m = reinterpret<f64>((b & 0x000fffffffffffff) | 0x3ff0000000000000);
  let dk = (reinterpret<f64>((b >> 52) | 0x4330000000000000) - TWO52) - 1023.0;
  // m·½ and dk + 1 when m > √2, else m·1 and dk + 0 (exact either way): arithmetic instead of a
  // branch, which V8 would mispredict half the time
  const big = <f64>(<i32>(m > SQRT2));
  m *= 1.0 - 0.5 * big;
  dk += big;
  const f = m - 1.0;
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const hfsq = 0.5 * f * f;
  return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
}

/** (x·log(x/p⁺) − x) + p for observed x (x·log as 0 for x <= 0), 0 for missing x. */
function klTerm(v: f64, p: f64): f64 {
  if (!(v == v)) return 0.0;
  const g = p == 0.0 ? EPS32 : p;
  const y = v > 0.0 ? v / g : 1.0;
  const l = y >= DBL_MIN && y <= DBL_MAX ? fastLog(y) : Math.log(y);
  return (v * l - v) + p;
}

/** klTerm on two lanes. */
// @ts-ignore: decorator
@inline function klPair(v: v128, p: v128): v128 {
  const zero = f64x2.splat(0.0);
  const one = f64x2.splat(1.0);
  const half = f64x2.splat(0.5);
  const g = f64x2.add(p, v128.and(f64x2.splat(EPS32), f64x2.eq(p, zero)));
  const y = v128.bitselect(f64x2.div(v, g), one, f64x2.gt(v, zero));
  const ok = v128.and(f64x2.ge(y, f64x2.splat(DBL_MIN)), f64x2.le(y, f64x2.splat(DBL_MAX)));
  let l: v128;
  if (i64x2.all_true(ok)) {
    let m = v128.or(v128.and(y, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
    let dk = f64x2.sub(f64x2.sub(v128.or(i64x2.shr_u(y, 52), i64x2.splat(0x4330000000000000)), f64x2.splat(TWO52)), f64x2.splat(1023.0));
    const big = f64x2.gt(m, f64x2.splat(SQRT2));
    m = f64x2.mul(m, v128.bitselect(half, one, big));
    dk = f64x2.add(dk, v128.and(one, big));
    const f = f64x2.sub(m, one);
    const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
    const z = f64x2.mul(s, s);
    const w = f64x2.mul(z, z);
    const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
    const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))));
    const r = f64x2.add(t2, t1);
    const hfsq = f64x2.mul(f64x2.mul(half, f), f);
    const inner = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), f64x2.mul(dk, f64x2.splat(LN2_LO)));
    l = f64x2.sub(f64x2.mul(dk, f64x2.splat(LN2_HI)), f64x2.sub(f64x2.sub(hfsq, inner), f));
  } else {
    const y0 = f64x2.extract_lane(y, 0), y1 = f64x2.extract_lane(y, 1);
    const l0 = y0 >= DBL_MIN && y0 <= DBL_MAX ? fastLog(y0) : Math.log(y0);
    const l1 = y1 >= DBL_MIN && y1 <= DBL_MAX ? fastLog(y1) : Math.log(y1);
    l = f64x2.replace_lane(f64x2.splat(l0), 1, l1);
  }
  const t = f64x2.add(f64x2.sub(f64x2.mul(v, l), v), p);
  return v128.and(t, f64x2.eq(v, v));
}

/** Σ_j klTerm(x[j], p[j]) in the order of sum4. */
function klRowSum(x: usize, p: usize, n: i32): f64 {
  const n4 = n & ~3;
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  if (ASC_FEATURE_SIMD) {
    let v0 = f64x2.splat(0.0);
    let v1 = f64x2.splat(0.0);
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 3;
      v0 = f64x2.add(v0, klPair(v128.load(x + o), v128.load(p + o)));
      v1 = f64x2.add(v1, klPair(v128.load(x + o, 16), v128.load(p + o, 16)));
    }
    s0 = f64x2.extract_lane(v0, 0);
    s1 = f64x2.extract_lane(v0, 1);
    s2 = f64x2.extract_lane(v1, 0);
    s3 = f64x2.extract_lane(v1, 1);
  } else {
    for (let j = 0; j < n4; j += 4) {
      const u = <usize>j;
      s0 += klTerm(f64At(x, u), f64At(p, u));
      s1 += klTerm(f64At(x, u + 1), f64At(p, u + 1));
      s2 += klTerm(f64At(x, u + 2), f64At(p, u + 2));
      s3 += klTerm(f64At(x, u + 3), f64At(p, u + 3));
    }
  }
  const t = <usize>n4;
  if (n4 < n) s0 += klTerm(f64At(x, t), f64At(p, t));
  if (n4 + 1 < n) s1 += klTerm(f64At(x, t + 1), f64At(p, t + 1));
  if (n4 + 2 < n) s2 += klTerm(f64At(x, t + 2), f64At(p, t + 2));
  return (s0 + s2) + (s1 + s3);
}

// Which fit statistics evaluate() computes (native Stats): the checks need only their own.
const STATS_FROBENIUS = 0;
const STATS_KL = 1;
const STATS_ALL = 2;

/**
 * Fit statistics into out[0..3] (KL, Σ(x − wh)², Σx², observed count); statistics not asked
 * for are left at 0.
 */
function evaluate(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, what: i32, wh: usize, terms: usize, out: usize): void {
  let kl = 0.0, sse = 0.0, sumSq = 0.0, count = 0.0;
  for (let i = 0; i < m; i++) {
    const xi = x + ((<usize>i * <usize>n) << 3);
    rowProduct(w + ((<usize>i * <usize>k) << 3), h, k, n, wh, 0, PRODUCT);
    if (what != STATS_KL) sse += squaredErrorRow(xi, wh, n);
    if (what != STATS_FROBENIUS) kl += klRowSum(xi, wh, n);
    if (what == STATS_ALL) {
      let observed = 0;
      for (let j = 0; j < n; j++) {
        const v = f64At(xi, <usize>j);
        const ok = v == v;
        observed += ok ? 1 : 0;
        setF64(terms, <usize>j, ok ? v * v : 0.0);
      }
      sumSq += sum4(terms, n);
      count += <f64>observed;
    }
  }
  setF64(out, 0, kl);
  setF64(out, 1, sse);
  setF64(out, 2, sumSq);
  setF64(out, 3, count);
}

const BLOCK = 4; // rows per block, as kBlock in native/kernels/nmf.cc (same results as row by row)

/** W_i ← W_i ∘ num / (W_i·HHᵀ), a zero denominator replaced by ε32. */
function frobeniusRowUpdate(wi: usize, g: usize, k: i32, num: usize, den: usize): void {
  const kk = <usize>k;
  for (let a = 0; a < k; a++) {
    let d = f64At(wi, 0) * f64At(g, <usize>a);
    for (let b = 1; b < k; b++) d += f64At(wi, <usize>b) * f64At(g, <usize>b * kk + <usize>a);
    setF64(den, <usize>a, d == 0.0 ? EPS32 : d);
  }
  for (let a = 0; a < k; a++) {
    const u = <usize>a;
    setF64(wi, u, f64At(wi, u) * (f64At(num, u) / f64At(den, u)));
  }
}

/** Scratch shared by the iterations (allocated once per call). */
class Scratch {
  wh: usize; // BLOCK·n
  acc: usize; // k·n
  g: usize; // k·k
  num: usize; // BLOCK·k
  den: usize; // BLOCK·k
  sums: usize; // k
  rows: usize; // BLOCK row pointers
  coef: usize; // BLOCK
  num4: usize; // BLOCK
  missing: usize; // m bytes
}

function iterateFrobenius(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, s: Scratch): void {
  const nb = <usize>n << 3;
  const kk = <usize>k;
  const wh = s.wh, acc = s.acc, g = s.g, num = s.num, den = s.den;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = dot4(h + <usize>a * nb, h + <usize>b * nb, n);
      setF64(g, <usize>a * kk + <usize>b, v);
      setF64(g, <usize>b * kk + <usize>a, v);
    }
  }
  memory.fill(acc, 0, kk * nb);
  let i = 0;
  for (; i + BLOCK <= m; i += BLOCK) {
    for (let q = 0; q < BLOCK; q++) {
      const xi = x + <usize>(i + q) * nb;
      const buf = wh + <usize>q * nb;
      let row = xi;
      if (load<u8>(s.missing + <usize>(i + q)) != 0) {
        rowProduct(w + ((<usize>(i + q) * kk) << 3), h, k, n, buf, xi, FILL_MISSING);
        row = buf;
      }
      store<usize>(s.rows + <usize>q * sizeof<usize>(), row);
    }
    for (let a = 0; a < k; a++) {
      dot4x4(s.rows, h + <usize>a * nb, n, s.num4);
      for (let q = 0; q < BLOCK; q++) setF64(num, <usize>q * kk + <usize>a, f64At(s.num4, <usize>q));
    }
    for (let q = 0; q < BLOCK; q++) {
      const wi = w + ((<usize>(i + q) * kk) << 3);
      frobeniusRowUpdate(wi, g, k, num + ((<usize>q * kk) << 3), den);
      if (load<u8>(s.missing + <usize>(i + q)) != 0) rowProduct(wi, h, k, n, wh + <usize>q * nb, x + <usize>(i + q) * nb, FILL_MISSING);
    }
    for (let a = 0; a < k; a++) {
      for (let q = 0; q < BLOCK; q++) setF64(s.coef, <usize>q, f64At(w, <usize>(i + q) * kk + <usize>a));
      axpy4(acc + <usize>a * nb, s.coef, s.rows, n);
    }
  }
  for (; i < m; i++) {
    const xi = x + <usize>i * nb;
    const wi = w + ((<usize>i * kk) << 3);
    const miss = load<u8>(s.missing + <usize>i) != 0;
    let xr = xi;
    if (miss) {
      rowProduct(wi, h, k, n, wh, xi, FILL_MISSING);
      xr = wh;
    }
    for (let a = 0; a < k; a++) setF64(num, <usize>a, dot4(xr, h + <usize>a * nb, n));
    frobeniusRowUpdate(wi, g, k, num, den);
    if (miss) rowProduct(wi, h, k, n, wh, xi, FILL_MISSING);
    for (let a = 0; a < k; a++) axpy(acc + <usize>a * nb, f64At(wi, <usize>a), xr, n);
  }
  memory.fill(g, 0, (kk * kk) << 3);
  for (let i = 0; i < m; i++) {
    const wi = w + ((<usize>i * kk) << 3);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const u = <usize>a * kk + <usize>b;
        setF64(g, u, f64At(g, u) + f64At(wi, <usize>a) * f64At(wi, <usize>b));
      }
    }
  }
  for (let a = 0; a < k; a++) {
    rowProduct(g + ((<usize>a * kk) << 3), h, k, n, wh, 0, PRODUCT);
    const acca = acc + <usize>a * nb;
    const ha = h + <usize>a * nb;
    for (let j = 0; j < n; j++) {
      const u = <usize>j;
      const p = f64At(wh, u);
      const d = p == 0.0 ? EPS32 : p;
      setF64(acca, u, f64At(ha, u) * (f64At(acca, u) / d));
    }
  }
  memory.copy(h, acc, kk * nb);
}

function iterateKl(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, s: Scratch): void {
  const nb = <usize>n << 3;
  const kk = <usize>k;
  const r = s.wh, acc = s.acc, num = s.num, den = s.den, sums = s.sums;
  for (let a = 0; a < k; a++) {
    const v = sum4(h + <usize>a * nb, n);
    setF64(den, <usize>a, v == 0.0 ? EPS32 : v);
  }
  memory.fill(acc, 0, kk * nb);
  let i = 0;
  for (; i + BLOCK <= m; i += BLOCK) {
    const anyMissing = (load<u8>(s.missing + <usize>i) | load<u8>(s.missing + <usize>i, 1) | load<u8>(s.missing + <usize>i, 2) | load<u8>(s.missing + <usize>i, 3)) != 0;
    const mode = anyMissing ? RATIO_MISSING : RATIO;
    const xb = x + <usize>i * nb;
    const wb = w + ((<usize>i * kk) << 3);
    for (let q = 0; q < BLOCK; q++) store<usize>(s.rows + <usize>q * sizeof<usize>(), r + <usize>q * nb);
    rowProduct4(wb, h, k, n, r, xb, mode);
    for (let a = 0; a < k; a++) {
      dot4x4(s.rows, h + <usize>a * nb, n, s.num4);
      for (let q = 0; q < BLOCK; q++) setF64(num, <usize>q * kk + <usize>a, f64At(s.num4, <usize>q));
    }
    for (let q = 0; q < BLOCK; q++) {
      const wi = w + ((<usize>(i + q) * kk) << 3);
      for (let a = 0; a < k; a++) {
        const u = <usize>a;
        setF64(wi, u, f64At(wi, u) * (f64At(num, <usize>q * kk + u) / f64At(den, u)));
      }
    }
    rowProduct4(wb, h, k, n, r, xb, mode);
    for (let a = 0; a < k; a++) {
      for (let q = 0; q < BLOCK; q++) setF64(s.coef, <usize>q, f64At(w, <usize>(i + q) * kk + <usize>a));
      axpy4(acc + <usize>a * nb, s.coef, s.rows, n);
    }
  }
  for (; i < m; i++) {
    const xi = x + <usize>i * nb;
    const wi = w + ((<usize>i * kk) << 3);
    const mode = load<u8>(s.missing + <usize>i) != 0 ? RATIO_MISSING : RATIO;
    rowProduct(wi, h, k, n, r, xi, mode);
    for (let a = 0; a < k; a++) setF64(num, <usize>a, dot4(r, h + <usize>a * nb, n));
    for (let a = 0; a < k; a++) {
      const u = <usize>a;
      setF64(wi, u, f64At(wi, u) * (f64At(num, u) / f64At(den, u)));
    }
    rowProduct(wi, h, k, n, r, xi, mode);
    for (let a = 0; a < k; a++) axpy(acc + <usize>a * nb, f64At(wi, <usize>a), r, n);
  }
  for (let a = 0; a < k; a++) setF64(sums, <usize>a, 0.0);
  for (let i = 0; i < m; i++) {
    const wi = w + ((<usize>i * kk) << 3);
    for (let a = 0; a < k; a++) setF64(sums, <usize>a, f64At(sums, <usize>a) + f64At(wi, <usize>a));
  }
  for (let a = 0; a < k; a++) {
    const sa = f64At(sums, <usize>a);
    const d = sa == 0.0 ? 1.0 : sa;
    const ha = h + <usize>a * nb;
    const acca = acc + <usize>a * nb;
    for (let j = 0; j < n; j++) {
      const u = <usize>j;
      const v = f64At(ha, u) * (f64At(acca, u) / d);
      setF64(ha, u, v < EPS64 ? 0.0 : v);
    }
  }
}

/**
 * Multiplicative updates from the given W (m×k) and H (k×n), in place; objective 0 =
 * Frobenius, 1 = KL. Writes 1 + ceil(iterations / checkEvery) objective values to history;
 * returns the iterations done. See native/kernels/nmf.h.
 */
export function nmfMultiplicative(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, objective: i32, maxIter: i32, tol: f64, checkEvery: i32, history: usize): i32 {
  if (m < 1 || n < 1 || k < 1 || maxIter < 0 || checkEvery < 1 || (objective != 0 && objective != 1)) {
    abort('nmfMultiplicative: bad sizes or options');
  }
  const nb = <usize>n << 3;
  const kk = <usize>k;
  const s = new Scratch();
  s.wh = heap.alloc(<usize>BLOCK * nb);
  s.acc = heap.alloc(kk * nb);
  s.g = heap.alloc((kk * kk) << 3);
  s.num = heap.alloc((<usize>BLOCK * kk) << 3);
  s.den = heap.alloc((<usize>BLOCK * kk) << 3);
  s.sums = heap.alloc(kk << 3);
  s.rows = heap.alloc(<usize>BLOCK * sizeof<usize>());
  s.coef = heap.alloc(<usize>BLOCK << 3);
  s.num4 = heap.alloc(<usize>BLOCK << 3);
  s.missing = heap.alloc(<usize>m);
  const wh = s.wh;
  const terms = heap.alloc(nb);
  const fit = heap.alloc(32);
  const missing = s.missing;
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * nb;
    let any: u8 = 0;
    for (let j = 0; j < n; j++) {
      const v = f64At(xi, <usize>j);
      any |= v != v ? 1 : 0;
    }
    store<u8>(missing + <usize>i, any);
  }
  const kl = objective == 1;
  evaluate(x, m, n, k, w, h, kl ? STATS_KL : STATS_FROBENIUS, wh, terms, fit);
  let obj = kl ? f64At(fit, 0) : 0.5 * f64At(fit, 1);
  let filled: usize = 0;
  setF64(history, filled++, obj);
  const e0 = Math.sqrt(2.0 * obj);
  let previous = e0;
  for (let t = 1; t <= maxIter; t++) {
    if (kl) iterateKl(x, m, n, k, w, h, s);
    else iterateFrobenius(x, m, n, k, w, h, s);
    const check = t % checkEvery == 0;
    if (check || t == maxIter) {
      evaluate(x, m, n, k, w, h, kl ? STATS_KL : STATS_FROBENIUS, wh, terms, fit);
      obj = kl ? f64At(fit, 0) : 0.5 * f64At(fit, 1);
      setF64(history, filled++, obj);
    }
    if (check && tol > 0.0) {
      const e = Math.sqrt(2.0 * obj);
      if (e0 == 0.0 || (previous - e) / e0 < tol) return t;
      previous = e;
    }
  }
  return maxIter;
}

/** Fit statistics of W·H against X: out = [KL, Σ(x − wh)², Σx², observed count] over observed entries. */
export function nmfObjective(x: usize, m: i32, n: i32, k: i32, w: usize, h: usize, out: usize): void {
  if (m < 1 || n < 1 || k < 1) abort('nmfObjective: bad sizes');
  const nb = <usize>n << 3;
  evaluate(x, m, n, k, w, h, STATS_ALL, heap.alloc(nb), heap.alloc(nb), out);
}
