// N-API glue for the ckmeans kernels (native/kernels/ckmeans.h).
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/ckmeans.h"
#include "napi_args.h"

namespace epikit {

// ckmeans(x, weights | null, kMin, kMax, method, labels: Int32Array(n), centers: Float64Array(kMax),
//         withinss: Float64Array(kMax), sizes: Float64Array(kMax), bic: Float64Array(kMax - kMin + 1) | null,
//         distinct: Int32Array(1))
//   -> chosen k (0 when the weights sum to zero)
static Napi::Value Ckmeans(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 11, "ckmeans");
    F64 x = f64Arg(info, 0, "x");
    F64 w = f64Arg(info, 1, "weights", true);
    if (x.length == 0) throw codedError(env, "E_INPUT_EMPTY", "x is empty: expected at least one value");
    if (x.length > 0x3fffffff) {
      throw codedError(env, "E_INPUT_RANGE", "x has length " + std::to_string(x.length) + ": at most 2^30 - 1 values");
    }
    const int32_t n = static_cast<int32_t>(x.length);
    const bool weighted = !(info[1].IsNull() || info[1].IsUndefined());
    if (weighted) requireLength(env, w, "weights", x.length);
    const int32_t kMin = static_cast<int32_t>(intArg(info, 2, "kMin", 1, 0x3fffffff));
    const int32_t kMax = static_cast<int32_t>(intArg(info, 3, "kMax", kMin, 0x3fffffff));
    const int32_t method = static_cast<int32_t>(intArg(info, 4, "method", 0, 2));
    I32 labels = i32Arg(info, 5, "labels");
    F64 centers = f64Arg(info, 6, "centers");
    F64 withinss = f64Arg(info, 7, "withinss");
    F64 sizes = f64Arg(info, 8, "sizes");
    F64 bic = f64Arg(info, 9, "bic", true);
    I32 distinct = i32Arg(info, 10, "distinct");
    requireLength(env, labels, "labels", x.length);
    requireLength(env, centers, "centers", static_cast<size_t>(kMax));
    requireLength(env, withinss, "withinss", static_cast<size_t>(kMax));
    requireLength(env, sizes, "sizes", static_cast<size_t>(kMax));
    requireLength(env, distinct, "distinct", 1);
    const bool wantBic = !(info[9].IsNull() || info[9].IsUndefined());
    if (wantBic) requireLength(env, bic, "bic", static_cast<size_t>(kMax - kMin + 1));
    int32_t k = ckmeans(x.data, weighted ? w.data : nullptr, n, kMin, kMax, method, labels.data, centers.data, withinss.data,
                        sizes.data, wantBic ? bic.data : nullptr, distinct.data);
    return Napi::Number::New(env, k);
  });
}

// ckmeansPartitions(x, kMax, method, labels: Int32Array(min(kMax, n) * n), distinct: Int32Array(1))
//   -> K = min(kMax, u); row k - 1 of labels = the labels of ckmeans(x, k)
static Napi::Value CkmeansPartitions(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 5, "ckmeansPartitions");
    F64 x = f64Arg(info, 0, "x");
    if (x.length == 0) throw codedError(env, "E_INPUT_EMPTY", "x is empty: expected at least one value");
    if (x.length > 0x3fffffff) {
      throw codedError(env, "E_INPUT_RANGE", "x has length " + std::to_string(x.length) + ": at most 2^30 - 1 values");
    }
    const int32_t n = static_cast<int32_t>(x.length);
    for (int32_t i = 0; i < n; i++) {
      if (!std::isfinite(x.data[i])) {
        throw codedError(env, "E_INPUT_NAN", "x[" + std::to_string(i) + "] is " + formatNumber(x.data[i]) + ": expected a finite number");
      }
    }
    const int32_t kMax = static_cast<int32_t>(intArg(info, 1, "kMax", 1, 0x3fffffff));
    const int32_t method = static_cast<int32_t>(intArg(info, 2, "method", 0, 2));
    I32 labels = i32Arg(info, 3, "labels");
    I32 distinct = i32Arg(info, 4, "distinct");
    const size_t rows = static_cast<size_t>(kMax < n ? kMax : n);  // <= 2^30, so rows * n fits in 64 bits
    requireLength(env, labels, "labels", rows * static_cast<size_t>(n));
    requireLength(env, distinct, "distinct", 1);
    int32_t K = ckmeansPartitions(x.data, n, kMax, method, labels.data, distinct.data);
    return Napi::Number::New(env, K);
  });
}

void InitCkmeans(Napi::Env env, Napi::Object exports) {
  exports.Set("ckmeans", Napi::Function::New(env, Ckmeans, "ckmeans"));
  exports.Set("ckmeansPartitions", Napi::Function::New(env, CkmeansPartitions, "ckmeansPartitions"));
}

}  // namespace epikit
