// N-API glue for the cluster validity indices (native/kernels/indices.h).
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/indices.h"
#include "napi_args.h"

namespace epikit {

namespace {

// Every label of a present partition must lie in [0, k): the kernel indexes arrays with them.
void checkLabels(Napi::Env env, const I32& lab, const char* name, int32_t k) {
  for (size_t i = 0; i < lab.length; i++) {
    const int32_t v = lab.data[i];
    if (v < 0 || v >= k) {
      throw codedError(env, "E_INPUT_RANGE",
                       std::string(name) + "[" + std::to_string(i) + "] is " + std::to_string(v) +
                           ": expected a cluster id in [0, " + std::to_string(k - 1) + "]");
    }
  }
}

}  // namespace

// clusterIndices(data: Float64Array, n, d, labelsPrev: Int32Array | null, kPrev,
//                labels: Int32Array, k, labelsNext: Int32Array | null, kNext, variant, out: Float64Array(6))
static Napi::Value ClusterIndices(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 11, "clusterIndices");
    F64 data = f64Arg(info, 0, "data");
    const int32_t n = static_cast<int32_t>(intArg(info, 1, "n", 1, 2147483647LL));
    const int32_t d = static_cast<int32_t>(intArg(info, 2, "d", 1, 2147483647LL));
    I32 prev = i32Arg(info, 3, "labelsPrev", true);
    const int32_t kPrev = static_cast<int32_t>(intArg(info, 4, "kPrev", 1, n));
    I32 labels = i32Arg(info, 5, "labels");
    const int32_t k = static_cast<int32_t>(intArg(info, 6, "k", 1, n));
    I32 next = i32Arg(info, 7, "labelsNext", true);
    const int32_t kNext = static_cast<int32_t>(intArg(info, 8, "kNext", 1, n));
    const int32_t variant = static_cast<int32_t>(intArg(info, 9, "variant", 0, 63));
    F64 out = f64Arg(info, 10, "out");

    const double cells = static_cast<double>(n) * static_cast<double>(d);
    if (static_cast<double>(data.length) != cells) {
      throw codedError(env, "E_INPUT_SHAPE",
                       "data has length " + std::to_string(data.length) + ": expected n × d = " +
                           std::to_string(static_cast<long long>(cells)));
    }
    for (size_t i = 0; i < data.length; i++) {
      if (!std::isfinite(data.data[i])) {
        throw codedError(env, "E_INPUT_NAN",
                         "data[" + std::to_string(i) + "] is " + std::to_string(data.data[i]) +
                             ": expected a finite number");
      }
    }
    requireLength(env, labels, "labels", static_cast<size_t>(n));
    checkLabels(env, labels, "labels", k);
    const bool hasPrev = !(info[3].IsNull() || info[3].IsUndefined());
    const bool hasNext = !(info[7].IsNull() || info[7].IsUndefined());
    if (hasPrev) {
      requireLength(env, prev, "labelsPrev", static_cast<size_t>(n));
      checkLabels(env, prev, "labelsPrev", kPrev);
    }
    if (hasNext) {
      requireLength(env, next, "labelsNext", static_cast<size_t>(n));
      checkLabels(env, next, "labelsNext", kNext);
    }
    requireLength(env, out, "out", static_cast<size_t>(kIndexCount));

    clusterIndices(data.data, n, d, hasPrev ? prev.data : nullptr, kPrev, labels.data, k,
                   hasNext ? next.data : nullptr, kNext, variant, out.data);
    return env.Undefined();
  });
}

// clusterIndices1d(data: Float64Array(n), n, parts: Int32Array(m·n), k0, m, count, variant,
//                  out: Float64Array(count·6)) → 1, or 0 when a scored partition is not contiguous
static Napi::Value ClusterIndices1d(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 8, "clusterIndices1d");
    F64 data = f64Arg(info, 0, "data");
    const int32_t n = static_cast<int32_t>(intArg(info, 1, "n", 1, 2147483647LL));
    I32 parts = i32Arg(info, 2, "parts");
    const int32_t k0 = static_cast<int32_t>(intArg(info, 3, "k0", 1, n));
    const int32_t m = static_cast<int32_t>(intArg(info, 4, "m", 1, static_cast<int64_t>(n) - k0 + 1));
    const int32_t count = static_cast<int32_t>(intArg(info, 5, "count", 0, m - 1));
    const int32_t variant = static_cast<int32_t>(intArg(info, 6, "variant", 0, 63));
    F64 out = f64Arg(info, 7, "out");
    requireLength(env, data, "data", static_cast<size_t>(n));
    for (size_t i = 0; i < data.length; i++) {
      if (!std::isfinite(data.data[i])) {
        throw codedError(env, "E_INPUT_NAN",
                         "data[" + std::to_string(i) + "] is " + std::to_string(data.data[i]) +
                             ": expected a finite number");
      }
    }
    const size_t nn = static_cast<size_t>(n);
    requireLength(env, parts, "parts", static_cast<size_t>(m) * nn);
    for (int32_t j = 0; j < m; j++) {
      const int32_t k = k0 + j;
      for (size_t i = 0; i < nn; i++) {
        const int32_t v = parts.data[static_cast<size_t>(j) * nn + i];
        if (v < 0 || v >= k) {
          throw codedError(env, "E_INPUT_RANGE",
                           "parts[" + std::to_string(static_cast<size_t>(j) * nn + i) + "] (partition " + std::to_string(j) +
                               ", point " + std::to_string(i) + ") is " + std::to_string(v) +
                               ": expected a cluster id in [0, " + std::to_string(k - 1) + "]");
        }
      }
    }
    requireLength(env, out, "out", static_cast<size_t>(count) * static_cast<size_t>(kIndexCount));
    const int32_t done = clusterIndices1d(data.data, n, parts.data, k0, m, count, variant, out.data);
    return Napi::Number::New(env, done);
  });
}

void InitIndices(Napi::Env env, Napi::Object exports) {
  exports.Set("clusterIndices", Napi::Function::New(env, ClusterIndices, "clusterIndices"));
  exports.Set("clusterIndices1d", Napi::Function::New(env, ClusterIndices1d, "clusterIndices1d"));
}

}  // namespace epikit
