// Hawkes kernels: mirrors native/kernels/hawkes.{h,cc} line by line (see the contract there).
import { Xoshiro256 } from './random';

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// Lane kernels of the E-step (see native): every output lane is one plain sequential sum in a
// fixed order, so the width (f64x2 here, 4 × f64 in native AVX2, scalar) never changes a bit, and
// skipped lags only ever hold exactly-zero terms.
// conv: out[k] = Σ_{d = d0, d0 + step, …} w[d − 1] · x[k + sgn·d]  (count terms, from +0)
// corr: F[k] += a[j] · x[j + k] for the parents j at js[0..np), in order

/** conv over 16 lanes (8 × f64x2). */
function convV16(x: usize, sgn: i32, w: usize, d: i32, count: i32, step: i32, out: usize): void {
  let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
  // pointers to x[sgn·d] and w[d − 1], advanced by sgn·step and step entries per lag
  let p = x + (<usize>(sgn * d) << 3);
  let wp = w + (<usize>(d - 1) << 3);
  const dp = <usize>(sgn * step) << 3;
  const dw = <usize>step << 3;
  for (; count > 0; count--, p += dp, wp += dw) {
    const wd = v128.load_splat<f64>(wp);
    s0 = f64x2.add(s0, f64x2.mul(wd, v128.load(p)));
    s1 = f64x2.add(s1, f64x2.mul(wd, v128.load(p, 16)));
    s2 = f64x2.add(s2, f64x2.mul(wd, v128.load(p, 32)));
    s3 = f64x2.add(s3, f64x2.mul(wd, v128.load(p, 48)));
    s4 = f64x2.add(s4, f64x2.mul(wd, v128.load(p, 64)));
    s5 = f64x2.add(s5, f64x2.mul(wd, v128.load(p, 80)));
    s6 = f64x2.add(s6, f64x2.mul(wd, v128.load(p, 96)));
    s7 = f64x2.add(s7, f64x2.mul(wd, v128.load(p, 112)));
  }
  v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
  v128.store(out, s4, 64); v128.store(out, s5, 80); v128.store(out, s6, 96); v128.store(out, s7, 112);
}

/** conv over 24 lanes (12 × f64x2: with the weight and a load, 14 of V8's 15 free xmm registers). */
function convV24(x: usize, sgn: i32, w: usize, d: i32, count: i32, step: i32, out: usize): void {
  let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
  let s8 = s0, s9 = s0, s10 = s0, s11 = s0;
  let p = x + (<usize>(sgn * d) << 3);
  let wp = w + (<usize>(d - 1) << 3);
  const dp = <usize>(sgn * step) << 3;
  const dw = <usize>step << 3;
  for (; count > 0; count--, p += dp, wp += dw) {
    const wd = v128.load_splat<f64>(wp);
    s0 = f64x2.add(s0, f64x2.mul(wd, v128.load(p)));
    s1 = f64x2.add(s1, f64x2.mul(wd, v128.load(p, 16)));
    s2 = f64x2.add(s2, f64x2.mul(wd, v128.load(p, 32)));
    s3 = f64x2.add(s3, f64x2.mul(wd, v128.load(p, 48)));
    s4 = f64x2.add(s4, f64x2.mul(wd, v128.load(p, 64)));
    s5 = f64x2.add(s5, f64x2.mul(wd, v128.load(p, 80)));
    s6 = f64x2.add(s6, f64x2.mul(wd, v128.load(p, 96)));
    s7 = f64x2.add(s7, f64x2.mul(wd, v128.load(p, 112)));
    s8 = f64x2.add(s8, f64x2.mul(wd, v128.load(p, 128)));
    s9 = f64x2.add(s9, f64x2.mul(wd, v128.load(p, 144)));
    s10 = f64x2.add(s10, f64x2.mul(wd, v128.load(p, 160)));
    s11 = f64x2.add(s11, f64x2.mul(wd, v128.load(p, 176)));
  }
  v128.store(out, s0); v128.store(out, s1, 16); v128.store(out, s2, 32); v128.store(out, s3, 48);
  v128.store(out, s4, 64); v128.store(out, s5, 80); v128.store(out, s6, 96); v128.store(out, s7, 112);
  v128.store(out, s8, 128); v128.store(out, s9, 144); v128.store(out, s10, 160); v128.store(out, s11, 176);
}

/** conv over 4 lanes (2 × f64x2). */
function convV4(x: usize, sgn: i32, w: usize, d: i32, count: i32, step: i32, out: usize): void {
  let s0 = f64x2.splat(0.0), s1 = s0;
  let p = x + (<usize>(sgn * d) << 3);
  let wp = w + (<usize>(d - 1) << 3);
  const dp = <usize>(sgn * step) << 3;
  const dw = <usize>step << 3;
  for (; count > 0; count--, p += dp, wp += dw) {
    const wd = v128.load_splat<f64>(wp);
    s0 = f64x2.add(s0, f64x2.mul(wd, v128.load(p)));
    s1 = f64x2.add(s1, f64x2.mul(wd, v128.load(p, 16)));
  }
  v128.store(out, s0); v128.store(out, s1, 16);
}

