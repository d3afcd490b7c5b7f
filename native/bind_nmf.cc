// N-API glue for the NMF kernels (native/kernels/nmf.h). Placeholder: replaced by the kernel.
#include "bindings.h"

namespace epikit {
void InitNmf(Napi::Env, Napi::Object) {}
}  // namespace epikit
