// Hawkes kernels: see hawkes.h. assembly/kernels/hawkes.ts is a line-by-line mirror.
#include "hawkes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "random.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace epikit {

namespace {

// Lane kernels of the E-step. Every output lane is ONE plain sequential sum in a fixed order, so
// the vector width (AVX2 4 × f64, SSE2 / wasm 2 × f64, scalar) never changes a bit; terms that are
// exactly zero may be skipped (x + ±0 = x for the non-negative running sums here, which start at
// +0), which is what the callers' range restrictions do.
//
// conv: out[k] = Σ_{d = d0, d0 + step, …} w[d − 1] · x[k + sgn·d]   (count terms, sum from +0)
// corr: F[k] += a[j] · x[j + k] for the parents j in js, in order

constexpr int32_t kMaxLanes = 32;  // widest block (AVX2: 8 registers × 4)

template <int32_t LANES>
void convGeneric(const double* x, ptrdiff_t sgn, const double* w, int32_t d, int32_t count, int32_t step,
                 double* out) {
  double acc[LANES];
  for (int32_t k = 0; k < LANES; k++) acc[k] = 0.0;
  for (; count > 0; count--, d += step) {
    const double wd = w[d - 1];
    const double* p = x + sgn * d;
#pragma GCC unroll 32
    for (int32_t k = 0; k < LANES; k++) acc[k] += wd * p[k];
  }
  for (int32_t k = 0; k < LANES; k++) out[k] = acc[k];
}

template <int32_t LANES>
void corrGeneric(const double* x, const int32_t* js, int32_t np, const double* a, double* F) {
  double acc[LANES];
  for (int32_t k = 0; k < LANES; k++) acc[k] = F[k];
  for (int32_t p = 0; p < np; p++) {
    const int32_t j = js[p];
    const double aj = a[j];
    const double* xp = x + j;
#pragma GCC unroll 32
    for (int32_t k = 0; k < LANES; k++) acc[k] += aj * xp[k];
  }
  for (int32_t k = 0; k < LANES; k++) F[k] = acc[k];
}

// log x for the log-likelihood, the same operations on every backend (so the log-likelihood is
// bit-identical too) and vectorisable: fdlibm's __ieee754_log (error < 1 ulp). x = 2^k · m with
// m ∈ [√2/2, √2), f = m − 1, s = f/(2 + f), log m = f − hfsq + s·(hfsq + R(s²)).
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01, kLg3 = 2.857142874366239149e-01,
                 kLg4 = 2.222219843214978396e-01, kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                 kLg7 = 1.479819860511658591e-01;
constexpr uint64_t kLogShift = static_cast<uint64_t>(0x3ff00000 - 0x3fe6a09e) << 32;
constexpr uint64_t kLogMant = 0x000fffffffffffffULL;
constexpr uint64_t kLogBase = static_cast<uint64_t>(0x3fe6a09e) << 32;
constexpr double kMinNormal = 2.2250738585072014e-308;
constexpr double kMaxFinite = 1.7976931348623157e308;

inline double logLik(double x) {
  if (x == 0.0) return -INFINITY;
  if (x > kMaxFinite) return x;
  double kd = 0.0;
  if (x < kMinNormal) {  // subnormal: scale by 2^54
    x *= 18014398509481984.0;
    kd = -54.0;
  }
  uint64_t ix;
  std::memcpy(&ix, &x, sizeof ix);
  ix += kLogShift;
  const double k = static_cast<double>(static_cast<int64_t>(ix >> 52) - 0x3ff) + kd;
  ix = (ix & kLogMant) + kLogBase;
  double m;
  std::memcpy(&m, &ix, sizeof m);
  const double f = m - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double R = t2 + t1;
  return s * (hfsq + R) + k * kLn2Lo - hfsq + f + k * kLn2Hi;
}

// One day's log-likelihood term.
inline double logLikTerm(double n, double lam) { return (n > 0.0 ? n * logLik(lam) : 0.0) - lam; }

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EPIKIT_HAWKES_AVX2 1
// The same sums with NR AVX2 registers of 4 lanes (mul then add: no FMA).
template <int32_t NR>
__attribute__((target("avx2"))) void convAvx2(const double* x, ptrdiff_t sgn, const double* w, int32_t d,
                                              int32_t count, int32_t step, double* out) {
  __m256d acc[NR];
#pragma GCC unroll 8
  for (int32_t r = 0; r < NR; r++) acc[r] = _mm256_setzero_pd();
  for (; count > 0; count--, d += step) {
    const __m256d wd = _mm256_broadcast_sd(w + d - 1);
    const double* p = x + sgn * d;
#pragma GCC unroll 8
    for (int32_t r = 0; r < NR; r++) acc[r] = _mm256_add_pd(acc[r], _mm256_mul_pd(wd, _mm256_loadu_pd(p + 4 * r)));
  }
#pragma GCC unroll 8
  for (int32_t r = 0; r < NR; r++) _mm256_storeu_pd(out + 4 * r, acc[r]);
}

template <int32_t NR>
__attribute__((target("avx2"))) void corrAvx2(const double* x, const int32_t* js, int32_t np, const double* a,
                                              double* F) {
  __m256d acc[NR];
#pragma GCC unroll 8
  for (int32_t r = 0; r < NR; r++) acc[r] = _mm256_loadu_pd(F + 4 * r);
  for (int32_t p = 0; p < np; p++) {
    const int32_t j = js[p];
    const __m256d aj = _mm256_broadcast_sd(a + j);
    const double* xp = x + j;
#pragma GCC unroll 8
    for (int32_t r = 0; r < NR; r++) acc[r] = _mm256_add_pd(acc[r], _mm256_mul_pd(aj, _mm256_loadu_pd(xp + 4 * r)));
  }
#pragma GCC unroll 8
  for (int32_t r = 0; r < NR; r++) _mm256_storeu_pd(F + 4 * r, acc[r]);
}

// λ = m + s, ratio = λ > 0 ? n/λ : 0, background = m·ratio over T entries (4 lanes; IEEE
// division and the masked select give exactly the scalar results).
__attribute__((target("avx2"))) void ratioAvx2(const double* s, const double* n, double m, int32_t T, double* lam,
                                               double* ratio, double* bg) {
  const __m256d vm = _mm256_set1_pd(m);
  const __m256d zero = _mm256_setzero_pd();
  int32_t i = 0;
  for (; i + 4 <= T; i += 4) {
    const __m256d l4 = _mm256_add_pd(vm, _mm256_loadu_pd(s + i));
    const __m256d rt = _mm256_and_pd(_mm256_cmp_pd(l4, zero, _CMP_GT_OQ), _mm256_div_pd(_mm256_loadu_pd(n + i), l4));
    _mm256_storeu_pd(lam + i, l4);
    _mm256_storeu_pd(ratio + i, rt);
    _mm256_storeu_pd(bg + i, _mm256_mul_pd(vm, rt));
  }
  for (; i < T; i++) {
    const double l1 = m + s[i];
    const double rt = l1 > 0.0 ? n[i] / l1 : 0.0;
    lam[i] = l1;
    ratio[i] = rt;
    bg[i] = m * rt;
  }
}

// Σ over days of logLikTerm(n, λ) in 4 lanes (day i in lane i mod 4, days ascending), combined as
// (s0 + s1) + (s2 + s3). Blocks of four days without events add 0 − λ; blocks with λ = 0, subnormal
// or infinite go through the scalar logLik.
__attribute__((target("avx2"))) double loglikAvx2(const double* n, const double* lam, int32_t T) {
  __m256d acc = _mm256_setzero_pd();
  const __m256d zero = _mm256_setzero_pd();
  const __m256d minN = _mm256_set1_pd(kMinNormal), maxF = _mm256_set1_pd(kMaxFinite);
  const __m256i shift = _mm256_set1_epi64x(static_cast<int64_t>(kLogShift));
  const __m256i mant = _mm256_set1_epi64x(static_cast<int64_t>(kLogMant));
  const __m256i mbase = _mm256_set1_epi64x(static_cast<int64_t>(kLogBase));
  const __m256i magicI = _mm256_set1_epi64x(0x4330000000000000LL);
  const __m256d magic = _mm256_set1_pd(4503599627370496.0), bias = _mm256_set1_pd(1023.0);
  const __m256d one = _mm256_set1_pd(1.0), two = _mm256_set1_pd(2.0), half = _mm256_set1_pd(0.5);
  int32_t i = 0;
  for (; i + 4 <= T; i += 4) {
    const __m256d l4 = _mm256_loadu_pd(lam + i);
    const __m256d n4 = _mm256_loadu_pd(n + i);
    // four days without events: each term is 0 − λ (what the full path gives, bad λ included)
    if (_mm256_movemask_pd(_mm256_cmp_pd(n4, zero, _CMP_GT_OQ)) == 0) {
      acc = _mm256_add_pd(acc, _mm256_sub_pd(zero, l4));
      continue;
    }
    const __m256d bad = _mm256_or_pd(_mm256_cmp_pd(l4, minN, _CMP_LT_OQ), _mm256_cmp_pd(l4, maxF, _CMP_GT_OQ));
    if (_mm256_movemask_pd(bad) != 0) {
      alignas(32) double t[4];
      for (int32_t e = 0; e < 4; e++) t[e] = logLikTerm(n[i + e], lam[i + e]);
      acc = _mm256_add_pd(acc, _mm256_load_pd(t));
      continue;
    }
    __m256i ix = _mm256_add_epi64(_mm256_castpd_si256(l4), shift);
    const __m256d k = _mm256_sub_pd(
        _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(ix, 52), magicI)), magic), bias);
    ix = _mm256_add_epi64(_mm256_and_si256(ix, mant), mbase);
    const __m256d f = _mm256_sub_pd(_mm256_castsi256_pd(ix), one);
    const __m256d hfsq = _mm256_mul_pd(_mm256_mul_pd(half, f), f);
    const __m256d s = _mm256_div_pd(f, _mm256_add_pd(two, f));
    const __m256d z = _mm256_mul_pd(s, s);
    const __m256d w = _mm256_mul_pd(z, z);
    const __m256d t1 = _mm256_mul_pd(
        w, _mm256_add_pd(_mm256_set1_pd(kLg2),
                         _mm256_mul_pd(w, _mm256_add_pd(_mm256_set1_pd(kLg4), _mm256_mul_pd(w, _mm256_set1_pd(kLg6))))));
    const __m256d t2 = _mm256_mul_pd(
        z, _mm256_add_pd(
               _mm256_set1_pd(kLg1),
               _mm256_mul_pd(w, _mm256_add_pd(_mm256_set1_pd(kLg3),
                                              _mm256_mul_pd(w, _mm256_add_pd(_mm256_set1_pd(kLg5),
                                                                             _mm256_mul_pd(w, _mm256_set1_pd(kLg7))))))));
    const __m256d R = _mm256_add_pd(t2, t1);
    __m256d lg = _mm256_add_pd(_mm256_mul_pd(s, _mm256_add_pd(hfsq, R)), _mm256_mul_pd(k, _mm256_set1_pd(kLn2Lo)));
    lg = _mm256_add_pd(_mm256_add_pd(_mm256_sub_pd(lg, hfsq), f), _mm256_mul_pd(k, _mm256_set1_pd(kLn2Hi)));
    const __m256d t4 = _mm256_and_pd(_mm256_cmp_pd(n4, zero, _CMP_GT_OQ), _mm256_mul_pd(n4, lg));
    acc = _mm256_add_pd(acc, _mm256_sub_pd(t4, l4));
  }
  double s[4];
  _mm256_storeu_pd(s, acc);
  for (; i < T; i++) s[i & 3] += logLikTerm(n[i], lam[i]);
  return (s[0] + s[1]) + (s[2] + s[3]);
}