/** conv over 4 lanes, scalar. */
function convS4(x: usize, sgn: i32, w: usize, d: i32, count: i32, step: i32, out: usize): void {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (; count > 0; count--, d += step) {
    const wd = ld(w, d - 1);
    const p = x + (<usize>(sgn * d) << 3);
    s0 += wd * load<f64>(p);
    s1 += wd * load<f64>(p, 8);
    s2 += wd * load<f64>(p, 16);
    s3 += wd * load<f64>(p, 24);
  }
  store<f64>(out, s0); store<f64>(out, s1, 8); store<f64>(out, s2, 16); store<f64>(out, s3, 24);
}

/** corr over 16 lanes (8 × f64x2). */
function corrV16(x: usize, js: usize, np: i32, a: usize, F: usize): void {
  let s0 = v128.load(F), s1 = v128.load(F, 16), s2 = v128.load(F, 32), s3 = v128.load(F, 48);
  let s4 = v128.load(F, 64), s5 = v128.load(F, 80), s6 = v128.load(F, 96), s7 = v128.load(F, 112);
  for (let p = 0; p < np; p++) {
    const j = load<i32>(js + (<usize>p << 2));
    const aj = v128.load_splat<f64>(a + (<usize>j << 3));
    const xp = x + (<usize>j << 3);
    s0 = f64x2.add(s0, f64x2.mul(aj, v128.load(xp)));
    s1 = f64x2.add(s1, f64x2.mul(aj, v128.load(xp, 16)));
    s2 = f64x2.add(s2, f64x2.mul(aj, v128.load(xp, 32)));
    s3 = f64x2.add(s3, f64x2.mul(aj, v128.load(xp, 48)));
    s4 = f64x2.add(s4, f64x2.mul(aj, v128.load(xp, 64)));
    s5 = f64x2.add(s5, f64x2.mul(aj, v128.load(xp, 80)));
    s6 = f64x2.add(s6, f64x2.mul(aj, v128.load(xp, 96)));
    s7 = f64x2.add(s7, f64x2.mul(aj, v128.load(xp, 112)));
  }
  v128.store(F, s0); v128.store(F, s1, 16); v128.store(F, s2, 32); v128.store(F, s3, 48);
  v128.store(F, s4, 64); v128.store(F, s5, 80); v128.store(F, s6, 96); v128.store(F, s7, 112);
}

/** corr over 4 lanes (2 × f64x2). */
function corrV4(x: usize, js: usize, np: i32, a: usize, F: usize): void {
  let s0 = v128.load(F), s1 = v128.load(F, 16);
  for (let p = 0; p < np; p++) {
    const j = load<i32>(js + (<usize>p << 2));
    const aj = v128.load_splat<f64>(a + (<usize>j << 3));
    const xp = x + (<usize>j << 3);
    s0 = f64x2.add(s0, f64x2.mul(aj, v128.load(xp)));
    s1 = f64x2.add(s1, f64x2.mul(aj, v128.load(xp, 16)));
  }
  v128.store(F, s0); v128.store(F, s1, 16);
}

/** corr over 4 lanes, scalar. */
function corrS4(x: usize, js: usize, np: i32, a: usize, F: usize): void {
  let s0 = load<f64>(F), s1 = load<f64>(F, 8), s2 = load<f64>(F, 16), s3 = load<f64>(F, 24);
  for (let p = 0; p < np; p++) {
    const j = load<i32>(js + (<usize>p << 2));
    const aj = ld(a, j);
    const xp = x + (<usize>j << 3);
    s0 += aj * load<f64>(xp);
    s1 += aj * load<f64>(xp, 8);
    s2 += aj * load<f64>(xp, 16);
    s3 += aj * load<f64>(xp, 24);
  }
  store<f64>(F, s0); store<f64>(F, s1, 8); store<f64>(F, s2, 16); store<f64>(F, s3, 24);
}

/** Lanes of the block covering rem outputs (surplus lanes run on zero padding, discarded). */
@inline function blockLanes(rem: i32): i32 {
  if (ASC_FEATURE_SIMD) return rem > 4 ? 16 : 4;
  return 4;
}

/**
 * Lanes of a conv block covering rem outputs: 24 (12 f64x2 accumulators) while more than 16
 * remain — more lanes per pass over the lags amortise V8's loop overhead (counter, pointers, stack
 * check); the parent-pair sums (corr) measured no faster at 24 and keep blockLanes.
 */
@inline function convLanes(rem: i32): i32 {
  if (ASC_FEATURE_SIMD) return rem > 16 ? 24 : rem > 4 ? 16 : 4;
  return 4;
}

@inline function conv(lanes: i32, x: usize, sgn: i32, w: usize, d: i32, count: i32, step: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    if (lanes == 24) convV24(x, sgn, w, d, count, step, out);
    else if (lanes == 16) convV16(x, sgn, w, d, count, step, out);
    else convV4(x, sgn, w, d, count, step, out);
  } else convS4(x, sgn, w, d, count, step, out);
}

@inline function corr(lanes: i32, x: usize, js: usize, np: i32, a: usize, F: usize): void {
  if (ASC_FEATURE_SIMD) {
    if (lanes == 16) {
      // Two calls over the two halves of the parent list (the sums carry over through F, so this
      // is the same sequence of operations): a second call site keeps corrV16 out of line, where
      // its 8 accumulators stay in registers (inlined, V8 spilled them).
      const half = np >> 1;
      corrV16(x, js, half, a, F);
      corrV16(x, js + (<usize>half << 2), np - half, a, F);
    }
    else corrV4(x, js, np, a, F);
  } else corrS4(x, js, np, a, F);
}

