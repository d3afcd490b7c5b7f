/** distances kernels (native/kernels/distances.cc, assembly/kernels/distances.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DistancesKernels {}
