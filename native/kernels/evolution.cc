// Cluster-evolution kernels; see evolution.h for the contract. Mirrored operation for
// operation by assembly/kernels/evolution.ts.
#include "kernels/evolution.h"

#include <cmath>
#include <limits>
#include <vector>

namespace epikit {

namespace {

// Number of strict-upper-triangle entries n(n−1)/2, rounded up to a multiple of 4 (the
// padding entries are 0 in every buffer, so they add +0 to every sum).
size_t paddedPairs(int32_t n) {
  const size_t nn = static_cast<size_t>(n);
  const size_t pairs = nn * (nn - 1) / 2;
  return (pairs + 3) & ~static_cast<size_t>(3);
}

// The strict upper triangle of M(t) (pairs i < j, row by row) into buf[0 .. P4).
void fillDay(const double* x, const int32_t* lab, int32_t n, int32_t matrix, int32_t m, double* buf, size_t P4) {
  size_t p = 0;
  if (matrix == EVOLUTION_ADJ) {
    for (int32_t i = 0; i < n; i++) {
      const int32_t li = lab[i];
      for (int32_t j = i + 1; j < n; j++) buf[p++] = lab[j] == li ? 1.0 : 0.0;
    }
  } else {
    double lo = x[0];
    double hi = x[0];
    for (int32_t i = 1; i < n; i++) {
      const double v = x[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const double maxD = hi - lo;  // = max_ij |x_i − x_j| (rounding is monotone)
    if (!(maxD > 0.0)) {
      const size_t pairs = static_cast<size_t>(n) * static_cast<size_t>(n - 1) / 2;
      for (; p < pairs; p++) buf[p] = 1.0;  // one value on the day: all entries 1
    } else if (matrix == EVOLUTION_AFF) {
      for (int32_t i = 0; i < n; i++) {
        const double xi = x[i];
        for (int32_t j = i + 1; j < n; j++) buf[p++] = 1.0 - std::fabs(xi - x[j]) / maxD;
      }
    } else {
      // exp(−D²/(2σ²)) with σ = maxD/m, written as exp(−q²/2), q = (D/maxD)·m ∈ [0, m].
      const double md = static_cast<double>(m);
      for (int32_t i = 0; i < n; i++) {
        const double xi = x[i];
        for (int32_t j = i + 1; j < n; j++) {
          const double q = (std::fabs(xi - x[j]) / maxD) * md;
          buf[p++] = std::exp(-(q * q) * 0.5);
        }
      }
    }
  }
  for (; p < P4; p++) buf[p] = 0.0;
}

// Σ_p |a_p − b_p| over P4 (a multiple of 4) entries, in four interleaved partial sums
// (entry p goes to sum p mod 4), combined as (s0 + s2) + (s1 + s3).
double sumAbsDiff(const double* a, const double* b, size_t P4) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (size_t p = 0; p < P4; p += 4) {
    s0 += std::fabs(a[p] - b[p]);
    s1 += std::fabs(a[p + 1] - b[p + 1]);
    s2 += std::fabs(a[p + 2] - b[p + 2]);
    s3 += std::fabs(a[p + 3] - b[p + 3]);
  }
  return (s0 + s2) + (s1 + s3);
}

// Σ_p (a_p − b_p)², same order as sumAbsDiff.
double sumSqDiff(const double* a, const double* b, size_t P4) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (size_t p = 0; p < P4; p += 4) {
    const double d0 = a[p] - b[p];
    const double d1 = a[p + 1] - b[p + 1];
    const double d2 = a[p + 2] - b[p + 2];
    const double d3 = a[p + 3] - b[p + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  return (s0 + s2) + (s1 + s3);
}

}  // namespace

void adjacencyDistances(const int32_t* labels, int32_t T, int32_t n, double* out) {
  const size_t nn = static_cast<size_t>(n);
  const size_t TT = static_cast<size_t>(T);
  // Per day: members ordered by label (stable counting sort), their labels, Σ_a n_a².
  std::vector<int32_t> ord(TT * nn);
  std::vector<int32_t> sorted(TT * nn);
  std::vector<int64_t> sq(TT);
  std::vector<int32_t> cnt(nn + 1, 0);
  for (size_t s = 0; s < TT; s++) {
    const int32_t* lab = labels + s * nn;
    for (size_t i = 0; i <= nn; i++) cnt[i] = 0;
    for (size_t i = 0; i < nn; i++) cnt[static_cast<size_t>(lab[i]) + 1]++;
    int64_t q = 0;
    for (size_t a = 1; a <= nn; a++) {
      const int64_t c = cnt[a];
      q += c * c;
      cnt[a] += cnt[a - 1];  // cnt[a] = first position of label a after the loop
    }
    sq[s] = q;
    int32_t* o = ord.data() + s * nn;
    int32_t* sl = sorted.data() + s * nn;
    for (size_t i = 0; i < nn; i++) {
      const size_t a = static_cast<size_t>(lab[i]);
      const int32_t at = cnt[a]++;
      o[at] = static_cast<int32_t>(i);
      sl[at] = lab[i];
    }
  }
  for (size_t i = 0; i <= nn; i++) cnt[i] = 0;
  size_t idx = 0;
  for (size_t s = 0; s + 1 < TT; s++) {
    const int32_t* o = ord.data() + s * nn;
    const int32_t* sl = sorted.data() + s * nn;
    for (size_t t = s + 1; t < TT; t++) {
      const int32_t* lt = labels + t * nn;
      // Σ_{a,b} c_ab²: within each day-s cluster a, count its members' day-t labels b;
      // raising a count from v to v + 1 adds (v + 1)² − v² = 2v + 1.
      int64_t c2 = 0;
      size_t cs = 0;
      for (size_t p = 0; p < nn; p++) {
        if (p > 0 && sl[p] != sl[p - 1]) {
          for (size_t r = cs; r < p; r++) cnt[lt[o[r]]] = 0;
          cs = p;
        }
        const size_t b = static_cast<size_t>(lt[o[p]]);
        const int64_t v = cnt[b];
        c2 += 2 * v + 1;
        cnt[b] = static_cast<int32_t>(v + 1);
      }
      for (size_t r = cs; r < nn; r++) cnt[lt[o[r]]] = 0;
      const int64_t d2 = sq[s] + sq[t] - 2 * c2;
      out[idx++] = std::sqrt(static_cast<double>(d2));
    }
  }
}

void offsetObjective(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY, int32_t T,
                     int32_t n, int32_t matrix, int32_t m, int32_t norm, int32_t perEntry, int32_t start,
                     int32_t tauMax, double* out) {
  const size_t nn = static_cast<size_t>(n);
  const size_t P4 = paddedPairs(n);
  const size_t taus = static_cast<size_t>(tauMax) + 1;
  // Lags are processed in blocks of B; the matrices of the B days t+τ0 .. t+τ0+B−1 of Y
  // are kept in a ring indexed by day mod B, so each Y day is built once per block.
  uint64_t B = P4 == 0 ? taus : EVOLUTION_WINDOW_DOUBLES / P4;
  if (B < 1) B = 1;
  if (B > taus) B = taus;
  std::vector<double> bufX(P4);
  std::vector<double> win(static_cast<size_t>(B) * P4);
  std::vector<double> acc(taus, 0.0);
  const double scale = static_cast<double>(n) * static_cast<double>(n);
  const bool adj = matrix == EVOLUTION_ADJ;
  const int64_t TT = T;
  for (int64_t tau0 = 0; tau0 <= tauMax; tau0 += static_cast<int64_t>(B)) {
    const int64_t end = tau0 + static_cast<int64_t>(B);
    const int64_t tau1 = end < static_cast<int64_t>(tauMax) + 1 ? end : static_cast<int64_t>(tauMax) + 1;
    const int64_t W = tau1 - tau0;
    int64_t nextY = start + tau0;
    for (int64_t t = start; t <= TT - 1 - tau0; t++) {
      fillDay(x + static_cast<size_t>(t) * nn, adj ? labelsX + static_cast<size_t>(t) * nn : nullptr, n, matrix, m,
              bufX.data(), P4);
      const int64_t last = t + tau1 - 1 < TT - 1 ? t + tau1 - 1 : TT - 1;
      for (; nextY <= last; nextY++) {
        fillDay(y + static_cast<size_t>(nextY) * nn, adj ? labelsY + static_cast<size_t>(nextY) * nn : nullptr, n,
                matrix, m, win.data() + static_cast<size_t>(nextY % W) * P4, P4);
      }
      for (int64_t tau = tau0; tau < tau1 && tau <= TT - 1 - t; tau++) {
        const double* b = win.data() + static_cast<size_t>((t + tau) % W) * P4;
        const double s = norm == EVOLUTION_L1 ? sumAbsDiff(bufX.data(), b, P4) : sumSqDiff(bufX.data(), b, P4);
        // Full matrix: every i ≠ j entry appears twice, the diagonal contributes 0.
        double v = norm == EVOLUTION_L1 ? 2.0 * s : std::sqrt(2.0 * s);
        if (perEntry != 0) v = v / scale;
        acc[static_cast<size_t>(tau)] += v;
      }
    }
  }
  for (int32_t tau = 0; tau <= tauMax; tau++) {
    const int64_t count = static_cast<int64_t>(T) - tau - start;
    out[tau] = count > 0 ? acc[static_cast<size_t>(tau)] / static_cast<double>(count)
                         : std::numeric_limits<double>::quiet_NaN();
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

}  // namespace epikit