bool hawkesHaveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2") != 0;
  return yes;
}
#endif

// Lanes of the block covering `rem` outputs: 32, 16, 8 or 4 (the surplus lanes are computed on
// zero padding and discarded).
inline int32_t blockLanes(int32_t rem) { return rem > 16 ? 32 : rem > 8 ? 16 : rem > 4 ? 8 : 4; }

void conv(bool avx2, int32_t lanes, const double* x, ptrdiff_t sgn, const double* w, int32_t d, int32_t count,
          int32_t step, double* out) {
#ifdef EPIKIT_HAWKES_AVX2
  if (avx2) {
    switch (lanes) {
      case 32: convAvx2<8>(x, sgn, w, d, count, step, out); return;
      case 16: convAvx2<4>(x, sgn, w, d, count, step, out); return;
      case 8: convAvx2<2>(x, sgn, w, d, count, step, out); return;
      default: convAvx2<1>(x, sgn, w, d, count, step, out); return;
    }
  }
#else
  (void)avx2;
#endif
  switch (lanes) {
    case 32: convGeneric<32>(x, sgn, w, d, count, step, out); return;
    case 16: convGeneric<16>(x, sgn, w, d, count, step, out); return;
    case 8: convGeneric<8>(x, sgn, w, d, count, step, out); return;
    default: convGeneric<4>(x, sgn, w, d, count, step, out); return;
  }
}

