/**
 * Seeds of independent sub-tasks derived from one user seed, so results do not depend on how
 * many workers run or in which order tasks finish. Browser-safe.
 */

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64's output function (Steele, Lea & Flood 2014) on a 64-bit state advanced once. */
function splitmix64(z: bigint): bigint {
  z = (z + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * A seed that is a function of `seed` and the integer `parts` only: SplitMix64 applied to the
 * seed, then once more after XOR-ing in each part, cut to 53 bits (a valid epikit seed).
 * Parts must be non-negative safe integers. O(parts).
 *
 * @example
 * deriveSeed(7, 3, 0) !== deriveSeed(7, 3, 1); // true: restart 0 and 1 of k = 3
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let z = splitmix64(BigInt(seed));
  for (const p of parts) z = splitmix64(z ^ BigInt(p));
  return Number(z >> 11n);
}
