// Pairwise distances (see distances.h). The loops are the same as in
// assembly/kernels/distances.ts so both backends add in the same order.
#include "distances.h"

#include <cmath>
#include <vector>

namespace epikit {

namespace {

// Euclidean distances between the rows of x (n × d) into the condensed out.
void euclideanCondensed(const double* x, int32_t n, int32_t d, double* out) {
  size_t p = 0;
  if (d == 1) {
    // |x_i − x_j| (equal to sqrt((x_i − x_j)²) except under overflow/underflow).
    for (int32_t i = 0; i < n; i++) {
      const double xi = x[i];
      for (int32_t j = i + 1; j < n; j++) out[p++] = std::fabs(xi - x[j]);
    }
    return;
  }
  for (int32_t i = 0; i < n; i++) {
    const double* a = x + static_cast<size_t>(i) * d;
    for (int32_t j = i + 1; j < n; j++) {
      const double* b = x + static_cast<size_t>(j) * d;
      double s = 0.0;
      for (int32_t k = 0; k < d; k++) {
        const double t = a[k] - b[k];
        s += t * t;
      }
      out[p++] = std::sqrt(s);
    }
  }
}

}  // namespace

int64_t pairwiseDistances(const double* points, int32_t n, int32_t d, int32_t metric, double* out) {
  const size_t total = static_cast<size_t>(n) * static_cast<size_t>(d);
  if (metric == METRIC_LOG) {
    std::vector<double> logs(total);
    for (size_t t = 0; t < total; t++) {
      const double v = points[t];
      if (!(v > 0.0)) return static_cast<int64_t>(t);
      logs[t] = std::log(v);
    }
    euclideanCondensed(logs.data(), n, d, out);
    return -1;
  }
  euclideanCondensed(points, n, d, out);
  return -1;
}

}  // namespace epikit
