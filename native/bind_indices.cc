// N-API glue for the indices kernels (native/kernels/indices.h).
#include "bindings.h"
#include "kernels/indices.h"
#include "napi_args.h"

namespace epikit {

void InitIndices(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace epikit
