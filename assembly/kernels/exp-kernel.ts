// exp(x) for the Gaussian affinity entries of the cluster-evolution kernels: the same IEEE
// operations as native/kernels/exp-kernel.h (scalar and AVX2), here as scalar f64 (plain and
// SIMD builds) and f64x2 (SIMD build), so the matrices are bit-identical on every backend.
// See the C++ header for the algorithm (fdlibm's __ieee754_exp, error < 1 ulp, no FMA):
//   k = round(x/ln2) via ± 1.5·2^52; r = (x − k·ln2_hi) − k·ln2_lo;
//   c = r − r²·(P1 + r²·(P2 + r²·(P3 + r²·(P4 + r²·P5))));  exp(r) = 1 − ((lo − r·c/(2 − c)) − hi);
//   exp(x) = exp(r)·2^k by adding k << 52 to the bits.
// The vector path is exact for every lane in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] = [−708, 708]
// (the result stays normal); a group with another lane (NaN, ±∞, |x| > 708) goes through the
// scalar expKernel, which covers the whole line (overflow → +∞, underflow → +0, subnormals).

export const EXP_INV_LN2: f64 = 1.44269504088896338700e+00;
export const EXP_LN2_HI: f64 = 6.93147180369123816490e-01;
export const EXP_LN2_LO: f64 = 1.90821492927058770002e-10;
export const EXP_P1: f64 = 1.66666666666666019037e-01;
export const EXP_P2: f64 = -2.77777777770155933842e-03;
export const EXP_P3: f64 = 6.61375632143793436117e-05;
export const EXP_P4: f64 = -1.65339022054652515390e-06;
export const EXP_P5: f64 = 4.13813679705723846039e-08;
export const EXP_SHIFTER: f64 = 6755399441055744.0; // 1.5·2^52
export const EXP_VECTOR_MIN: f64 = -708.0;
export const EXP_VECTOR_MAX: f64 = 708.0;
const EXP_OVERFLOW: f64 = 7.09782712893383973096e+02;
const EXP_UNDERFLOW: f64 = -7.45133219101941108420e+02;
const EXP_TWO_M1000: f64 = 9.33263618503218878990e-302; // 2^−1000

/** exp(r) for x = k·ln2 + r, kd = k (the C++ expReduce without the bits of k). */
// @ts-ignore: decorator
@inline function expReduce(x: f64, kd: f64): f64 {
  const hi = x - kd * EXP_LN2_HI;
  const lo = kd * EXP_LN2_LO;
  const r = hi - lo;
  const rr = r * r;
  const c = r - rr * (EXP_P1 + rr * (EXP_P2 + rr * (EXP_P3 + rr * (EXP_P4 + rr * EXP_P5))));
  return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
}

/** exp(x) outside [EXP_VECTOR_MIN, EXP_VECTOR_MAX] and NaN (the C++ expKernelWide). */
export function expKernelWide(x: f64): f64 {
  if (x != x) return x + x;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0.0;
  const t = x * EXP_INV_LN2 + EXP_SHIFTER;
  const kd = t - EXP_SHIFTER;
  const kbits = reinterpret<u64>(t) << 52;
  const y = reinterpret<u64>(expReduce(x, kd));
  const k = (<i64>kbits) >> 52;
  if (k < -1021) return reinterpret<f64>(y + (kbits + ((<u64>1000) << 52))) * EXP_TWO_M1000;
  if (k > 1021) return reinterpret<f64>(y + (kbits - ((<u64>1) << 52))) * 2.0;
  return reinterpret<f64>(y + kbits);
}

/** exp(x) for any f64, bit-identical to the C++ expKernel. */
// @ts-ignore: decorator
@inline export function expKernel(x: f64): f64 {
  if (!(x >= EXP_VECTOR_MIN && x <= EXP_VECTOR_MAX)) return expKernelWide(x);
  const t = x * EXP_INV_LN2 + EXP_SHIFTER;
  const kd = t - EXP_SHIFTER;
  return reinterpret<f64>(reinterpret<u64>(expReduce(x, kd)) + (reinterpret<u64>(t) << 52));
}

// The vector constants live in linear memory and are loaded once before a loop (expConstant):
// written as f64x2.splat(constant) they become v128.const, which V8 rematerialises inside the
// loop on every iteration (see LOG_CONSTANTS in hawkes.ts).
export const EXP_C_INV_LN2 = 0;
export const EXP_C_SHIFTER = 1;
export const EXP_C_LN2_HI = 2;
export const EXP_C_LN2_LO = 3;
export const EXP_C_P1 = 4;
export const EXP_C_P2 = 5;
export const EXP_C_P3 = 6;
export const EXP_C_P4 = 7;
export const EXP_C_P5 = 8;
export const EXP_C_ONE = 9;
export const EXP_C_TWO = 10;
export const EXP_C_MIN = 11;
export const EXP_C_MAX = 12;
export const EXP_C_HALF = 13;
export const EXP_C_SIGN = 14;
const EXP_CONSTANTS = memory.data<u64>([
  reinterpret<u64>(EXP_INV_LN2), reinterpret<u64>(EXP_SHIFTER), reinterpret<u64>(EXP_LN2_HI),
  reinterpret<u64>(EXP_LN2_LO), reinterpret<u64>(EXP_P1), reinterpret<u64>(EXP_P2), reinterpret<u64>(EXP_P3),
  reinterpret<u64>(EXP_P4), reinterpret<u64>(EXP_P5), reinterpret<u64>(1.0), reinterpret<u64>(2.0),
  reinterpret<u64>(EXP_VECTOR_MIN), reinterpret<u64>(EXP_VECTOR_MAX), reinterpret<u64>(0.5), 0x8000000000000000,
]);

/** Constant i (EXP_C_*) in both lanes; call before the loop and keep it in a local. */
// @ts-ignore: decorator
@inline export function expConstant(i: i32): v128 {
  return v128.load_splat<u64>(EXP_CONSTANTS + (<usize>i << 3));
}

/** True when both lanes of x lie in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] (false for NaN). */
// @ts-ignore: decorator
@inline export function expInRange2(x: v128, vmin: v128, vmax: v128): bool {
  return i64x2.all_true(v128.and(f64x2.ge(x, vmin), f64x2.le(x, vmax)));
}

/**
 * expKernel on both lanes of x, each in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] (check with
 * expInRange2 first), the constants from expConstant: the operations of the scalar version in
 * the same order (and of the C++ expKernelAvx2).
 */
// @ts-ignore: decorator
@inline export function expKernel2(
  x: v128,
  invLn2: v128,
  shifter: v128,
  ln2Hi: v128,
  ln2Lo: v128,
  p1: v128,
  p2: v128,
  p3: v128,
  p4: v128,
  p5: v128,
  one: v128,
  two: v128,
): v128 {
  const t = f64x2.add(f64x2.mul(x, invLn2), shifter);
  const kd = f64x2.sub(t, shifter);
  const kbits = i64x2.shl(t, 52);
  const hi = f64x2.sub(x, f64x2.mul(kd, ln2Hi));
  const lo = f64x2.mul(kd, ln2Lo);
  const r = f64x2.sub(hi, lo);
  const rr = f64x2.mul(r, r);
  let p = f64x2.add(p4, f64x2.mul(rr, p5));
  p = f64x2.add(p3, f64x2.mul(rr, p));
  p = f64x2.add(p2, f64x2.mul(rr, p));
  p = f64x2.add(p1, f64x2.mul(rr, p));
  const c = f64x2.sub(r, f64x2.mul(rr, p));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(two, c));
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, q), hi));
  return i64x2.add(y, kbits);
}
