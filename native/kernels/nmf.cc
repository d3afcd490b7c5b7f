// NMF by multiplicative updates; see nmf.h for the contract. assembly/kernels/nmf.ts performs
// the same floating-point operations in the same order (plain and SIMD builds): any change
// here must be made there too.
//
// Layout of the work. k is small (2..~20) and X (m×n) is the only large array, so each
// iteration streams X once, row by row, and keeps everything else (H: k×n, an accumulator
// k×n, one row of scratch) in cache:
//   row i: (1) W_i ← W_i ∘ (x̂_i·Hᵀ) / den (one row of the W update, needs only the old H),
//          (2) acc += W_new,i ⊗ x̂'_i (this row's share of W_newᵀX̂ or W_newᵀ(X/WH) for the H
//              update, which needs the new W_i and the old H);
//   then H ← H ∘ acc / den' once all rows are done.
// For KL the ratio X/WH is formed one row at a time (WH is never stored whole).
#include "nmf.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace epikit {

namespace {

constexpr double kEps32 = 1.1920928955078125e-07;  // numpy float32 eps = scikit-learn's EPSILON
constexpr double kEps64 = 2.220446049250313e-16;   // numpy float64 eps (KL: H < eps → 0)

#if defined(__GNUC__) || defined(__clang__)
typedef double Pair __attribute__((vector_size(16)));
inline Pair loadPair(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof(Pair));
  return v;
}
#endif

// Σ_j a[j]·b[j] in the shared order: partial sums s_q over j ≡ q (mod 4), combined as
// (s0 + s2) + (s1 + s3). With GCC/Clang (s0, s1) and (s2, s3) are two SSE2/NEON lanes pairs,
// exactly as the two f64x2 accumulators of the WASM SIMD build.
inline double dot4(const double* a, const double* b, int32_t n) {
  const int32_t n4 = n & ~3;
#if defined(__GNUC__) || defined(__clang__)
  Pair v0 = {0.0, 0.0};
  Pair v1 = {0.0, 0.0};
  for (int32_t j = 0; j < n4; j += 4) {
    v0 += loadPair(a + j) * loadPair(b + j);
    v1 += loadPair(a + j + 2) * loadPair(b + j + 2);
  }
  double s0 = v0[0], s1 = v0[1], s2 = v1[0], s3 = v1[1];
#else
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (int32_t j = 0; j < n4; j += 4) {
    s0 += a[j] * b[j];
    s1 += a[j + 1] * b[j + 1];
    s2 += a[j + 2] * b[j + 2];
    s3 += a[j + 3] * b[j + 3];
  }
#endif
  if (n4 < n) s0 += a[n4] * b[n4];
  if (n4 + 1 < n) s1 += a[n4 + 1] * b[n4 + 1];
  if (n4 + 2 < n) s2 += a[n4 + 2] * b[n4 + 2];
  return (s0 + s2) + (s1 + s3);
}

// Σ_j a[j] in the same order as dot4.
inline double sum4(const double* a, int32_t n) {
  const int32_t n4 = n & ~3;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (int32_t j = 0; j < n4; j += 4) {
    s0 += a[j];
    s1 += a[j + 1];
    s2 += a[j + 2];
    s3 += a[j + 3];
  }
  if (n4 < n) s0 += a[n4];
  if (n4 + 1 < n) s1 += a[n4 + 1];
  if (n4 + 2 < n) s2 += a[n4 + 2];
  return (s0 + s2) + (s1 + s3);
}

// What rowProduct does with each value p = Σ_a c[a]·M[a·n + j] before storing it.
enum class RowOut {
  Product,          // out[j] = p
  Ratio,            // out[j] = x[j] / p, a zero p replaced by ε32 (scikit-learn 1.2's guard)
  RatioMissing,     // the same, and 1 where x[j] is missing (the imputed x̂ = p gives p/p = 1)
  FillMissing,      // out[j] = x[j] where observed, p where missing (the imputed row x̂)
};

template <RowOut Mode>
inline double finish(double p, double xv) {
  if (Mode == RowOut::Product) return p;
  if (Mode == RowOut::FillMissing) return xv == xv ? xv : p;
  const double r = xv / (p == 0.0 ? kEps32 : p);
  if (Mode == RowOut::Ratio) return r;
  return xv == xv ? r : 1.0;
}

