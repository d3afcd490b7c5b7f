// Cluster validity indices (see indices.h). Every floating-point operation below is repeated in
// the same order in assembly/kernels/indices.ts so that both backends agree to the last bit
// (pow() for KL with d ≥ 3 is the only libm call whose last ulp may differ).
#include "indices.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <vector>

namespace epikit {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// Up to this many pairs (32 MiB of doubles) pass 1 keeps the distances for pass 2 instead of
// recomputing them (same values either way, so results do not depend on it).
const double kCachePairs = 4194304.0;

// Euclidean distance between rows i and j (|x_i − x_j| in one dimension).
inline double pairDistance(const double* x, int32_t d, int32_t i, int32_t j) {
  if (d == 1) return std::fabs(x[i] - x[j]);
  const double* a = x + static_cast<size_t>(i) * d;
  const double* b = x + static_cast<size_t>(j) * d;
  double s = 0.0;
  for (int32_t t = 0; t < d; t++) {
    const double diff = a[t] - b[t];
    s += diff * diff;
  }
  return std::sqrt(s);
}

// W = Σ_c Σ_{i∈c} ‖x_i − centroid_c‖² (NbClust gss()$wgss): per-cluster sums, then their total.
double withinSumOfSquares(const double* x, int32_t n, int32_t d, const int32_t* lab, int32_t k) {
  const size_t K = static_cast<size_t>(k);
  const size_t D = static_cast<size_t>(d);
  std::vector<double> centre(K * D, 0.0);
  std::vector<double> count(K, 0.0);
  for (int32_t i = 0; i < n; i++) {
    const size_t c = static_cast<size_t>(lab[i]);
    count[c] += 1.0;
    for (size_t t = 0; t < D; t++) centre[c * D + t] += x[i * D + t];
  }
  for (size_t c = 0; c < K; c++) {
    if (count[c] > 0.0) {
      for (size_t t = 0; t < D; t++) centre[c * D + t] = centre[c * D + t] / count[c];
    }
  }
  std::vector<double> w(K, 0.0);
  for (int32_t i = 0; i < n; i++) {
    const size_t c = static_cast<size_t>(lab[i]);
    double s = 0.0;
    for (size_t t = 0; t < D; t++) {
      const double diff = x[i * D + t] - centre[c * D + t];
      s += diff * diff;
    }
    w[c] += s;
  }
  double total = 0.0;
  for (size_t c = 0; c < K; c++) total += w[c];
  return total;
}

}  // namespace

