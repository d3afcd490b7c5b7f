// Hawkes kernels: see hawkes.h. assembly/kernels/hawkes.ts is a line-by-line mirror.
#include "hawkes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "random.h"

namespace epikit {

double hawkesEStep(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                   int32_t l, int32_t psi, double* lambda, double* q, double* background, double* freq) {
  // Both convolutions are scatters over the non-zero terms only (days without events or with
  // R = 0 are skipped): λ from each parent day j forwards, Q and freq from each child day i
  // backwards. Summation orders (mirrored exactly in AssemblyScript): λ(i) over parents j
  // ascending; g(j) over children i ascending; freq(d) over counties, then j ascending.
  const size_t T = static_cast<size_t>(t);
  const int32_t L = l;
  for (int32_t d = 0; d < L; d++) freq[d] = 0.0;
  std::vector<double> a(T), ratio(T), acc(T), g(T);
  double loglik = 0.0;
  const int32_t parentEnd = t - psi;  // parents j < T − psi enter freq
  for (int32_t cc = 0; cc < c; cc++) {
    const size_t base = static_cast<size_t>(cc) * T;
    const double* n = counts + base;
    const double* rr = r + base;
    const double m = mu[cc];
    for (int32_t j = 0; j < t; j++) {
      a[j] = rr[j] * n[j];
      acc[j] = 0.0;
      g[j] = 0.0;
    }
    for (int32_t j = 0; j < t; j++) {
      const double aj = a[j];
      if (aj == 0.0) continue;
      const int32_t rest = t - 1 - j;
      const int32_t dmax = rest < L ? rest : L;
      double* out = acc.data() + j;
      for (int32_t d = 1; d <= dmax; d++) out[d] += w[d - 1] * aj;
    }
    for (int32_t i = 0; i < t; i++) {
      const double lam = m + acc[i];
      lambda[base + i] = lam;
      const double ni = n[i];
      double rt = 0.0;
      if (lam > 0.0) {
        rt = ni / lam;
        if (ni > 0.0) loglik += ni * std::log(lam) - lam;
        else loglik -= lam;
      } else if (ni > 0.0) {
        loglik = -INFINITY;
      }
      ratio[i] = rt;
      background[base + i] = m * rt;
    }
    for (int32_t i = 1; i < t; i++) {
      const double ri = ratio[i];
      if (ri == 0.0) continue;
      const int32_t dmax = i < L ? i : L;
      double* gi = g.data() + i;
      for (int32_t d = 1; d <= dmax; d++) gi[-d] += w[d - 1] * ri;
      // parents j = i − d < parentEnd ⇔ d > i − parentEnd
      int32_t dlo = i - parentEnd + 1;
      if (dlo < 1) dlo = 1;
      const double* ai = a.data() + i;
      for (int32_t d = dlo; d <= dmax; d++) freq[d - 1] += ai[-d] * (w[d - 1] * ri);
    }
    for (int32_t j = 0; j < t; j++) q[base + j] = rr[j] * g[j];
  }
  return loglik;
}

double hawkesPoissonAccumulate(const double* x, int32_t rows, int32_t p, const double* y, const double* weight,
                               const double* offset, const double* beta, double* xtwx, double* xtwz) {
  const size_t P = static_cast<size_t>(p);
  for (size_t i = 0; i < P * P; i++) xtwx[i] = 0.0;
  for (size_t i = 0; i < P; i++) xtwz[i] = 0.0;
  double deviance = 0.0;
  for (int32_t i = 0; i < rows; i++) {
    const double wi = weight[i];
    if (!(wi > 0.0)) continue;
    const double* xi = x + static_cast<size_t>(i) * P;
    double lin = 0.0;
    for (size_t k = 0; k < P; k++) lin += xi[k] * beta[k];
    const double eta = offset != nullptr ? offset[i] + lin : lin;
    const double m = std::exp(eta);
    const double yi = y[i];
    const double ww = wi * m;
    const double z = lin + (yi - m) / m;
    const double wz = ww * z;
    for (size_t a = 0; a < P; a++) {
      const double wa = ww * xi[a];
      xtwz[a] += wz * xi[a];
      for (size_t b = a; b < P; b++) xtwx[a * P + b] += wa * xi[b];
    }
    const double dev = yi > 0.0 ? yi * std::log(yi / m) - (yi - m) : m;
    deviance += wi * dev;
  }
  for (size_t a = 0; a < P; a++)
    for (size_t b = 0; b < a; b++) xtwx[a * P + b] = xtwx[b * P + a];
  return 2.0 * deviance;
}

namespace {

inline uint64_t mix64(uint64_t z) {
  uint64_t s = z;
  return splitmix64(s);
}

// log Γ(x) for x ≥ 1: Stirling series in 1/x² (Bernoulli coefficients B_2k / (2k(2k−1)))
// at x shifted to ≥ 7, then shifted back by log Γ(x) = log Γ(x + n) − Σ log(x + i).
double logGamma(double x) {
  if (x == 1.0 || x == 2.0) return 0.0;
  static const double B[10] = {1.0 / 12.0,        -1.0 / 360.0,       1.0 / 1260.0,       -1.0 / 1680.0,
                               1.0 / 1188.0,      -691.0 / 360360.0,  1.0 / 156.0,        -3617.0 / 122400.0,
                               43867.0 / 244188.0, -174611.0 / 125400.0};
  double x0 = x;
  int32_t n = 0;
  if (x < 7.0) {
    n = static_cast<int32_t>(7.0 - x);
    x0 = x + static_cast<double>(n);
  }
  const double x2 = 1.0 / (x0 * x0);
  double s = B[9];
  for (int32_t i = 8; i >= 0; i--) s = s * x2 + B[i];
  double g = s / x0 + 0.91893853320467274178 + (x0 - 0.5) * std::log(x0) - x0;
  for (int32_t i = 0; i < n; i++) {
    x0 -= 1.0;
    g -= std::log(x0);
  }
  return g;
}

// Exact Poisson(lam) draw: inversion by sequential search for lam < 10; PTRS, the transformed
// rejection method with squeeze of Hörmann (1993, Insurance: Math. Econ. 12:39–45), above.
// lam ≥ 1e15 (sd/mean < 3.2e−8, beyond exact integers soon after) returns the rounded mean.
double poissonDraw(Xoshiro256& rng, double lam) {
  if (!(lam > 0.0)) return 0.0;
  if (lam >= 1e15) return std::floor(lam + 0.5);
  if (lam < 10.0) {
    const double u = rng.uniform();
    double p = std::exp(-lam);
    double f = p;
    double k = 0.0;
    while (u > f && k < 1000.0) {
      k += 1.0;
      p = p * lam / k;
      f += p;
    }
    return k;
  }
  const double slam = std::sqrt(lam);
  const double loglam = std::log(lam);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const double lhs = std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b);
    const double rhs = -lam + k * loglam - logGamma(k + 1.0);
    if (lhs <= rhs) return k;
  }
}

