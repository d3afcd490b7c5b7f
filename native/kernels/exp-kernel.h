// exp(x) for the Gaussian affinity entries of the cluster-evolution kernels, the same IEEE
// operations on every backend (scalar C++ here, AVX2 below, f64x2 and scalar in
// assembly/kernels/exp-kernel.ts), so the matrices are bit-identical everywhere; no FMA (we
// build with -ffp-contract=off), no libm call.
//
// Algorithm (fdlibm's __ieee754_exp, error < 1 ulp):
//   k = round(x / ln2), by adding and subtracting 1.5·2^52 (round to nearest even);
//   r = hi − lo, hi = x − k·ln2_hi (exact: ln2_hi has 32 trailing zero bits), lo = k·ln2_lo;
//   c = r − r²·(P1 + r²·(P2 + r²·(P3 + r²·(P4 + r²·P5))))   (Remez fit of r·(e^r + 1)/(e^r − 1));
//   exp(r) = 1 − ((lo − r·c / (2 − c)) − hi);  exp(x) = 2^k · exp(r).
// The scaling by 2^k adds k·2^52 to the bits of exp(r) (the low 12 bits of the rounded
// 1.5·2^52 + x/ln2 hold k, so shifting them left by 52 gives k·2^52 directly). exp(r) ∈
// [0.70, 1.42] has biased exponent 1022 or 1023, so the result stays a normal number for
// |k| ≤ 1021, i.e. for every x in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] = [−708, 708]: the vector
// paths handle exactly those lanes and send a group with any other lane (NaN, ±∞, |x| > 708)
// through the scalar expKernel, which covers the whole line: NaN → NaN, x > 709.78… → +∞,
// x < −745.13… → +0, subnormal results scaled in two steps (2^(k+1000) then 2^−1000), k = 1024
// as 2^1023 · 2. Every path computes each lane with the same operations, so a value never
// depends on the lane, the group or the vector width. exp(±0) = 1 exactly.
#pragma once
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EPIKIT_EXP_AVX2 1
#endif

