// Pairwise distances between the rows of a packed n × d matrix, written as a condensed
// matrix in SciPy order: pairs (i, j) with i < j, row by row, n(n − 1)/2 values.
// Mirrored by assembly/kernels/distances.ts (same loops, same floating-point order).
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

// Metric codes (also in lib/backend/kernels/distances.ts).
enum DistanceMetric : int32_t {
  METRIC_EUCLIDEAN = 0,  // sqrt(Σ_k (x_ik − x_jk)²), summed k = 0..d−1
  METRIC_LOG = 1,        // Euclidean distance between (log x_ik)_k and (log x_jk)_k; d = 1: |log x_i − log x_j|
};

// Fills out[0 .. n(n−1)/2) with the distances between the rows of points (row-major n × d).
// Returns -1 on success, or (metric 'log') the flat index of the first value <= 0 (nothing
// meaningful is written then). The caller guarantees the sizes.
int64_t pairwiseDistances(const double* points, int32_t n, int32_t d, int32_t metric, double* out);

}  // namespace epikit
