// NMF kernels. Placeholder: replaced by the kernel.
#include "kernels/nmf.h"
