// N-API glue for the NMF kernels (native/kernels/nmf.h). Every size is re-checked here so
// that no call can read or write outside its arrays.
#include <cmath>
#include <string>

#include "bindings.h"
#include "kernels/nmf.h"
#include "napi_args.h"

namespace epikit {

namespace {

constexpr int64_t kI32Max = 2147483647;

// a·b for sizes in [1, 2^31 − 1]: below 2^62, no overflow in a 64-bit size_t.
size_t product(int64_t a, int64_t b) { return static_cast<size_t>(a) * static_cast<size_t>(b); }

}  // namespace

// nmfMultiplicative(x, m, n, k, w, h, objective, maxIter, tol, checkEvery, history) → iterations
static Napi::Value NmfMultiplicative(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 11, "nmfMultiplicative");
    F64 x = f64Arg(info, 0, "x");
    const int64_t m = intArg(info, 1, "m", 1, kI32Max);
    const int64_t n = intArg(info, 2, "n", 1, kI32Max);
    const int64_t k = intArg(info, 3, "k", 1, kI32Max);
    F64 w = f64Arg(info, 4, "w");
    F64 h = f64Arg(info, 5, "h");
    const int64_t objective = intArg(info, 6, "objective", 0, 1);
    const int64_t maxIter = intArg(info, 7, "maxIter", 0, kI32Max);
    const double tol = numberArg(info, 8, "tol");
    const int64_t checkEvery = intArg(info, 9, "checkEvery", 1, kI32Max);
    F64 history = f64Arg(info, 10, "history");
    requireLength(env, x, "x", product(m, n));
    requireLength(env, w, "w", product(m, k));
    requireLength(env, h, "h", product(k, n));
    requireAtLeast(env, history, "history", static_cast<size_t>(1 + (maxIter + checkEvery - 1) / checkEvery));
    const int32_t done = nmfMultiplicative(x.data, static_cast<int32_t>(m), static_cast<int32_t>(n), static_cast<int32_t>(k),
                                           w.data, h.data, static_cast<int32_t>(objective), static_cast<int32_t>(maxIter), tol,
                                           static_cast<int32_t>(checkEvery), history.data);
    return Napi::Number::New(env, done);
  });
}

// nmfObjective(x, m, n, k, w, h, out: Float64Array(4))
static Napi::Value NmfObjective(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    requireArgs(info, 7, "nmfObjective");
    F64 x = f64Arg(info, 0, "x");
    const int64_t m = intArg(info, 1, "m", 1, kI32Max);
    const int64_t n = intArg(info, 2, "n", 1, kI32Max);
    const int64_t k = intArg(info, 3, "k", 1, kI32Max);
    F64 w = f64Arg(info, 4, "w");
    F64 h = f64Arg(info, 5, "h");
    F64 out = f64Arg(info, 6, "out");
    requireLength(env, x, "x", product(m, n));
    requireLength(env, w, "w", product(m, k));
    requireLength(env, h, "h", product(k, n));
    requireLength(env, out, "out", 4);
    nmfObjective(x.data, static_cast<int32_t>(m), static_cast<int32_t>(n), static_cast<int32_t>(k), w.data, h.data, out.data);
    return env.Undefined();
  });
}

void InitNmf(Napi::Env env, Napi::Object exports) {
  exports.Set("nmfMultiplicative", Napi::Function::New(env, NmfMultiplicative, "nmfMultiplicative"));
  exports.Set("nmfObjective", Napi::Function::New(env, NmfObjective, "nmfObjective"));
}

}  // namespace epikit
