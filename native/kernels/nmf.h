// Nonnegative matrix factorisation X ≈ W·H by multiplicative updates (Lee & Seung 2001), in
// the form of scikit-learn's solver='mu' (sklearn/decomposition/_nmf.py,
// _fit_multiplicative_update with _multiplicative_update_w / _h and _beta_divergence),
// with a missing-value mask as in NMFk.jl.
//
// Shapes: X is m×n row-major (NaN = missing), W is m×k, H is k×n, both row-major.
//
// Objectives (over the observed entries O only):
//   Frobenius (objective 0): ½ Σ_O (x − wh)²
//   generalised Kullback–Leibler (objective 1): Σ_O [x > 0 ? x·log(x / wh⁺) : 0] − x + wh
// where wh⁺ = wh with 0 replaced by ε32 = 2^−23 (numpy's float32 eps, scikit-learn's EPSILON).
// (scikit-learn 1.2's _beta_divergence also leaves entries 0 < x ≤ ε32 out of the x·log and −x
// terms; we do not.) The logarithm is the kernels' own (fdlibm's method, within 1 ulp, same bits
// in every build; the platform log only for ratios outside the normal range), so the KL history
// and the stopping decisions are identical on every backend.
//
// One iteration = update W from (W, H), then H from (W_new, H) (scikit-learn's order):
//   Frobenius: W ← W ∘ (X̂Hᵀ) / (W·HHᵀ);   H ← H ∘ (W_newᵀX̂) / ((W_newᵀW_new)·H)
//   KL:        W ← W ∘ ((X̂ / WH)·Hᵀ) / rowsums(H);   H ← H ∘ (W_newᵀ(X̂ / W_newH)) / colsums(W_new)
// scikit-learn's guards (version 1.2, the Debian package the fixture comes from): a zero WH is
// replaced by ε32 in the ratio X/WH (later versions raise every WH below ε32); a zero denominator
// becomes ε32 (a zero column sum of W becomes 1 in the KL update of H); after a KL update of H,
// entries below DBL_EPSILON (2^−52) are set to 0.
// Missing entries act as X̂_ij = (WH)_ij for the product in hand (EM-style imputation, as
// NMFk.jl re-imputes from W·H): in the Frobenius products X̂ uses W·H of the current factors
// of that half-step; in the KL ratio a missing entry contributes exactly 1. Each half-step
// therefore cannot increase the observed-entry objective (the imputed entries start at zero
// loss), which is what makes the history non-increasing with missing values too.
//
// Stopping (scikit-learn's rule, measured on e = sqrt(2·objective), its square_root=True
// error): every checkEvery iterations the objective is evaluated; with tol > 0 the run stops
// when (e_previous − e_current) / e_initial < tol (or e_initial = 0). tol <= 0 runs maxIter.
//
// Work per iteration: X is streamed once, row by row; rows go in blocks of four so that the
// loads of H and the updates of the k×n accumulator are shared (see nmf.cc). Blocking never
// changes the arithmetic of an element, only the loop order across rows.
//
// Summation order (shared with assembly/kernels/nmf.ts, plain and SIMD builds, for
// bit-identical results): sums over j (a row of length n) use four partial sums s_q over
// j ≡ q (mod 4) in increasing j, combined as (s0 + s2) + (s1 + s3) (two f64x2 lanes added,
// then the lanes); sums over a (0..k-1) and over rows i run in increasing order from the
// first term. No FMA (-ffp-contract=off).
#pragma once
#include <cstdint>

namespace epikit {

// Multiplicative updates from the given W, H (updated in place).
// objective: 0 = Frobenius, 1 = Kullback–Leibler. maxIter >= 0, checkEvery >= 1.
// history (length >= 1 + ceil(maxIter / checkEvery)) receives the objective at the start,
// after every checkEvery iterations and, when the run ends between checkpoints, after the last
// iteration: 1 + ceil(iterations / checkEvery) entries. Returns the iterations done.
// Scratch: O(m + k·n + k²), allocated once per call.
int32_t nmfMultiplicative(const double* x, int32_t m, int32_t n, int32_t k, double* w, double* h,
                          int32_t objective, int32_t maxIter, double tol, int32_t checkEvery,
                          double* history);

// Fit statistics of W·H against X over the observed entries:
//   out[0] = generalised KL divergence (as above), out[1] = Σ_O (x − wh)² (twice the Frobenius
//   objective; sqrt gives the observed-entry Frobenius error ‖X − WH‖_F), out[2] = Σ_O x²,
//   out[3] = number of observed entries. O(m·n·k).
void nmfObjective(const double* x, int32_t m, int32_t n, int32_t k, const double* w, const double* h,
                  double* out);

}  // namespace epikit
