/**
 * xoshiro256** (Blackman & Vigna 2018) seeded by SplitMix64, in TypeScript: the same stream
 * as native/kernels/random.h and assembly/kernels/random.ts for the same seed.
 * 64-bit arithmetic uses BigInt: clear rather than fast; heavy sampling belongs in kernels.
 *
 * @example
 * const rng = new Xoshiro256(42);
 * rng.uniform(); // 0.08386297105988216
 */
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;
const JUMP = [0x180ec6d33cfd0aban, 0xd5a61266f0c9392cn, 0xa9582618e03fc9aan, 0x39abdc4529b1661cn];

export class Xoshiro256 {
  private s: [bigint, bigint, bigint, bigint];

  /** `seed`: an integer in [0, 2^53 − 1] (or any bigint, taken modulo 2^64). */
  constructor(seed: number | bigint) {
    let sm = BigInt(seed) & MASK;
    const splitmix = () => {
      sm = (sm + 0x9e3779b97f4a7c15n) & MASK;
      let z = sm;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
      return z ^ (z >> 31n);
    };
    this.s = [splitmix(), splitmix(), splitmix(), splitmix()];
  }

  /** The next raw 64-bit output. */
  nextBigInt(): bigint {
    const s = this.s;
    const result = (rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    return Number(this.nextBigInt() >> 11n) / 9007199254740992;
  }

  /** Integer in [0, n): floor(uniform() · n). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Advance by 2^128 steps (a new, non-overlapping stream). */
  jump(): void {
    const acc: [bigint, bigint, bigint, bigint] = [0n, 0n, 0n, 0n];
    for (const word of JUMP) {
      for (let b = 0n; b < 64n; b++) {
        if ((word >> b) & 1n) for (let i = 0; i < 4; i++) acc[i] ^= this.s[i];
        this.nextBigInt();
      }
    }
    this.s = acc;
  }
}