namespace epikit {

constexpr double EXP_INV_LN2 = 1.44269504088896338700e+00;
constexpr double EXP_LN2_HI = 6.93147180369123816490e-01;
constexpr double EXP_LN2_LO = 1.90821492927058770002e-10;
constexpr double EXP_P1 = 1.66666666666666019037e-01;
constexpr double EXP_P2 = -2.77777777770155933842e-03;
constexpr double EXP_P3 = 6.61375632143793436117e-05;
constexpr double EXP_P4 = -1.65339022054652515390e-06;
constexpr double EXP_P5 = 4.13813679705723846039e-08;
constexpr double EXP_SHIFTER = 6755399441055744.0;  // 1.5·2^52
constexpr double EXP_VECTOR_MIN = -708.0;
constexpr double EXP_VECTOR_MAX = 708.0;
constexpr double EXP_OVERFLOW = 7.09782712893383973096e+02;    // exp(x) > DBL_MAX above
constexpr double EXP_UNDERFLOW = -7.45133219101941108420e+02;  // exp(x) < 2^−1075 below
constexpr double EXP_TWO_M1000 = 9.33263618503218878990e-302;  // 2^−1000

// exp(r)·2^(k + kAdjust) for one lane: the shared core of every path. Returns exp(r) scaled
// by the exponent bits; kbits receives (k << 52) so that the wide path can adjust it.
inline double expReduce(double x, uint64_t* kbits) {
  const double t = x * EXP_INV_LN2 + EXP_SHIFTER;
  const double kd = t - EXP_SHIFTER;
  uint64_t tb;
  std::memcpy(&tb, &t, sizeof tb);
  *kbits = tb << 52;
  const double hi = x - kd * EXP_LN2_HI;
  const double lo = kd * EXP_LN2_LO;
  const double r = hi - lo;
  const double rr = r * r;
  const double c = r - rr * (EXP_P1 + rr * (EXP_P2 + rr * (EXP_P3 + rr * (EXP_P4 + rr * EXP_P5))));
  return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
}

inline double expScale(double y, uint64_t kbits) {
  uint64_t yb;
  std::memcpy(&yb, &y, sizeof yb);
  yb += kbits;
  double out;
  std::memcpy(&out, &yb, sizeof out);
  return out;
}

// exp(x) outside [EXP_VECTOR_MIN, EXP_VECTOR_MAX] (and NaN).
inline double expKernelWide(double x) {
  if (x != x) return x + x;
  if (x > EXP_OVERFLOW) return std::numeric_limits<double>::infinity();
  if (x < EXP_UNDERFLOW) return 0.0;
  uint64_t kbits;
  const double y = expReduce(x, &kbits);
  const int64_t k = static_cast<int64_t>(kbits) >> 52;
  if (k < -1021) return expScale(y, kbits + (static_cast<uint64_t>(1000) << 52)) * EXP_TWO_M1000;
  if (k > 1021) return expScale(y, kbits - (static_cast<uint64_t>(1) << 52)) * 2.0;
  return expScale(y, kbits);
}

// exp(x) for any double (see the header comment).
inline double expKernel(double x) {
  if (!(x >= EXP_VECTOR_MIN && x <= EXP_VECTOR_MAX)) return expKernelWide(x);
  uint64_t kbits;
  const double y = expReduce(x, &kbits);
  return expScale(y, kbits);
}

#ifdef EPIKIT_EXP_AVX2
// expKernel on four lanes, every lane in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] (the caller checks
// with expInRangeAvx2 and takes the scalar expKernel otherwise): the operations of expReduce
// and expScale in the same order.
__attribute__((target("avx2"))) inline __m256d expKernelAvx2(__m256d x) {
  const __m256d shifter = _mm256_set1_pd(EXP_SHIFTER);
  const __m256d t = _mm256_add_pd(_mm256_mul_pd(x, _mm256_set1_pd(EXP_INV_LN2)), shifter);
  const __m256d kd = _mm256_sub_pd(t, shifter);
  const __m256i kbits = _mm256_slli_epi64(_mm256_castpd_si256(t), 52);
  const __m256d hi = _mm256_sub_pd(x, _mm256_mul_pd(kd, _mm256_set1_pd(EXP_LN2_HI)));
  const __m256d lo = _mm256_mul_pd(kd, _mm256_set1_pd(EXP_LN2_LO));
  const __m256d r = _mm256_sub_pd(hi, lo);
  const __m256d rr = _mm256_mul_pd(r, r);
  __m256d p = _mm256_add_pd(_mm256_set1_pd(EXP_P4), _mm256_mul_pd(rr, _mm256_set1_pd(EXP_P5)));
  p = _mm256_add_pd(_mm256_set1_pd(EXP_P3), _mm256_mul_pd(rr, p));
  p = _mm256_add_pd(_mm256_set1_pd(EXP_P2), _mm256_mul_pd(rr, p));
  p = _mm256_add_pd(_mm256_set1_pd(EXP_P1), _mm256_mul_pd(rr, p));
  const __m256d c = _mm256_sub_pd(r, _mm256_mul_pd(rr, p));
  const __m256d q = _mm256_div_pd(_mm256_mul_pd(r, c), _mm256_sub_pd(_mm256_set1_pd(2.0), c));
  const __m256d y = _mm256_sub_pd(_mm256_set1_pd(1.0), _mm256_sub_pd(_mm256_sub_pd(lo, q), hi));
  return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(y), kbits));
}

// Whether this CPU runs the AVX2 paths (checked once).
inline bool expHaveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2") != 0;
  return yes;
}

// True when all four lanes lie in [EXP_VECTOR_MIN, EXP_VECTOR_MAX] (false for NaN).
__attribute__((target("avx2"))) inline bool expInRangeAvx2(__m256d x) {
  const __m256d ok = _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(EXP_VECTOR_MIN), _CMP_GE_OQ),
                                   _mm256_cmp_pd(x, _mm256_set1_pd(EXP_VECTOR_MAX), _CMP_LE_OQ));
  return _mm256_movemask_pd(ok) == 0xF;
}
#endif

}  // namespace epikit