void corr(bool avx2, int32_t lanes, const double* x, const int32_t* js, int32_t np, const double* a, double* F) {
#ifdef EPIKIT_HAWKES_AVX2
  if (avx2) {
    switch (lanes) {
      case 32: corrAvx2<8>(x, js, np, a, F); return;
      case 16: corrAvx2<4>(x, js, np, a, F); return;
      case 8: corrAvx2<2>(x, js, np, a, F); return;
      default: corrAvx2<1>(x, js, np, a, F); return;
    }
  }
#else
  (void)avx2;
#endif
  switch (lanes) {
    case 32: corrGeneric<32>(x, js, np, a, F); return;
    case 16: corrGeneric<16>(x, js, np, a, F); return;
    case 8: corrGeneric<8>(x, js, np, a, F); return;
    default: corrGeneric<4>(x, js, np, a, F); return;
  }
}

// Non-zero map at the granularity of chunks of 8 entries (enough to skip the lags that only reach
// zeros; extra zero terms are harmless): next[k] = first chunk ≥ k holding a non-zero (nch if
// none), prev[k] = last chunk ≤ k holding one (−1 if none). v is zero-padded to nch·8 entries.
constexpr int32_t kChunk = 8;

void chunkIndex(const double* v, int32_t nch, int32_t* next, int32_t* prev) {
  int32_t last = -1;
  for (int32_t k = 0; k < nch; k++) {
    const double* p = v + k * kChunk;
    // v ≥ 0 (or −0): non-zero ⇔ some bit other than the sign bit is set
    uint64_t bits = 0;
    for (int32_t e = 0; e < kChunk; e++) {
      uint64_t b;
      std::memcpy(&b, p + e, sizeof b);
      bits |= b;
    }
    last = (bits << 1) != 0 ? k : last;
    prev[k] = last;
  }
  int32_t nx = nch;
  next[nch] = nch;
  for (int32_t k = nch - 1; k >= 0; k--) {
    nx = prev[k] == k ? k : nx;
    next[k] = nx;
  }
}

}  // namespace

