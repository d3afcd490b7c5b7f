/** hclust kernels (native/kernels/hclust.cc, assembly/kernels/hclust.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HclustKernels {}
