// N-API glue for the cluster-evolution kernels (native/kernels/evolution.h). Every size,
// range and label is re-checked here: no argument list can make the kernels read or write
// outside their arrays.
#include <string>

#include "bindings.h"
#include "kernels/evolution.h"
#include "napi_args.h"

namespace epikit {

namespace {

constexpr int64_t I32_MAX = 2147483647LL;

void requireLabels(Napi::Env env, const I32& labels, const char* name, int32_t n) {
  for (size_t i = 0; i < labels.length; i++) {
    const int32_t v = labels.data[i];
    if (v < 0 || v >= n) {
      throw codedError(env, "E_INPUT_RANGE",
                       std::string(name) + "[" + std::to_string(i) + "] is " + std::to_string(v) +
                           ": expected a label in [0, " + std::to_string(n - 1) + "]");
    }
  }
}

void requireFinite(Napi::Env env, const F64& x, const char* name) {
  for (size_t i = 0; i < x.length; i++) {
    if (!std::isfinite(x.data[i])) {
      throw codedError(env, "E_INPUT_NAN",
                       std::string(name) + "[" + std::to_string(i) + "] is " + formatNumber(x.data[i]) +
                           ": expected a finite number");
    }
  }
}

bool isAbsent(const Napi::CallbackInfo& info, size_t i) { return info[i].IsNull() || info[i].IsUndefined(); }

// x, y: finite, length T·n; labelsX, labelsY (arguments 2 and 3): T·n labels in [0, n),
// required when matrix is Adj, otherwise null or (if given) checked all the same.
void requireSeries(const Napi::CallbackInfo& info, const F64& x, const F64& y, const I32& lx, const I32& ly, size_t tn,
                   int32_t n, int64_t matrix) {
  Napi::Env env = info.Env();
  requireLength(env, x, "x", tn);
  requireLength(env, y, "y", tn);
  requireFinite(env, x, "x");
  requireFinite(env, y, "y");
  const bool hasX = !isAbsent(info, 2);
  const bool hasY = !isAbsent(info, 3);
  if (matrix == EVOLUTION_ADJ && !hasX) {
    throw codedError(env, "E_INPUT_TYPE", "labelsX must be an Int32Array when matrix is 2 (Adj), got null");
  }
  if (matrix == EVOLUTION_ADJ && !hasY) {
    throw codedError(env, "E_INPUT_TYPE", "labelsY must be an Int32Array when matrix is 2 (Adj), got null");
  }
  if (hasX) {
    requireLength(env, lx, "labelsX", tn);
    requireLabels(env, lx, "labelsX", n);
  }
  if (hasY) {
    requireLength(env, ly, "labelsY", tn);
    requireLabels(env, ly, "labelsY", n);
  }
}

}  // namespace

// adjacencyDistances(labels: Int32Array(T*n), T, n, out: Float64Array(T(T-1)/2))
static Napi::Value AdjacencyDistances(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 4, "adjacencyDistances");
    I32 labels = i32Arg(info, 0, "labels");
    const int64_t T = intArg(info, 1, "T", 1, I32_MAX);
    const int64_t n = intArg(info, 2, "n", 1, I32_MAX);
    F64 out = f64Arg(info, 3, "out");
    const size_t tn = static_cast<size_t>(T) * static_cast<size_t>(n);
    requireLength(env, labels, "labels", tn);
    requireLabels(env, labels, "labels", static_cast<int32_t>(n));
    requireLength(env, out, "out", static_cast<size_t>(T) * static_cast<size_t>(T - 1) / 2);
    adjacencyDistances(labels.data, static_cast<int32_t>(T), static_cast<int32_t>(n), out.data);
    return env.Undefined();
  });
}

