// N-API glue for the distances kernels (native/kernels/distances.h).
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/distances.h"
#include "napi_args.h"

namespace epikit {

// pairwiseDistances(points: Float64Array (n·d), n, d, metric: 0 euclidean | 1 log, out: Float64Array (n(n−1)/2))
static Napi::Value PairwiseDistances(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 5, "pairwiseDistances");
    F64 points = f64Arg(info, 0, "points");
    const int64_t n = intArg(info, 1, "n", 1, 1 << 20);
    const int64_t d = intArg(info, 2, "d", 1, 1 << 24);
    const int32_t metric = static_cast<int32_t>(intArg(info, 3, "metric", 0, 1));
    F64 out = f64Arg(info, 4, "out");
    requireLength(env, points, "points", static_cast<size_t>(n) * static_cast<size_t>(d));
    requireLength(env, out, "out", static_cast<size_t>(n) * static_cast<size_t>(n - 1) / 2);
    const int64_t bad = pairwiseDistances(points.data, static_cast<int32_t>(n), static_cast<int32_t>(d), metric, out.data);
    if (bad >= 0) {
      throw codedError(env, "E_INPUT_RANGE",
                       "points[" + std::to_string(bad / d) + "][" + std::to_string(bad % d) + "] is " +
                           formatNumber(points.data[bad]) + ": the 'log' metric needs values > 0");
    }
    return env.Undefined();
  });
}

void InitDistances(Napi::Env env, Napi::Object exports) {
  exports.Set("pairwiseDistances", Napi::Function::New(env, PairwiseDistances, "pairwiseDistances"));
}

}  // namespace epikit
