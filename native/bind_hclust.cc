// N-API glue for the hclust kernels (native/kernels/hclust.h).
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/hclust.h"
#include "napi_args.h"

namespace epikit {

// hclust(condensed: Float64Array (n(n−1)/2), n, method 0..4, out: Float64Array ((n−1)·4))
static Napi::Value Hclust(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 4, "hclust");
    F64 condensed = f64Arg(info, 0, "condensed");
    // n(n − 1)/2 doubles must fit in memory; 2^20 points is far beyond that already.
    const int64_t n = intArg(info, 1, "n", 1, 1 << 20);
    const int32_t method = static_cast<int32_t>(intArg(info, 2, "method", 0, 4));
    F64 out = f64Arg(info, 3, "out");
    requireLength(env, condensed, "condensed", static_cast<size_t>(n) * static_cast<size_t>(n - 1) / 2);
    requireLength(env, out, "out", static_cast<size_t>(n - 1) * 4);
    const int64_t bad = firstInvalidDistance(condensed.data, condensed.length);
    if (bad >= 0) {
      const double v = condensed.data[bad];
      throw codedError(env, std::isfinite(v) ? "E_INPUT_RANGE" : "E_INPUT_NAN",
                       "condensed[" + std::to_string(bad) + "] is " + formatNumber(v) +
                           ": distances must be finite and >= 0");
    }
    if (hclust(condensed.data, static_cast<int32_t>(n), method, out.data) != 0) {
      throw codedError(env, "E_KERNEL", "hclust: the nearest-neighbour chain did not converge (overflow or NaN in the linkage update)");
    }
    return env.Undefined();
  });
}

void InitHclust(Napi::Env env, Napi::Object exports) {
  exports.Set("hclust", Napi::Function::New(env, Hclust, "hclust"));
}

}  // namespace epikit
