// indices kernels (placeholder until written).
#include "indices.h"
