// Agglomerative hierarchical clustering on a condensed distance matrix (SciPy order), as
// SciPy's scipy.cluster.hierarchy.linkage / fastcluster compute it:
//   single            — Prim's minimum spanning tree, O(n²) time (Rohlf 1973; Müllner 2011, §3.1)
//   complete, average,
//   weighted, ward    — nearest-neighbour chain, O(n²) time (Murtagh 1983; Müllner 2011, §3.2)
//                       with Lance–Williams updates.
// Output: a SciPy linkage matrix, n − 1 rows of (a, b, height, size), rows stably sorted by
// height, cluster n + r made in row r, a < b. Mirrored by assembly/kernels/hclust.ts.
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

// Method codes (also in lib/backend/kernels/hclust.ts).
enum LinkageMethod : int32_t {
  LINKAGE_SINGLE = 0,
  LINKAGE_COMPLETE = 1,
  LINKAGE_AVERAGE = 2,
  LINKAGE_WEIGHTED = 3,  // WPGMA / McQuitty
  LINKAGE_WARD = 4,      // Ward on Euclidean distances (SciPy's formula)
};

// Index of the first value of condensed[0..length) that is negative or not finite; -1 if none.
int64_t firstInvalidDistance(const double* condensed, size_t length);

// Writes the (n − 1) × 4 linkage matrix into out. Preconditions (checked by the glue):
// n >= 1, condensed has n(n − 1)/2 finite values >= 0, method in [0, 4], out has (n − 1)·4.
// Returns 0, or 1 if the nearest-neighbour chain broke down (only possible when the
// Lance–Williams update overflows or turns NaN, e.g. Ward on non-Euclidean input).
int32_t hclust(const double* condensed, int32_t n, int32_t method, double* out);

}  // namespace epikit