// log for the log-likelihood: fdlibm's __ieee754_log, the same operations as native logLik.
const LN2_HI: f64 = 6.93147180369123816490e-01, LN2_LO: f64 = 1.90821492927058770002e-10;
const LG1: f64 = 6.666666666666735130e-01, LG2: f64 = 3.999999999940941908e-01, LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01, LG5: f64 = 1.818357216161805012e-01, LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;
const LOG_SHIFT: u64 = (<u64>(0x3ff00000 - 0x3fe6a09e)) << 32;
const LOG_MANT: u64 = 0x000fffffffffffff;
const LOG_BASE: u64 = (<u64>0x3fe6a09e) << 32;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;
const MAX_FINITE: f64 = 1.7976931348623157e308;

function logLik(x: f64): f64 {
  if (x == 0.0) return -Infinity;
  if (x > MAX_FINITE) return x;
  let kd = 0.0;
  if (x < MIN_NORMAL) {
    x *= 18014398509481984.0;
    kd = -54.0;
  }
  let ix = reinterpret<u64>(x) + LOG_SHIFT;
  const k = <f64>(<i64>(ix >> 52) - 0x3ff) + kd;
  ix = (ix & LOG_MANT) + LOG_BASE;
  const f = reinterpret<f64>(ix) - 1.0;
  const hfsq = 0.5 * f * f;
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  return s * (hfsq + R) + k * LN2_LO - hfsq + f + k * LN2_HI;
}

@inline function logLikTerm(n: f64, lam: f64): f64 {
  return (n > 0.0 ? n * logLik(lam) : 0.0) - lam;
}

// The vector constants of logLikSum live in linear memory and are loaded once per call: written
// as f64x2.splat(constant) they become v128.const, which V8 rematerialises inside the loop (three
// instructions each, about twenty constants) on every iteration.
const LOG_CONSTANTS = memory.data<u64>([
  LOG_SHIFT, 0x4330000000000000, reinterpret<u64>(4503599627370496.0), reinterpret<u64>(1023.0),
  LOG_MANT, LOG_BASE, reinterpret<u64>(1.0), reinterpret<u64>(0.5), reinterpret<u64>(2.0),
  reinterpret<u64>(LG1), reinterpret<u64>(LG2), reinterpret<u64>(LG3), reinterpret<u64>(LG4),
  reinterpret<u64>(LG5), reinterpret<u64>(LG6), reinterpret<u64>(LG7),
  reinterpret<u64>(LN2_HI), reinterpret<u64>(LN2_LO), reinterpret<u64>(MIN_NORMAL), reinterpret<u64>(MAX_FINITE),
]);

@inline function logConstant(i: i32): v128 {
  return v128.load_splat<u64>(LOG_CONSTANTS + (<usize>i << 3));
}

/**
 * Σ logLikTerm(n[i], λ[i]) over days [0, end), end a multiple of 4, in the lanes of native
 * loglikAvx2 (day i in lane i mod 4): stores the lane sums (s0, s1) at out and (s2, s3) at out + 16.
 * Two independent f64x2 chains per step (days i, i + 1 and i + 2, i + 3) give the CPU the same
 * work per iteration as one AVX2 chain. Groups of four days without events add 0 − λ; groups
 * with λ = 0, subnormal or infinite go through the scalar logLik.
 */
