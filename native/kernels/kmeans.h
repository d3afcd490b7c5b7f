// k-means for d-dimensional points: greedy k-means++ seeding and Lloyd iterations with
// restarts. Mirrored exactly by assembly/kernels/kmeans.ts (same operation order, same
// tie-breaking, same random stream), so both backends return the same labels.
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

// Kernel: k-means of n points of dimension d (row-major `points`, n*d values) into k
// clusters, 1 <= k <= n, nInit >= 1 restarts, at most maxIter >= 1 Lloyd iterations each.
//
// - Randomness: one Xoshiro256(seed) stream, consumed sequentially by the restarts in
//   order. Each restart draws exactly 1 + (k - 1) * L values, L = 2 + floor(ln k): the first
//   centre is points[below(n)] (Arthur & Vassilvitskii 2007, k-means++, section 2.2); for
//   every further centre, L uniforms u pick L candidates by D² sampling (the first i whose
//   running sum of D² exceeds u · ΣD²; all L drawn before scoring them), and the candidate
//   that lowers the potential ΣD² most is kept (the first on ties). This greedy variant is
//   the one the paper's conclusion mentions and scikit-learn uses (n_local_trials = 2 + ln k).
//   If every D² is 0 (fewer distinct points than k), or ΣD² overflows, the candidate is
//   floor(u · n) instead.
// - Lloyd: assign every point to the nearest centre (lowest index wins ties), recompute
//   centres as means; stop when no label changes, or when the total squared centre shift
//   <= tol * mean(per-coordinate variance of the points) (scikit-learn's rule), or after
//   maxIter iterations. After a tolerance or maxIter stop, labels are re-assigned to the
//   final centres, so labels are always nearest-centre labels of the returned centres.
// - Empty clusters (after an assignment): for each empty cluster in increasing index order,
//   the point farthest from its centre (lowest index wins ties) among those whose cluster
//   keeps at least one other point is moved to it (and becomes its centre). If every such
//   distance is 0 the cluster stays empty and keeps its previous centre.
// - Outputs: labels (n, 0-based), centers (k*d row-major) and stats = {inertia, iterations}
//   of the restart with the lowest inertia (the first one wins ties). iterations counts the
//   assignment steps of that restart (on strict convergence, the last one changed nothing).
void kmeans(const double* points, int32_t n, int32_t d, int32_t k, uint64_t seed, int32_t nInit,
            int32_t maxIter, double tol, int32_t* labels, double* centers, double* stats);

// Number of k-means++ candidates per centre: 2 + floor(ln k) (scikit-learn's default).
int32_t kmeansLocalTrials(int32_t k);

}  // namespace epikit
