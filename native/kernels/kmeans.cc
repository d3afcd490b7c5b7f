// k-means (greedy k-means++ seeding + Lloyd iterations + restarts); see kmeans.h for the
// contract. assembly/kernels/kmeans.ts performs the same floating-point operations in the
// same order: any change here must be made there too.
#include "kmeans.h"

#include <cstring>
#include <limits>
#include <vector>

#include "random.h"

namespace epikit {

namespace {

// Squared Euclidean distance, accumulated over coordinates 0..d-1 in order.
inline double sqDist(const double* a, const double* b, int32_t d) {
  double s = 0.0;
  for (int32_t j = 0; j < d; j++) {
    const double t = a[j] - b[j];
    s += t * t;
  }
  return s;
}

// Centres are also kept "paired" for the assignment step: pair p holds centres 2p and 2p+1
// interleaved, cp[p*2d + 2j + lane]. Each centre's distance is still accumulated over
// j = 0..d-1 in order (one independent accumulator per lane), so the result per centre is
// the same as sqDist; the pairing only lets the compiler (and the WASM SIMD build) compute
// two centres per instruction. A missing odd centre is padded with zeros and ignored.
void pairCenters(const double* centers, int32_t k, int32_t d, double* cp) {
  const int32_t pairs = (k + 1) >> 1;
  for (int32_t p = 0; p < pairs; p++) {
    double* q = cp + static_cast<size_t>(p) * 2 * d;
    const int32_t c0 = 2 * p;
    const int32_t c1 = 2 * p + 1;
    for (int32_t j = 0; j < d; j++) {
      q[2 * j] = centers[static_cast<size_t>(c0) * d + j];
      q[2 * j + 1] = c1 < k ? centers[static_cast<size_t>(c1) * d + j] : 0.0;
    }
  }
}

// Distances from x to the two centres of pair q (see pairCenters), each accumulated over
// j = 0..d-1 in order: bit-identical to sqDist against either centre. With GCC/Clang the two
// lanes run in one SSE2/NEON register (lane-wise IEEE operations, no reassociation), like
// the f64x2 lanes of the WASM SIMD build.
#if defined(__GNUC__) || defined(__clang__)
typedef double Pair __attribute__((vector_size(16)));
inline void pairDist(const double* x, const double* q, int32_t d, double& a0, double& a1) {
  Pair acc = {0.0, 0.0};
  for (int32_t j = 0; j < d; j++) {
    Pair c;
    std::memcpy(&c, q + 2 * j, sizeof(Pair));
    const Pair t = x[j] - c;
    acc += t * t;
  }
  a0 = acc[0];
  a1 = acc[1];
}
#else
inline void pairDist(const double* x, const double* q, int32_t d, double& a0, double& a1) {
  double s0 = 0.0;
  double s1 = 0.0;
  for (int32_t j = 0; j < d; j++) {
    const double xj = x[j];
    const double t0 = xj - q[2 * j];
    const double t1 = xj - q[2 * j + 1];
    s0 += t0 * t0;
    s1 += t1 * t1;
  }
  a0 = s0;
  a1 = s1;
}
#endif

// Both pairs q0 and q1 at once (dist[0..4)): two independent accumulators per step.
#if defined(__GNUC__) || defined(__clang__)
inline void quadDist(const double* x, const double* q0, const double* q1, int32_t d, double* dist) {
  Pair acc0 = {0.0, 0.0};
  Pair acc1 = {0.0, 0.0};
  for (int32_t j = 0; j < d; j++) {
    Pair c0, c1;
    std::memcpy(&c0, q0 + 2 * j, sizeof(Pair));
    std::memcpy(&c1, q1 + 2 * j, sizeof(Pair));
    const Pair t0 = x[j] - c0;
    const Pair t1 = x[j] - c1;
    acc0 += t0 * t0;
    acc1 += t1 * t1;
  }
  dist[0] = acc0[0];
  dist[1] = acc0[1];
  dist[2] = acc1[0];
  dist[3] = acc1[1];
}
#else
inline void quadDist(const double* x, const double* q0, const double* q1, int32_t d, double* dist) {
  pairDist(x, q0, d, dist[0], dist[1]);
  pairDist(x, q1, d, dist[2], dist[3]);
}
#endif

// Distances from x to all paired centres cp (pairs of them) into dist[0..2*pairs).
inline void allDist(const double* x, const double* cp, int32_t pairs, int32_t d, double* dist) {
  const size_t pairLen = static_cast<size_t>(2) * d;
  int32_t p = 0;
  for (; p + 1 < pairs; p += 2) {
    const double* q = cp + p * pairLen;
    quadDist(x, q, q + pairLen, d, dist + 2 * p);
  }
  if (p < pairs) pairDist(x, cp + p * pairLen, d, dist[2 * p], dist[2 * p + 1]);
}

// Assignment step: nearest centre for every point (the lowest index wins ties; a NaN
// distance never wins over centre 0), its squared distance in mind[i] and the cluster sizes.
// All k distances of a point are computed first (into dist, 2*pairs long), then scanned in
// index order, so the distance arithmetic has no branches in between.
// Returns the number of labels that changed.
int64_t assign(const double* points, int32_t n, int32_t d, int32_t k, const double* cp, double* dist,
               int32_t* labels, double* mind, int32_t* counts) {
  const int32_t pairs = (k + 1) >> 1;
  for (int32_t c = 0; c < k; c++) counts[c] = 0;
  int64_t changes = 0;
  for (int32_t i = 0; i < n; i++) {
    const double* x = points + static_cast<size_t>(i) * d;
    allDist(x, cp, pairs, d, dist);
    int32_t best = 0;
    double bestD = dist[0];
    for (int32_t c = 1; c < k; c++) {
      const double v = dist[c];
      const bool closer = v < bestD;
      best = closer ? c : best;
      bestD = closer ? v : bestD;
    }
    if (labels[i] != best) {
      labels[i] = best;
      changes++;
    }
    mind[i] = bestD;
    counts[best]++;
  }
  return changes;
}

// Empty clusters, in increasing index order, take the point farthest from its centre
// (largest mind, lowest index on ties) among points whose cluster keeps another point.
// A cluster stays empty when no such point has a positive distance. Returns the moves.
int64_t relocateEmpty(int32_t n, int32_t k, int32_t* labels, double* mind, int32_t* counts) {
  int64_t moved = 0;
  for (int32_t c = 0; c < k; c++) {
    if (counts[c] != 0) continue;
    int32_t far = -1;
    double farD = 0.0;
    for (int32_t i = 0; i < n; i++) {
      if (counts[labels[i]] > 1 && mind[i] > farD) {
        far = i;
        farD = mind[i];
      }
    }
    if (far < 0) continue;
    counts[labels[far]]--;
    labels[far] = c;
    counts[c] = 1;
    mind[far] = 0.0;
    moved++;
  }
  return moved;
}

// Update step: centres become the means of their points (sums in point order, then one
// division); an empty cluster keeps its centre. Returns the total squared centre shift.
double updateCenters(const double* points, int32_t n, int32_t d, int32_t k, const int32_t* labels,
                     const int32_t* counts, double* sums, double* centers) {
  const size_t kd = static_cast<size_t>(k) * d;
  for (size_t t = 0; t < kd; t++) sums[t] = 0.0;
  for (int32_t i = 0; i < n; i++) {
    const double* x = points + static_cast<size_t>(i) * d;
    double* s = sums + static_cast<size_t>(labels[i]) * d;
    for (int32_t j = 0; j < d; j++) s[j] += x[j];
  }
  double shift = 0.0;
  for (int32_t c = 0; c < k; c++) {
    if (counts[c] == 0) continue;
    const double m = static_cast<double>(counts[c]);
    double* ctr = centers + static_cast<size_t>(c) * d;
    const double* s = sums + static_cast<size_t>(c) * d;
    for (int32_t j = 0; j < d; j++) {
      const double v = s[j] / m;
      const double t = v - ctr[j];
      shift += t * t;
      ctr[j] = v;
    }
  }
  return shift;
}

// Candidate for a D² draw: the first i with cum[i] > u * pot (cum = running sums of the
// weights, pot = cum[n-1]); rounding past the end falls back to the last positive weight,
// and a zero (or non-finite) potential to floor(u * n).
int32_t drawIndex(double u, const double* weights, const double* cum, int32_t n) {
  const double pot = cum[n - 1];
  if (!(pot > 0.0) || pot == std::numeric_limits<double>::infinity()) {
    int32_t idx = static_cast<int32_t>(u * static_cast<double>(n));
    return idx < n ? idx : n - 1;
  }
  const double v = u * pot;
  int32_t lo = 0;
  int32_t hi = n;
  while (lo < hi) {
    const int32_t mid = static_cast<int32_t>((static_cast<uint32_t>(lo) + static_cast<uint32_t>(hi)) >> 1);
    if (cum[mid] > v) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  if (lo < n) return lo;
  int32_t last = n - 1;
  while (last > 0 && !(weights[last] > 0.0)) last--;
  return last;
}

// closest[i] = min(closest[i], |x_i - c|^2) (or the distance itself when `first`), and
// cum[i] = closest[0] + ... + closest[i] summed in order.
void updateClosest(const double* points, int32_t n, int32_t d, const double* c, bool first, double* closest,
                   double* cum) {
  double acc = 0.0;
  for (int32_t i = 0; i < n; i++) {
    const double dd = sqDist(points + static_cast<size_t>(i) * d, c, d);
    const double v = first ? dd : (dd < closest[i] ? dd : closest[i]);
    closest[i] = v;
    acc += v;
    cum[i] = acc;
  }
}

// Greedy k-means++ (Arthur & Vassilvitskii 2007; scikit-learn's variant with L local trials):
// writes k centres (rows of `points`) into `centers`. Draws 1 + (k-1)*L values from rng:
// below(n) for the first centre, then L uniforms per further centre, all drawn before that
// centre's candidates are scored. Candidate t's potential is sum_i min(closest_i, |x_i - y_t|^2)
// in point order; the lowest potential wins (the first candidate on ties). The L candidates
// are scored in one pass over the points, two per pair as in the assignment step.
void seedCenters(const double* points, int32_t n, int32_t d, int32_t k, int32_t trials, Xoshiro256& rng,
                 double* centers, double* closest, double* cum, double* cand, double* candPairs, double* pots,
                 double* dist) {
  const int32_t first = rng.below(n);
  std::memcpy(centers, points + static_cast<size_t>(first) * d, sizeof(double) * d);
  updateClosest(points, n, d, centers, true, closest, cum);
  const int32_t pairs = (trials + 1) >> 1;
  for (int32_t c = 1; c < k; c++) {
    for (int32_t t = 0; t < trials; t++) {
      const int32_t idx = drawIndex(rng.uniform(), closest, cum, n);
      std::memcpy(cand + static_cast<size_t>(t) * d, points + static_cast<size_t>(idx) * d, sizeof(double) * d);
      pots[t] = 0.0;
    }
    pairCenters(cand, trials, d, candPairs);
    for (int32_t i = 0; i < n; i++) {
      const double* x = points + static_cast<size_t>(i) * d;
      const double ci = closest[i];
      allDist(x, candPairs, pairs, d, dist);
      for (int32_t t = 0; t < trials; t++) pots[t] += dist[t] < ci ? dist[t] : ci;
    }
    int32_t best = 0;
    for (int32_t t = 1; t < trials; t++) {
      if (pots[t] < pots[best]) best = t;
    }
    double* ctr = centers + static_cast<size_t>(c) * d;
    std::memcpy(ctr, cand + static_cast<size_t>(best) * d, sizeof(double) * d);
    if (c + 1 < k) updateClosest(points, n, d, ctr, false, closest, cum);
  }
}

// tol * mean over coordinates of the population variance (scikit-learn's _tolerance).
double absoluteTolerance(const double* points, int32_t n, int32_t d, double tol, double* colSum, double* colVar) {
  for (int32_t j = 0; j < d; j++) {
    colSum[j] = 0.0;
    colVar[j] = 0.0;
  }
  for (int32_t i = 0; i < n; i++) {
    const double* x = points + static_cast<size_t>(i) * d;
    for (int32_t j = 0; j < d; j++) colSum[j] += x[j];
  }
  for (int32_t j = 0; j < d; j++) colSum[j] = colSum[j] / static_cast<double>(n);
  for (int32_t i = 0; i < n; i++) {
    const double* x = points + static_cast<size_t>(i) * d;
    for (int32_t j = 0; j < d; j++) {
      const double t = x[j] - colSum[j];
      colVar[j] += t * t;
    }
  }
  double total = 0.0;
  for (int32_t j = 0; j < d; j++) total += colVar[j] / static_cast<double>(n);
  return total / static_cast<double>(d) * tol;
}

}  // namespace

int32_t kmeansLocalTrials(int32_t k) {
  // floor(ln k) without a libm call: the number of m >= 1 with k >= ceil(e^m).
  static const int32_t E_POWERS[] = {3,       8,       21,       55,       149,       404,       1097,
                                     2981,    8104,    22027,    59875,    162755,    442414,    1202605,
                                     3269018, 8886111, 24154953, 65659970, 178482301, 485165196, 1318815735};
  int32_t m = 0;
  while (m < 21 && k >= E_POWERS[m]) m++;
  return 2 + m;
}

void kmeans(const double* points, int32_t n, int32_t d, int32_t k, uint64_t seed, int32_t nInit, int32_t maxIter,
            double tol, int32_t* labels, double* centers, double* stats) {
  const size_t nn = static_cast<size_t>(n);
  const size_t kd = static_cast<size_t>(k) * d;
  const int32_t trials = kmeansLocalTrials(k);
  const size_t pairs = static_cast<size_t>((k + 1) >> 1);
  const size_t tpairs = static_cast<size_t>((trials + 1) >> 1);
  std::vector<int32_t> work(nn), counts(k);
  std::vector<double> mind(nn), closest(nn), cum(nn);
  std::vector<double> cur(kd), sums(kd), cp(pairs * 2 * d), dist((pairs > tpairs ? pairs : tpairs) * 2);
  std::vector<double> cand(static_cast<size_t>(trials) * d), candPairs(tpairs * 2 * d), pots(trials);
  std::vector<double> colSum(d), colVar(d);

  const double tolAbs = absoluteTolerance(points, n, d, tol, colSum.data(), colVar.data());
  Xoshiro256 rng(seed);

  double bestInertia = 0.0;
  for (int32_t run = 0; run < nInit; run++) {
    seedCenters(points, n, d, k, trials, rng, cur.data(), closest.data(), cum.data(), cand.data(), candPairs.data(),
                pots.data(), dist.data());
    for (size_t i = 0; i < nn; i++) work[i] = -1;

    bool strict = false;
    int32_t iterations = 0;
    for (int32_t it = 1; it <= maxIter; it++) {
      iterations = it;
      pairCenters(cur.data(), k, d, cp.data());
      const int64_t changes = assign(points, n, d, k, cp.data(), dist.data(), work.data(), mind.data(), counts.data());
      if (changes == 0) {
        strict = true;
        break;
      }
      relocateEmpty(n, k, work.data(), mind.data(), counts.data());
      const double shift = updateCenters(points, n, d, k, work.data(), counts.data(), sums.data(), cur.data());
      if (shift <= tolAbs) break;
    }
    if (!strict) {
      // Stopped by the tolerance or maxIter: make the labels those of the final centres.
      pairCenters(cur.data(), k, d, cp.data());
      assign(points, n, d, k, cp.data(), dist.data(), work.data(), mind.data(), counts.data());
    }
    double inertia = 0.0;
    for (size_t i = 0; i < nn; i++) inertia += mind[i];

    if (run == 0 || inertia < bestInertia) {
      bestInertia = inertia;
      std::memcpy(labels, work.data(), sizeof(int32_t) * nn);
      std::memcpy(centers, cur.data(), sizeof(double) * kd);
      stats[0] = inertia;
      stats[1] = static_cast<double>(iterations);
    }
  }
}

}  // namespace epikit
