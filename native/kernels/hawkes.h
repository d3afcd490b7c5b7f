// Discrete-time Hawkes model of daily county counts (seed 004, Chiang, Liu & Mohler 2022), the
// kernels of its EM fit and of its forecast simulation. Mirrored in assembly/kernels/hawkes.ts
// with the same operation order (results identical up to the last ulp of log/exp).
//
// Model, per county c and day t = 0..T−1 (arrays C×T row-major, index c·T + t):
//   λ_c(t) = μ_c + Σ_{d=1}^{min(L,t)} w(d) · R_c(t−d) · n_c(t−d)
// w(d) = w[d−1] is the discretised triggering kernel (lag 1..L), R_c(j) the reproduction
// number of the events of day j.
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

// E-step of the EM (O(C·T·L) causal convolutions, memory O(L) besides the outputs):
//   lambda[c,t]     = λ_c(t)
//   background[c,t] = n_c(t) · μ_c / λ_c(t)          expected background events of day t
//   q[c,j]          = R_c(j) Σ_{d=1}^{min(L,T−1−j)} w(d) n_c(j+d) / λ_c(j+d)
//                                                    expected children of ONE event of day j
//   freq[d−1]       = Σ_c Σ_{j < T−psi, j+d ≤ T−1} n_c(j) R_c(j) w(d) n_c(j+d) / λ_c(j+d)
//                                                    expected parent→child pairs at lag d
// where n/λ is taken as 0 when λ = 0. Returns the Poisson log-likelihood of the counts
// Σ_c Σ_t n_c(t) log λ_c(t) − λ_c(t) (constants log n! dropped; −∞ if λ = 0 < n).
// Preconditions (checked by the glue): counts, r, mu, w finite and ≥ 0; 1 ≤ L ≤ T; 0 ≤ psi < T.
// Fixed summation orders, shared with AssemblyScript (each output is one sequential sum, computed
// in vector lanes across consecutive outputs, so AVX2 / SSE2 / wasm SIMD / scalar agree bit for
// bit; lags that only reach zero inputs are skipped, which adds exactly-zero terms only):
// λ(i) = μ + Σ_d w(d) a(i−d) with d descending (parents ascending), a = R·n;
// g(j) = Σ_d w(d) ratio(j+d) with d ascending, Q(j) = R(j) g(j), ratio = n/λ;
// freq[d−1] = w(d) · F(d), F(d) = Σ_c Σ_j a_c(j) ratio_c(j+d) over counties, then parents ascending;
// loglik over counties of (s0 + s1) + (s2 + s3), s_k = Σ_{i ≡ k mod 4} (n > 0 ? n log λ : 0) − λ
// over days i ascending, with the kernel's own log (fdlibm's algorithm, < 1 ulp, in hawkes.cc), so
// the log-likelihood is bit-identical across backends as well.
// The AssemblyScript hawkesEStep takes one block of counties at a time (the caller carries F(d) and
// the log-likelihood from block to block and forms freq at the end: lib/backend/wasm/hawkes-e-step.ts);
// blocks in county order perform exactly these operations.
double hawkesEStep(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                   int32_t l, int32_t psi, double* lambda, double* q, double* background, double* freq);

// One IRLS accumulation of a weighted Poisson regression with log link over `rows` rows of the
// rows×p design x (row-major): η_i = offset_i + x_i·β (offset may be null: 0), m_i = exp(η_i),
// working weight W_i = weight_i · m_i, working response z_i = x_i·β + (y_i − m_i)/m_i.
// Writes xtwx (p×p, full symmetric) = Σ W_i x_i x_iᵀ and xtwz (p) = Σ W_i z_i x_i over the rows
// with weight_i > 0, and returns the deviance 2 Σ weight_i (y_i log(y_i/m_i) − (y_i − m_i))
// (y log(y/m) = 0 when y = 0).
double hawkesPoissonAccumulate(const double* x, int32_t rows, int32_t p, const double* y, const double* weight,
                               const double* offset, const double* beta, double* xtwx, double* xtwz);

// Forecast simulation. counts: C×T observed history; r: C×(T+H) reproduction numbers over
// history and horizon; mu: C; w: L. For county c (global index countyOffset + c) and realisation
// s, the stream is Xoshiro256(hawkesStreamSeed(seed, s, countyOffset + c)) and, for forecast
// days t = T..T+H−1 in order, n(t) ~ Poisson(μ_c + Σ_{d=1}^{min(L,t)} w(d) R_c(t−d) n(t−d)),
// with n(j) the observed counts for j < T and the simulated ones after. Conditional on the
// past this is exactly the branching process (each event has Poisson(R) children with delay
// distribution w, by Poisson splitting), so no batching or approximation is involved.
// Outputs: mean[c·H + k] over realisations, quantiles[(c·H + k)·7 + i] at
// p = 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975 (linear interpolation between order statistics,
// numpy's default / type 7). cumulativeQuantiles (may be null: not computed, no extra cost):
// C×H×7, the same 7 quantiles of each realisation's running total Σ_{d=0}^{k} n(T + d), i.e.
// of the window total over the first k + 1 forecast days (running totals added in day order).
void hawkesSimulate(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                    int32_t l, int32_t h, int32_t realisations, uint64_t seed, int32_t countyOffset, double* mean,
                    double* quantiles, double* cumulativeQuantiles);

// The raw paths behind hawkesSimulate, for a range of realisations: for county c (global index
// countyOffset + c) and realisation firstRealisation + s (s = 0..realisations−1), with the same
// stream Xoshiro256(hawkesStreamSeed(seed, firstRealisation + s, countyOffset + c)) and the same
// simulation (one shared function), paths[(c·realisations + s)·h + k] = n(T + k). Streams depend
// only on (seed, realisation, county), so any split of the realisations into ranges, concatenated
// in order, gives hawkesSimulate's draws; lib/hawkes/summarise-hawkes-paths.ts then computes its
// mean and quantiles with the same operations. Memory O(T + h) besides paths (C·realisations·h).
// Preconditions (checked by the glue): as hawkesSimulate; 0 ≤ firstRealisation,
// firstRealisation + realisations ≤ 2^24.
void hawkesSimulatePaths(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                         int32_t l, int32_t h, int32_t firstRealisation, int32_t realisations, uint64_t seed,
                         int32_t countyOffset, double* paths);

// Seed of the stream of (seed, realisation, county): SplitMix64 mixing applied three times.
uint64_t hawkesStreamSeed(uint64_t seed, uint64_t realisation, uint64_t county);

// n Poisson(mean) draws from stream Xoshiro256(seed), with the sampler of hawkesSimulate.
void hawkesPoissonSample(double mean, uint64_t seed, double* out, int32_t n);

}  // namespace epikit
