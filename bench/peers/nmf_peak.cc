// Single-core double-precision peak as the nmf kernel is built (-O3, no -march, so SSE2:
// 2-lane mulpd/addpd, no FMA): 6 independent add chains and 6 independent multiply chains (14 of the 16 xmm registers) of
// f64x2, timed over a few hundred million iterations. bench/nmf.mjs compiles and runs this
// once (g++ or c++) and prints the GFLOP/s it reports next to the kernels' GFLOP/s.
#include <chrono>
#include <cstdio>
#include <cstdlib>

typedef double V __attribute__((vector_size(16)));

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 200000000L;
  volatile double seedAdd = 1e-9, seedMul = 1.0000000001;
  const V c = {seedAdd, seedAdd};
  const V d = {seedMul, seedMul};
  V a[6], m[6];
  for (int i = 0; i < 6; i++) {
    a[i] = V{1.0 + i, 2.0 + i};
    m[i] = V{1.0 + i, 1.5 + i};
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (long it = 0; it < n; it++) {
#pragma GCC unroll 6
    for (int i = 0; i < 6; i++) {
      a[i] += c;
      m[i] *= d;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double sum = 0;
  for (int i = 0; i < 6; i++) sum += a[i][0] + a[i][1] + m[i][0] + m[i][1];
  // 6 adds + 6 multiplies of 2 lanes per iteration
  std::printf("{\"gflops\": %.3f, \"seconds\": %.3f, \"check\": %.6g}\n", 24.0 * n / s / 1e9, s, sum);
  return 0;
}