double hawkesEStep(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                   int32_t l, int32_t psi, double* lambda, double* q, double* background, double* freq) {
  // Summation orders (mirrored exactly in AssemblyScript; the lane kernels above only differ in
  // width): λ(i) = μ + (Σ_d w(d) a(i − d) over d descending, i.e. parents ascending, from +0);
  // g(j) = Σ_d w(d) ratio(j + d) over d ascending (children ascending, from +0), Q(j) = R(j) g(j);
  // F(d) = Σ_c Σ_{j < T−ψ} a_c(j) ratio_c(j + d) over counties, then parents ascending, and
  // freq[d − 1] = w(d) F(d) at the end; loglik over counties of the county's
  // (s0 + s1) + (s2 + s3), s_k = Σ_{i ≡ k mod 4} (n > 0 ? n log λ : 0) − λ over days ascending, with log = logLik above. a = R·n, ratio = n/λ (0 when λ = 0).
  // Blocks of consecutive outputs only sum over the lags that can reach a non-zero input.
  const int32_t T = t;
  const int32_t L = l;
#ifdef EPIKIT_HAWKES_AVX2
  const bool avx2 = hawkesHaveAvx2();
#else
  const bool avx2 = false;
#endif
  const size_t TT = static_cast<size_t>(T);
  const size_t LL = static_cast<size_t>(L);
  const size_t PAD = static_cast<size_t>(kMaxLanes);
  const int32_t nch = (T + kChunk - 1) / kChunk;
  // a with L zeros before and ≥ 32 after; ratio and counts copy with ≥ L + 32 zeros after.
  std::vector<double> abuf(LL + TT + PAD, 0.0), rbuf(TT + LL + PAD, 0.0), nbuf(TT + PAD, 0.0), acc(TT + PAD),
      F(LL + PAD, 0.0);
  std::vector<int32_t> nextA(nch + 1), prevA(nch), nextN(nch + 1), prevN(nch), parents(TT);
  double* a = abuf.data() + LL;
  double* ratio = rbuf.data();
  double* nn = nbuf.data();
  double loglik = 0.0;
  const int32_t parentEnd = T - psi;  // parents j < T − psi enter freq
  const int32_t jEnd = parentEnd < T - 1 ? parentEnd : T - 1;
  for (int32_t cc = 0; cc < c; cc++) {
    const size_t base = static_cast<size_t>(cc) * TT;
    const double* n = counts + base;
    const double* rr = r + base;
    const double m = mu[cc];
    for (int32_t j = 0; j < T; j++) {
      a[j] = rr[j] * n[j];
      nn[j] = n[j];
    }
    chunkIndex(a, nch, nextA.data(), prevA.data());
    chunkIndex(nn, nch, nextN.data(), prevN.data());
    // λ: block of lanes i0.. sees parents in [i0 − L, i0 + lanes − 2]
    for (int32_t i0 = 0; i0 < T;) {
      const int32_t lanes = blockLanes(T - i0);
      const int32_t lo = i0 - L > 0 ? i0 - L : 0;
      const int32_t hi = i0 + lanes - 2 < T - 1 ? i0 + lanes - 2 : T - 1;
      int32_t dhi = 0, dlo = 1;
      if (hi >= lo && nextA[lo / kChunk] <= hi / kChunk) {
        const int32_t jmin = nextA[lo / kChunk] * kChunk, jmax = prevA[hi / kChunk] * kChunk + kChunk - 1;
        dhi = i0 + lanes - 1 - jmin < L ? i0 + lanes - 1 - jmin : L;
        dlo = i0 - jmax > 1 ? i0 - jmax : 1;
      }
      conv(avx2, lanes, a + i0, -1, w, dhi, dhi - dlo + 1, -1, acc.data() + i0);
      i0 += lanes;
    }
#ifdef EPIKIT_HAWKES_AVX2
    if (avx2) {
      ratioAvx2(acc.data(), nn, m, T, lambda + base, ratio, background + base);
    } else
#endif
    {
      for (int32_t i = 0; i < T; i++) {
        const double lam = m + acc[i];
        const double rt = lam > 0.0 ? nn[i] / lam : 0.0;
        lambda[base + i] = lam;
        ratio[i] = rt;
        background[base + i] = m * rt;
      }
    }
    // parents j < min(T − ψ, T − 1) with a = R·n > 0 (freq)
    int32_t np = 0;
    for (int32_t i = 0; i < jEnd; i++) {
      parents[np] = i;
      np += a[i] > 0.0;
    }
#ifdef EPIKIT_HAWKES_AVX2
    if (avx2) {
      loglik += loglikAvx2(nn, lambda + base, T);
    } else
#endif
    {
      double s[4] = {0.0, 0.0, 0.0, 0.0};
      for (int32_t i = 0; i < T; i++) s[i & 3] += logLikTerm(nn[i], lambda[base + i]);
      loglik += (s[0] + s[1]) + (s[2] + s[3]);
    }
    // g: block of lanes j0.. sees children in [j0 + 1, j0 + lanes − 1 + L]
    for (int32_t j0 = 0; j0 < T;) {
      const int32_t lanes = blockLanes(T - j0);
      const int32_t lo = j0 + 1;
      const int32_t hi = j0 + lanes - 1 + L < T - 1 ? j0 + lanes - 1 + L : T - 1;
      int32_t dhi = 0, dlo = 1;
      if (hi >= lo && nextN[lo / kChunk] <= hi / kChunk) {
        const int32_t imin = nextN[lo / kChunk] * kChunk, imax = prevN[hi / kChunk] * kChunk + kChunk - 1;
        dlo = imin - (j0 + lanes - 1) > 1 ? imin - (j0 + lanes - 1) : 1;
        dhi = imax - j0 < L ? imax - j0 : L;
      }
      conv(avx2, lanes, ratio + j0, 1, w, dlo, dhi - dlo + 1, 1, acc.data() + j0);
      j0 += lanes;
    }
    for (int32_t j = 0; j < T; j++) q[base + j] = rr[j] * acc[j];
    // F: over the parents, ascending
    for (int32_t d0 = 1; d0 <= L;) {
      const int32_t lanes = blockLanes(L - d0 + 1);
      // parents with j + d0 ≤ T − 1 (parents ascending: a prefix of the list)
      int32_t ns = np;
      while (ns > 0 && parents[ns - 1] + d0 > T - 1) ns--;
      if (ns > 0) corr(avx2, lanes, ratio + d0, parents.data(), ns, a, F.data() + (d0 - 1));
      d0 += lanes;
    }
  }
  for (int32_t d = 0; d < L; d++) freq[d] = w[d] * F[d];
  return loglik;
}

