// NMF kernels. Placeholder: replaced by the kernel.
#pragma once
