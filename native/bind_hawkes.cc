// N-API glue for the Hawkes kernels (native/kernels/hawkes.h). Every size and value range is
// re-checked here so that no call can read or write outside its arrays.
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/hawkes.h"
#include "napi_args.h"

namespace epikit {

namespace {

constexpr int64_t kI32Max = 2147483647;

size_t product(int64_t a, int64_t b) { return static_cast<size_t>(a) * static_cast<size_t>(b); }

// Every entry finite and (if nonNegative) ≥ 0.
void requireValues(Napi::Env env, const F64& a, const char* name, bool nonNegative) {
  for (size_t i = 0; i < a.length; i++) {
    const double v = a.data[i];
    if (!std::isfinite(v)) {
      throw codedError(env, "E_INPUT_NAN", std::string(name) + "[" + std::to_string(i) + "] is " + formatNumber(v) + ": expected a finite number");
    }
    if (nonNegative && v < 0.0) {
      throw codedError(env, "E_INPUT_RANGE", std::string(name) + "[" + std::to_string(i) + "] is " + formatNumber(v) + ": expected a number ≥ 0");
    }
  }
}

}  // namespace

// hawkesEStep(counts, r, mu, w, c, t, l, psi, lambda, q, background, freq) → log-likelihood
static Napi::Value HawkesEStep(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 12, "hawkesEStep");
    F64 counts = f64Arg(info, 0, "counts");
    F64 r = f64Arg(info, 1, "r");
    F64 mu = f64Arg(info, 2, "mu");
    F64 w = f64Arg(info, 3, "w");
    const int64_t c = intArg(info, 4, "c", 1, kI32Max);
    const int64_t t = intArg(info, 5, "t", 1, kI32Max);
    const int64_t l = intArg(info, 6, "l", 1, t);
    const int64_t psi = intArg(info, 7, "psi", 0, t - 1);
    F64 lambda = f64Arg(info, 8, "lambda");
    F64 q = f64Arg(info, 9, "q");
    F64 background = f64Arg(info, 10, "background");
    F64 freq = f64Arg(info, 11, "freq");
    const size_t ct = product(c, t);
    requireLength(env, counts, "counts", ct);
    requireLength(env, r, "r", ct);
    requireLength(env, mu, "mu", static_cast<size_t>(c));
    requireLength(env, w, "w", static_cast<size_t>(l));
    requireLength(env, lambda, "lambda", ct);
    requireLength(env, q, "q", ct);
    requireLength(env, background, "background", ct);
    requireLength(env, freq, "freq", static_cast<size_t>(l));
    requireValues(env, counts, "counts", true);
    requireValues(env, r, "r", true);
    requireValues(env, mu, "mu", true);
    requireValues(env, w, "w", true);
    const double ll = hawkesEStep(counts.data, r.data, mu.data, w.data, static_cast<int32_t>(c), static_cast<int32_t>(t),
                                  static_cast<int32_t>(l), static_cast<int32_t>(psi), lambda.data, q.data, background.data,
                                  freq.data);
    return Napi::Number::New(env, ll);
  });
}

// hawkesPoissonAccumulate(x, rows, p, y, weight, offset|null, beta, xtwx, xtwz) → deviance
static Napi::Value HawkesPoissonAccumulate(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 9, "hawkesPoissonAccumulate");
    F64 x = f64Arg(info, 0, "x");
    const int64_t rows = intArg(info, 1, "rows", 0, kI32Max);
    const int64_t p = intArg(info, 2, "p", 1, 4096);
    F64 y = f64Arg(info, 3, "y");
    F64 weight = f64Arg(info, 4, "weight");
    F64 offset = f64Arg(info, 5, "offset", true);
    F64 beta = f64Arg(info, 6, "beta");
    F64 xtwx = f64Arg(info, 7, "xtwx");
    F64 xtwz = f64Arg(info, 8, "xtwz");
    requireLength(env, x, "x", product(rows, p));
    requireLength(env, y, "y", static_cast<size_t>(rows));
    requireLength(env, weight, "weight", static_cast<size_t>(rows));
    if (offset.data != nullptr) requireLength(env, offset, "offset", static_cast<size_t>(rows));
    requireLength(env, beta, "beta", static_cast<size_t>(p));
    requireLength(env, xtwx, "xtwx", product(p, p));
    requireLength(env, xtwz, "xtwz", static_cast<size_t>(p));
    requireValues(env, x, "x", false);
    requireValues(env, y, "y", true);
    requireValues(env, weight, "weight", true);
    if (offset.data != nullptr) requireValues(env, offset, "offset", false);
    requireValues(env, beta, "beta", false);
    const double dev = hawkesPoissonAccumulate(x.data, static_cast<int32_t>(rows), static_cast<int32_t>(p), y.data,
                                               weight.data, offset.data, beta.data, xtwx.data, xtwz.data);
    return Napi::Number::New(env, dev);
  });
}

