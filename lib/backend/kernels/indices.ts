/** indices kernels (native/kernels/indices.cc, assembly/kernels/indices.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IndicesKernels {}