function logLikSum(n: usize, lam: usize, end: i32, out: usize): void {
  const shift = logConstant(0), expOr = logConstant(1), two52 = logConstant(2), bias = logConstant(3);
  const mant = logConstant(4), mbase = logConstant(5), one = logConstant(6), half = logConstant(7), two = logConstant(8);
  const g1 = logConstant(9), g2 = logConstant(10), g3 = logConstant(11), g4 = logConstant(12);
  const g5 = logConstant(13), g6 = logConstant(14), g7 = logConstant(15);
  const ln2hi = logConstant(16), ln2lo = logConstant(17), minNormal = logConstant(18), maxFinite = logConstant(19);
  const zero = f64x2.splat(0.0);
  let v01 = zero, v23 = zero;
  for (let i = 0; i < end; i += 4) {
    const o = <usize>i << 3;
    const na = v128.load(n + o), nb = v128.load(n + o, 16);
    const la = v128.load(lam + o), lb = v128.load(lam + o, 16);
    // four days without events: each term is 0 − λ (what the full path gives, bad λ included)
    if (!v128.any_true(v128.or(f64x2.gt(na, zero), f64x2.gt(nb, zero)))) {
      v01 = f64x2.add(v01, f64x2.sub(zero, la));
      v23 = f64x2.add(v23, f64x2.sub(zero, lb));
      continue;
    }
    const bad = v128.or(
      v128.or(f64x2.lt(la, minNormal), f64x2.gt(la, maxFinite)),
      v128.or(f64x2.lt(lb, minNormal), f64x2.gt(lb, maxFinite)),
    );
    if (v128.any_true(bad)) {
      v01 = f64x2.add(v01, f64x2.replace_lane(f64x2.splat(logLikTerm(load<f64>(n + o), load<f64>(lam + o))), 1, logLikTerm(load<f64>(n + o, 8), load<f64>(lam + o, 8))));
      v23 = f64x2.add(v23, f64x2.replace_lane(f64x2.splat(logLikTerm(load<f64>(n + o, 16), load<f64>(lam + o, 16))), 1, logLikTerm(load<f64>(n + o, 24), load<f64>(lam + o, 24))));
      continue;
    }
    // logLik(λ) as in the scalar version (fdlibm), on both pairs
    let ixa = i64x2.add(la, shift);
    let ixb = i64x2.add(lb, shift);
    const ka = f64x2.sub(f64x2.sub(v128.or(i64x2.shr_u(ixa, 52), expOr), two52), bias);
    const kb = f64x2.sub(f64x2.sub(v128.or(i64x2.shr_u(ixb, 52), expOr), two52), bias);
    ixa = i64x2.add(v128.and(ixa, mant), mbase);
    ixb = i64x2.add(v128.and(ixb, mant), mbase);
    const fa = f64x2.sub(ixa, one);
    const fb = f64x2.sub(ixb, one);
    const sa = f64x2.div(fa, f64x2.add(two, fa));
    const sb = f64x2.div(fb, f64x2.add(two, fb));
    const hfa = f64x2.mul(f64x2.mul(half, fa), fa);
    const hfb = f64x2.mul(f64x2.mul(half, fb), fb);
    const za = f64x2.mul(sa, sa);
    const zb = f64x2.mul(sb, sb);
    const wa = f64x2.mul(za, za);
    const wb = f64x2.mul(zb, zb);
    const t1a = f64x2.mul(wa, f64x2.add(g2, f64x2.mul(wa, f64x2.add(g4, f64x2.mul(wa, g6)))));
    const t1b = f64x2.mul(wb, f64x2.add(g2, f64x2.mul(wb, f64x2.add(g4, f64x2.mul(wb, g6)))));
    const t2a = f64x2.mul(za, f64x2.add(g1, f64x2.mul(wa, f64x2.add(g3, f64x2.mul(wa, f64x2.add(g5, f64x2.mul(wa, g7)))))));
    const t2b = f64x2.mul(zb, f64x2.add(g1, f64x2.mul(wb, f64x2.add(g3, f64x2.mul(wb, f64x2.add(g5, f64x2.mul(wb, g7)))))));
    const lga = f64x2.add(f64x2.mul(sa, f64x2.add(hfa, f64x2.add(t2a, t1a))), f64x2.mul(ka, ln2lo));
    const lgb = f64x2.add(f64x2.mul(sb, f64x2.add(hfb, f64x2.add(t2b, t1b))), f64x2.mul(kb, ln2lo));
    const loga = f64x2.add(f64x2.add(f64x2.sub(lga, hfa), fa), f64x2.mul(ka, ln2hi));
    const logb = f64x2.add(f64x2.add(f64x2.sub(lgb, hfb), fb), f64x2.mul(kb, ln2hi));
    // (n > 0 ? n log λ : 0) − λ
    v01 = f64x2.add(v01, f64x2.sub(v128.and(f64x2.gt(na, zero), f64x2.mul(na, loga)), la));
    v23 = f64x2.add(v23, f64x2.sub(v128.and(f64x2.gt(nb, zero), f64x2.mul(nb, logb)), lb));
  }
  v128.store(out, v01);
  v128.store(out, v23, 16);
}

const CHUNK: i32 = 8;

/** Non-zero map by chunks of 8 (see native chunkIndex); v zero-padded to nch·8 entries. */
function chunkIndex(v: usize, nch: i32, next: usize, prev: usize): void {
  let last = -1;
  for (let k = 0; k < nch; k++) {
    const p = v + (<usize>(k * CHUNK) << 3);
    // v ≥ 0 (or −0): non-zero ⇔ some bit other than the sign bit is set
    let nonZero = false;
    if (ASC_FEATURE_SIMD) {
      const bits = v128.or(v128.or(v128.load(p), v128.load(p, 16)), v128.or(v128.load(p, 32), v128.load(p, 48)));
      nonZero = v128.any_true(v128.and(bits, i64x2.splat(0x7fffffffffffffff)));
    } else {
      let bits: u64 = 0;
      for (let e = 0; e < CHUNK; e++) bits |= load<u64>(p + (<usize>e << 3));
      nonZero = (bits << 1) != 0;
    }
    last = nonZero ? k : last;
    store<i32>(prev + (<usize>k << 2), last);
  }
  let nx = nch;
  store<i32>(next + (<usize>nch << 2), nch);
  for (let k = nch - 1; k >= 0; k--) {
    nx = load<i32>(prev + (<usize>k << 2)) == k ? k : nx;
    store<i32>(next + (<usize>k << 2), nx);
  }
}

@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/**
 * E-step over one block of counties (orders as native hawkesEStep): λ, expected background
 * events and expected children per event of the block's counties; adds the block's pair sums to
 * F(d) (L + 32 entries, zero before the first block) and returns loglik0 plus the block's
 * log-likelihood terms, added county by county. Blocks in county order therefore give bit for bit
 * the single call over all counties, and the caller forms freq[d − 1] = w(d) · F(d) after the last
 * block. The JS adapter streams blocks of counties through linear memory so that each block's
 * copy in, kernel and copy out run on data in cache (lib/backend/wasm/hawkes.ts).
 */
