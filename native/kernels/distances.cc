// distances kernels (placeholder until written).
#include "distances.h"
