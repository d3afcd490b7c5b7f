// The N-API module: registers every kernel family's bindings.
#include "bindings.h"

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  epikit::InitRandom(env, exports);
  epikit::InitCkmeans(env, exports);
  epikit::InitIndices(env, exports);
  epikit::InitKmeans(env, exports);
  epikit::InitDistances(env, exports);
  epikit::InitHclust(env, exports);
  epikit::InitEvolution(env, exports);
  epikit::InitNmf(env, exports);
  epikit::InitHawkes(env, exports);
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

NODE_API_MODULE(epikit, Init)
