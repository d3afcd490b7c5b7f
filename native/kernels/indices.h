// Cluster validity indices of one partition (NbClust 3.0.1 definitions by default, textbook
// forms by option): point-biserial, silhouette, KL (Krzanowski–Lai), C-index, McClain–Rao, Dunn.
// Mirrored operation by operation in assembly/kernels/indices.ts.
// Reference: NbClust 3.0.1 R/NbClust.R
// (Indice.ptbiserial, Indice.S, Indices.Traces "kl", Indice.cindex, Index.15and28, Index.dunn).
#pragma once
#include <cstdint>

namespace epikit {

// Slots of the output array (fixed order).
constexpr int kIndexPtbiserial = 0;
constexpr int kIndexSilhouette = 1;
constexpr int kIndexKl = 2;
constexpr int kIndexCindex = 3;
constexpr int kIndexMcclain = 4;
constexpr int kIndexDunn = 5;
constexpr int kIndexCount = 6;

// clusterIndices: all six indices of the k-cluster partition `labels` of the n points `data`
// (row-major n × d, Euclidean distances).
//   labelsPrev / labelsNext: the k−1 and k+1 partitions (KL only); nullptr = absent → KL is NaN.
//   kPrev, k, kNext: number of clusters of each partition; labels must lie in [0, k).
//   variant: bit s (s = output slot) set → textbook form of that index, clear → NbClust form.
//            Bits 2 (KL) and 5 (Dunn) are ignored (single form).
//   out[6]: ptbiserial, silhouette, kl, cindex, mcclain, dunn (NaN = undefined, NbClust's NA).
// Preconditions (checked by the N-API glue): n ≥ 1, d ≥ 1, 1 ≤ k·, labels in range, data finite.
// Cost: two passes over the n(n−1)/2 pairs, O(n²·d) time, O(n·k) memory (+ n(n−1)/2 doubles
// for the textbook C-index, whose r smallest / largest distances are found by selection).
void clusterIndices(const double* data, int32_t n, int32_t d, const int32_t* labelsPrev, int32_t kPrev,
                    const int32_t* labels, int32_t k, const int32_t* labelsNext, int32_t kNext, int32_t variant,
                    double* out);

// clusterIndices1d: the same six indices for 1-D points (d = 1) and partitions whose clusters
// are contiguous runs of the sorted values (as Ckmeans.1d.dp gives), in O(n log n) once plus
// O(n + k) per partition instead of O(n²): distances between sorted values telescope into the
// gaps g_q = s_q − s_{q−1}, so every pair sum is a sum of non-negative gap terms (no
// cancellation). Scores several consecutive-k partitions of the same points in one call:
//   parts: m partitions of n labels each, back to back; parts[j] has k0 + j clusters, labels in
//          [0, k0 + j) (parts[0] with k0 = 1 is the single cluster, all zeros);
//   scores j = 1..count (count ≤ m − 1) with prev = parts[j − 1], labels = parts[j],
//          next = parts[j + 1] when j + 1 < m (else KL is NaN); out[(j − 1)·6 + slot].
// Returns 1, or 0 (out unspecified) when a scored partition is not contiguous in sorted order
// (ties are ordered by label) — the caller then uses clusterIndices. Results equal
// clusterIndices' up to rounding (sums are taken in another order); KL, Dunn, the diameters and
// the smallest distances are the same floating-point values.
// Textbook C-index: the r-th smallest / largest pair distance is found by binary search on the
// bit patterns of doubles, counting pairs ≤ v with two pointers (O(n · 64)), ties exact.
int32_t clusterIndices1d(const double* data, int32_t n, const int32_t* parts, int32_t k0, int32_t m, int32_t count,
                         int32_t variant, double* out);

}  // namespace epikit
