// xoshiro256** seeded by SplitMix64: mirrors native/kernels/random.h exactly.

export class Xoshiro256 {
  s0: u64 = 0;
  s1: u64 = 0;
  s2: u64 = 0;
  s3: u64 = 0;
  sm: u64 = 0;

  constructor(seed: u64) {
    this.sm = seed;
    this.s0 = this.splitmix();
    this.s1 = this.splitmix();
    this.s2 = this.splitmix();
    this.s3 = this.splitmix();
  }

  private splitmix(): u64 {
    this.sm += 0x9E3779B97F4A7C15;
    let z = this.sm;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
    return z ^ (z >> 31);
  }

  next(): u64 {
    const result = rotl<u64>(this.s1 * 5, 7) * 9;
    const t = this.s1 << 17;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl<u64>(this.s3, 45);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): f64 {
    return <f64>(this.next() >> 11) * (1.0 / 9007199254740992.0);
  }

  /** Integer in [0, n): floor(uniform() * n). */
  below(n: i32): i32 {
    return <i32>(this.uniform() * <f64>n);
  }

  /** Advance by 2^128 steps. */
  jump(): void {
    const J0: u64 = 0x180ec6d33cfd0aba;
    const J1: u64 = 0xd5a61266f0c9392c;
    const J2: u64 = 0xa9582618e03fc9aa;
    const J3: u64 = 0x39abdc4529b1661c;
    let a: u64 = 0, b: u64 = 0, c: u64 = 0, d: u64 = 0;
    for (let i = 0; i < 4; i++) {
      const word = i == 0 ? J0 : i == 1 ? J1 : i == 2 ? J2 : J3;
      for (let bit = 0; bit < 64; bit++) {
        if ((word & (<u64>1 << <u64>bit)) != 0) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.next();
      }
    }
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }
}

/**
 * Kernel: fill out[0..n) with uniform doubles of stream `seed` after `jumps` jumps.
 * The state lives in locals inside the loop (class fields would go through memory each step).
 */
export function randomUniform(seed: f64, jumps: i32, out: usize, n: i32): void {
  const rng = new Xoshiro256(<u64>seed);
  for (let j = 0; j < jumps; j++) rng.jump();
  let s0 = rng.s0, s1 = rng.s1, s2 = rng.s2, s3 = rng.s3;
  const end = out + (<usize>n << 3);
  for (let p = out; p < end; p += 8) {
    const result = rotl<u64>(s1 * 5, 7) * 9;
    const t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u64>(s3, 45);
    store<f64>(p, <f64>(result >> 11) * (1.0 / 9007199254740992.0));
  }
}

/** Kernel: fill out[0..2n) with the raw 64-bit outputs as (high, low) 32-bit pairs. */
export function randomBits(seed: f64, jumps: i32, out: usize, n: i32): void {
  const rng = new Xoshiro256(<u64>seed);
  for (let j = 0; j < jumps; j++) rng.jump();
  for (let i = 0; i < n; i++) {
    const v = rng.next();
    store<u32>(out + (<usize>i << 3), <u32>(v >> 32));
    store<u32>(out + (<usize>i << 3) + 4, <u32>v);
  }
}
