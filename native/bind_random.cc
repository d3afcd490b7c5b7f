// N-API glue for the random generator kernels (native/kernels/random.h).
#include "bindings.h"
#include "kernels/random.h"
#include "napi_args.h"

namespace epikit {

// randomUniform(seed, jumps, out: Float64Array)
static Napi::Value RandomUniform(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    requireArgs(info, 3, "randomUniform");
    uint64_t seed = seedArg(info, 0, "seed");
    int32_t jumps = static_cast<int32_t>(intArg(info, 1, "jumps", 0, 1 << 20));
    F64 out = f64Arg(info, 2, "out");
    randomUniform(seed, jumps, out.data, out.length);
    return info.Env().Undefined();
  });
}

// randomBits(seed, jumps, out: Uint32Array of even length)
static Napi::Value RandomBits(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    requireArgs(info, 3, "randomBits");
    uint64_t seed = seedArg(info, 0, "seed");
    int32_t jumps = static_cast<int32_t>(intArg(info, 1, "jumps", 0, 1 << 20));
    U32 out = u32Arg(info, 2, "out");
    if (out.length % 2 != 0) throw codedError(info.Env(), "E_INPUT_SHAPE", "out must have an even length");
    randomBits(seed, jumps, out.data, out.length / 2);
    return info.Env().Undefined();
  });
}

void InitRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("randomUniform", Napi::Function::New(env, RandomUniform, "randomUniform"));
  exports.Set("randomBits", Napi::Function::New(env, RandomBits, "randomBits"));
}

}  // namespace epikit