#if defined(__GNUC__) || defined(__clang__)
typedef long long Mask __attribute__((vector_size(16)));
// finish() on two lanes with bit masks (lane-wise the same values; no branches).
template <RowOut Mode>
inline Pair finishPair(Pair p, Pair xv) {
  if (Mode == RowOut::Product) return p;
  const Pair eps = {kEps32, kEps32};
  const Pair one = {1.0, 1.0};
  const Pair zero = {0.0, 0.0};
  const Mask observed = xv == xv;
  if (Mode == RowOut::FillMissing) return (Pair)(((Mask)xv & observed) | ((Mask)p & ~observed));
  // p + (ε32 where p == 0, else +0): exactly the guard (p + 0 = p, 0 + ε32 = ε32)
  const Pair r = xv / (p + (Pair)((Mask)eps & (p == zero)));
  if (Mode == RowOut::Ratio) return r;
  return (Pair)(((Mask)r & observed) | ((Mask)one & ~observed));
}
#endif

// p_j = Σ_a c[a]·M[a·n + j] over a = 0..k-1 in order (first term c[0]·M[j]) — one row of W·H
// (c = W_i, M = H) or of (WᵀW)·H — finished by Mode into out[j]. Four columns at a time are
// accumulated in registers over a (two SSE2 pairs, like the two f64x2 values of the WASM SIMD
// build), so the row is written once; the order per j is the same in every build.
template <RowOut Mode>
void rowProduct(const double* c, const double* M, int32_t k, int32_t n, double* out, const double* x = nullptr) {
  const int32_t n4 = n & ~3;
  const double c0 = c[0];
#if defined(__GNUC__) || defined(__clang__)
  for (int32_t j = 0; j < n4; j += 4) {
    Pair p0 = c0 * loadPair(M + j);
    Pair p1 = c0 * loadPair(M + j + 2);
    const double* Ma = M;
    for (int32_t a = 1; a < k; a++) {
      Ma += n;
      const double ca = c[a];
      p0 += ca * loadPair(Ma + j);
      p1 += ca * loadPair(Ma + j + 2);
    }
    if (Mode == RowOut::Product) {
      std::memcpy(out + j, &p0, sizeof(Pair));
      std::memcpy(out + j + 2, &p1, sizeof(Pair));
    } else {
      const Pair r0 = finishPair<Mode>(p0, loadPair(x + j));
      const Pair r1 = finishPair<Mode>(p1, loadPair(x + j + 2));
      std::memcpy(out + j, &r0, sizeof(Pair));
      std::memcpy(out + j + 2, &r1, sizeof(Pair));
    }
  }
#else
  for (int32_t j = 0; j < n4; j += 4) {
    double p[4] = {c0 * M[j], c0 * M[j + 1], c0 * M[j + 2], c0 * M[j + 3]};
    for (int32_t a = 1; a < k; a++) {
      const double* Ma = M + static_cast<size_t>(a) * n;
      for (int q = 0; q < 4; q++) p[q] += c[a] * Ma[j + q];
    }
    for (int q = 0; q < 4; q++) out[j + q] = finish<Mode>(p[q], Mode == RowOut::Product ? 0.0 : x[j + q]);
  }
#endif
  for (int32_t j = n4; j < n; j++) {
    double p = c0 * M[j];
    for (int32_t a = 1; a < k; a++) p += c[a] * M[static_cast<size_t>(a) * n + j];
    out[j] = finish<Mode>(p, Mode == RowOut::Product ? 0.0 : x[j]);
  }
}

