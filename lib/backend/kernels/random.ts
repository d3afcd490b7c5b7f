/** Random generator kernels (native/kernels/random.h, assembly/kernels/random.ts). */
export interface RandomKernels {
  /** Fill `out` with uniform [0, 1) doubles of xoshiro256** stream `seed`, after `jumps` jumps of 2^128. */
  randomUniform(seed: number, jumps: number, out: Float64Array): void;
  /** Fill `out` (even length) with the raw 64-bit outputs as (high, low) 32-bit pairs. */
  randomBits(seed: number, jumps: number, out: Uint32Array): void;
}
