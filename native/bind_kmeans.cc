// N-API glue for the kmeans kernel (native/kernels/kmeans.h).
#include <string>

#include "bindings.h"
#include "kernels/kmeans.h"
#include "napi_args.h"

namespace epikit {

// kmeans(points: Float64Array(n*d), n, d, k, seed, nInit, maxIter, tol,
//        labels: Int32Array(n) out, centers: Float64Array(k*d) out, stats: Float64Array(2) out)
static Napi::Value Kmeans(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 11, "kmeans");
    F64 points = f64Arg(info, 0, "points");
    const int64_t n = intArg(info, 1, "n", 1, 2147483647LL);
    const int64_t d = intArg(info, 2, "d", 1, 2147483647LL);
    const int64_t k = intArg(info, 3, "k", 1, n);
    const uint64_t seed = seedArg(info, 4, "seed");
    const int64_t nInit = intArg(info, 5, "nInit", 1, 2147483647LL);
    const int64_t maxIter = intArg(info, 6, "maxIter", 1, 2147483647LL);
    const double tol = numberArg(info, 7, "tol");
    if (tol < 0) {
      throw codedError(env, "E_INPUT_RANGE", "tol is " + std::to_string(tol) + ": expected a number >= 0");
    }
    I32 labels = i32Arg(info, 8, "labels");
    F64 centers = f64Arg(info, 9, "centers");
    F64 stats = f64Arg(info, 10, "stats");
    // n, d < 2^31, so n*d and k*d fit in 64 bits.
    requireLength(env, points, "points", static_cast<size_t>(n) * static_cast<size_t>(d));
    requireLength(env, labels, "labels", static_cast<size_t>(n));
    requireLength(env, centers, "centers", static_cast<size_t>(k) * static_cast<size_t>(d));
    requireLength(env, stats, "stats", 2);
    kmeans(points.data, static_cast<int32_t>(n), static_cast<int32_t>(d), static_cast<int32_t>(k), seed,
           static_cast<int32_t>(nInit), static_cast<int32_t>(maxIter), tol, labels.data, centers.data, stats.data);
    return env.Undefined();
  });
}

void InitKmeans(Napi::Env env, Napi::Object exports) {
  exports.Set("kmeans", Napi::Function::New(env, Kmeans, "kmeans"));
}

}  // namespace epikit