// offsetObjective(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry, start, tauMax,
//                 out: Float64Array(tauMax + 1))
static Napi::Value OffsetObjective(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 13, "offsetObjective");
    F64 x = f64Arg(info, 0, "x");
    F64 y = f64Arg(info, 1, "y");
    I32 lx = i32Arg(info, 2, "labelsX", true);
    I32 ly = i32Arg(info, 3, "labelsY", true);
    const int64_t T = intArg(info, 4, "T", 1, I32_MAX);
    const int64_t n = intArg(info, 5, "n", 1, I32_MAX);
    const int64_t matrix = intArg(info, 6, "matrix", 0, 2);
    const int64_t m = intArg(info, 7, "m", 1, 3);
    const int64_t norm = intArg(info, 8, "norm", 0, 1);
    const int64_t perEntry = intArg(info, 9, "perEntry", 0, 1);
    const int64_t start = intArg(info, 10, "start", 0, T - 1);
    const int64_t tauMax = intArg(info, 11, "tauMax", 0, T - 1);
    F64 out = f64Arg(info, 12, "out");
    requireSeries(info, x, y, lx, ly, static_cast<size_t>(T) * static_cast<size_t>(n), static_cast<int32_t>(n), matrix);
    requireLength(env, out, "out", static_cast<size_t>(tauMax) + 1);
    offsetObjective(x.data, y.data, lx.data, ly.data, static_cast<int32_t>(T), static_cast<int32_t>(n),
                    static_cast<int32_t>(matrix), static_cast<int32_t>(m), static_cast<int32_t>(norm),
                    static_cast<int32_t>(perEntry), static_cast<int32_t>(start), static_cast<int32_t>(tauMax),
                    out.data);
    return env.Undefined();
  });
}

// anomalyScores(x, y, labelsX, labelsY, T, n, tau, matrix, m, out: Float64Array(T*n))
static Napi::Value AnomalyScores(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 10, "anomalyScores");
    F64 x = f64Arg(info, 0, "x");
    F64 y = f64Arg(info, 1, "y");
    I32 lx = i32Arg(info, 2, "labelsX", true);
    I32 ly = i32Arg(info, 3, "labelsY", true);
    const int64_t T = intArg(info, 4, "T", 1, I32_MAX);
    const int64_t n = intArg(info, 5, "n", 1, I32_MAX);
    const int64_t tau = intArg(info, 6, "tau", 0, T - 1);
    const int64_t matrix = intArg(info, 7, "matrix", 0, 2);
    const int64_t m = intArg(info, 8, "m", 1, 3);
    F64 out = f64Arg(info, 9, "out");
    const size_t tn = static_cast<size_t>(T) * static_cast<size_t>(n);
    requireSeries(info, x, y, lx, ly, tn, static_cast<int32_t>(n), matrix);
    requireLength(env, out, "out", tn);
    anomalyScores(x.data, y.data, lx.data, ly.data, static_cast<int32_t>(T), static_cast<int32_t>(n),
                  static_cast<int32_t>(tau), static_cast<int32_t>(matrix), static_cast<int32_t>(m), out.data);
    return env.Undefined();
  });
}