double hawkesPoissonAccumulate(const double* x, int32_t rows, int32_t p, const double* y, const double* weight,
                               const double* offset, const double* beta, double* xtwx, double* xtwz) {
  const size_t P = static_cast<size_t>(p);
  for (size_t i = 0; i < P * P; i++) xtwx[i] = 0.0;
  for (size_t i = 0; i < P; i++) xtwz[i] = 0.0;
  double deviance = 0.0;
  for (int32_t i = 0; i < rows; i++) {
    const double wi = weight[i];
    if (!(wi > 0.0)) continue;
    const double* xi = x + static_cast<size_t>(i) * P;
    double lin = 0.0;
    for (size_t k = 0; k < P; k++) lin += xi[k] * beta[k];
    const double eta = offset != nullptr ? offset[i] + lin : lin;
    const double m = std::exp(eta);
    const double yi = y[i];
    const double ww = wi * m;
    const double z = lin + (yi - m) / m;
    const double wz = ww * z;
    for (size_t a = 0; a < P; a++) {
      const double wa = ww * xi[a];
      xtwz[a] += wz * xi[a];
      for (size_t b = a; b < P; b++) xtwx[a * P + b] += wa * xi[b];
    }
    const double dev = yi > 0.0 ? yi * std::log(yi / m) - (yi - m) : m;
    deviance += wi * dev;
  }
  for (size_t a = 0; a < P; a++)
    for (size_t b = 0; b < a; b++) xtwx[a * P + b] = xtwx[b * P + a];
  return 2.0 * deviance;
}