export function hawkesEStep(
  counts: usize, r: usize, mu: usize, w: usize, c: i32, t: i32, l: i32, psi: i32,
  lambda: usize, q: usize, background: usize, F: usize, loglik0: f64,
): f64 {
  const T = t;
  const L = l;
  const PAD = 32;
  const nch = (T + CHUNK - 1) / CHUNK;
  const abuf = heap.alloc(<usize>(L + T + PAD) << 3);
  const ratio = heap.alloc(<usize>(T + L + PAD) << 3);
  const nn = heap.alloc(<usize>(T + PAD) << 3);
  const acc = heap.alloc(<usize>(T + PAD) << 3);
  const sums = heap.alloc(32);
  memory.fill(abuf, 0, <usize>(L + T + PAD) << 3);
  memory.fill(ratio, 0, <usize>(T + L + PAD) << 3);
  memory.fill(nn, 0, <usize>(T + PAD) << 3);
  const nextA = heap.alloc(<usize>(nch + 1) << 2);
  const prevA = heap.alloc(<usize>nch << 2);
  const nextN = heap.alloc(<usize>(nch + 1) << 2);
  const prevN = heap.alloc(<usize>nch << 2);
  const parents = heap.alloc(<usize>T << 2);
  const a = abuf + (<usize>L << 3);
  let loglik = loglik0;
  const parentEnd = t - psi;
  const jEnd = parentEnd < T - 1 ? parentEnd : T - 1;
  for (let cc = 0; cc < c; cc++) {
    const base = <usize>cc * <usize>T;
    const n = counts + (base << 3);
    const rr = r + (base << 3);
    const lam0 = lambda + (base << 3);
    const q0 = q + (base << 3);
    const bg0 = background + (base << 3);
    const m = ld(mu, cc);
    let j0 = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j0 + 2 <= T; j0 += 2) {
        const o = <usize>j0 << 3;
        const n2 = v128.load(n + o);
        v128.store(a + o, f64x2.mul(v128.load(rr + o), n2));
        v128.store(nn + o, n2);
      }
    }
    for (let j = j0; j < T; j++) {
      const nj = ld(n, j);
      st(a, j, ld(rr, j) * nj);
      st(nn, j, nj);
    }
    chunkIndex(a, nch, nextA, prevA);
    chunkIndex(nn, nch, nextN, prevN);
    // λ: block of lanes i0.. sees parents in [i0 − L, i0 + lanes − 2]
    for (let i0 = 0; i0 < T;) {
      const lanes = convLanes(T - i0);
      const lo = i0 - L > 0 ? i0 - L : 0;
      const hi = i0 + lanes - 2 < T - 1 ? i0 + lanes - 2 : T - 1;
      let dhi = 0, dlo = 1;
      if (hi >= lo && ldi(nextA, lo / CHUNK) <= hi / CHUNK) {
        const jmin = ldi(nextA, lo / CHUNK) * CHUNK, jmax = ldi(prevA, hi / CHUNK) * CHUNK + CHUNK - 1;
        dhi = i0 + lanes - 1 - jmin < L ? i0 + lanes - 1 - jmin : L;
        dlo = i0 - jmax > 1 ? i0 - jmax : 1;
      }
      conv(lanes, a + (<usize>i0 << 3), -1, w, dhi, dhi - dlo + 1, -1, acc + (<usize>i0 << 3));
      i0 += lanes;
    }
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const vm = f64x2.splat(m);
      const zero = f64x2.splat(0.0);
      for (; i + 2 <= T; i += 2) {
        const o = <usize>i << 3;
        const l2 = f64x2.add(vm, v128.load(acc + o));
        const rt = v128.and(f64x2.gt(l2, zero), f64x2.div(v128.load(nn + o), l2));
        v128.store(lam0 + o, l2);
        v128.store(ratio + o, rt);
        v128.store(bg0 + o, f64x2.mul(vm, rt));
      }
    }
    for (; i < T; i++) {
      const lam = m + ld(acc, i);
      const rt = lam > 0.0 ? ld(nn, i) / lam : 0.0;
      st(lam0, i, lam);
      st(ratio, i, rt);
      st(bg0, i, m * rt);
    }
    // parents j < min(T − ψ, T − 1) with a = R·n > 0 (freq)
    let np = 0;
    for (let i = 0; i < jEnd; i++) {
      store<i32>(parents + (<usize>np << 2), i);
      np += <i32>(ld(a, i) > 0.0);
    }
    // log-likelihood in 4 lanes (day i in lane i mod 4), combined as (s0 + s1) + (s2 + s3)
    let l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0;
    i = 0;
    if (ASC_FEATURE_SIMD) {
      i = T & ~3;
      logLikSum(nn, lam0, i, sums);
      l0 = load<f64>(sums); l1 = load<f64>(sums, 8); l2 = load<f64>(sums, 16); l3 = load<f64>(sums, 24);
    }
    for (; i < T; i++) {
      const term = logLikTerm(ld(nn, i), ld(lam0, i));
      const k = i & 3;
      if (k == 0) l0 += term;
      else if (k == 1) l1 += term;
      else if (k == 2) l2 += term;
      else l3 += term;
    }
    loglik += (l0 + l1) + (l2 + l3);
    // g: block of lanes j0.. sees children in [j0 + 1, j0 + lanes − 1 + L]
    for (let j0 = 0; j0 < T;) {
      const lanes = convLanes(T - j0);
      const lo = j0 + 1;
      const hi = j0 + lanes - 1 + L < T - 1 ? j0 + lanes - 1 + L : T - 1;
      let dhi = 0, dlo = 1;
      if (hi >= lo && ldi(nextN, lo / CHUNK) <= hi / CHUNK) {
        const imin = ldi(nextN, lo / CHUNK) * CHUNK, imax = ldi(prevN, hi / CHUNK) * CHUNK + CHUNK - 1;
        dlo = imin - (j0 + lanes - 1) > 1 ? imin - (j0 + lanes - 1) : 1;
        dhi = imax - j0 < L ? imax - j0 : L;
      }
      conv(lanes, ratio + (<usize>j0 << 3), 1, w, dlo, dhi - dlo + 1, 1, acc + (<usize>j0 << 3));
      j0 += lanes;
    }
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 2 <= T; j += 2) {
        const o = <usize>j << 3;
        v128.store(q0 + o, f64x2.mul(v128.load(rr + o), v128.load(acc + o)));
      }
    }
    for (; j < T; j++) st(q0, j, ld(rr, j) * ld(acc, j));
    // F: over the parents, ascending
    for (let d0 = 1; d0 <= L;) {
      const lanes = blockLanes(L - d0 + 1);
      let ns = np;
      while (ns > 0 && ldi(parents, ns - 1) + d0 > T - 1) ns--;
      if (ns > 0) corr(lanes, ratio + (<usize>d0 << 3), parents, ns, a, F + (<usize>(d0 - 1) << 3));
      d0 += lanes;
    }
  }
  return loglik;
}