const double kQuantiles[7] = {0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975};

// Sorts col (S values) ascending and writes its 7 type-7 quantiles to out[0..7).
void writeQuantiles(std::vector<double>& col, int32_t S, double* out) {
  std::sort(col.begin(), col.end());
  for (int32_t qi = 0; qi < 7; qi++) {
    const double pos = static_cast<double>(S - 1) * kQuantiles[qi];
    const double lo = std::floor(pos);
    const int32_t i0 = static_cast<int32_t>(lo);
    const int32_t i1 = i0 + 1 < S ? i0 + 1 : S - 1;
    const double frac = pos - lo;
    out[qi] = col[i0] + frac * (col[i1] - col[i0]);
  }
}

}  // namespace

uint64_t hawkesStreamSeed(uint64_t seed, uint64_t realisation, uint64_t county) {
  return mix64(mix64(mix64(seed) ^ realisation) ^ county);
}

void hawkesSimulate(const double* counts, const double* r, const double* mu, const double* w, int32_t c, int32_t t,
                    int32_t l, int32_t h, int32_t realisations, uint64_t seed, int32_t countyOffset, double* mean,
                    double* quantiles, double* cumulativeQuantiles) {
  const int32_t TH = t + h;
  const int32_t S = realisations;
  std::vector<double> a(static_cast<size_t>(TH));
  std::vector<double> sims(static_cast<size_t>(S) * static_cast<size_t>(h));
  std::vector<double> col(static_cast<size_t>(S));
  std::vector<double> total(cumulativeQuantiles != nullptr ? static_cast<size_t>(S) : 0);
  for (int32_t cc = 0; cc < c; cc++) {
    const double* n = counts + static_cast<size_t>(cc) * t;
    const double* rr = r + static_cast<size_t>(cc) * TH;
    const double m = mu[cc];
    for (int32_t j = 0; j < t; j++) a[j] = rr[j] * n[j];
    for (int32_t s = 0; s < S; s++) {
      Xoshiro256 rng(hawkesStreamSeed(seed, static_cast<uint64_t>(s), static_cast<uint64_t>(countyOffset + cc)));
      for (int32_t i = t; i < TH; i++) {
        const int32_t dmax = i < l ? i : l;
        double acc = 0.0;
        for (int32_t d = 1; d <= dmax; d++) acc += w[d - 1] * a[i - d];
        const double x = poissonDraw(rng, m + acc);
        a[i] = rr[i] * x;
        sims[static_cast<size_t>(s) * h + (i - t)] = x;
      }
    }
    for (size_t s = 0; s < total.size(); s++) total[s] = 0.0;
    for (int32_t k = 0; k < h; k++) {
      double sum = 0.0;
      for (int32_t s = 0; s < S; s++) {
        const double v = sims[static_cast<size_t>(s) * h + k];
        col[s] = v;
        sum += v;
      }
      const size_t o = static_cast<size_t>(cc) * h + k;
      mean[o] = sum / static_cast<double>(S);
      writeQuantiles(col, S, quantiles + o * 7);
      if (cumulativeQuantiles != nullptr) {
        // running totals over forecast days 0..k, per realisation
        for (int32_t s = 0; s < S; s++) {
          total[s] += sims[static_cast<size_t>(s) * h + k];
          col[s] = total[s];
        }
        writeQuantiles(col, S, cumulativeQuantiles + o * 7);
      }
    }
  }
}

void hawkesPoissonSample(double mean, uint64_t seed, double* out, int32_t n) {
  Xoshiro256 rng(seed);
  for (int32_t i = 0; i < n; i++) out[i] = poissonDraw(rng, mean);
}

}  // namespace epikit