void clusterIndices(const double* data, int32_t n, int32_t d, const int32_t* labelsPrev, int32_t kPrev,
                    const int32_t* labels, int32_t k, const int32_t* labelsNext, int32_t kNext, int32_t variant,
                    double* out) {
  for (int s = 0; s < kIndexCount; s++) out[s] = kNaN;
  const size_t K = static_cast<size_t>(k);
  const bool pbTextbook = (variant & (1 << kIndexPtbiserial)) != 0;
  const bool silTextbook = (variant & (1 << kIndexSilhouette)) != 0;
  const bool cTextbook = (variant & (1 << kIndexCindex)) != 0;
  const bool mcTextbook = (variant & (1 << kIndexMcclain)) != 0;

  std::vector<int32_t> size(K, 0);
  for (int32_t i = 0; i < n; i++) size[static_cast<size_t>(labels[i])]++;

  // Pass 1 over the pairs i < j: within / between sums and counts, per-cluster diameter,
  // smallest non-zero within distance and duplicate flag (C-index), single-linkage separation
  // (Dunn), and diC[i][c] = Σ_{j∈c} d(i, j) (silhouette).
  std::vector<double> diC(static_cast<size_t>(n) * K, 0.0);
  std::vector<double> diam(K, 0.0);
  std::vector<double> minWithin(K, kInf);
  std::vector<uint8_t> duplicated(K, 0);
  std::vector<double> all;  // every pair distance, for the selection (textbook C-index only)
  double sumW = 0.0, sumB = 0.0, sumT = 0.0, nW = 0.0, nB = 0.0, minB = kInf;
  const double nPairs = static_cast<double>(n) * (static_cast<double>(n) - 1.0) / 2.0;
  const bool cached = nPairs <= kCachePairs;
  std::vector<double> cache(cached ? static_cast<size_t>(nPairs) : 0);
  size_t pair = 0;
  if (cTextbook) all.reserve(static_cast<size_t>(nPairs));
  for (int32_t i = 0; i < n; i++) {
    const int32_t ci = labels[i];
    for (int32_t j = i + 1; j < n; j++) {
      const int32_t cj = labels[j];
      const double dd = pairDistance(data, d, i, j);
      sumT += dd;
      if (ci == cj) {
        const size_t c = static_cast<size_t>(ci);
        sumW += dd;
        nW += 1.0;
        if (dd > diam[c]) diam[c] = dd;
        if (dd == 0.0) {
          duplicated[c] = 1;
        } else if (dd < minWithin[c]) {
          minWithin[c] = dd;
        }
      } else {
        sumB += dd;
        nB += 1.0;
        if (dd < minB) minB = dd;
      }
      diC[static_cast<size_t>(i) * K + static_cast<size_t>(cj)] += dd;
      diC[static_cast<size_t>(j) * K + static_cast<size_t>(ci)] += dd;
      if (cTextbook) all.push_back(dd);
      if (cached) cache[pair++] = dd;
    }
  }
  const double nT = nW + nB;

  // Textbook C-index (Hubert & Levin 1976): S_min / S_max = sums of the r = N_w smallest /
  // largest of all N_t distances. Selection gives the r-th smallest value lo and the r-th
  // largest value hi; pass 2 then sums the values strictly below lo (above hi) in pair order
  // and adds the missing copies of lo (hi) — a result independent of the selection algorithm.
  double lo = 0.0, hi = 0.0;
  const bool needSelect = cTextbook && nW > 0.0;
  if (needSelect) {
    const size_t r = static_cast<size_t>(nW);
    std::nth_element(all.begin(), all.begin() + (r - 1), all.end());
    lo = all[r - 1];
    std::nth_element(all.begin(), all.begin() + (all.size() - r), all.end());
    hi = all[all.size() - r];
    std::vector<double>().swap(all);
  }

  // Pass 2: squared deviations from the mean distance (point-biserial sd) and the C-index sums.
  double ss = 0.0, sLo = 0.0, cLo = 0.0, sHi = 0.0, cHi = 0.0;
  if (nT > 0.0) {
    const double mean = sumT / nT;
    pair = 0;
    for (int32_t i = 0; i < n; i++) {
      for (int32_t j = i + 1; j < n; j++) {
        const double dd = cached ? cache[pair++] : pairDistance(data, d, i, j);
        const double dev = dd - mean;
        ss += dev * dev;
        if (needSelect) {
          if (dd < lo) {
            sLo += dd;
            cLo += 1.0;
          }
          if (dd > hi) {
            sHi += dd;
            cHi += 1.0;
          }
        }
      }
    }
  }

  // Point-biserial correlation of distance with "pair is between clusters":
  // (mean_b − mean_w)·√(p_b(1 − p_b)) / sd, sd with denominator N_t − 1 (NbClust, R's sd())
  // or N_t (textbook). NA unless both pair types exist.
  if (nW > 0.0 && nB > 0.0) {
    const double sd = std::sqrt(ss / (pbTextbook ? nT : nT - 1.0));
    const double pb = nB / nT;
    out[kIndexPtbiserial] = (sumB / nB - sumW / nW) * std::sqrt(pb * (1.0 - pb)) / sd;
  }

  // Silhouette: a_i = diC[i][c_i] / (n_c − 1), b_i = min_{l≠c_i} diC[i][l] / n_l,
  // s_i = (b_i − a_i) / max(a_i, b_i). Empty clusters are skipped in b_i.
  {
    double total = 0.0;
    if (!silTextbook) {
      // NbClust Indice.S: (1/n) Σ_c Sil_c, Sil_c = 1 for |c| ≤ 1, else Σ_{i∈c} s_i (0/0 → NaN).
      std::vector<double> silSum(K, 0.0);
      for (int32_t i = 0; i < n; i++) {
        const size_t c = static_cast<size_t>(labels[i]);
        if (size[c] <= 1) continue;
        const double* row = &diC[static_cast<size_t>(i) * K];
        const double a = row[c] / static_cast<double>(size[c] - 1);
        double b = kInf;
        for (size_t l = 0; l < K; l++) {
          if (l == c || size[l] == 0) continue;
          const double v = row[l] / static_cast<double>(size[l]);
          if (v < b) b = v;
        }
        const double m = a > b ? a : b;
        silSum[c] += (b - a) / m;
      }
      for (size_t c = 0; c < K; c++) total += size[c] <= 1 ? 1.0 : silSum[c];
      out[kIndexSilhouette] = total / static_cast<double>(n);
    } else {
      // cluster::silhouette: mean of s_i with s_i = 0 for singletons and when a_i = b_i;
      // NA when fewer than 2 or as many clusters as points.
      int32_t nonEmpty = 0;
      for (size_t c = 0; c < K; c++) nonEmpty += size[c] > 0 ? 1 : 0;
      if (nonEmpty >= 2 && nonEmpty < n) {
        for (int32_t i = 0; i < n; i++) {
          const size_t c = static_cast<size_t>(labels[i]);
          double s = 0.0;
          if (size[c] > 1) {
            const double* row = &diC[static_cast<size_t>(i) * K];
            const double a = row[c] / static_cast<double>(size[c] - 1);
            double b = kInf;
            for (size_t l = 0; l < K; l++) {
              if (l == c || size[l] == 0) continue;
              const double v = row[l] / static_cast<double>(size[l]);
              if (v < b) b = v;
            }
            if (b != a) {
              const double m = a > b ? a : b;
              s = (b - a) / m;
            }
          }
          total += s;
        }
        out[kIndexSilhouette] = total / static_cast<double>(n);
      }
    }
  }

  // KL (Krzanowski & Lai 1988, NbClust form): DIFF(q) = (q−1)^{2/p} W_{q−1} − q^{2/p} W_q,
  // KL(g) = |DIFF(g)| / |DIFF(g+1)|, g = k, p = d.
  if (labelsPrev != nullptr && labelsNext != nullptr) {
    const double w0 = withinSumOfSquares(data, n, d, labelsPrev, kPrev);
    const double w1 = withinSumOfSquares(data, n, d, labels, k);
    const double w2 = withinSumOfSquares(data, n, d, labelsNext, kNext);
    const double e = 2.0 / static_cast<double>(d);
    const double g = static_cast<double>(k);
    const double pPrev = std::pow(g - 1.0, e);
    const double pCur = std::pow(g, e);
    const double pNext = std::pow(g + 1.0, e);
    out[kIndexKl] = std::fabs(pPrev * w0 - pCur * w1) / std::fabs(pCur * w1 - pNext * w2);
  }

  // C-index.
  if (!cTextbook) {
    // NbClust Indice.cindex: u_c = diameter, l_c = smallest within distance (0 with duplicated
    // points); u_c = l_c = 1 for clusters with ≤ 1 point. C = (S_w − r·D_min)/(r·D_max − r·D_min).
    double dMin = kInf, dMax = -kInf;
    for (size_t c = 0; c < K; c++) {
      double vMax = 1.0, vMin = 1.0;
      if (size[c] > 1) {
        vMax = diam[c];
        vMin = duplicated[c] ? 0.0 : minWithin[c];
      }
      if (vMin < dMin) dMin = vMin;
      if (vMax > dMax) dMax = vMax;
    }
    if (dMin != dMax) out[kIndexCindex] = (sumW - nW * dMin) / (dMax * nW - dMin * nW);
  } else if (needSelect) {
    const double sMin = sLo + (nW - cLo) * lo;
    const double sMax = sHi + (nW - cHi) * hi;
    if (sMax != sMin) out[kIndexCindex] = (sumW - sMin) / (sMax - sMin);
  }

  // McClain–Rao: NbClust (S_w/N_w²)/(S_b/N_b²); textbook mean(within)/mean(between).
  if (mcTextbook) {
    out[kIndexMcclain] = (sumW / nW) / (sumB / nB);
  } else {
    out[kIndexMcclain] = (sumW / nW / nW) / (sumB / nB / nB);
  }

  // Dunn: min between-cluster distance / max cluster diameter (singletons have diameter 0).
  double maxDiam = 0.0;
  for (size_t c = 0; c < K; c++) {
    if (size[c] > 0 && diam[c] > maxDiam) maxDiam = diam[c];
  }
  out[kIndexDunn] = minB / maxDiam;
}

