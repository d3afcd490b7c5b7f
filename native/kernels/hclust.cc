// hclust kernels (placeholder until written).
#include "hclust.h"