/** One IRLS accumulation of a weighted Poisson regression (log link); returns the deviance. */
export function hawkesPoissonAccumulate(
  x: usize, rows: i32, p: i32, y: usize, weight: usize, offset: usize, beta: usize, xtwx: usize, xtwz: usize,
): f64 {
  const P = p;
  for (let i = 0; i < P * P; i++) st(xtwx, i, 0.0);
  for (let i = 0; i < P; i++) st(xtwz, i, 0.0);
  let deviance = 0.0;
  for (let i = 0; i < rows; i++) {
    const wi = ld(weight, i);
    if (!(wi > 0.0)) continue;
    const xi = x + ((<usize>i * <usize>P) << 3);
    let lin = 0.0;
    for (let k = 0; k < P; k++) lin += ld(xi, k) * ld(beta, k);
    const eta = offset != 0 ? ld(offset, i) + lin : lin;
    const m = Math.exp(eta);
    const yi = ld(y, i);
    const ww = wi * m;
    const z = lin + (yi - m) / m;
    const wz = ww * z;
    for (let a = 0; a < P; a++) {
      const wa = ww * ld(xi, a);
      st(xtwz, a, ld(xtwz, a) + wz * ld(xi, a));
      for (let b = a; b < P; b++) st(xtwx, a * P + b, ld(xtwx, a * P + b) + wa * ld(xi, b));
    }
    const dev = yi > 0.0 ? yi * Math.log(yi / m) - (yi - m) : m;
    deviance += wi * dev;
  }
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) st(xtwx, a * P + b, ld(xtwx, b * P + a));
  return 2.0 * deviance;
}

@inline function mix64(z: u64): u64 {
  z += 0x9E3779B97F4A7C15;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

function hawkesStreamSeed(seed: u64, realisation: u64, county: u64): u64 {
  return mix64(mix64(mix64(seed) ^ realisation) ^ county);
}

// B_2k / (2k(2k − 1)), k = 1..10.
const B0: f64 = 1.0 / 12.0;
const B1: f64 = -1.0 / 360.0;
const B2: f64 = 1.0 / 1260.0;
const B3: f64 = -1.0 / 1680.0;
const B4: f64 = 1.0 / 1188.0;
const B5: f64 = -691.0 / 360360.0;
const B6: f64 = 1.0 / 156.0;
const B7: f64 = -3617.0 / 122400.0;
const B8: f64 = 43867.0 / 244188.0;
const B9: f64 = -174611.0 / 125400.0;

/** log Γ(x), x ≥ 1 (see native). */
function logGamma(x: f64): f64 {
  if (x == 1.0 || x == 2.0) return 0.0;
  let x0 = x;
  let n: i32 = 0;
  if (x < 7.0) {
    n = <i32>(7.0 - x);
    x0 = x + <f64>n;
  }
  const x2 = 1.0 / (x0 * x0);
  let s = B9;
  s = s * x2 + B8;
  s = s * x2 + B7;
  s = s * x2 + B6;
  s = s * x2 + B5;
  s = s * x2 + B4;
  s = s * x2 + B3;
  s = s * x2 + B2;
  s = s * x2 + B1;
  s = s * x2 + B0;
  let g = s / x0 + 0.91893853320467274178 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let i = 0; i < n; i++) {
    x0 -= 1.0;
    g -= Math.log(x0);
  }
  return g;
}

