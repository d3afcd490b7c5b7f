// N-API glue for the distances kernels (native/kernels/distances.h).
#include "bindings.h"
#include "kernels/distances.h"
#include "napi_args.h"

namespace epikit {

void InitDistances(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace epikit
