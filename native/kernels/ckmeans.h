// Optimal 1-D k-means (Ckmeans.1d.dp: Wang & Song 2011, R Journal 3(2); Song & Zhong 2020,
// Bioinformatics 36(20)), written from the papers and the reference notes in
// shared/reference/clustering.md section 3. Mirrored line by line in assembly/kernels/ckmeans.ts.
#pragma once
#include <cstdint>

namespace epikit {

// Fill methods of the dynamic programme (section 3.3).
enum CkmeansMethod : int32_t {
  CKMEANS_LINEAR = 0,     // SMAWK row minima: O(k n) after sorting
  CKMEANS_LOGLINEAR = 1,  // divide and conquer: O(k n log n)
  CKMEANS_QUADRATIC = 2,  // full scan: O(k n^2), kept as a test oracle
};

// Kernel: optimal clustering of x[0..n) into k groups minimising the (weighted) within-cluster
// sum of squares.
//
//   x        n values (any order; sorted internally by (value, original index))
//   w        n non-negative weights, or nullptr for the unweighted problem. Weights are used
//            as given (the facade maps all-equal weights to nullptr, like the reference).
//   kMin, kMax  1 <= kMin <= kMax. kMax is capped at the number u of distinct values and kMin
//            at the capped kMax. kMin == kMax asks for that k (capped); otherwise k is chosen
//            by the BIC of the Gaussian mixture (section 3.5).
//   method   CkmeansMethod
//   labels   out, n: cluster of each input value (0-based, clusters in ascending order)
//   centers, withinss, sizes  out, kMax each: per-cluster (weighted) mean, (weighted) sum of
//            squares, count (or sum of weights); entries >= the chosen k are set to 0
//   bic      out, kMax - kMin + 1, or nullptr: BIC of each K in [kMin, kMax]; NaN for K that
//            were not evaluated (K > u) or cannot be (u == 1). When bic is nullptr no BIC is
//            computed and k = min(kMax, u).
//   distinct out, 1: u, the number of distinct values of x (-0 and +0 count as one)
//
// Returns the chosen k (>= 1), or 0 when the weights sum to zero (nothing written then).
//
// Cost: O(n) radix sort (skipped for sorted x) + O(kMax n) for CKMEANS_LINEAR; memory about
// (100 + 4 (kMax - 2)) n bytes of scratch, kept per thread between calls (fresh pages cost more
// than the computation at n = 10^5) unless it exceeds 256 MB.
int32_t ckmeans(const double* x, const double* w, int32_t n, int32_t kMin, int32_t kMax, int32_t method,
                int32_t* labels, double* centers, double* withinss, double* sizes, double* bic,
                int32_t* distinct);

// Kernel: the optimal k-partitions of x[0..n) (unweighted) for every k = 1 .. K,
// K = min(kMax, u), from ONE dynamic programme for K clusters: row q of the programme depends
// only on rows < q, so rows 1 .. k - 2 are shared by every k, and the last row of each k
// (i = n - 1 only) is scanned exactly as ckmeans does it. Row k - 1 of `labels` is therefore,
// by construction, identical to the labels ckmeans(x, nullptr, n, k, k, method, ...) writes,
// ties included.
//
//   x        n values (any order)
//   kMax     >= 1
//   method   CkmeansMethod
//   labels   out, min(kMax, n) rows of n: row k - 1 = cluster of each input value in the
//            k-partition (0-based, ascending); rows K .. min(kMax, n) - 1 are set to 0
//   distinct out, 1: u
//
// Returns K. Cost: the sort, O(K n) for CKMEANS_LINEAR, plus O(n) per k for the last-row scan
// and O(n) per k for the labels: O(K n) in all (instead of O(K^2 n) for K calls of ckmeans).
int32_t ckmeansPartitions(const double* x, int32_t n, int32_t kMax, int32_t method, int32_t* labels,
                          int32_t* distinct);

}  // namespace epikit