// rowProduct for kBlock rows at once (c: kBlock coefficient rows of stride k, x and out:
// kBlock rows of stride n): the loads of M are shared by the rows; each row's values are
// computed exactly as by rowProduct.
template <RowOut Mode>
void rowProduct4(const double* c, const double* M, int32_t k, int32_t n, double* out, const double* x) {
#if defined(__GNUC__) || defined(__clang__)
  const int32_t n4 = n & ~3;
  const size_t nn = static_cast<size_t>(n);
  const double* c0 = c;
  const double* c1 = c + k;
  const double* c2 = c + 2 * k;
  const double* c3 = c + 3 * k;
  for (int32_t j = 0; j < n4; j += 4) {
    const Pair m0 = loadPair(M + j), m1 = loadPair(M + j + 2);
    Pair p00 = c0[0] * m0, p01 = c0[0] * m1;
    Pair p10 = c1[0] * m0, p11 = c1[0] * m1;
    Pair p20 = c2[0] * m0, p21 = c2[0] * m1;
    Pair p30 = c3[0] * m0, p31 = c3[0] * m1;
    const double* Ma = M;
    for (int32_t a = 1; a < k; a++) {
      Ma += n;
      const Pair a0 = loadPair(Ma + j), a1 = loadPair(Ma + j + 2);
      p00 += c0[a] * a0;
      p01 += c0[a] * a1;
      p10 += c1[a] * a0;
      p11 += c1[a] * a1;
      p20 += c2[a] * a0;
      p21 += c2[a] * a1;
      p30 += c3[a] * a0;
      p31 += c3[a] * a1;
    }
    const Pair ps[4][2] = {{p00, p01}, {p10, p11}, {p20, p21}, {p30, p31}};
    for (int q = 0; q < 4; q++) {
      const double* xq = x + q * nn + j;
      double* oq = out + q * nn + j;
      const Pair r0 = finishPair<Mode>(ps[q][0], loadPair(xq));
      const Pair r1 = finishPair<Mode>(ps[q][1], loadPair(xq + 2));
      std::memcpy(oq, &r0, sizeof(Pair));
      std::memcpy(oq + 2, &r1, sizeof(Pair));
    }
  }
  for (int32_t j = n4; j < n; j++) {
    for (int q = 0; q < 4; q++) {
      const double* cq = c + static_cast<size_t>(q) * k;
      double p = cq[0] * M[j];
      for (int32_t a = 1; a < k; a++) p += cq[a] * M[static_cast<size_t>(a) * n + j];
      out[q * nn + j] = finish<Mode>(p, x[q * nn + j]);
    }
  }
#else
  for (int q = 0; q < 4; q++) rowProduct<Mode>(c + static_cast<size_t>(q) * k, M, k, n, out + static_cast<size_t>(q) * n, x + static_cast<size_t>(q) * n);
#endif
}

// acc[j] += c·v[j]
inline void axpy(double* acc, double c, const double* v, int32_t n) {
  for (int32_t j = 0; j < n; j++) acc[j] += c * v[j];
}

// Rows are processed in blocks of kBlock: the block's dot products share the loads of H and
// its updates of the accumulator share one load and store of acc per element. The arithmetic
// per element is exactly that of kBlock single-row calls in row order (same results).
constexpr int32_t kBlock = 4;

// acc[j] = (((acc[j] + c0·v0[j]) + c1·v1[j]) + c2·v2[j]) + c3·v3[j]: four axpy calls in order.
inline void axpy4(double* acc, const double* c, const double* const* v, int32_t n) {
  const double c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
  const double *v0 = v[0], *v1 = v[1], *v2 = v[2], *v3 = v[3];
  for (int32_t j = 0; j < n; j++) acc[j] = (((acc[j] + c0 * v0[j]) + c1 * v1[j]) + c2 * v2[j]) + c3 * v3[j];
}

// out[q] = dot4(a[q], b, n) for q = 0..3, b loaded once.
inline void dot4x4(const double* const* a, const double* b, int32_t n, double* out) {
#if defined(__GNUC__) || defined(__clang__)
  const int32_t n4 = n & ~3;
  Pair v[4][2];
  for (int q = 0; q < 4; q++) v[q][0] = v[q][1] = Pair{0.0, 0.0};
  const double *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3];
  for (int32_t j = 0; j < n4; j += 4) {
    const Pair b0 = loadPair(b + j), b1 = loadPair(b + j + 2);
    v[0][0] += loadPair(a0 + j) * b0;
    v[0][1] += loadPair(a0 + j + 2) * b1;
    v[1][0] += loadPair(a1 + j) * b0;
    v[1][1] += loadPair(a1 + j + 2) * b1;
    v[2][0] += loadPair(a2 + j) * b0;
    v[2][1] += loadPair(a2 + j + 2) * b1;
    v[3][0] += loadPair(a3 + j) * b0;
    v[3][1] += loadPair(a3 + j + 2) * b1;
  }
  for (int q = 0; q < 4; q++) {
    const double* aq = a[q];
    double s0 = v[q][0][0], s1 = v[q][0][1], s2 = v[q][1][0], s3 = v[q][1][1];
    if (n4 < n) s0 += aq[n4] * b[n4];
    if (n4 + 1 < n) s1 += aq[n4 + 1] * b[n4 + 1];
    if (n4 + 2 < n) s2 += aq[n4 + 2] * b[n4 + 2];
    out[q] = (s0 + s2) + (s1 + s3);
  }