namespace {

inline uint64_t mix64(uint64_t z) {
  uint64_t s = z;
  return splitmix64(s);
}

// log Γ(x) for x ≥ 1: Stirling series in 1/x² (Bernoulli coefficients B_2k / (2k(2k−1)))
// at x shifted to ≥ 7, then shifted back by log Γ(x) = log Γ(x + n) − Σ log(x + i).
double logGamma(double x) {
  if (x == 1.0 || x == 2.0) return 0.0;
  static const double B[10] = {1.0 / 12.0,        -1.0 / 360.0,       1.0 / 1260.0,       -1.0 / 1680.0,
                               1.0 / 1188.0,      -691.0 / 360360.0,  1.0 / 156.0,        -3617.0 / 122400.0,
                               43867.0 / 244188.0, -174611.0 / 125400.0};
  double x0 = x;
  int32_t n = 0;
  if (x < 7.0) {
    n = static_cast<int32_t>(7.0 - x);
    x0 = x + static_cast<double>(n);
  }
  const double x2 = 1.0 / (x0 * x0);
  double s = B[9];
  for (int32_t i = 8; i >= 0; i--) s = s * x2 + B[i];
  double g = s / x0 + 0.91893853320467274178 + (x0 - 0.5) * std::log(x0) - x0;
  for (int32_t i = 0; i < n; i++) {
    x0 -= 1.0;
    g -= std::log(x0);
  }
  return g;
}

// Exact Poisson(lam) draw: inversion by sequential search for lam < 10; PTRS, the transformed
// rejection method with squeeze of Hörmann (1993, Insurance: Math. Econ. 12:39–45), above.
// lam ≥ 1e15 (sd/mean < 3.2e−8, beyond exact integers soon after) returns the rounded mean.
double poissonDraw(Xoshiro256& rng, double lam) {
  if (!(lam > 0.0)) return 0.0;
  if (lam >= 1e15) return std::floor(lam + 0.5);
  if (lam < 10.0) {
    const double u = rng.uniform();
    double p = std::exp(-lam);
    double f = p;
    double k = 0.0;
    while (u > f && k < 1000.0) {
      k += 1.0;
      p = p * lam / k;
      f += p;
    }
    return k;
  }
  const double slam = std::sqrt(lam);
  const double loglam = std::log(lam);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const double lhs = std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b);
    const double rhs = -lam + k * loglam - logGamma(k + 1.0);
    if (lhs <= rhs) return k;
  }
}

