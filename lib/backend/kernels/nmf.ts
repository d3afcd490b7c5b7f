/** NMF kernels (native/kernels/nmf.cc, assembly/kernels/nmf.ts). Placeholder: replaced by the kernel. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NmfKernels {}
