// Input validation for the JS adapters, run on arrays already copied into linear memory (where
// they are in cache): the index of the first entry that is not finite (or, with nonNegative,
// not finite and ≥ 0), −1 if none. NaN fails every comparison, so one test per entry suffices.

/** First index i < n with !(x[i] ≥ 0 && x[i] < ∞) (nonNegative) or !(x[i] − x[i] == 0), else −1. */
export function firstInvalid(x: usize, n: i32, nonNegative: i32): i32 {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0.0);
    const inf = f64x2.splat(Infinity);
    // 8 entries per step; on a failing group fall through to the scalar scan from its start
    for (; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 3);
      const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32), d = v128.load(p, 48);
      let ok: v128;
      if (nonNegative) {
        ok = v128.and(
          v128.and(v128.and(f64x2.ge(a, zero), f64x2.lt(a, inf)), v128.and(f64x2.ge(b, zero), f64x2.lt(b, inf))),
          v128.and(v128.and(f64x2.ge(c, zero), f64x2.lt(c, inf)), v128.and(f64x2.ge(d, zero), f64x2.lt(d, inf))),
        );
      } else {
        ok = v128.and(
          v128.and(f64x2.eq(f64x2.sub(a, a), zero), f64x2.eq(f64x2.sub(b, b), zero)),
          v128.and(f64x2.eq(f64x2.sub(c, c), zero), f64x2.eq(f64x2.sub(d, d), zero)),
        );
      }
      if (!i64x2.all_true(ok)) break;
    }
  }
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (nonNegative ? !(v >= 0.0 && v < Infinity) : !(v - v == 0.0)) return i;
  }
  return -1;
}