const double kQuantiles[7] = {0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975};

// Sorts col (S values) ascending and writes its 7 type-7 quantiles to out[0..7).
// Writes the 7 type-7 quantiles of S values (pos = (S − 1)·p, i0 = ⌊pos⌋, i1 = min(i0 + 1, S − 1),
// x(i0) + (pos − i0)·(x(i1) − x(i0)), x(i) the value of rank i). The 14 order statistics this reads
// are counted in a histogram when the values are integers spanning fewer than kMaxSpan values —
// simulated counts and their running totals, in practice always: O(S + span) instead of a sort —
// and read off a sort otherwise; they are the same values either way.
class QuantileWriter {
 public:
  explicit QuantileWriter(int32_t S)
      : S_(S), hist_(std::min<size_t>(4 * static_cast<size_t>(S) + 1024, kMaxSpan)) {
    for (int32_t qi = 0; qi < 7; qi++) {
      const int32_t i0 = static_cast<int32_t>(std::floor(static_cast<double>(S - 1) * kQuantiles[qi]));
      rank_[2 * qi] = i0;
      rank_[2 * qi + 1] = i0 + 1 < S ? i0 + 1 : S - 1;
    }
    // positions by ascending rank (ranks are not monotone in the position for small S)
    for (int32_t j = 0; j < 14; j++) byRank_[j] = j;
    std::stable_sort(byRank_, byRank_ + 14, [&](int32_t x, int32_t y) { return rank_[x] < rank_[y]; });
  }

  // col: the S values (reordered when sorted).
  void write(std::vector<double>& col, double* out) {
    double stats[14];
    if (!counted(col, stats)) {
      std::sort(col.begin(), col.begin() + S_);
      for (int32_t j = 0; j < 14; j++) stats[j] = col[rank_[j]];
    }
    for (int32_t qi = 0; qi < 7; qi++) {
      const double pos = static_cast<double>(S_ - 1) * kQuantiles[qi];
      const double frac = pos - std::floor(pos);
      out[qi] = stats[2 * qi] + frac * (stats[2 * qi + 1] - stats[2 * qi]);
    }
  }

 private:
  static constexpr size_t kMaxSpan = size_t(1) << 22;

  bool counted(const std::vector<double>& col, double* stats) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int32_t s = 0; s < S_; s++) {
      const double v = col[s];
      if (v != std::floor(v)) return false;  // also NaN
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    const double span = hi - lo;  // NaN or ∞ for infinite values: not counted
    if (!(span < static_cast<double>(hist_.size()))) return false;
    const size_t bins = static_cast<size_t>(span) + 1;
    std::fill(hist_.begin(), hist_.begin() + bins, 0);
    for (int32_t s = 0; s < S_; s++) hist_[static_cast<size_t>(col[s] - lo)]++;
    size_t bin = 0;
    int64_t below = hist_[0];  // values ≤ lo + bin
    for (int32_t j : byRank_) {
      while (below <= rank_[j]) below += hist_[++bin];
      stats[j] = lo + static_cast<double>(bin);
    }
    return true;
  }

  int32_t S_;
  int32_t rank_[14];
  int32_t byRank_[14];
  std::vector<int32_t> hist_;
};

}  // namespace

uint64_t hawkesStreamSeed(uint64_t seed, uint64_t realisation, uint64_t county) {
  return mix64(mix64(mix64(seed) ^ realisation) ^ county);
}

