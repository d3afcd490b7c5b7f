/** ckmeans kernels (native/kernels/ckmeans.cc, assembly/kernels/ckmeans.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CkmeansKernels {}
