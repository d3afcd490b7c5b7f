// Optimal 1-D k-means by dynamic programming (Ckmeans.1d.dp). Every step is mirrored in
// assembly/kernels/ckmeans.ts with the same floating-point operations in the same order, so
// both backends return identical labels and k and floats that agree to the last bits.
//
// Notation (0-based, on the sorted data xs[0..n)):
//   S[q][i] = least sum of squares of xs[0..i] in q + 1 clusters,
//   J[q][i] = first index of the last of those clusters (ties: the largest index wins).
//   S[0][i] = ssq(0, i);  S[q][i] = min_{q <= j <= i} S[q-1][j-1] + ssq(j, i)   (section 3.2).
// Only J needs every row (for the backtrack); S lives in two rolling rows.
#include "ckmeans.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace epikit {
namespace {

constexpr double kTwoPi = 2.0 * 3.141592653589793;
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------
// Sorting: the permutation that sorts x by (value, original index). Equal values keep their
// input order, so any correct sort gives the same permutation (the AS kernel uses the same
// radix sort anyway). -0 is mapped to +0 so that the key order is the numeric order.

inline uint64_t orderKey(double v) {
  double z = v == 0 ? 0.0 : v;
  uint64_t b;
  std::memcpy(&b, &z, 8);
  return (b >> 63) != 0 ? ~b : (b | 0x8000000000000000ULL);
}

// A buffer of at least `count` elements, kept between calls (see Work); grows, never shrinks
// while in use, so only the first call of a given size touches fresh pages.
template <typename T>
T* grow(std::vector<T>& v, size_t count) {
  if (v.size() < count) v.resize(count);
  return v.data();
}

struct SortBuffers {
  std::vector<uint64_t> keyA, keyB;
  std::vector<int32_t> idxB, hist;
};

void sortOrder(const double* x, int32_t n, int32_t* perm, SortBuffers& sb) {
  bool sorted = true;
  for (int32_t i = 1; i < n; i++) {
    if (x[i] < x[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    for (int32_t i = 0; i < n; i++) perm[i] = i;
    return;
  }
  uint64_t* keyA = grow(sb.keyA, static_cast<size_t>(n));
  for (int32_t i = 0; i < n; i++) {
    keyA[i] = orderKey(x[i]);
    perm[i] = i;
  }
  if (n <= 64) {  // stable insertion sort
    for (int32_t i = 1; i < n; i++) {
      uint64_t k = keyA[i];
      int32_t id = perm[i];
      int32_t j = i - 1;
      while (j >= 0 && keyA[j] > k) {
        keyA[j + 1] = keyA[j];
        perm[j + 1] = perm[j];
        j--;
      }
      keyA[j + 1] = k;
      perm[j + 1] = id;
    }
    return;
  }
  // LSD radix sort, 6 stable passes of 11 bits; passes where every key has the same digit
  // are skipped.
  const int kBits = 11, kBuckets = 1 << kBits, kPasses = 6;
  int32_t* hist = grow(sb.hist, static_cast<size_t>(kPasses) * kBuckets);
  std::memset(hist, 0, sizeof(int32_t) * kPasses * kBuckets);
  for (int32_t i = 0; i < n; i++) {
    uint64_t k = keyA[i];
    for (int p = 0; p < kPasses; p++) hist[p * kBuckets + static_cast<int>((k >> (p * kBits)) & (kBuckets - 1))]++;
  }
  uint64_t* ks = keyA;
  uint64_t* kd = grow(sb.keyB, static_cast<size_t>(n));
  int32_t* is = perm;
  int32_t* id = grow(sb.idxB, static_cast<size_t>(n));
  for (int p = 0; p < kPasses; p++) {
    int32_t* h = &hist[p * kBuckets];
    int shift = p * kBits;
    if (h[static_cast<int>((ks[0] >> shift) & (kBuckets - 1))] == n) continue;
    int32_t sum = 0;
    for (int b = 0; b < kBuckets; b++) {
      int32_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    for (int32_t i = 0; i < n; i++) {
      uint64_t k = ks[i];
      int32_t pos = h[static_cast<int>((k >> shift) & (kBuckets - 1))]++;
      kd[pos] = k;
      id[pos] = is[i];
    }
    uint64_t* tk = ks;
    ks = kd;
    kd = tk;
    int32_t* ti = is;
    is = id;
    id = ti;
  }
  if (is != perm) std::memcpy(perm, is, sizeof(int32_t) * static_cast<size_t>(n));
}

// ---------------------------------------------------------------------------------------
// Cluster costs from median-shifted prefix sums (section 3.2):
//   p1[i] = sum_{m<i} w_m (x_m - shift),  p2[i] = sum_{m<i} w_m (x_m - shift)^2,
//   cw[i] = sum_{m<i} w_m (= i when unweighted).
// ssq(j, i) = p2[i+1] - p2[j] - (p1[i+1] - p1[j])^2 / (cw[i+1] - cw[j]), clamped at 0.
// Unweighted, the division by the count c = i - j + 1 is a multiplication by inv[c] = 1 / c
// (a table: division is the slowest operation of the inner loops).
//
// Inside one DP row the term p2[i+1] is common to every candidate j, so candidates are
// compared on  f(i, j) = B[j] - (p1[i+1] - p1[j])^2 / c(j, i)  with  B[j] = S[q-1][j-1] - p2[j].

struct Prefix {
  const double* p1;
  const double* p2;
  const double* cw;
  const double* inv;
};

template <bool Weighted>
inline double clusterSsq(const Prefix& pf, int32_t j, int32_t i) {
  double d = pf.p1[i + 1] - pf.p1[j];
  double s;
  if (Weighted) {
    double c = pf.cw[i + 1] - pf.cw[j];
    if (!(c > 0)) return 0.0;
    s = (pf.p2[i + 1] - pf.p2[j]) - d * d / c;
  } else {
    s = (pf.p2[i + 1] - pf.p2[j]) - d * d * pf.inv[i - j + 1];
  }
  return s > 0 ? s : 0.0;
}

template <bool Weighted>
struct RowCost {
  const double* p1;
  const double* cw;
  const double* B;
  const double* inv;
  inline double operator()(int32_t i, int32_t j) const {
    double d = p1[i + 1] - p1[j];
    if (Weighted) {
      double c = cw[i + 1] - cw[j];
      return c > 0 ? B[j] - d * d / c : B[j];
    }
    return B[j] - d * d * inv[i - j + 1];
  }
};

// ---------------------------------------------------------------------------------------
// Row fills. Each writes J[i] (the largest minimising j) for rows i in [q, n); candidates are
// j in [q, i]. All three rely on J[i] being non-decreasing in i (the cost is Monge).

// O(n^2): every candidate of every row.
template <bool W>
void fillQuadratic(const RowCost<W>& f, int32_t q, int32_t n, int32_t* J) {
  for (int32_t i = q; i < n; i++) {
    int32_t best = q;
    double bv = f(i, q);
    for (int32_t j = q + 1; j <= i; j++) {
      double v = f(i, j);
      if (v <= bv) {
        bv = v;
        best = j;
      }
    }
    J[i] = best;
  }
}

// O(n log n): solve the middle row over [jlo, min(jhi, mid)], then each half within the
// argmin bounds it implies; rows between two rows with the same argmin share it.
template <bool W>
void fillDivide(const RowCost<W>& f, int32_t ilo, int32_t ihi, int32_t jlo, int32_t jhi, int32_t* J) {
  while (ilo <= ihi) {
    if (jlo == jhi) {
      for (int32_t i = ilo; i <= ihi; i++) J[i] = jlo;
      return;
    }
    int32_t mid = ilo + ((ihi - ilo) >> 1);
    int32_t top = jhi < mid ? jhi : mid;
    int32_t best = jlo;
    double bv = f(mid, jlo);
    for (int32_t j = jlo + 1; j <= top; j++) {
      double v = f(mid, j);
      if (v <= bv) {
        bv = v;
        best = j;
      }
    }
    J[mid] = best;
    // recurse on the smaller half, loop on the larger (bounded stack depth)
    if (mid - ilo < ihi - mid) {
      fillDivide(f, ilo, mid - 1, jlo, best, J);
      ilo = mid + 1;
      jlo = best;
    } else {
      fillDivide(f, mid + 1, ihi, best, jhi, J);
      ihi = mid - 1;
      jhi = best;
    }
  }
}

// O(n): SMAWK (Aggarwal, Klawe, Moran, Shor & Wilber 1987) on rows
// rowStart + t * rowStep (t < rowCount) with the sorted candidate columns cols[0..ncols).
// Column j is not allowed in row i < j; there it loses every comparison (as if its entry were
// +infinity, growing with j), which keeps the matrix totally monotone. Ties go to the larger
// column, so REDUCE pops on "<=" and the scans update on "<=".
//   scratch: room for the reduced column lists of every level (n ints in total)
//   vals:    M(row of stack slot, column in that slot) during REDUCE (n doubles)
template <bool W>
void smawk(const RowCost<W>& f, int32_t rowStart, int32_t rowStep, int32_t rowCount, const int32_t* cols,
           int32_t ncols, int32_t* scratch, double* vals, int32_t* J) {
  if (rowCount <= 0) return;
  const int32_t* kept = cols;
  int32_t nk = ncols;
  if (ncols > rowCount) {
    // REDUCE: keep at most rowCount columns that can still hold a row's minimum.
    int32_t* stk = scratch;
    int32_t m = 0;
    for (int32_t t = 0; t < ncols; t++) {
      int32_t c = cols[t];
      while (m > 0) {
        int32_t r = rowStart + (m - 1) * rowStep;
        if (c <= r && f(r, c) <= vals[m - 1]) {
          m--;
        } else {
          break;
        }
      }
      if (m < rowCount) {
        int32_t r = rowStart + m * rowStep;
        stk[m] = c;
        vals[m] = c <= r ? f(r, c) : kInf;
        m++;
      }
    }
    kept = stk;
    nk = m;
    scratch += m;
  }
  if (rowCount >= 2) smawk(f, rowStart + rowStep, rowStep * 2, rowCount / 2, kept, nk, scratch, vals, J);
  // Even rows: the minimum lies between the minima of the odd rows around it (a single
  // candidate needs no evaluation).
  int32_t pos = 0;
  for (int32_t t = 0; t < rowCount; t += 2) {
    int32_t i = rowStart + t * rowStep;
    int32_t hi = t + 1 < rowCount ? J[i + rowStep] : kept[nk - 1];
    int32_t last = hi < i ? hi : i;
    int32_t best = kept[pos];
    if (pos + 1 < nk && kept[pos + 1] <= last) {
      double bv = f(i, best);
      for (int32_t p = pos + 1; p < nk; p++) {
        int32_t c = kept[p];
        if (c > last) break;
        double v = f(i, c);
        if (v <= bv) {
          bv = v;
          best = c;
        }
      }
    }
    J[i] = best;
    if (t + 1 < rowCount) {
      while (pos < nk - 1 && kept[pos] != hi) pos++;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Scratch of one call. It lives in a thread_local cache between calls: fresh allocations of
// this size come from mmap, and first-touch page faults cost more than the whole programme at
// n = 10^5 (the WebAssembly memory is reused the same way). Released when above kKeepBytes.
struct Work {
  int32_t n = 0;
  const double* p1 = nullptr;
  const double* p2 = nullptr;
  const double* cw = nullptr;
  const double* inv = nullptr;
  const int32_t* perm = nullptr;  // sorting permutation: xs[i] = x[perm[i]]
  const double* xs = nullptr;
  const double* ws = nullptr;     // sorted weights, nullptr when unweighted
  std::vector<double> xsBuf, wsBuf, p1Buf, p2Buf, cwBuf, invBuf, sA, sB, Bbuf, valsBuf;
  std::vector<int32_t> permBuf, colsBuf, scratchBuf, Jbuf;  // Jbuf: (kMax - 2) rows of n, row q at (q - 1) * n
  SortBuffers sort;
  int32_t* J = nullptr;

  size_t bytes() const {
    return 8 * (xsBuf.size() + wsBuf.size() + p1Buf.size() + p2Buf.size() + cwBuf.size() + invBuf.size() + sA.size() +
                sB.size() + Bbuf.size() + valsBuf.size() + sort.keyA.size() + sort.keyB.size()) +
           4 * (permBuf.size() + colsBuf.size() + scratchBuf.size() + Jbuf.size() + sort.idxB.size() + sort.hist.size());
  }
};

constexpr size_t kKeepBytes = size_t(256) << 20;

// The last row q of a programme for q + 1 clusters, at i = n - 1 only: a full scan of the
// candidates j in [q, n - 1], ties to the largest j. B must hold row q's B[j].
template <bool W>
int32_t lastRowArgmin(const RowCost<W>& f, int32_t q, int32_t n) {
  int32_t best = q;
  double bv = f(n - 1, q);
  for (int32_t j = q + 1; j < n; j++) {
    double v = f(n - 1, j);
    if (v <= bv) {
      bv = v;
      best = j;
    }
  }
  return best;
}

// The dynamic programme for kMax clusters: rows 1 .. kMax-2 of J in full (row 0 is all 0),
// the last row only at i = n - 1 (returned). S lives in two rolling rows.
// lastJs (nullptr, or kMax + 1 entries): lastJs[k] for k = 2 .. kMax receives the last-row
// argmin of the programme for k clusters. Rows 1 .. k - 2 of that programme are the rows
// 1 .. k - 2 computed here (row q depends only on rows < q), and its last row is the same
// single scan, made here with row k - 1's B before that row is filled in full — so
// lastJs[k] is, by construction, the value fillDP(wk, k, method, nullptr) returns (the full
// row's J[k - 1][n - 1] may differ from it in ties).
template <bool W>
int32_t fillDP(Work& wk, int32_t kMax, int32_t method, int32_t* lastJs) {
  const int32_t n = wk.n;
  Prefix pf{wk.p1, wk.p2, wk.cw, wk.inv};
  double* sPrev = grow(wk.sA, static_cast<size_t>(n));
  double* sCur = grow(wk.sB, static_cast<size_t>(n));
  double* B = grow(wk.Bbuf, static_cast<size_t>(n));
  for (int32_t i = 0; i < n; i++) sPrev[i] = clusterSsq<W>(pf, 0, i);
  if (kMax == 1) return 0;
  RowCost<W> f{wk.p1, wk.cw, B, wk.inv};
  for (int32_t q = 1; q < kMax - 1; q++) {
    for (int32_t j = q; j < n; j++) B[j] = sPrev[j - 1] - pf.p2[j];
    if (lastJs != nullptr) lastJs[q + 1] = lastRowArgmin(f, q, n);
    int32_t* J = wk.J + static_cast<size_t>(q - 1) * n;
    if (method == CKMEANS_QUADRATIC) {
      fillQuadratic(f, q, n, J);
    } else if (method == CKMEANS_LOGLINEAR) {
      fillDivide(f, q, n - 1, q, n - 1, J);
    } else {
      int32_t* cols = wk.colsBuf.data();
      for (int32_t j = q; j < n; j++) cols[j - q] = j;
      smawk(f, q, 1, n - q, cols, n - q, wk.scratchBuf.data(), wk.valsBuf.data(), J);
    }
    for (int32_t i = q; i < n; i++) sCur[i] = sPrev[J[i] - 1] + clusterSsq<W>(pf, J[i], i);
    double* t = sPrev;
    sPrev = sCur;
    sCur = t;
  }
  // Last row, i = n - 1 only.
  const int32_t q = kMax - 1;
  for (int32_t j = q; j < n; j++) B[j] = sPrev[j - 1] - pf.p2[j];
  const int32_t best = lastRowArgmin(f, q, n);
  if (lastJs != nullptr) lastJs[kMax] = best;
  return best;
}

// First index of each of the K clusters of the optimal K-partition (starts[K] = n).
void clusterStarts(const Work& wk, int32_t kMaxUsed, int32_t lastJ, int32_t K, int32_t* starts) {
  const int32_t n = wk.n;
  int32_t right = n - 1;
  starts[K] = n;
  for (int32_t q = K - 1; q >= 1; q--) {
    int32_t left = q == kMaxUsed - 1 ? lastJ : wk.J[static_cast<size_t>(q - 1) * n + right];
    starts[q] = left;
    right = left - 1;
  }
  starts[0] = 0;
}

// BIC of the K-cluster solution as a Gaussian mixture (section 3.5, Ckmeans.1d.dp 4.3.5
// select_levels / select_levels_weighted):
//   lambda_k = n_k / N (W_k / W), mu_k and sigma2_k from the median-shifted cluster data with
//   the sample-variance denominator (n_k - 1, or (n_k - 1) W_k / n_k when weighted);
//   sigma2_k = 0 -> d_min^2 / 36, n_k = 1 -> d_min^2, d_min = gap to the nearest neighbour
//   point; L = sum_i w_i log sum_k lambda_k N(x_i; mu_k, sigma2_k); BIC = 2L - (3K - 1) log N (W).
// Guards the reference lacks (only reachable with zero weights or round-off): a cluster of zero
// weight leaves the mixture; a zero or missing d_min becomes gmin, the smallest positive gap of
// the data; a mixture density that underflows to 0 is summed as log-sum-exp.
double mixtureBic(const double* xs, const double* ws, int32_t n, const int32_t* starts, int32_t K, double gmin,
                  double* mu, double* var, double* coeff, double* logc) {
  double wTot = 0;
  if (ws != nullptr) {
    for (int32_t k = 0; k < K; k++) {
      double wk = 0;
      for (int32_t i = starts[k]; i < starts[k + 1]; i++) wk += ws[i];
      coeff[k] = wk;  // W_k, replaced by the coefficient below
      wTot += wk;
    }
  }
  for (int32_t k = 0; k < K; k++) {
    int32_t left = starts[k], right = starts[k + 1] - 1;
    int32_t nk = right - left + 1;
    double median = xs[left + ((right - left) >> 1)];
    double sum = 0, sumsq = 0, lambda, v = 0;
    if (ws == nullptr) {
      for (int32_t i = left; i <= right; i++) {
        double d = xs[i] - median;
        sum += d;
        sumsq += d * d;
      }
      mu[k] = sum / nk + median;
      if (nk > 1) v = (sumsq - sum * sum / nk) / (nk - 1);
      lambda = nk / static_cast<double>(n);
    } else {
      double wk = coeff[k];
      if (!(wk > 0)) {  // zero weight: not part of the mixture
        coeff[k] = 0;
        logc[k] = -kInf;
        mu[k] = 0;
        var[k] = 1;
        continue;
      }
      for (int32_t i = left; i <= right; i++) {
        double d = xs[i] - median;
        double wd = ws[i] * d;
        sum += wd;
        sumsq += wd * d;
      }
      mu[k] = sum / wk + median;
      if (nk > 1) v = (sumsq - sum * sum / wk) / ((nk - 1) * wk / nk);
      lambda = wk / wTot;
    }
    if (!(v > 0) || nk == 1) {
      double dmin;
      if (left > 0 && right < n - 1) {
        double a = xs[left] - xs[left - 1], b = xs[right + 1] - xs[right];
        dmin = a < b ? a : b;
      } else if (left > 0) {
        dmin = xs[left] - xs[left - 1];
      } else if (right < n - 1) {
        dmin = xs[right + 1] - xs[right];
      } else {
        dmin = gmin;
      }
      if (!(dmin > 0)) dmin = gmin;
      if (!(v > 0)) v = dmin * dmin / 4.0 / 9.0;
      if (nk == 1) v = dmin * dmin;
    }
    var[k] = v;
    coeff[k] = lambda / std::sqrt(kTwoPi * v);
    logc[k] = std::log(coeff[k]);
  }
  double loglik = 0;
  for (int32_t i = 0; i < n; i++) {
    double wi = ws == nullptr ? 1.0 : ws[i];
    if (wi == 0) continue;
    double x = xs[i];
    double L = 0;
    for (int32_t k = 0; k < K; k++) {
      if (coeff[k] == 0) continue;
      double d = x - mu[k];
      L += coeff[k] * std::exp(-(d * d) / (2.0 * var[k]));
    }
    double lg;
    if (L > 0 && L < kInf) {
      lg = std::log(L);
    } else {  // underflow: log-sum-exp
      double m = -kInf;
      for (int32_t k = 0; k < K; k++) {
        if (coeff[k] == 0) continue;
        double d = x - mu[k];
        double t = logc[k] - (d * d) / (2.0 * var[k]);
        if (t > m) m = t;
      }
      double s = 0;
      for (int32_t k = 0; k < K; k++) {
        if (coeff[k] == 0) continue;
        double d = x - mu[k];
        s += std::exp(logc[k] - (d * d) / (2.0 * var[k]) - m);
      }
      lg = m + std::log(s);
    }
    loglik += ws == nullptr ? lg : wi * lg;
  }
  double logN = std::log(ws == nullptr ? static_cast<double>(n) : wTot);
  return 2.0 * loglik - (3.0 * K - 1.0) * logN;
}

// Sorts x (and w) into wk, counts the distinct values u (-0 and +0 as one; returned), finds
// the smallest positive gap (gmin) and builds the median-shifted prefix sums (section 3.2).
int32_t prepare(Work& wk, const double* x, const double* w, int32_t n, double* gminOut) {
  wk.n = n;
  const size_t N = static_cast<size_t>(n);
  int32_t* perm = grow(wk.permBuf, N);
  sortOrder(x, n, perm, wk.sort);
  double* xs = grow(wk.xsBuf, N);
  for (int32_t i = 0; i < n; i++) xs[i] = x[perm[i]];
  double* wsp = nullptr;
  if (w != nullptr) {
    wsp = grow(wk.wsBuf, N);
    for (int32_t i = 0; i < n; i++) wsp[i] = w[perm[i]];
  }
  wk.perm = perm;
  wk.xs = xs;
  wk.ws = wsp;

  // Distinct values and the smallest positive gap.
  int32_t unique = 1;
  double gmin = kInf;
  for (int32_t i = 1; i < n; i++) {
    if (xs[i] != xs[i - 1]) {
      unique++;
      double g = xs[i] - xs[i - 1];
      if (g < gmin) gmin = g;
    }
  }
  *gminOut = gmin;

  // Prefix sums around the median (section 3.2).
  const double shift = xs[n >> 1];
  double* p1 = grow(wk.p1Buf, N + 1);
  double* p2 = grow(wk.p2Buf, N + 1);
  double* cw = nullptr;
  double* inv = nullptr;
  p1[0] = 0.0;
  p2[0] = 0.0;
  if (wsp != nullptr) {
    cw = grow(wk.cwBuf, N + 1);
    cw[0] = 0.0;
    for (int32_t i = 0; i < n; i++) {
      double d = xs[i] - shift;
      double wd = wsp[i] * d;
      p1[i + 1] = p1[i] + wd;
      p2[i + 1] = p2[i] + wd * d;
      cw[i + 1] = cw[i] + wsp[i];
    }
  } else {
    inv = grow(wk.invBuf, N + 1);
    inv[0] = 0.0;
    for (int32_t c = 1; c <= n; c++) inv[c] = 1.0 / static_cast<double>(c);
    for (int32_t i = 0; i < n; i++) {
      double d = xs[i] - shift;
      p1[i + 1] = p1[i] + d;
      p2[i + 1] = p2[i] + d * d;
    }
  }
  wk.p1 = p1;
  wk.p2 = p2;
  wk.cw = cw;
  wk.inv = inv;
  return unique;
}

// Scratch for a programme of kMaxUsed clusters, then the fill (see fillDP; lastJs may be
// nullptr). Returns the last-row argmin (0 when kMaxUsed < 2: nothing to fill).
int32_t runDP(Work& wk, int32_t kMaxUsed, int32_t method, int32_t* lastJs) {
  if (kMaxUsed < 2) return 0;
  const size_t N = static_cast<size_t>(wk.n);
  if (method == CKMEANS_LINEAR && kMaxUsed >= 3) {
    grow(wk.colsBuf, N);
    grow(wk.scratchBuf, N);
    grow(wk.valsBuf, N);
  }
  wk.J = kMaxUsed >= 3 ? grow(wk.Jbuf, static_cast<size_t>(kMaxUsed - 2) * N) : nullptr;
  return wk.ws != nullptr ? fillDP<true>(wk, kMaxUsed, method, lastJs) : fillDP<false>(wk, kMaxUsed, method, lastJs);
}

// labels[perm[i]] = cluster of sorted position i, for the K clusters starting at starts[].
void writeLabels(const int32_t* perm, const int32_t* starts, int32_t K, int32_t* labels) {
  for (int32_t k = 0; k < K; k++) {
    for (int32_t i = starts[k]; i < starts[k + 1]; i++) labels[perm[i]] = k;
  }
}

// The scratch cache of this thread, shared by both kernels.
Work& threadWork() {
  thread_local Work cache;
  return cache;
}

// Drops very large scratch after a call (also on exceptions).
struct Release {
  Work& w;
  ~Release() {
    if (w.bytes() > kKeepBytes) w = Work();
  }
};

}  // namespace

int32_t ckmeans(const double* x, const double* w, int32_t n, int32_t kMin, int32_t kMax, int32_t method,
                int32_t* labels, double* centers, double* withinss, double* sizes, double* bic,
                int32_t* distinct) {
  if (w != nullptr) {
    double tot = 0;
    for (int32_t i = 0; i < n; i++) tot += w[i];
    if (!(tot > 0)) return 0;
  }
  Work& wk = threadWork();
  Release release{wk};
  double gmin = kInf;
  const int32_t unique = prepare(wk, x, w, n, &gmin);
  distinct[0] = unique;
  const int32_t kMaxUsed = kMax < unique ? kMax : unique;
  const int32_t* perm = wk.perm;
  const double* xs = wk.xs;
  const double* wsp = wk.ws;
  const int32_t lastJ = runDP(wk, kMaxUsed, method, nullptr);

  std::vector<int32_t> starts(static_cast<size_t>(kMaxUsed) + 1);
  int32_t kOpt = kMaxUsed;
  if (bic != nullptr) {
    const int32_t nb = kMax - kMin + 1;
    for (int32_t b = 0; b < nb; b++) bic[b] = std::numeric_limits<double>::quiet_NaN();
    kOpt = kMin < kMaxUsed ? kMin : kMaxUsed;
    if (unique >= 2) {
      std::vector<double> mu(kMaxUsed), var(kMaxUsed), coeff(kMaxUsed), logc(kMaxUsed);
      double bestV = 0;
      bool have = false;
      for (int32_t K = kMin; K <= kMaxUsed; K++) {
        clusterStarts(wk, kMaxUsed, lastJ, K, starts.data());
        double v = mixtureBic(xs, wsp, n, starts.data(), K, gmin, mu.data(), var.data(), coeff.data(),
                              logc.data());
        bic[K - kMin] = v;
        if (!std::isnan(v) && (!have || v > bestV)) {
          have = true;
          bestV = v;
          kOpt = K;
        }
      }
    }
  }

  // The chosen partition: labels, centres, within sums of squares, sizes.
  clusterStarts(wk, kMaxUsed, lastJ, kOpt, starts.data());
  for (int32_t k = 0; k < kMax; k++) {
    centers[k] = 0;
    withinss[k] = 0;
    sizes[k] = 0;
  }
  for (int32_t k = 0; k < kOpt; k++) {
    int32_t left = starts[k], right = starts[k + 1];
    double c, ss = 0, size;
    if (wsp == nullptr) {
      double s = 0;
      for (int32_t i = left; i < right; i++) s += xs[i];
      size = static_cast<double>(right - left);
      c = s / size;
      for (int32_t i = left; i < right; i++) {
        double d = xs[i] - c;
        ss += d * d;
      }
    } else {
      double s = 0, sw = 0;
      for (int32_t i = left; i < right; i++) {
        s += wsp[i] * xs[i];
        sw += wsp[i];
      }
      size = sw;
      if (sw > 0) {
        c = s / sw;
      } else {  // a cluster of zero weight: its plain mean
        double p = 0;
        for (int32_t i = left; i < right; i++) p += xs[i];
        c = p / static_cast<double>(right - left);
      }
      for (int32_t i = left; i < right; i++) {
        double d = xs[i] - c;
        ss += wsp[i] * d * d;
      }
    }
    centers[k] = c;
    withinss[k] = ss;
    sizes[k] = size;
  }
  writeLabels(perm, starts.data(), kOpt, labels);
  return kOpt;
}

int32_t ckmeansPartitions(const double* x, int32_t n, int32_t kMax, int32_t method, int32_t* labels,
                          int32_t* distinct) {
  Work& wk = threadWork();
  Release release{wk};
  double gmin = kInf;
  const int32_t unique = prepare(wk, x, nullptr, n, &gmin);
  distinct[0] = unique;
  const int32_t K = kMax < unique ? kMax : unique;
  // One programme for K clusters serves every k <= K: lastJs[k] is the last-row argmin the
  // programme for k would compute (fillDP), rows 1 .. k - 2 of J are shared.
  std::vector<int32_t> lastJs(static_cast<size_t>(K) + 1, 0);
  runDP(wk, K, method, lastJs.data());
  std::vector<int32_t> starts(static_cast<size_t>(K) + 1);
  const size_t N = static_cast<size_t>(n);
  for (int32_t k = 1; k <= K; k++) {
    clusterStarts(wk, k, lastJs[k], k, starts.data());
    writeLabels(wk.perm, starts.data(), k, labels + static_cast<size_t>(k - 1) * N);
  }
  const int32_t rows = kMax < n ? kMax : n;
  if (rows > K) std::memset(labels + static_cast<size_t>(K) * N, 0, sizeof(int32_t) * static_cast<size_t>(rows - K) * N);
  return K;
}

}  // namespace epikit