namespace {

// The simulation of hawkesSimulate and hawkesSimulatePaths: realisations first .. first + S − 1
// of one county (observed counts n, R over history and horizon rr, background m, global county
// index `county`); the h forecast counts of realisation first + s go to out[s·h + k].
// a: scratch of t + h entries (a(j) = R(j) n(j) over observed, then simulated, days).
void simulateCounty(const double* n, const double* rr, double m, const double* w, int32_t t, int32_t l, int32_t h,
                    int32_t first, int32_t S, uint64_t seed, int32_t county, double* a, double* out) {
  const int32_t TH = t + h;
  for (int32_t j = 0; j < t; j++) a[j] = rr[j] * n[j];
  for (int32_t s = 0; s < S; s++) {
    Xoshiro256 rng(hawkesStreamSeed(seed, static_cast<uint64_t>(first + s), static_cast<uint64_t>(county)));
    double* path = out + static_cast<size_t>(s) * h;
    for (int32_t i = t; i < TH; i++) {
      const int32_t dmax = i < l ? i : l;
      double acc = 0.0;
      for (int32_t d = 1; d <= dmax; d++) acc += w[d - 1] * a[i - d];
      const double x = poissonDraw(rng, m + acc);
      a[i] = rr[i] * x;
      path[i - t] = x;
    }
  }
}

}  // namespace

void hawkesSimulate(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                    int32_t l, int32_t h, int32_t realisations, uint64_t seed, int32_t countyOffset, double* mean,
                    double* quantiles, double* cumulativeQuantiles) {
  const int32_t TH = t + h;
  const int32_t S = realisations;
  std::vector<double> a(static_cast<size_t>(TH));
  std::vector<double> sims(static_cast<size_t>(S) * static_cast<size_t>(h));
  std::vector<double> col(static_cast<size_t>(S));
  std::vector<double> total(cumulativeQuantiles != nullptr ? static_cast<size_t>(S) : 0);
  QuantileWriter quantilesOf(S);
  for (int32_t cc = 0; cc < c; cc++) {
    simulateCounty(counts + static_cast<size_t>(cc) * t, r + static_cast<size_t>(cc) * TH, mu[cc], w, t, l, h, 0, S, seed,
                   countyOffset + cc, a.data(), sims.data());
    for (size_t s = 0; s < total.size(); s++) total[s] = 0.0;
    for (int32_t k = 0; k < h; k++) {
      double sum = 0.0;
      for (int32_t s = 0; s < S; s++) {
        const double v = sims[static_cast<size_t>(s) * h + k];
        col[s] = v;
        sum += v;
      }
      const size_t o = static_cast<size_t>(cc) * h + k;
      mean[o] = sum / static_cast<double>(S);
      quantilesOf.write(col, quantiles + o * 7);
      if (cumulativeQuantiles != nullptr) {
        // running totals over forecast days 0..k, per realisation
        for (int32_t s = 0; s < S; s++) {
          total[s] += sims[static_cast<size_t>(s) * h + k];
          col[s] = total[s];
        }
        quantilesOf.write(col, cumulativeQuantiles + o * 7);
      }
    }
  }
}

void hawkesSimulatePaths(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                         int32_t l, int32_t h, int32_t firstRealisation, int32_t realisations, uint64_t seed,
                         int32_t countyOffset, double* paths) {
  const int32_t TH = t + h;
  std::vector<double> a(static_cast<size_t>(TH));
  const size_t perCounty = static_cast<size_t>(realisations) * static_cast<size_t>(h);
  for (int32_t cc = 0; cc < c; cc++) {
    simulateCounty(counts + static_cast<size_t>(cc) * t, r + static_cast<size_t>(cc) * TH, mu[cc], w, t, l, h,
                   firstRealisation, realisations, seed, countyOffset + cc, a.data(), paths + static_cast<size_t>(cc) * perCounty);
  }
}

void hawkesPoissonSample(double mean, uint64_t seed, double* out, int32_t n) {
  Xoshiro256 rng(seed);
  for (int32_t i = 0; i < n; i++) out[i] = poissonDraw(rng, mean);
}

}  // namespace epikit
