// N-API glue for the kmeans kernels (native/kernels/kmeans.h).
#include "bindings.h"
#include "kernels/kmeans.h"
#include "napi_args.h"

namespace epikit {

void InitKmeans(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
}

}  // namespace epikit
