// kmeans kernels (placeholder until written).
#include "kmeans.h"
