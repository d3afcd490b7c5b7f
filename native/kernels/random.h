// xoshiro256** (Blackman & Vigna 2018) seeded by SplitMix64: the one generator of epikit,
// written identically in assembly/kernels/random.ts and lib/random/xoshiro256.ts.
#pragma once
#include <cstddef>
#include <cstdint>

namespace epikit {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) s_[i] = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

  // Integer in [0, n), n >= 1: floor(uniform() * n) (same on every backend).
  int32_t below(int32_t n) { return static_cast<int32_t>(uniform() * static_cast<double>(n)); }

  // Advance by 2^128 steps: gives non-overlapping streams for parallel tasks.
  void jump() {
    static const uint64_t JUMP[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL, 0xa9582618e03fc9aaULL,
                                     0x39abdc4529b1661cULL};
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < 4; i++) {
      for (int b = 0; b < 64; b++) {
        if (JUMP[i] & (uint64_t(1) << b)) {
          s0 ^= s_[0];
          s1 ^= s_[1];
          s2 ^= s_[2];
          s3 ^= s_[3];
        }
        next();
      }
    }
    s_[0] = s0;
    s_[1] = s1;
    s_[2] = s2;
    s_[3] = s3;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Kernel: fill out[0..n) with uniform doubles of stream `seed` after `jumps` jumps.
inline void randomUniform(uint64_t seed, int32_t jumps, double* out, size_t n) {
  Xoshiro256 rng(seed);
  for (int32_t j = 0; j < jumps; j++) rng.jump();
  for (size_t i = 0; i < n; i++) out[i] = rng.uniform();
}

// Kernel: fill out[0..2n) with the raw 64-bit outputs as (high 32 bits, low 32 bits) pairs.
inline void randomBits(uint64_t seed, int32_t jumps, uint32_t* out, size_t n) {
  Xoshiro256 rng(seed);
  for (int32_t j = 0; j < jumps; j++) rng.jump();
  for (size_t i = 0; i < n; i++) {
    uint64_t v = rng.next();
    out[2 * i] = static_cast<uint32_t>(v >> 32);
    out[2 * i + 1] = static_cast<uint32_t>(v);
  }
}

}  // namespace epikit
