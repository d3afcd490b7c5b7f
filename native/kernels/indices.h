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

}  // namespace epikit