/** Exact Poisson draw: inversion for lam < 10, PTRS (Hörmann 1993) above (see native). */
function poissonDraw(rng: Xoshiro256, lam: f64): f64 {
  if (!(lam > 0.0)) return 0.0;
  if (lam >= 1e15) return Math.floor(lam + 0.5);
  if (lam < 10.0) {
    const u = rng.uniform();
    let p = Math.exp(-lam);
    let f = p;
    let k = 0.0;
    while (u > f && k < 1000.0) {
      k += 1.0;
      p = p * lam / k;
      f += p;
    }
    return k;
  }
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
    const rhs = -lam + k * loglam - logGamma(k + 1.0);
    if (lhs <= rhs) return k;
  }
  return 0.0;
}

/** Ascending heap sort of n doubles at p (no NaN). */
function sortF64(p: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(p, start, n);
  for (let end = n - 1; end > 0; end--) {
    const tmp = ld(p, 0);
    st(p, 0, ld(p, end));
    st(p, end, tmp);
    siftDown(p, 0, end);
  }
}

function siftDown(p: usize, root: i32, n: i32): void {
  let i = root;
  while (true) {
    let child = 2 * i + 1;
    if (child >= n) return;
    if (child + 1 < n && ld(p, child + 1) > ld(p, child)) child++;
    if (ld(p, child) > ld(p, i)) {
      const tmp = ld(p, i);
      st(p, i, ld(p, child));
      st(p, child, tmp);
      i = child;
    } else return;
  }
}

const Q0: f64 = 0.025, Q1: f64 = 0.1, Q2: f64 = 0.25, Q3: f64 = 0.5, Q4: f64 = 0.75, Q5: f64 = 0.9, Q6: f64 = 0.975;

@inline function quantileProbability(qi: i32): f64 {
  return qi == 0 ? Q0 : qi == 1 ? Q1 : qi == 2 ? Q2 : qi == 3 ? Q3 : qi == 4 ? Q4 : qi == 5 ? Q5 : Q6;
}

/** Histogram bins of writeQuantiles for S values: min(4S + 1024, 2^22) (native QuantileWriter). */
@inline function histogramBins(S: i32): i32 {
  return S <= ((1 << 22) - 1024) >> 2 ? 4 * S + 1024 : 1 << 22;
}

/**
 * Scratch of writeQuantiles for S values (native QuantileWriter): 14 i32 ranks of the order
 * statistics the 7 quantiles read (i0, i1 per quantile), 14 i32 positions 0..13 by ascending rank
 * (stable), then the histogram.
 */
function quantileScratch(S: i32): usize {
  const q = heap.alloc(<usize>(28 + histogramBins(S)) << 2);
  for (let qi = 0; qi < 7; qi++) {
    const i0 = <i32>Math.floor(<f64>(S - 1) * quantileProbability(qi));
    store<i32>(q + (<usize>(2 * qi) << 2), i0);
    store<i32>(q + (<usize>(2 * qi + 1) << 2), i0 + 1 < S ? i0 + 1 : S - 1);
  }
  // insertion sort of the positions by rank (stable, as std::stable_sort)
  for (let j = 0; j < 14; j++) {
    let i = j;
    while (i > 0 && ldi(q, ldi(q, 14 + i - 1)) > ldi(q, j)) {
      store<i32>(q + (<usize>(14 + i) << 2), ldi(q, 14 + i - 1));
      i--;
    }
    store<i32>(q + (<usize>(14 + i) << 2), j);
  }
  return q;
}

/**
 * The order statistics of the S values at col that the quantiles read, counted (native
 * QuantileWriter::counted): when every value is an integer and they span fewer than
 * histogramBins(S) values, writes the value of rank ranks[j] to stats[j] (j < 14) and returns true.
 */
