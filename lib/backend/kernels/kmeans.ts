/** kmeans kernels (native/kernels/kmeans.cc, assembly/kernels/kmeans.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KmeansKernels {}
