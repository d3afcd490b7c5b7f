// Pairwise distances into a condensed matrix (SciPy order: pairs (i, j), i < j, row by row).
// Mirrors native/kernels/distances.{h,cc}: same loops, same floating-point order.

/** Metric codes (as in native/kernels/distances.h and lib/backend/kernels/distances.ts). */
const METRIC_LOG: i32 = 1;

// Euclidean distances between the rows of the n × d matrix at x, written to out.
function euclideanCondensed(x: usize, n: i32, d: i32, out: usize): void {
  let p: usize = out;
  if (d == 1) {
    for (let i = 0; i < n; i++) {
      const xi = load<f64>(x + (<usize>i << 3));
      for (let j = i + 1; j < n; j++) {
        store<f64>(p, Math.abs(xi - load<f64>(x + (<usize>j << 3))));
        p += 8;
      }
    }
    return;
  }
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const a = x + <usize>i * rowBytes;
    for (let j = i + 1; j < n; j++) {
      const b = x + <usize>j * rowBytes;
      let s: f64 = 0.0;
      for (let k = 0; k < d; k++) {
        const off = <usize>k << 3;
        const t = load<f64>(a + off) - load<f64>(b + off);
        s += t * t;
      }
      store<f64>(p, Math.sqrt(s));
      p += 8;
    }
  }
}

/**
 * Kernel: distances between the rows of points (row-major n × d) into out (n(n − 1)/2 values).
 * metric 0: Euclidean; 1: Euclidean between the element-wise logs (d = 1: |log x − log y|).
 * Returns -1, or for metric 1 the flat index of the first value <= 0 (out is then unspecified).
 */
export function pairwiseDistances(points: usize, n: i32, d: i32, metric: i32, out: usize): i32 {
  if (metric == METRIC_LOG) {
    const total = n * d;
    const logs = heap.alloc(<usize>total << 3);
    for (let t = 0; t < total; t++) {
      const v = load<f64>(points + (<usize>t << 3));
      if (!(v > 0.0)) return t;
      store<f64>(logs + (<usize>t << 3), Math.log(v));
    }
    euclideanCondensed(logs, n, d, out);
    return -1;
  }
  euclideanCondensed(points, n, d, out);
  return -1;
}