namespace {

// Pairs (i < j) of the sorted values s with fl(s_j − s_i) ≤ v (v ≥ 0), by two pointers:
// fl(s_j − s_i) grows with j and shrinks with i (rounding is monotone).
double pairsAtMost(const double* s, int32_t n, double v) {
  double c = 0.0;
  int32_t lo = 0;
  for (int32_t j = 1; j < n; j++) {
    while (s[j] - s[lo] > v) lo++;
    c += static_cast<double>(j - lo);
  }
  return c;
}

// The smallest pair distance v with pairsAtMost(v) ≥ r (1 ≤ r ≤ n(n−1)/2): the r-th smallest
// of the n(n−1)/2 distances, by binary search over the bit patterns of non-negative doubles
// (ordered like the values).
double pairQuantile(const double* s, int32_t n, double r) {
  uint64_t lo = 0;
  const double top = s[n - 1] - s[0];
  uint64_t hi;
  std::memcpy(&hi, &top, sizeof hi);
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    double v;
    std::memcpy(&v, &mid, sizeof v);
    if (pairsAtMost(s, n, v) >= r) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  double v;
  std::memcpy(&v, &lo, sizeof v);
  return v;
}

}  // namespace

int32_t clusterIndices1d(const double* data, int32_t n, const int32_t* parts, int32_t k0, int32_t m, int32_t count,
                         int32_t variant, double* out) {
  const size_t N = static_cast<size_t>(n);
  const bool pbTextbook = (variant & (1 << kIndexPtbiserial)) != 0;
  const bool silTextbook = (variant & (1 << kIndexSilhouette)) != 0;
  const bool cTextbook = (variant & (1 << kIndexCindex)) != 0;
  const bool mcTextbook = (variant & (1 << kIndexMcclain)) != 0;

  // Sorted values sv (ord = original indices), gaps g[q] = sv[q] − sv[q−1] (g[0] = 0) and the
  // distance totals, which do not depend on the partition:
  //   Σ_{i<j} (s_j − s_i)  = Σ_q g_q · q · (n − q)   (pairs straddling gap q),
  //   Σ_{i<j} (s_j − s_i)² = Σ_q g_q² q(n − q) + 2 Σ_r g_r (n − r) Σ_{q<r} g_q q.
  std::vector<int32_t> ord(N);
  for (int32_t i = 0; i < n; i++) ord[static_cast<size_t>(i)] = i;
  std::sort(ord.begin(), ord.end(), [data](int32_t a, int32_t b) { return data[a] < data[b] || (data[a] == data[b] && a < b); });
  std::vector<double> sv(N);
  for (size_t p = 0; p < N; p++) sv[p] = data[ord[p]];
  std::vector<double> g(N, 0.0);
  for (size_t q = 1; q < N; q++) g[q] = sv[q] - sv[q - 1];
  const double nn = static_cast<double>(n);
  const double nT = nn * (nn - 1.0) / 2.0;
  double sumT = 0.0, sumSq = 0.0, h = 0.0;
  for (size_t q = 1; q < N; q++) {
    const double fq = static_cast<double>(q);
    const double straddle = fq * (nn - fq);
    sumT += g[q] * straddle;
    sumSq += g[q] * g[q] * straddle + 2.0 * g[q] * (nn - fq) * h;
    h += g[q] * fq;
  }
  // ss = Σ (d − mean)² = Σ d² − N_t·mean² (point-biserial).
  double ss = 0.0;
  if (nT > 0.0) {
    const double mean = sumT / nT;
    ss = sumSq - nT * mean * mean;
    if (ss < 0.0) ss = 0.0;
  }
  // Prefix sums of sv − sv[0] (textbook C-index sums).
  std::vector<double> pre;
  if (cTextbook) {
    pre.assign(N + 1, 0.0);
    for (size_t p = 0; p < N; p++) pre[p + 1] = pre[p] + (sv[p] - sv[0]);
  }

  const int32_t kMax = k0 + m - 1;
  std::vector<int32_t> sl(N);
  std::vector<int32_t> blockStart(N + 1);
  std::vector<uint8_t> seen(static_cast<size_t>(kMax));
  std::vector<int32_t> size(static_cast<size_t>(kMax));
  std::vector<double> diam(static_cast<size_t>(kMax));
  std::vector<double> minWithin(static_cast<size_t>(kMax));
  std::vector<uint8_t> duplicated(static_cast<size_t>(kMax));
  std::vector<double> silSum(static_cast<size_t>(kMax));
  std::vector<double> left(N);
  std::vector<double> right(N);

  for (int32_t j = 1; j <= count; j++) {
    const int32_t k = k0 + j;
    const size_t K = static_cast<size_t>(k);
    const int32_t* labels = parts + static_cast<size_t>(j) * N;
    double* o = out + static_cast<size_t>(j - 1) * kIndexCount;
    for (int s = 0; s < kIndexCount; s++) o[s] = kNaN;

    // Labels along the sorted values; a run of equal values is ordered by label (insertion
    // sort: runs with several labels are rare and short), then every label must form one block.
    for (size_t p = 0; p < N; p++) sl[p] = labels[ord[p]];
    for (size_t a = 0; a < N;) {
      size_t e = a + 1;
      while (e < N && sv[e] == sv[a]) e++;
      for (size_t p = a + 1; p < e; p++) {
        const int32_t v = sl[p];
        size_t q = p;
        while (q > a && sl[q - 1] > v) {
          sl[q] = sl[q - 1];
          q--;
        }
        sl[q] = v;
      }
      a = e;
    }
    for (size_t c = 0; c < K; c++) {
      seen[c] = 0;
      size[c] = 0;
      diam[c] = 0.0;
      minWithin[c] = kInf;
      duplicated[c] = 0;
      silSum[c] = 0.0;
    }
    int32_t nb = 0;
    for (size_t p = 0; p < N; p++) {
      if (p == 0 || sl[p] != sl[p - 1]) {
        if (seen[static_cast<size_t>(sl[p])] != 0) return 0;
        seen[static_cast<size_t>(sl[p])] = 1;
        blockStart[static_cast<size_t>(nb++)] = static_cast<int32_t>(p);
      }
    }
    blockStart[static_cast<size_t>(nb)] = n;

    // Per block [a, e): size, diameter, smallest non-zero gap / duplicates, the within sum
    // Σ_q g_q (q − a)(e − q), and per point the distance sums to the block's points on its
    // left (left[p] = left[p−1] + (p − a)·g_p) and right.
    double sumW = 0.0, nW = 0.0, minB = kInf;
    for (int32_t b = 0; b < nb; b++) {
      const size_t a = static_cast<size_t>(blockStart[b]);
      const size_t e = static_cast<size_t>(blockStart[b + 1]);
      const size_t c = static_cast<size_t>(sl[a]);
      const double len = static_cast<double>(e - a);
      size[c] = static_cast<int32_t>(e - a);
      diam[c] = std::fabs(sv[e - 1] - sv[a]);
      nW += len * (len - 1.0) / 2.0;
      left[a] = 0.0;
      double w = 0.0;
      for (size_t q = a + 1; q < e; q++) {
        const double gq = g[q];
        if (gq == 0.0) {
          duplicated[c] = 1;
        } else if (gq < minWithin[c]) {
          minWithin[c] = gq;
        }
        w += gq * static_cast<double>(q - a) * static_cast<double>(e - q);
        left[q] = left[q - 1] + static_cast<double>(q - a) * gq;
      }
      right[e - 1] = 0.0;
      for (size_t q = e - 1; q > a; q--) right[q - 1] = right[q] + static_cast<double>(e - q) * g[q];
      sumW += w;
      if (b > 0 && g[a] < minB) minB = g[a];
    }
    const double nB = nT - nW;
    // Between pairs straddling gap q: all q(n − q) straddles minus those inside q's block.
    double sumB = 0.0;
    for (int32_t b = 0; b < nb; b++) {
      const size_t a = static_cast<size_t>(blockStart[b]);
      const size_t e = static_cast<size_t>(blockStart[b + 1]);
      for (size_t q = (b == 0 ? 1 : a); q < e; q++) {
        const double fq = static_cast<double>(q);
        const double inside = q == a ? 0.0 : static_cast<double>(q - a) * static_cast<double>(e - q);
        sumB += g[q] * (fq * (nn - fq) - inside);
      }
    }

    // Textbook C-index: r = N_w smallest / largest distances (see pairQuantile).
    double lo = 0.0, hi = 0.0, sLo = 0.0, cLo = 0.0, sHi = 0.0, cHi = 0.0;
    const bool needSelect = cTextbook && nW > 0.0;
    if (needSelect) {
      lo = pairQuantile(sv.data(), n, nW);
      hi = pairQuantile(sv.data(), n, nT - nW + 1.0);
      int32_t pl = 0, ph = 0;
      for (int32_t q = 1; q < n; q++) {
        const double sq = sv[static_cast<size_t>(q)] - sv[0];
        while (pl < q && sv[static_cast<size_t>(q)] - sv[static_cast<size_t>(pl)] >= lo) pl++;
        cLo += static_cast<double>(q - pl);
        sLo += static_cast<double>(q - pl) * sq - (pre[static_cast<size_t>(q)] - pre[static_cast<size_t>(pl)]);
        while (ph < q && sv[static_cast<size_t>(q)] - sv[static_cast<size_t>(ph)] > hi) ph++;
        cHi += static_cast<double>(ph);
        sHi += static_cast<double>(ph) * sq - pre[static_cast<size_t>(ph)];
      }
    }

    // Point-biserial (as clusterIndices, with the telescoped sums).
    if (nW > 0.0 && nB > 0.0) {
      const double sd = std::sqrt(ss / (pbTextbook ? nT : nT - 1.0));
      const double pb = nB / nT;
      o[kIndexPtbiserial] = (sumB / nB - sumW / nW) * std::sqrt(pb * (1.0 - pb)) / sd;
    }

    // Silhouette: a_i from the point's own block; b_i = the smaller mean distance to the
    // neighbouring blocks (in 1-D the mean distance to the blocks on one side grows with their
    // distance, so the nearest cluster on average is an adjacent block).
    {
      double total = 0.0;
      int32_t nonEmpty = nb;
      const bool silDefined = silTextbook ? (nonEmpty >= 2 && nonEmpty < n) : true;
      for (int32_t b = 0; b < nb && silDefined; b++) {
        const size_t a = static_cast<size_t>(blockStart[b]);
        const size_t e = static_cast<size_t>(blockStart[b + 1]);
        const size_t c = static_cast<size_t>(sl[a]);
        if (size[c] <= 1) continue;
        const double own = static_cast<double>(size[c] - 1);
        for (size_t p = a; p < e; p++) {
          const double av = (left[p] + right[p]) / own;
          double bv = kInf;
          if (b > 0) {
            const size_t pa = static_cast<size_t>(blockStart[b - 1]);
            const double len = static_cast<double>(a - pa);
            const double v = (len * (sv[p] - sv[a - 1]) + left[a - 1]) / len;
            if (v < bv) bv = v;
          }
          if (b + 1 < nb) {
            const size_t ne = static_cast<size_t>(blockStart[b + 2]);
            const double len = static_cast<double>(ne - e);
            const double v = (len * (sv[e] - sv[p]) + right[e]) / len;
            if (v < bv) bv = v;
          }
          const double mx = av > bv ? av : bv;
          if (silTextbook) {
            if (bv != av) silSum[c] += (bv - av) / mx;
          } else {
            silSum[c] += (bv - av) / mx;
          }
        }
      }
      if (!silTextbook) {
        for (size_t c = 0; c < K; c++) total += size[c] <= 1 ? 1.0 : silSum[c];
        o[kIndexSilhouette] = total / nn;
      } else if (silDefined) {
        for (size_t c = 0; c < K; c++) total += silSum[c];
        o[kIndexSilhouette] = total / nn;
      }
    }

    // KL: within sums of squares of the three partitions, exactly as clusterIndices.
    if (j + 1 < m) {
      const int32_t* prev = parts + static_cast<size_t>(j - 1) * N;
      const int32_t* next = parts + static_cast<size_t>(j + 1) * N;
      const double w0 = withinSumOfSquares(data, n, 1, prev, k - 1);
      const double w1 = withinSumOfSquares(data, n, 1, labels, k);
      const double w2 = withinSumOfSquares(data, n, 1, next, k + 1);
      const double e = 2.0;
      const double gk = static_cast<double>(k);
      const double pPrev = std::pow(gk - 1.0, e);
      const double pCur = std::pow(gk, e);
      const double pNext = std::pow(gk + 1.0, e);
      o[kIndexKl] = std::fabs(pPrev * w0 - pCur * w1) / std::fabs(pCur * w1 - pNext * w2);
    }

    // C-index.
    if (!cTextbook) {
      double dMin = kInf, dMax = -kInf;
      for (size_t c = 0; c < K; c++) {
        double vMax = 1.0, vMin = 1.0;
        if (size[c] > 1) {
          vMax = diam[c];
          vMin = duplicated[c] ? 0.0 : minWithin[c];
        }
        if (vMin < dMin) dMin = vMin;
        if (vMax > dMax) dMax = vMax;
      }
      if (dMin != dMax) o[kIndexCindex] = (sumW - nW * dMin) / (dMax * nW - dMin * nW);
    } else if (needSelect) {
      const double sMin = sLo + (nW - cLo) * lo;
      const double sMax = sHi + (nW - cHi) * hi;
      if (sMax != sMin) o[kIndexCindex] = (sumW - sMin) / (sMax - sMin);
    }

    // McClain–Rao.
    if (mcTextbook) {
      o[kIndexMcclain] = (sumW / nW) / (sumB / nB);
    } else {
      o[kIndexMcclain] = (sumW / nW / nW) / (sumB / nB / nB);
    }

    // Dunn.
    double maxDiam = 0.0;
    for (size_t c = 0; c < K; c++) {
      if (size[c] > 0 && diam[c] > maxDiam) maxDiam = diam[c];
    }
    o[kIndexDunn] = minB / maxDiam;
  }
  return 1;
}

}  // namespace epikit
