// N-API glue for the hclust kernels (native/kernels/hclust.h).
#include "bindings.h"
#include "kernels/hclust.h"
#include "napi_args.h"

namespace epikit {

void InitHclust(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace epikit
