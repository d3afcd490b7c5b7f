// N-API glue for the ckmeans kernels (native/kernels/ckmeans.h).
#include "bindings.h"
#include "kernels/ckmeans.h"
#include "napi_args.h"

namespace epikit {

void InitCkmeans(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace epikit
