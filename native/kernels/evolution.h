// Kernels for the cluster evolution of multivariate time series (James & Menzies,
// "Cluster-based dual evolution for multivariate time series: Analyzing COVID-19",
// Chaos 30, 061108, 2020): distances between the days' partitions, the lag objective
// between two series' per-day matrices, and per-entity anomaly scores.
// Mirrored by assembly/kernels/evolution.ts (same loops, same floating-point order).
//
// Inputs are row-major T × n (T dates, n entities): value (t, i) at index t·n + i.
// Per-day matrices M(t) (n × n, full, diagonal included), from D(t)_ij = |x_i(t) − x_j(t)|:
//   Aff (0):      Aff(t)_ij = 1 − D_ij / maxD(t)           (all ones when maxD(t) = 0)
//   Gaussian (1): G(t)_ij = exp(−D_ij² / (2σ²)), σ = maxD(t)/m (all ones when maxD(t) = 0)
//   Adj (2):      Adj(t)_ij = 1 if labels(t, i) == labels(t, j) else 0
// maxD(t) = max_i x_i(t) − min_i x_i(t). All three have ones on the diagonal, so the
// diagonal never contributes to a difference of two such matrices; the kernels sum the
// strict upper triangle and double it (the full-matrix sum over i ≠ j).
// Aff and G are reconstructions (unverified) of the paper's formulas (reference section 2).
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

enum EvolutionMatrix : int32_t { EVOLUTION_AFF = 0, EVOLUTION_GAUSSIAN = 1, EVOLUTION_ADJ = 2 };
enum EvolutionNorm : int32_t { EVOLUTION_L1 = 0, EVOLUTION_FROBENIUS = 1 };

// d(s, t) = ‖Adj(s) − Adj(t)‖_F for every pair of days s < t, in SciPy condensed order,
// into out[0 .. T(T−1)/2). labels: T × n, each in [0, n). Uses the contingency identity
// ‖Adj(s) − Adj(t)‖_F² = Σ_a n_a(s)² + Σ_b n_b(t)² − 2 Σ_{a,b} c_ab² (exact in integers),
// O(n) per pair after an O(T·n) counting sort of each day. The caller guarantees sizes and
// label ranges.
void adjacencyDistances(const int32_t* labels, int32_t T, int32_t n, double* out);

// out[τ] for τ = 0..tauMax: (1/count) Σ_{t = start}^{T−1−τ} ‖M_X(t) − M_Y(t+τ)‖ / s, where the
// norm is entrywise L1 (Σ_ij |·|) or Frobenius ((Σ_ij |·|²)^{1/2}) over the full n × n matrix,
// s = n² when perEntry != 0 else 1, count = T − τ − start; NaN when count ≤ 0.
// labelsX / labelsY are read only for matrix = Adj (may be null otherwise).
// The caller guarantees sizes and ranges (matrix 0..2, m 1..3, norm 0..1, start and tauMax
// in [0, T)).
void offsetObjective(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY, int32_t T,
                     int32_t n, int32_t matrix, int32_t m, int32_t norm, int32_t perEntry, int32_t start,
                     int32_t tauMax, double* out);

// offsetObjective for several start dates at once: out[s·(tauMax + 1) + τ] is offsetObjective's
// out[τ] for start = starts[s] (bit-identical), each day pair's term computed once for all
// starts (the pairs of the earliest start cover the others). starts in [0, T), nStarts ≥ 1.
void offsetObjectiveStarts(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY,
                           int32_t T, int32_t n, int32_t matrix, int32_t m, int32_t norm, int32_t perEntry,
                           const int32_t* starts, int32_t nStarts, int32_t tauMax, double* out);

// out (T × n): out[t·n + j] = Σ_i |M_X,ij(t) − M_Y,ij(t+τ)| for t ≤ T−1−τ, NaN for later t.
// The sum runs over i = 0..n−1 in increasing order (the diagonal term is 0).
void anomalyScores(const double* x, const double* y, const int32_t* labelsX, const int32_t* labelsY, int32_t T,
                   int32_t n, int32_t tau, int32_t matrix, int32_t m, double* out);

// Test hooks for the exp of the Gaussian entries (native/kernels/exp-kernel.h): out[e] =
// expKernel(x[e]) for e < len, on AVX2 (four lanes) when vector != 0 and the CPU has it, else
// scalar; and entries p0 .. p0+count−1 of the strict upper triangle of Aff (matrix 0) or G
// (matrix 1) of one day x[0 .. n), (i0, j0) the pair of entry p0 (0 ≤ i0 < j0 < n), exactly as
// offsetObjective builds them, with the Gaussian rows on AVX2 only when vector != 0.
void evolutionExp(const double* x, size_t len, int32_t vector, double* out);
void evolutionMatrixRange(const double* x, int32_t n, int32_t matrix, int32_t m, int32_t i0, int32_t j0,
                          size_t count, int32_t vector, double* out);

// Working-set sizes of offsetObjective (Aff / G), in doubles: partial sums of the (t, τ)
// pairs of one block of lags; per-day chunks of the upper triangles (X and Y); one block's
// Y chunks per X day (to stay in cache). The results do not depend on them.
constexpr uint64_t EVOLUTION_LANE_DOUBLES = 1ull << 22;
constexpr uint64_t EVOLUTION_CHUNK_DOUBLES = 1ull << 21;
constexpr uint64_t EVOLUTION_CACHE_DOUBLES = 1ull << 16;

}  // namespace epikit