function countedOrderStatistics(col: usize, S: i32, q: usize, stats: usize): bool {
  let lo = Infinity, hi = -Infinity;
  for (let s = 0; s < S; s++) {
    const v = ld(col, s);
    if (v != Math.floor(v)) return false; // also NaN
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  const span = hi - lo; // NaN or ∞ for infinite values: not counted
  if (!(span < <f64>histogramBins(S))) return false;
  const hist = q + (28 << 2);
  memory.fill(hist, 0, (<usize>(<i32>span) + 1) << 2);
  for (let s = 0; s < S; s++) {
    const b = hist + (<usize>(<i32>(ld(col, s) - lo)) << 2);
    store<i32>(b, load<i32>(b) + 1);
  }
  let bin = 0;
  let below = <i64>ldi(hist, 0); // values ≤ lo + bin
  for (let k = 0; k < 14; k++) {
    const j = ldi(q, 14 + k);
    const rank = <i64>ldi(q, j);
    while (below <= rank) below += <i64>ldi(hist, ++bin);
    st(stats, j, lo + <f64>bin);
  }
  return true;
}

/**
 * The 7 type-7 quantiles of the S values at col, written at out (native QuantileWriter::write):
 * order statistics counted when possible, else read off an ascending sort of col.
 */
function writeQuantiles(col: usize, S: i32, q: usize, stats: usize, out: usize): void {
  if (!countedOrderStatistics(col, S, q, stats)) {
    sortF64(col, S);
    for (let j = 0; j < 14; j++) st(stats, j, ld(col, ldi(q, j)));
  }
  for (let qi = 0; qi < 7; qi++) {
    const pos = <f64>(S - 1) * quantileProbability(qi);
    const frac = pos - Math.floor(pos);
    const x0 = ld(stats, 2 * qi);
    st(out, qi, x0 + frac * (ld(stats, 2 * qi + 1) - x0));
  }
}

/**
 * The simulation of hawkesSimulate and hawkesSimulatePaths (see native simulateCounty):
 * realisations first .. first + S − 1 of one county (counts n, R rr, background m, global index
 * county); realisation first + s's h forecast counts go to out[s·h + k]. a: t + h scratch entries.
 * One generator object, re-seeded per stream (the stub runtime never frees): the state
 * Xoshiro256(z) would build, s_i = SplitMix64 outputs of z.
 */
function simulateCounty(
  n: usize, rr: usize, m: f64, w: usize, t: i32, l: i32, h: i32, first: i32, S: i32, seed64: u64, county: i32,
  a: usize, rng: Xoshiro256, out: usize,
): void {
  const TH = t + h;
  for (let j = 0; j < t; j++) st(a, j, ld(rr, j) * ld(n, j));
  for (let s = 0; s < S; s++) {
    const z = hawkesStreamSeed(seed64, <u64>(first + s), <u64>county);
    rng.s0 = mix64(z);
    rng.s1 = mix64(z + 0x9E3779B97F4A7C15);
    rng.s2 = mix64(z + 0x3C6EF372FE94F82A);
    rng.s3 = mix64(z + 0xDAA66D2C7DDF743F);
    const path = out + ((<usize>s * <usize>h) << 3);
    for (let i = t; i < TH; i++) {
      const dmax = i < l ? i : l;
      let acc = 0.0;
      for (let d = 1; d <= dmax; d++) acc += ld(w, d - 1) * ld(a, i - d);
      const x = poissonDraw(rng, m + acc);
      st(a, i, ld(rr, i) * x);
      st(path, i - t, x);
    }
  }
}

/**
 * Forecast simulation: per county and realisation an independent stream; mean and 7 quantiles per
 * county-day; cumulativeQuantiles (0 = absent: not computed) the 7 quantiles of the running totals.
 */
export function hawkesSimulate(
  counts: usize, r: usize, mu: usize, w: usize, c: i32, t: i32, l: i32, h: i32, realisations: i32,
  seed: f64, countyOffset: i32, mean: usize, quantiles: usize, cumulativeQuantiles: usize,
): void {
  const TH = t + h;
  const S = realisations;
  const a = heap.alloc(<usize>TH << 3);
  const sims = heap.alloc((<usize>S * <usize>h) << 3);
  const col = heap.alloc(<usize>S << 3);
  const total = cumulativeQuantiles != 0 ? heap.alloc(<usize>S << 3) : 0;
  const q = quantileScratch(S);
  const stats = heap.alloc(14 << 3);
  const seed64 = <u64>seed;
  const rng = new Xoshiro256(0);
  for (let cc = 0; cc < c; cc++) {
    const n = counts + ((<usize>cc * <usize>t) << 3);
    const rr = r + ((<usize>cc * <usize>TH) << 3);
    simulateCounty(n, rr, ld(mu, cc), w, t, l, h, 0, S, seed64, countyOffset + cc, a, rng, sims);
    if (total != 0) for (let s = 0; s < S; s++) st(total, s, 0.0);
    for (let k = 0; k < h; k++) {
      let sum = 0.0;
      for (let s = 0; s < S; s++) {
        const v = ld(sims, s * h + k);
        st(col, s, v);
        sum += v;
      }
      const o = cc * h + k;
      st(mean, o, sum / <f64>S);
      writeQuantiles(col, S, q, stats, quantiles + ((<usize>o * 7) << 3));
      if (total != 0) {
        // running totals over forecast days 0..k, per realisation
        for (let s = 0; s < S; s++) {
          const v = ld(total, s) + ld(sims, s * h + k);
          st(total, s, v);
          st(col, s, v);
        }
        writeQuantiles(col, S, q, stats, cumulativeQuantiles + ((<usize>o * 7) << 3));
      }
    }
  }
}

/**
 * The raw paths of realisations firstRealisation .. firstRealisation + realisations − 1:
 * paths[(c·realisations + s)·h + k], the same streams and simulation as hawkesSimulate (see native).
 */
export function hawkesSimulatePaths(
  counts: usize, r: usize, mu: usize, w: usize, c: i32, t: i32, l: i32, h: i32, firstRealisation: i32,
  realisations: i32, seed: f64, countyOffset: i32, paths: usize,
): void {
  const TH = t + h;
  const a = heap.alloc(<usize>TH << 3);
  const seed64 = <u64>seed;
  const rng = new Xoshiro256(0);
  const perCounty = (<usize>realisations * <usize>h) << 3;
  for (let cc = 0; cc < c; cc++) {
    const n = counts + ((<usize>cc * <usize>t) << 3);
    const rr = r + ((<usize>cc * <usize>TH) << 3);
    simulateCounty(n, rr, ld(mu, cc), w, t, l, h, firstRealisation, realisations, seed64, countyOffset + cc, a, rng, paths + <usize>cc * perCounty);
  }
}

/** n Poisson(mean) draws of stream Xoshiro256(seed). */
export function hawkesPoissonSample(mean: f64, seed: f64, out: usize, n: i32): void {
  const rng = new Xoshiro256(<u64>seed);
  for (let i = 0; i < n; i++) st(out, i, poissonDraw(rng, mean));
}
