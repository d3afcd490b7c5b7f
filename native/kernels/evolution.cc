// Cluster-evolution kernels; see evolution.h for the contract. Mirrored operation for
// operation by assembly/kernels/evolution.ts.
#include "kernels/evolution.h"

#include "kernels/exp-kernel.h"

#include <cmath>
#include <limits>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace epikit {

namespace {

// Number of strict-upper-triangle entries n(n−1)/2, rounded up to a multiple of 4 (the
// padding entries are 0 in every buffer, so they add +0 to every sum).
size_t paddedPairs(int32_t n) {
  const size_t nn = static_cast<size_t>(n);
  const size_t pairs = nn * (nn - 1) / 2;
  return (pairs + 3) & ~static_cast<size_t>(3);
}

// maxD(t) = max_i x_i − min_i x_i (= max_ij |x_i − x_j|: rounding is monotone).
double dayRange(const double* x, int32_t n) {
  double lo = x[0];
  double hi = x[0];
  for (int32_t i = 1; i < n; i++) {
    const double v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

// One entry of G: exp(−D²/(2σ²)) with σ = maxD/m, written as exp(−q²/2), q = (D/maxD)·m ∈ [0, m],
// so the argument of exp lies in [−4.5, 0] (NaN only if maxD overflowed to +∞).
inline double gaussEntry(double xi, double xj, double maxD, double md) {
  const double q = (std::fabs(xi - xj) / maxD) * md;
  return expKernel(-(q * q) * 0.5);
}

#ifdef EPIKIT_EXP_AVX2
// gaussEntry for the pairs (i, j .. j + len − 1) of a row, four per AVX2 register (the same
// operations per lane: sub, |·| by clearing the sign bit, div, mul, negate by flipping it, mul,
// expKernelAvx2); a group with an argument outside expKernelAvx2's range (never for finite
// maxD) and the last len mod 4 entries go through the scalar expKernel.
__attribute__((target("avx2"))) void gaussRowAvx2(double xi, const double* xj, size_t len, double maxD, double md,
                                                  double* out) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d vxi = _mm256_set1_pd(xi), vmaxD = _mm256_set1_pd(maxD), vmd = _mm256_set1_pd(md);
  const __m256d half = _mm256_set1_pd(0.5);
  size_t e = 0;
  for (; e + 4 <= len; e += 4) {
    const __m256d d = _mm256_andnot_pd(sign, _mm256_sub_pd(vxi, _mm256_loadu_pd(xj + e)));
    const __m256d q = _mm256_mul_pd(_mm256_div_pd(d, vmaxD), vmd);
    const __m256d a = _mm256_mul_pd(_mm256_xor_pd(_mm256_mul_pd(q, q), sign), half);
    if (expInRangeAvx2(a)) {
      _mm256_storeu_pd(out + e, expKernelAvx2(a));
    } else {
      alignas(32) double t[4];
      _mm256_store_pd(t, a);
      for (int l = 0; l < 4; l++) out[e + l] = expKernel(t[l]);
    }
  }
  for (; e < len; e++) out[e] = gaussEntry(xi, xj[e], maxD, md);
}

// exp of x[0 .. len) four at a time (groups out of range through expKernel); returns how many
// entries it wrote (len rounded down to a multiple of 4).
__attribute__((target("avx2"))) size_t expArrayAvx2(const double* x, size_t len, double* out) {
  size_t e = 0;
  for (; e + 4 <= len; e += 4) {
    const __m256d a = _mm256_loadu_pd(x + e);
    if (expInRangeAvx2(a)) {
      _mm256_storeu_pd(out + e, expKernelAvx2(a));
    } else {
      for (int l = 0; l < 4; l++) out[e + l] = expKernel(x[e + l]);
    }
  }
  return e;
}
#endif

// out[e] = gaussEntry(xi, xj[e]) for e < len, on the widest vectors the CPU has when `vector`
// (the same bits on every path).
void gaussRow(double xi, const double* xj, size_t len, double maxD, double md, bool vector, double* out) {
#ifdef EPIKIT_EXP_AVX2
  if (vector && expHaveAvx2()) {
    gaussRowAvx2(xi, xj, len, maxD, md, out);
    return;
  }
#endif
  (void)vector;
  for (size_t e = 0; e < len; e++) out[e] = gaussEntry(xi, xj[e], maxD, md);
}

// Entries p0 .. p0+count−1 of the strict upper triangle of Aff(t) or G(t) (pairs i < j, row by
// row), where (i0, j0) is the pair of entry p0; entries past the triangle are 0. `vector`:
// Gaussian rows on AVX2 when available (false only from the test hook evolutionMatrixRange).
void fillRange(const double* x, int32_t n, int32_t matrix, int32_t m, double maxD, int32_t i0, int32_t j0,
               size_t count, double* buf, bool vector = true) {
  size_t p = 0;
  int32_t i = i0;
  int32_t j = j0;
  const double md = static_cast<double>(m);
  while (p < count && i < n - 1) {
    const double xi = x[i];
    if (!(maxD > 0.0)) {
      for (; j < n && p < count; j++) buf[p++] = 1.0;
    } else if (matrix == EVOLUTION_AFF) {
      for (; j < n && p < count; j++) buf[p++] = 1.0 - std::fabs(xi - x[j]) / maxD;
    } else {
      const size_t rowLeft = static_cast<size_t>(n - j);
      const size_t len = rowLeft < count - p ? rowLeft : count - p;
      gaussRow(xi, x + j, len, maxD, md, vector, buf + p);
      p += len;
      j += static_cast<int32_t>(len);
    }
    if (j == n) {
      i++;
      j = i + 1;
    }
  }
  for (; p < count; p++) buf[p] = 0.0;
}

// The strict upper triangle of M(t) (pairs i < j, row by row) into buf[0 .. P4): Adj from the
// labels, Aff / G as fillRange from entry 0.
void fillDay(const double* x, const int32_t* lab, int32_t n, int32_t matrix, int32_t m, double* buf, size_t P4) {
  if (matrix != EVOLUTION_ADJ) {
    fillRange(x, n, matrix, m, dayRange(x, n), 0, 1, P4, buf);
    return;
  }
  size_t p = 0;
  for (int32_t i = 0; i < n; i++) {
    const int32_t li = lab[i];
    for (int32_t j = i + 1; j < n; j++) buf[p++] = lab[j] == li ? 1.0 : 0.0;
  }
  for (; p < P4; p++) buf[p] = 0.0;
}

// Moves the pair (i, j) of the strict upper triangle `steps` entries forward (row by row).
void advancePair(int32_t n, int32_t& i, int32_t& j, size_t steps) {
  while (i < n - 1 && steps >= static_cast<size_t>(n - j)) {
    steps -= static_cast<size_t>(n - j);
    i++;
    j = i + 1;
  }
  if (i < n - 1) j += static_cast<int32_t>(steps);
}

// lanes[k] += Σ |a_p − b_p| over p ≡ k (mod 4), p = 0..C−1 in order (C a multiple of 4).
void addAbsDiff(const double* a, const double* b, size_t C, double* lanes) {
  double s0 = lanes[0], s1 = lanes[1], s2 = lanes[2], s3 = lanes[3];
  for (size_t p = 0; p < C; p += 4) {
    s0 += std::fabs(a[p] - b[p]);
    s1 += std::fabs(a[p + 1] - b[p + 1]);
    s2 += std::fabs(a[p + 2] - b[p + 2]);
    s3 += std::fabs(a[p + 3] - b[p + 3]);
  }
  lanes[0] = s0;
  lanes[1] = s1;
  lanes[2] = s2;
  lanes[3] = s3;
}

// lanes[k] += Σ (a_p − b_p)², same order as addAbsDiff.
void addSqDiff(const double* a, const double* b, size_t C, double* lanes) {
  double s0 = lanes[0], s1 = lanes[1], s2 = lanes[2], s3 = lanes[3];
  for (size_t p = 0; p < C; p += 4) {
    const double d0 = a[p] - b[p];
    const double d1 = a[p + 1] - b[p + 1];
    const double d2 = a[p + 2] - b[p + 2];
    const double d3 = a[p + 3] - b[p + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  lanes[0] = s0;
  lanes[1] = s1;
  lanes[2] = s2;
  lanes[3] = s3;
}

// addAbsDiff / addSqDiff for four lags at once: lanes + 4·r receives the sums of a against br
// (r = 0..3), each lane in the same order as one addAbsDiff call, so the results are the same;
// sharing the loads of a and running 16 independent sums (not 4) hides the add latency.
template <bool L1>
void addDiff4(const double* a, const double* b0, const double* b1, const double* b2, const double* b3, size_t C,
              double* lanes) {
  double s[16];
  for (int q = 0; q < 16; q++) s[q] = lanes[q];
  const double* bs[4] = {b0, b1, b2, b3};
  for (size_t p = 0; p < C; p += 4) {
    const double a0 = a[p], a1 = a[p + 1], a2 = a[p + 2], a3 = a[p + 3];
    for (int r = 0; r < 4; r++) {
      const double* b = bs[r] + p;
      const double d0 = a0 - b[0];
      const double d1 = a1 - b[1];
      const double d2 = a2 - b[2];
      const double d3 = a3 - b[3];
      if (L1) {
        s[4 * r] += std::fabs(d0);
        s[4 * r + 1] += std::fabs(d1);
        s[4 * r + 2] += std::fabs(d2);
        s[4 * r + 3] += std::fabs(d3);
      } else {
        s[4 * r] += d0 * d0;
        s[4 * r + 1] += d1 * d1;
        s[4 * r + 2] += d2 * d2;
        s[4 * r + 3] += d3 * d3;
      }
    }
  }
  for (int q = 0; q < 16; q++) lanes[q] = s[q];
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EPIKIT_EVOLUTION_AVX2 1
// addDiff4 with one AVX2 register per lag: register r holds lanes 4r..4r+3, each lane receives
// exactly the operations of the scalar version in the same order (sub, |·| by clearing the sign
// bit, add; mul then add for the squares — no FMA), so the sums are bit-identical.
template <bool L1>
__attribute__((target("avx2"))) void addDiff4Avx2(const double* a, const double* b0, const double* b1,
                                                  const double* b2, const double* b3, size_t C, double* lanes) {
  __m256d s0 = _mm256_loadu_pd(lanes);
  __m256d s1 = _mm256_loadu_pd(lanes + 4);
  __m256d s2 = _mm256_loadu_pd(lanes + 8);
  __m256d s3 = _mm256_loadu_pd(lanes + 12);
  const __m256d sign = _mm256_set1_pd(-0.0);
  for (size_t p = 0; p < C; p += 4) {
    const __m256d va = _mm256_loadu_pd(a + p);
    const __m256d d0 = _mm256_sub_pd(va, _mm256_loadu_pd(b0 + p));
    const __m256d d1 = _mm256_sub_pd(va, _mm256_loadu_pd(b1 + p));
    const __m256d d2 = _mm256_sub_pd(va, _mm256_loadu_pd(b2 + p));
    const __m256d d3 = _mm256_sub_pd(va, _mm256_loadu_pd(b3 + p));
    if (L1) {
      s0 = _mm256_add_pd(s0, _mm256_andnot_pd(sign, d0));
      s1 = _mm256_add_pd(s1, _mm256_andnot_pd(sign, d1));
      s2 = _mm256_add_pd(s2, _mm256_andnot_pd(sign, d2));
      s3 = _mm256_add_pd(s3, _mm256_andnot_pd(sign, d3));
    } else {
      s0 = _mm256_add_pd(s0, _mm256_mul_pd(d0, d0));
      s1 = _mm256_add_pd(s1, _mm256_mul_pd(d1, d1));
      s2 = _mm256_add_pd(s2, _mm256_mul_pd(d2, d2));
      s3 = _mm256_add_pd(s3, _mm256_mul_pd(d3, d3));
    }
  }
  _mm256_storeu_pd(lanes, s0);
  _mm256_storeu_pd(lanes + 4, s1);
  _mm256_storeu_pd(lanes + 8, s2);
  _mm256_storeu_pd(lanes + 12, s3);
}

bool haveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2") != 0;
  return yes;
}
#endif

// addDiff4 on the widest vectors the CPU has (same results on every path).
template <bool L1>
inline void addDiff4Best(const double* a, const double* b0, const double* b1, const double* b2, const double* b3,
                         size_t C, double* lanes) {
#ifdef EPIKIT_EVOLUTION_AVX2
  if (haveAvx2()) {
    addDiff4Avx2<L1>(a, b0, b1, b2, b3, C, lanes);
    return;
  }
#endif
  addDiff4<L1>(a, b0, b1, b2, b3, C, lanes);
}

// Stable counting sort of one day's labels (in [0, n)): ord = members by label, sorted =
// their labels; returns Σ_a n_a². cnt: n + 1 scratch ints.
int64_t sortDay(const int32_t* lab, size_t n, int32_t* ord, int32_t* sorted, int32_t* cnt) {
  for (size_t i = 0; i <= n; i++) cnt[i] = 0;
  for (size_t i = 0; i < n; i++) cnt[static_cast<size_t>(lab[i]) + 1]++;
  int64_t q = 0;
  for (size_t a = 1; a <= n; a++) {
    const int64_t c = cnt[a];
    q += c * c;
    cnt[a] += cnt[a - 1];  // cnt[a] = first position of label a after the loop
  }
  for (size_t i = 0; i < n; i++) {
    const size_t a = static_cast<size_t>(lab[i]);
    const int32_t at = cnt[a]++;
    ord[at] = static_cast<int32_t>(i);
    sorted[at] = lab[i];
  }
  return q;
}

// Σ_{a,b} c_ab² for the contingency table of a sorted day (ord, sorted) against labels lt:
// within each cluster a, count its members' labels b; raising a count from v to v + 1 adds
// (v + 1)² − v² = 2v + 1. cnt: n zeros on entry and on exit.
int64_t sumSquaredContingency(const int32_t* ord, const int32_t* sorted, const int32_t* lt, size_t n, int32_t* cnt) {
  int64_t c2 = 0;
  size_t cs = 0;
  for (size_t p = 0; p < n; p++) {
    if (p > 0 && sorted[p] != sorted[p - 1]) {
      for (size_t r = cs; r < p; r++) cnt[lt[ord[r]]] = 0;
      cs = p;
    }
    const size_t b = static_cast<size_t>(lt[ord[p]]);
    const int64_t v = cnt[b];
    c2 += 2 * v + 1;
    cnt[b] = static_cast<int32_t>(v + 1);
  }
  for (size_t r = cs; r < n; r++) cnt[lt[ord[r]]] = 0;
  return c2;
}

// The objective's term for one (t, τ): the full-matrix norm from the sum over the strict
// upper triangle (every i ≠ j entry appears twice, the diagonal contributes 0), / n².
inline double termValue(double halfSum, int32_t norm, int32_t perEntry, double scale) {
  double v = norm == EVOLUTION_L1 ? 2.0 * halfSum : std::sqrt(2.0 * halfSum);
  if (perEntry != 0) v = v / scale;
  return v;
}

}  // namespace

void adjacencyDistances(const int32_t* labels, int32_t T, int32_t n, double* out) {
  const size_t nn = static_cast<size_t>(n);
  const size_t TT = static_cast<size_t>(T);
  // Per day: members ordered by label, their labels, Σ_a n_a².
  std::vector<int32_t> ord(TT * nn);
  std::vector<int32_t> sorted(TT * nn);
  std::vector<int64_t> sq(TT);
  std::vector<int32_t> cnt(nn + 1, 0);
  for (size_t s = 0; s < TT; s++) sq[s] = sortDay(labels + s * nn, nn, ord.data() + s * nn, sorted.data() + s * nn, cnt.data());
  for (size_t i = 0; i <= nn; i++) cnt[i] = 0;
  size_t idx = 0;
  for (size_t s = 0; s + 1 < TT; s++) {
    for (size_t t = s + 1; t < TT; t++) {
      const int64_t c2 = sumSquaredContingency(ord.data() + s * nn, sorted.data() + s * nn, labels + t * nn, nn, cnt.data());
      out[idx++] = std::sqrt(static_cast<double>(sq[s] + sq[t] - 2 * c2));
    }
  }
}

void offsetObjective(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY, int32_t T,
                     int32_t n, int32_t matrix, int32_t m, int32_t norm, int32_t perEntry, int32_t start,
                     int32_t tauMax, double* out) {
  offsetObjectiveStarts(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry, &start, 1, tauMax, out);
}

void offsetObjectiveStarts(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY,
                           int32_t T, int32_t n, int32_t matrix, int32_t m, int32_t norm, int32_t perEntry,
                           const int32_t* starts, int32_t nStarts, int32_t tauMax, double* out) {
  const size_t nn = static_cast<size_t>(n);
  const int64_t TT = T;
  int32_t start = starts[0];
  for (int32_t s = 1; s < nStarts; s++) {
    if (starts[s] < start) start = starts[s];
  }
  const size_t D = static_cast<size_t>(TT - start);  // days start .. T−1 (start = the earliest)
  const size_t taus = static_cast<size_t>(tauMax) + 1;
  const double scale = static_cast<double>(n) * static_cast<double>(n);
  // term[(t − start)·taus + τ] = ‖M_X(t) − M_Y(t + τ)‖ / s: the same for every start date.
  std::vector<double> term(D * taus, 0.0);

  if (matrix == EVOLUTION_ADJ) {
    // 0/1 matrices: Σ_ij |Adj_X − Adj_Y| = ‖Adj_X − Adj_Y‖_F² = Σ_a n_a² + Σ_b n_b² − 2 Σ_ab c_ab²,
    // an exact integer (twice the upper-triangle sum), in O(n) per (t, τ).
    std::vector<int32_t> ord(D * nn);
    std::vector<int32_t> sorted(D * nn);
    std::vector<int32_t> tmpOrd(nn);
    std::vector<int32_t> tmpSorted(nn);
    std::vector<int64_t> sqX(D);
    std::vector<int64_t> sqY(D);
    std::vector<int32_t> cnt(nn + 1, 0);
    for (size_t k = 0; k < D; k++) {
      const size_t day = static_cast<size_t>(start) + k;
      sqX[k] = sortDay(labelsX + day * nn, nn, ord.data() + k * nn, sorted.data() + k * nn, cnt.data());
      sqY[k] = sortDay(labelsY + day * nn, nn, tmpOrd.data(), tmpSorted.data(), cnt.data());
    }
    for (size_t i = 0; i <= nn; i++) cnt[i] = 0;
    for (int64_t t = start; t < TT; t++) {
      const size_t k = static_cast<size_t>(t - start);
      for (int64_t tau = 0; tau <= tauMax && t + tau < TT; tau++) {
        const int64_t c2 = sumSquaredContingency(ord.data() + k * nn, sorted.data() + k * nn,
                                                 labelsY + static_cast<size_t>(t + tau) * nn, nn, cnt.data());
        const double d2 = static_cast<double>(sqX[k] + sqY[k + static_cast<size_t>(tau)] - 2 * c2);
        double v = norm == EVOLUTION_L1 ? d2 : std::sqrt(d2);
        if (perEntry != 0) v = v / scale;
        term[k * taus + static_cast<size_t>(tau)] = v;
      }
    }
  } else {
    // Aff / G: the upper triangles are processed in chunks of C entries. For a chunk, the
    // entries of every needed day of X and Y are built once, then every (t, τ) pair of the
    // current block of lags adds its four partial sums (entry p to lane p mod 4, in order);
    // lanes persist across chunks, so the sums do not depend on C or the block size.
    const size_t P4 = paddedPairs(n);
    std::vector<double> maxDX(D);
    std::vector<double> maxDY(D);
    for (size_t k = 0; k < D; k++) {
      maxDX[k] = dayRange(x + (static_cast<size_t>(start) + k) * nn, n);
      maxDY[k] = dayRange(y + (static_cast<size_t>(start) + k) * nn, n);
    }
    uint64_t B = EVOLUTION_LANE_DOUBLES / (4 * static_cast<uint64_t>(D));
    if (B < 1) B = 1;
    if (B > taus) B = taus;
    uint64_t C = EVOLUTION_CHUNK_DOUBLES / (2 * static_cast<uint64_t>(D));
    const uint64_t cacheC = EVOLUTION_CACHE_DOUBLES / B;
    if (cacheC < C) C = cacheC;
    C &= ~static_cast<uint64_t>(3);
    if (C < 4) C = 4;
    if (C > P4) C = P4;
    std::vector<double> bufX(D * static_cast<size_t>(C));
    std::vector<double> bufY(D * static_cast<size_t>(C));
    std::vector<double> lanes(D * static_cast<size_t>(B) * 4);
    const bool l1 = norm == EVOLUTION_L1;
    for (int64_t tau0 = 0; tau0 <= tauMax; tau0 += static_cast<int64_t>(B)) {
      const int64_t end = tau0 + static_cast<int64_t>(B);
      const int64_t tau1 = end < static_cast<int64_t>(tauMax) + 1 ? end : static_cast<int64_t>(tauMax) + 1;
      const int64_t tLast = TT - 1 - tau0;  // last X day with a pair in this block
      if (tLast < start) break;
      for (size_t q = 0; q < lanes.size(); q++) lanes[q] = 0.0;
      int32_t i0 = 0;
      int32_t j0 = 1;
      for (size_t p0 = 0; p0 < P4; p0 += static_cast<size_t>(C)) {
        const size_t cc = P4 - p0 < static_cast<size_t>(C) ? P4 - p0 : static_cast<size_t>(C);
        for (int64_t t = start; t <= tLast; t++) {
          const size_t k = static_cast<size_t>(t - start);
          fillRange(x + static_cast<size_t>(t) * nn, n, matrix, m, maxDX[k], i0, j0, cc, bufX.data() + k * C);
        }
        for (int64_t d = start + tau0; d < TT; d++) {
          const size_t k = static_cast<size_t>(d - start);
          fillRange(y + static_cast<size_t>(d) * nn, n, matrix, m, maxDY[k], i0, j0, cc, bufY.data() + k * C);
        }
        for (int64_t t = start; t <= tLast; t++) {
          const size_t k = static_cast<size_t>(t - start);
          const double* a = bufX.data() + k * C;
          int64_t tau = tau0;
          for (; tau + 3 < tau1 && t + tau + 3 < TT; tau += 4) {
            const double* b = bufY.data() + (k + static_cast<size_t>(tau)) * C;
            double* l = lanes.data() + (k * B + static_cast<size_t>(tau - tau0)) * 4;
            if (l1) {
              addDiff4Best<true>(a, b, b + C, b + 2 * C, b + 3 * C, cc, l);
            } else {
              addDiff4Best<false>(a, b, b + C, b + 2 * C, b + 3 * C, cc, l);
            }
          }
          for (; tau < tau1 && t + tau < TT; tau++) {
            const double* b = bufY.data() + (k + static_cast<size_t>(tau)) * C;
            double* l = lanes.data() + (k * B + static_cast<size_t>(tau - tau0)) * 4;
            if (l1) {
              addAbsDiff(a, b, cc, l);
            } else {
              addSqDiff(a, b, cc, l);
            }
          }
        }
        advancePair(n, i0, j0, cc);
      }
      for (int64_t t = start; t <= tLast; t++) {
        const size_t k = static_cast<size_t>(t - start);
        for (int64_t tau = tau0; tau < tau1 && t + tau < TT; tau++) {
          const double* l = lanes.data() + (k * B + static_cast<size_t>(tau - tau0)) * 4;
          term[k * taus + static_cast<size_t>(tau)] = termValue((l[0] + l[2]) + (l[1] + l[3]), norm, perEntry, scale);
        }
      }
    }
  }
  // Per start date: the terms of t = s .. T−1−τ, added in increasing t (as for a single start).
  for (int32_t s = 0; s < nStarts; s++) {
    const int64_t s0 = starts[s];
    double* o = out + static_cast<size_t>(s) * taus;
    for (int64_t tau = 0; tau <= tauMax; tau++) {
      const int64_t count = TT - tau - s0;
      double acc = 0.0;
      for (int64_t t = s0; t + tau < TT; t++) acc += term[static_cast<size_t>(t - start) * taus + static_cast<size_t>(tau)];
      o[tau] = count > 0 ? acc / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
    }
  }
}

void anomalyScores(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY, int32_t T,
                   int32_t n, int32_t tau, int32_t matrix, int32_t m, double* out) {
  const size_t nn = static_cast<size_t>(n);
  const size_t P4 = paddedPairs(n);
  std::vector<double> bufX(P4);
  std::vector<double> bufY(P4);
  const bool adj = matrix == EVOLUTION_ADJ;
  for (int32_t t = 0; t < T; t++) {
    double* row = out + static_cast<size_t>(t) * nn;
    if (t > T - 1 - tau) {
      for (size_t j = 0; j < nn; j++) row[j] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const size_t u = static_cast<size_t>(t + tau);
    fillDay(x + static_cast<size_t>(t) * nn, adj ? labelsX + static_cast<size_t>(t) * nn : nullptr, n, matrix, m,
            bufX.data(), P4);
    fillDay(y + u * nn, adj ? labelsY + u * nn : nullptr, n, matrix, m, bufY.data(), P4);
    for (size_t j = 0; j < nn; j++) row[j] = 0.0;
    // Row i of the triangle adds Inc_ij to a_i and a_j: every a_j receives its terms in
    // increasing i (first from rows i < j, then from its own row).
    size_t p = 0;
    for (size_t i = 0; i < nn; i++) {
      double ai = row[i];
      for (size_t j = i + 1; j < nn; j++) {
        const double d = std::fabs(bufX[p] - bufY[p]);
        p++;
        ai += d;
        row[j] += d;
      }
      row[i] = ai;
    }
  }
}

void evolutionExp(const double* x, size_t len, int32_t vector, double* out) {
  size_t e = 0;
#ifdef EPIKIT_EXP_AVX2
  if (vector != 0 && expHaveAvx2()) e = expArrayAvx2(x, len, out);
#endif
  (void)vector;
  for (; e < len; e++) out[e] = expKernel(x[e]);
}

void evolutionMatrixRange(const double* x, int32_t n, int32_t matrix, int32_t m, int32_t i0, int32_t j0,
                          size_t count, int32_t vector, double* out) {
  fillRange(x, n, matrix, m, dayRange(x, n), i0, j0, count, out, vector != 0);
}

}  // namespace epikit