// hawkesSimulate(counts, r, mu, w, c, t, l, h, realisations, seed, countyOffset, mean, quantiles,
//                cumulativeQuantiles | null | undefined)
// cumulativeQuantiles null, undefined or of length 0: not computed.
static Napi::Value HawkesSimulate(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 14, "hawkesSimulate");
    F64 counts = f64Arg(info, 0, "counts");
    F64 r = f64Arg(info, 1, "r");
    F64 mu = f64Arg(info, 2, "mu");
    F64 w = f64Arg(info, 3, "w");
    const int64_t c = intArg(info, 4, "c", 1, kI32Max);
    const int64_t t = intArg(info, 5, "t", 1, 1 << 24);
    const int64_t l = intArg(info, 6, "l", 1, 1 << 24);
    const int64_t h = intArg(info, 7, "h", 1, 1 << 24);
    const int64_t realisations = intArg(info, 8, "realisations", 1, 1 << 24);
    const uint64_t seed = seedArg(info, 9, "seed");
    const int64_t countyOffset = intArg(info, 10, "countyOffset", 0, kI32Max - c);
    F64 mean = f64Arg(info, 11, "mean");
    F64 quantiles = f64Arg(info, 12, "quantiles");
    F64 cumulative = f64Arg(info, 13, "cumulativeQuantiles", true);
    requireLength(env, counts, "counts", product(c, t));
    requireLength(env, r, "r", product(c, t + h));
    requireLength(env, mu, "mu", static_cast<size_t>(c));
    requireLength(env, w, "w", static_cast<size_t>(l));
    requireLength(env, mean, "mean", product(c, h));
    requireLength(env, quantiles, "quantiles", product(c, h) * 7);
    double* cumulativeData = nullptr;
    if (cumulative.length > 0) {
      requireLength(env, cumulative, "cumulativeQuantiles", product(c, h) * 7);
      cumulativeData = cumulative.data;
    }
    requireValues(env, counts, "counts", true);
    requireValues(env, r, "r", true);
    requireValues(env, mu, "mu", true);
    requireValues(env, w, "w", true);
    hawkesSimulate(counts.data, r.data, mu.data, w.data, static_cast<int32_t>(c), static_cast<int32_t>(t),
                   static_cast<int32_t>(l), static_cast<int32_t>(h), static_cast<int32_t>(realisations), seed,
                   static_cast<int32_t>(countyOffset), mean.data, quantiles.data, cumulativeData);
    return env.Undefined();
  });
}

// hawkesSimulatePaths(counts, r, mu, w, c, t, l, h, firstRealisation, realisations, seed, countyOffset, paths)
// Realisations firstRealisation .. firstRealisation + realisations − 1 (all < 2^24, as
// hawkesSimulate's); paths: c × realisations × h.
static Napi::Value HawkesSimulatePaths(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 13, "hawkesSimulatePaths");
    F64 counts = f64Arg(info, 0, "counts");
    F64 r = f64Arg(info, 1, "r");
    F64 mu = f64Arg(info, 2, "mu");
    F64 w = f64Arg(info, 3, "w");
    const int64_t c = intArg(info, 4, "c", 1, kI32Max);
    const int64_t t = intArg(info, 5, "t", 1, 1 << 24);
    const int64_t l = intArg(info, 6, "l", 1, 1 << 24);
    const int64_t h = intArg(info, 7, "h", 1, 1 << 24);
    // realisations first: it bounds firstRealisation
    const int64_t realisations = intArg(info, 9, "realisations", 1, 1 << 24);
    const int64_t firstRealisation = intArg(info, 8, "firstRealisation", 0, (int64_t{1} << 24) - realisations);
    const uint64_t seed = seedArg(info, 10, "seed");
    const int64_t countyOffset = intArg(info, 11, "countyOffset", 0, kI32Max - c);
    F64 paths = f64Arg(info, 12, "paths");
    requireLength(env, counts, "counts", product(c, t));
    requireLength(env, r, "r", product(c, t + h));
    requireLength(env, mu, "mu", static_cast<size_t>(c));
    requireLength(env, w, "w", static_cast<size_t>(l));
    // c · realisations · h may exceed 2^64: compare in doubles (exact whenever it can equal a length < 2^53)
    const double want = static_cast<double>(c) * static_cast<double>(realisations) * static_cast<double>(h);
    if (want != static_cast<double>(paths.length)) {
      throw codedError(env, "E_INPUT_SHAPE", "paths has length " + std::to_string(paths.length) + ": expected c·realisations·h = " + formatNumber(want));
    }
    requireValues(env, counts, "counts", true);
    requireValues(env, r, "r", true);
    requireValues(env, mu, "mu", true);
    requireValues(env, w, "w", true);
    hawkesSimulatePaths(counts.data, r.data, mu.data, w.data, static_cast<int32_t>(c), static_cast<int32_t>(t),
                        static_cast<int32_t>(l), static_cast<int32_t>(h), static_cast<int32_t>(firstRealisation),
                        static_cast<int32_t>(realisations), seed, static_cast<int32_t>(countyOffset), paths.data);
    return env.Undefined();
  });
}

// hawkesPoissonSample(mean, seed, out)
static Napi::Value HawkesPoissonSample(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 3, "hawkesPoissonSample");
    const double mean = numberArg(info, 0, "mean");
    if (mean < 0.0) throw codedError(env, "E_INPUT_RANGE", "mean is " + formatNumber(mean) + ": expected a number ≥ 0");
    const uint64_t seed = seedArg(info, 1, "seed");
    F64 out = f64Arg(info, 2, "out");
    if (out.length > static_cast<size_t>(kI32Max)) throw codedError(env, "E_INPUT_SHAPE", "out is too long");
    hawkesPoissonSample(mean, seed, out.data, static_cast<int32_t>(out.length));
    return env.Undefined();
  });
}

void InitHawkes(Napi::Env env, Napi::Object exports) {
  exports.Set("hawkesEStep", Napi::Function::New(env, HawkesEStep, "hawkesEStep"));
  exports.Set("hawkesPoissonAccumulate", Napi::Function::New(env, HawkesPoissonAccumulate, "hawkesPoissonAccumulate"));
  exports.Set("hawkesSimulate", Napi::Function::New(env, HawkesSimulate, "hawkesSimulate"));
  exports.Set("hawkesSimulatePaths", Napi::Function::New(env, HawkesSimulatePaths, "hawkesSimulatePaths"));
  exports.Set("hawkesPoissonSample", Napi::Function::New(env, HawkesPoissonSample, "hawkesPoissonSample"));
}

}  // namespace epikit