#else
  for (int q = 0; q < 4; q++) out[q] = dot4(a[q], b, n);
#endif
}

struct Fit {
  double kl = 0.0;
  double sse = 0.0;
  double sumSq = 0.0;
  double count = 0.0;
};

// Σ_j (x[j] − p[j])² over observed j in the order of sum4 (a missing entry adds +0).
inline double squaredErrorRow(const double* x, const double* p, int32_t n) {
  const int32_t n4 = n & ~3;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
#if defined(__GNUC__) || defined(__clang__)
  Pair v0 = {0.0, 0.0};
  Pair v1 = {0.0, 0.0};
  for (int32_t j = 0; j < n4; j += 4) {
    const Pair x0 = loadPair(x + j), x1 = loadPair(x + j + 2);
    const Pair d0 = x0 - loadPair(p + j), d1 = x1 - loadPair(p + j + 2);
    v0 += (Pair)((Mask)(d0 * d0) & (x0 == x0));
    v1 += (Pair)((Mask)(d1 * d1) & (x1 == x1));
  }
  s0 = v0[0], s1 = v0[1], s2 = v1[0], s3 = v1[1];
#else
  for (int32_t j = 0; j < n4; j += 4) {
    double t[4];
    for (int q = 0; q < 4; q++) {
      const double d = x[j + q] - p[j + q];
      t[q] = x[j + q] == x[j + q] ? d * d : 0.0;
    }
    s0 += t[0], s1 += t[1], s2 += t[2], s3 += t[3];
  }
#endif
  double* lanes[3] = {&s0, &s1, &s2};
  for (int32_t j = n4; j < n; j++) {
    const double d = x[j] - p[j];
    *lanes[j - n4] += x[j] == x[j] ? d * d : 0.0;
  }
  return (s0 + s2) + (s1 + s3);
}

// Natural logarithm of a normal, finite y > 0 by fdlibm's method (__ieee754_log: y = 2^k·m
// with m in (√2/2, √2], f = m − 1, s = f/(2 + f), log(1 + f) = 2·atanh(s) by a degree-14
// minimax polynomial in s, k·ln2 in two parts), without branches. Only IEEE +, −, ×, ÷ and bit
// operations, so it gives the same bits in C++ and in both WebAssembly builds (the platform
// logarithms may differ in the last place), within 1 ulp of the correctly rounded value, and it
// runs two lanes at a time.
constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01, kLg3 = 2.857142874366239149e-01,
                 kLg4 = 2.222219843214978396e-01, kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                 kLg7 = 1.479819860511658591e-01;
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kTwo52 = 4503599627370496.0;
constexpr double kDblMin = 2.2250738585072014e-308, kDblMax = 1.7976931348623157e308;

inline double logTail(double m, double dk) {
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
}

inline double fastLog(double y) {
  uint64_t b;
  std::memcpy(&b, &y, sizeof b);
  const uint64_t mb = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  const uint64_t eb = (b >> 52) | 0x4330000000000000ULL;
  double m, e;
  std::memcpy(&m, &mb, sizeof m);
  std::memcpy(&e, &eb, sizeof e);
  double dk = (e - kTwo52) - 1023.0;
  if (m > kSqrt2) {
    m *= 0.5;
    dk += 1.0;
  }
  return logTail(m, dk);
}

