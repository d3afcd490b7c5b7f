// ckmeans kernels (placeholder until written).
#include "ckmeans.h"