// offsetObjectiveStarts(x, y, labelsX, labelsY, T, n, matrix, m, norm, perEntry,
//                       starts: Int32Array, tauMax, out: Float64Array(starts.length·(tauMax + 1)))
static Napi::Value OffsetObjectiveStarts(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 13, "offsetObjectiveStarts");
    F64 x = f64Arg(info, 0, "x");
    F64 y = f64Arg(info, 1, "y");
    I32 lx = i32Arg(info, 2, "labelsX", true);
    I32 ly = i32Arg(info, 3, "labelsY", true);
    const int64_t T = intArg(info, 4, "T", 1, I32_MAX);
    const int64_t n = intArg(info, 5, "n", 1, I32_MAX);
    const int64_t matrix = intArg(info, 6, "matrix", 0, 2);
    const int64_t m = intArg(info, 7, "m", 1, 3);
    const int64_t norm = intArg(info, 8, "norm", 0, 1);
    const int64_t perEntry = intArg(info, 9, "perEntry", 0, 1);
    I32 starts = i32Arg(info, 10, "starts");
    const int64_t tauMax = intArg(info, 11, "tauMax", 0, T - 1);
    F64 out = f64Arg(info, 12, "out");
    if (starts.length == 0) throw codedError(env, "E_INPUT_SHAPE", "starts is empty: expected at least one start day");
    for (size_t s = 0; s < starts.length; s++) {
      if (starts.data[s] < 0 || starts.data[s] > T - 1) {
        throw codedError(env, "E_INPUT_RANGE", "starts[" + std::to_string(s) + "] is " + std::to_string(starts.data[s]) +
                                                   ": expected a day in [0, " + std::to_string(T - 1) + "]");
      }
    }
    requireSeries(info, x, y, lx, ly, static_cast<size_t>(T) * static_cast<size_t>(n), static_cast<int32_t>(n), matrix);
    requireLength(env, out, "out", starts.length * (static_cast<size_t>(tauMax) + 1));
    offsetObjectiveStarts(x.data, y.data, lx.data, ly.data, static_cast<int32_t>(T), static_cast<int32_t>(n),
                          static_cast<int32_t>(matrix), static_cast<int32_t>(m), static_cast<int32_t>(norm),
                          static_cast<int32_t>(perEntry), starts.data, static_cast<int32_t>(starts.length),
                          static_cast<int32_t>(tauMax), out.data);
    return env.Undefined();
  });
}

// evolutionExp(x: Float64Array, vector: 0 | 1, out: Float64Array(x.length)) — test hook.
static Napi::Value EvolutionExp(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 3, "evolutionExp");
    F64 x = f64Arg(info, 0, "x");
    const int64_t vector = intArg(info, 1, "vector", 0, 1);
    F64 out = f64Arg(info, 2, "out");
    requireLength(env, out, "out", x.length);
    evolutionExp(x.data, x.length, static_cast<int32_t>(vector), out.data);
    return env.Undefined();
  });
}

// evolutionMatrixRange(x: Float64Array(n), n, matrix: 0 | 1, m, i0, j0, vector: 0 | 1,
//                      out: Float64Array(count)) — test hook; 0 ≤ i0 < j0 < n.
static Napi::Value EvolutionMatrixRange(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 8, "evolutionMatrixRange");
    F64 x = f64Arg(info, 0, "x");
    const int64_t n = intArg(info, 1, "n", 2, I32_MAX);
    const int64_t matrix = intArg(info, 2, "matrix", 0, 1);
    const int64_t m = intArg(info, 3, "m", 1, 3);
    const int64_t i0 = intArg(info, 4, "i0", 0, n - 2);
    const int64_t j0 = intArg(info, 5, "j0", i0 + 1, n - 1);
    const int64_t vector = intArg(info, 6, "vector", 0, 1);
    F64 out = f64Arg(info, 7, "out");
    requireLength(env, x, "x", static_cast<size_t>(n));
    requireFinite(env, x, "x");
    evolutionMatrixRange(x.data, static_cast<int32_t>(n), static_cast<int32_t>(matrix), static_cast<int32_t>(m),
                         static_cast<int32_t>(i0), static_cast<int32_t>(j0), out.length, static_cast<int32_t>(vector),
                         out.data);
    return env.Undefined();
  });
}

void InitEvolution(Napi::Env env, Napi::Object exports) {
  exports.Set("evolutionExp", Napi::Function::New(env, EvolutionExp, "evolutionExp"));
  exports.Set("evolutionMatrixRange", Napi::Function::New(env, EvolutionMatrixRange, "evolutionMatrixRange"));
  exports.Set("adjacencyDistances", Napi::Function::New(env, AdjacencyDistances, "adjacencyDistances"));
  exports.Set("offsetObjective", Napi::Function::New(env, OffsetObjective, "offsetObjective"));
  exports.Set("offsetObjectiveStarts", Napi::Function::New(env, OffsetObjectiveStarts, "offsetObjectiveStarts"));
  exports.Set("anomalyScores", Napi::Function::New(env, AnomalyScores, "anomalyScores"));
}

}  // namespace epikit
