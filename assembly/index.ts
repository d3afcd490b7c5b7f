// The WebAssembly module: memory management plus every kernel family.
// Each assembly/kernels/<family>.ts mirrors native/kernels/<family>.{h,cc}.
export { alloc, reset } from './memory';
export { randomUniform, randomBits } from './kernels/random';
export * from './kernels/ckmeans';
export * from './kernels/indices';
export * from './kernels/kmeans';
export * from './kernels/distances';
export * from './kernels/hclust';
export * from './kernels/evolution';
export * from './kernels/nmf';
export * from './kernels/hawkes';
export { firstInvalid } from './kernels/first-invalid';