// One generalised-KL term: (x·log(x/p⁺) − x) + p for observed x (x·log taken as 0 for x <= 0), 0
// for missing x; p⁺ = p with 0 replaced by ε32. Ratios outside the normal range fall back to
// std::log (never in practice).
inline double klTerm(double v, double p) {
  if (!(v == v)) return 0.0;
  const double g = p == 0.0 ? kEps32 : p;
  const double y = v > 0.0 ? v / g : 1.0;
  const double l = (y >= kDblMin && y <= kDblMax) ? fastLog(y) : std::log(y);
  return (v * l - v) + p;
}

#if defined(__GNUC__) || defined(__clang__)
typedef unsigned long long Bits __attribute__((vector_size(16)));

inline Pair select(Mask c, Pair a, Pair b) { return (Pair)(((Mask)a & c) | ((Mask)b & ~c)); }

// klTerm on two lanes (the same operations lane by lane).
inline Pair klPair(Pair v, Pair p) {
  const Pair zero = {0.0, 0.0}, one = {1.0, 1.0}, half = {0.5, 0.5};
  const Pair eps = {kEps32, kEps32};
  const Pair g = p + (Pair)((Mask)eps & (p == zero));
  const Pair y = select(v > zero, v / g, one);
  const Mask ok = (y >= Pair{kDblMin, kDblMin}) & (y <= Pair{kDblMax, kDblMax});
  Pair l;
  if (ok[0] && ok[1]) {
    const Bits b = (Bits)y;
    Pair m = (Pair)((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    Pair dk = ((Pair)((b >> 52) | 0x4330000000000000ULL) - Pair{kTwo52, kTwo52}) - Pair{1023.0, 1023.0};
    const Mask big = m > Pair{kSqrt2, kSqrt2};
    m = m * select(big, half, one);         // m·½ or m·1: exact
    dk = dk + (Pair)((Mask)one & big);      // dk + 1 or dk + 0: exact
    const Pair f = m - one;
    const Pair s = f / (Pair{2.0, 2.0} + f);
    const Pair z = s * s;
    const Pair w = z * z;
    const Pair t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    const Pair t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    const Pair r = t2 + t1;
    const Pair hfsq = half * f * f;
    l = dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  } else {
    for (int q = 0; q < 2; q++) l[q] = ok[q] ? fastLog(y[q]) : std::log(y[q]);
  }
  const Pair t = (v * l - v) + p;
  return (Pair)((Mask)t & (v == v));
}
#endif

// Σ_j klTerm(x[j], p[j]) in the order of sum4.
inline double klRowSum(const double* x, const double* p, int32_t n) {
  const int32_t n4 = n & ~3;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
#if defined(__GNUC__) || defined(__clang__)
  Pair v0 = {0.0, 0.0};
  Pair v1 = {0.0, 0.0};
  for (int32_t j = 0; j < n4; j += 4) {
    v0 += klPair(loadPair(x + j), loadPair(p + j));
    v1 += klPair(loadPair(x + j + 2), loadPair(p + j + 2));
  }
  s0 = v0[0], s1 = v0[1], s2 = v1[0], s3 = v1[1];
#else
  for (int32_t j = 0; j < n4; j += 4) {
    s0 += klTerm(x[j], p[j]);
    s1 += klTerm(x[j + 1], p[j + 1]);
    s2 += klTerm(x[j + 2], p[j + 2]);
    s3 += klTerm(x[j + 3], p[j + 3]);
  }
#endif
  if (n4 < n) s0 += klTerm(x[n4], p[n4]);
  if (n4 + 1 < n) s1 += klTerm(x[n4 + 1], p[n4 + 1]);
  if (n4 + 2 < n) s2 += klTerm(x[n4 + 2], p[n4 + 2]);
  return (s0 + s2) + (s1 + s3);
}

// Which fit statistics evaluate() computes: the checks need only their own objective.
enum class Stats { Frobenius, Kl, All };

// Fit statistics (see nmfObjective). Per row the terms go to `terms` and are summed with
// sum4; rows are added in order. Statistics not asked for are left at 0.
Fit evaluate(const double* x, int32_t m, int32_t n, int32_t k, const double* w, const double* h, Stats what,
             double* wh, double* terms) {
  Fit f;
  for (int32_t i = 0; i < m; i++) {
    const double* xi = x + static_cast<size_t>(i) * n;
    rowProduct<RowOut::Product>(w + static_cast<size_t>(i) * k, h, k, n, wh);
    if (what != Stats::Kl) f.sse += squaredErrorRow(xi, wh, n);
    if (what != Stats::Frobenius) f.kl += klRowSum(xi, wh, n);
    if (what == Stats::All) {
      int32_t observed = 0;
      for (int32_t j = 0; j < n; j++) {
        const bool ok = xi[j] == xi[j];
        observed += ok ? 1 : 0;
        terms[j] = ok ? xi[j] * xi[j] : 0.0;
      }
      f.sumSq += sum4(terms, n);
      f.count += observed;
    }
  }
  return f;
}

struct Work {
  int32_t m, n, k;
  std::vector<double> row;    // kBlock·n: rows of W·H / ratio / imputed x̂
  std::vector<double> terms;  // n: objective terms
  std::vector<double> acc;    // k·n: numerator of the H update
  std::vector<double> gram;   // k·k: HHᵀ, then WᵀW
  std::vector<double> num, den;  // kBlock·k
  std::vector<double> sums;      // k
  std::vector<uint8_t> missing;        // m: row has a NaN
  Work(int32_t m_, int32_t n_, int32_t k_)
      : m(m_), n(n_), k(k_), row(static_cast<size_t>(kBlock) * n_), terms(n_), acc(static_cast<size_t>(k_) * n_),
        gram(static_cast<size_t>(k_) * k_), num(static_cast<size_t>(kBlock) * k_), den(static_cast<size_t>(kBlock) * k_),
        sums(k_), missing(m_) {}
};

// W_i ← W_i ∘ num / (W_i·HHᵀ), a zero denominator replaced by ε32 (den: k scratch).
inline void frobeniusRowUpdate(double* wi, const double* g, int32_t k, const double* num, double* den) {
  for (int32_t a = 0; a < k; a++) {
    double d = wi[0] * g[a];
    for (int32_t b = 1; b < k; b++) d += wi[b] * g[b * k + a];
    den[a] = d == 0.0 ? kEps32 : d;
  }
  for (int32_t a = 0; a < k; a++) wi[a] *= num[a] / den[a];
}

void iterateFrobenius(const double* x, double* w, double* h, Work& s) {
  const int32_t m = s.m, n = s.n, k = s.k;
  double* wh = s.row.data();
  double* acc = s.acc.data();
  double* g = s.gram.data();
  // HHᵀ (symmetric: dot4 is symmetric in its arguments)
  for (int32_t a = 0; a < k; a++)
    for (int32_t b = a; b < k; b++) {
      const double v = dot4(h + static_cast<size_t>(a) * n, h + static_cast<size_t>(b) * n, n);
      g[a * k + b] = v;
      g[b * k + a] = v;
    }
  std::fill(s.acc.begin(), s.acc.end(), 0.0);
  int32_t i = 0;
  const double* rows[kBlock];
  double coef[kBlock];
  double num4[kBlock];
  for (; i + kBlock <= m; i += kBlock) {
    for (int32_t q = 0; q < kBlock; q++) {
      const double* xi = x + static_cast<size_t>(i + q) * n;
      double* buf = wh + static_cast<size_t>(q) * n;
      rows[q] = xi;
      if (s.missing[i + q]) {
        rowProduct<RowOut::FillMissing>(w + static_cast<size_t>(i + q) * k, h, k, n, buf, xi);
        rows[q] = buf;
      }
    }
    for (int32_t a = 0; a < k; a++) {
      dot4x4(rows, h + static_cast<size_t>(a) * n, n, num4);
      for (int32_t q = 0; q < kBlock; q++) s.num[q * k + a] = num4[q];
    }
    for (int32_t q = 0; q < kBlock; q++) {
      double* wi = w + static_cast<size_t>(i + q) * k;
      frobeniusRowUpdate(wi, g, k, s.num.data() + q * k, s.den.data());
      if (s.missing[i + q]) rowProduct<RowOut::FillMissing>(wi, h, k, n, wh + static_cast<size_t>(q) * n, x + static_cast<size_t>(i + q) * n);
    }
    for (int32_t a = 0; a < k; a++) {
      for (int32_t q = 0; q < kBlock; q++) coef[q] = w[static_cast<size_t>(i + q) * k + a];
      axpy4(acc + static_cast<size_t>(a) * n, coef, rows, n);
    }
  }
  for (; i < m; i++) {
    const double* xi = x + static_cast<size_t>(i) * n;
    double* wi = w + static_cast<size_t>(i) * k;
    const double* xr = xi;
    if (s.missing[i]) {
      rowProduct<RowOut::FillMissing>(wi, h, k, n, wh, xi);
      xr = wh;
    }
    for (int32_t a = 0; a < k; a++) s.num[a] = dot4(xr, h + static_cast<size_t>(a) * n, n);
    frobeniusRowUpdate(wi, g, k, s.num.data(), s.den.data());
    if (s.missing[i]) rowProduct<RowOut::FillMissing>(wi, h, k, n, wh, xi);
    for (int32_t a = 0; a < k; a++) axpy(acc + static_cast<size_t>(a) * n, wi[a], xr, n);
  }
  // WᵀW over rows in order
  std::fill(s.gram.begin(), s.gram.end(), 0.0);
  for (int32_t i = 0; i < m; i++) {
    const double* wi = w + static_cast<size_t>(i) * k;
    for (int32_t a = 0; a < k; a++)
      for (int32_t b = 0; b < k; b++) g[a * k + b] += wi[a] * wi[b];
  }
  // H ← H ∘ acc / ((WᵀW)·H), built in acc (every denominator needs the old H), then copied.
  for (int32_t a = 0; a < k; a++) {
    rowProduct<RowOut::Product>(g + static_cast<size_t>(a) * k, h, k, n, wh);
    double* acca = acc + static_cast<size_t>(a) * n;
    const double* ha = h + static_cast<size_t>(a) * n;
    for (int32_t j = 0; j < n; j++) {
      const double d = wh[j] == 0.0 ? kEps32 : wh[j];
      acca[j] = ha[j] * (acca[j] / d);
    }
  }
  std::memcpy(h, acc, sizeof(double) * static_cast<size_t>(k) * n);
}

// One row of X / (W·H) (1 where x is missing) into r.
inline void klRow(const double* xi, const double* wi, const double* h, int32_t k, int32_t n, double* r, bool miss) {
  if (miss) rowProduct<RowOut::RatioMissing>(wi, h, k, n, r, xi);
  else rowProduct<RowOut::Ratio>(wi, h, k, n, r, xi);
}

void iterateKl(const double* x, double* w, double* h, Work& s) {
  const int32_t m = s.m, n = s.n, k = s.k;
  double* r = s.row.data();
  double* acc = s.acc.data();
  for (int32_t a = 0; a < k; a++) {
    const double v = sum4(h + static_cast<size_t>(a) * n, n);
    s.den[a] = v == 0.0 ? kEps32 : v;
  }
  std::fill(s.acc.begin(), s.acc.end(), 0.0);
  int32_t i = 0;
  const double* rows[kBlock];
  double coef[kBlock];
  double num4[kBlock];
  for (; i + kBlock <= m; i += kBlock) {
    const bool anyMissing = (s.missing[i] | s.missing[i + 1] | s.missing[i + 2] | s.missing[i + 3]) != 0;
    const double* xb = x + static_cast<size_t>(i) * n;
    double* wb = w + static_cast<size_t>(i) * k;
    for (int32_t q = 0; q < kBlock; q++) rows[q] = r + static_cast<size_t>(q) * n;
    if (anyMissing) rowProduct4<RowOut::RatioMissing>(wb, h, k, n, r, xb);
    else rowProduct4<RowOut::Ratio>(wb, h, k, n, r, xb);
    for (int32_t a = 0; a < k; a++) {
      dot4x4(rows, h + static_cast<size_t>(a) * n, n, num4);
      for (int32_t q = 0; q < kBlock; q++) s.num[q * k + a] = num4[q];
    }
    for (int32_t q = 0; q < kBlock; q++) {
      double* wi = w + static_cast<size_t>(i + q) * k;
      for (int32_t a = 0; a < k; a++) wi[a] *= s.num[q * k + a] / s.den[a];
    }
    if (anyMissing) rowProduct4<RowOut::RatioMissing>(wb, h, k, n, r, xb);
    else rowProduct4<RowOut::Ratio>(wb, h, k, n, r, xb);
    for (int32_t a = 0; a < k; a++) {
      for (int32_t q = 0; q < kBlock; q++) coef[q] = w[static_cast<size_t>(i + q) * k + a];
      axpy4(acc + static_cast<size_t>(a) * n, coef, rows, n);
    }
  }
  for (; i < m; i++) {
    const double* xi = x + static_cast<size_t>(i) * n;
    double* wi = w + static_cast<size_t>(i) * k;
    const bool miss = s.missing[i] != 0;
    klRow(xi, wi, h, k, n, r, miss);
    for (int32_t a = 0; a < k; a++) s.num[a] = dot4(r, h + static_cast<size_t>(a) * n, n);
    for (int32_t a = 0; a < k; a++) wi[a] *= s.num[a] / s.den[a];
    klRow(xi, wi, h, k, n, r, miss);
    for (int32_t a = 0; a < k; a++) axpy(acc + static_cast<size_t>(a) * n, wi[a], r, n);
  }
  for (int32_t a = 0; a < k; a++) s.sums[a] = 0.0;
  for (int32_t i = 0; i < m; i++) {
    const double* wi = w + static_cast<size_t>(i) * k;
    for (int32_t a = 0; a < k; a++) s.sums[a] += wi[a];
  }
  for (int32_t a = 0; a < k; a++) {
    const double d = s.sums[a] == 0.0 ? 1.0 : s.sums[a];
    double* ha = h + static_cast<size_t>(a) * n;
    const double* acca = acc + static_cast<size_t>(a) * n;
    for (int32_t j = 0; j < n; j++) {
      const double v = ha[j] * (acca[j] / d);
      ha[j] = v < kEps64 ? 0.0 : v;
    }
  }
}

}  // namespace

int32_t nmfMultiplicative(const double* x, int32_t m, int32_t n, int32_t k, double* w, double* h,
                          int32_t objective, int32_t maxIter, double tol, int32_t checkEvery,
                          double* history) {
  if (m < 1 || n < 1 || k < 1 || maxIter < 0 || checkEvery < 1 || (objective != 0 && objective != 1)) {
    throw std::invalid_argument("nmfMultiplicative: bad sizes or options");
  }
  Work s(m, n, k);
  for (int32_t i = 0; i < m; i++) {
    const double* xi = x + static_cast<size_t>(i) * n;
    uint8_t any = 0;
    for (int32_t j = 0; j < n; j++) any |= xi[j] != xi[j] ? 1 : 0;
    s.missing[i] = any;
  }
  const bool kl = objective == 1;
  auto objectiveNow = [&]() {
    Fit f = evaluate(x, m, n, k, w, h, kl ? Stats::Kl : Stats::Frobenius, s.row.data(), s.terms.data());
    return kl ? f.kl : 0.5 * f.sse;
  };
  double obj = objectiveNow();
  int32_t filled = 0;
  history[filled++] = obj;
  const double e0 = std::sqrt(2.0 * obj);
  double previous = e0;
  for (int32_t t = 1; t <= maxIter; t++) {
    if (kl) iterateKl(x, w, h, s);
    else iterateFrobenius(x, w, h, s);
    const bool check = t % checkEvery == 0;
    if (check || t == maxIter) {
      obj = objectiveNow();
      history[filled++] = obj;
    }
    if (check && tol > 0.0) {
      const double e = std::sqrt(2.0 * obj);
      if (e0 == 0.0 || (previous - e) / e0 < tol) return t;
      previous = e;
    }
  }
  return maxIter;
}

void nmfObjective(const double* x, int32_t m, int32_t n, int32_t k, const double* w, const double* h,
                  double* out) {
  if (m < 1 || n < 1 || k < 1) throw std::invalid_argument("nmfObjective: bad sizes");
  std::vector<double> row(n), terms(n);
  Fit f = evaluate(x, m, n, k, w, h, Stats::All, row.data(), terms.data());
  out[0] = f.kl;
  out[1] = f.sse;
  out[2] = f.sumSq;
  out[3] = f.count;
}

}  // namespace epikit
