// Hierarchical clustering kernels (see hclust.h). Every loop, tie-break and floating-point
// expression here is repeated in assembly/kernels/hclust.ts so the two backends agree bit
// for bit; the expressions also follow SciPy's _hierarchy.pyx so that results match SciPy.
//
// Tie-breaking (both backends, same as SciPy): when scanning for a nearest neighbour the
// candidates are visited in increasing index and only a strictly smaller distance replaces
// the current best, so the lowest index wins; in the nearest-neighbour chain the previous
// chain element is the initial best (prevents cycles on ties).
#include "hclust.h"

#include <cmath>
#include <limits>
#include <vector>

namespace epikit {

int64_t firstInvalidDistance(const double* condensed, size_t length) {
  for (size_t t = 0; t < length; t++) {
    const double v = condensed[t];
    if (!(v >= 0.0) || !std::isfinite(v)) return static_cast<int64_t>(t);
  }
  return -1;
}

namespace {

const double kInf = std::numeric_limits<double>::infinity();

// Unsorted merge list: (x, y, height) in the order the algorithm found them.
struct Merges {
  std::vector<int32_t> x, y;
  std::vector<double> h;
  explicit Merges(size_t m) : x(m), y(m), h(m) {}
};

// base[i] = condensed index of (i, j) minus j, for i < j: n·i − i(i + 1)/2 − i − 1.
std::vector<int64_t> rowBases(int32_t n) {
  std::vector<int64_t> base(n > 0 ? n : 1);
  for (int64_t i = 0; i < n; i++) base[i] = static_cast<int64_t>(n) * i - i * (i + 1) / 2 - i - 1;
  return base;
}

// Prim's algorithm on the complete graph (SciPy's mst_single_linkage): grow the tree from
// point 0; dmin[i] is the distance from i to the tree; the closest outside point joins (lowest
// index on ties). Points outside the tree form a linked list in increasing index (next,
// sentinel n) so each step visits only them, in the order of SciPy's loop.
void mstSingle(const double* D, int32_t n, Merges& m) {
  const std::vector<int64_t> base = rowBases(n);
  std::vector<double> dmin(n, kInf);
  std::vector<int32_t> next(n + 1);
  for (int32_t i = 0; i <= n; i++) next[i] = i + 1;
  int32_t head = 1;  // point 0 starts the tree
  int32_t x = 0;
  for (int32_t k = 0; k < n - 1; k++) {
    double best = kInf;
    int32_t y = -1;
    int32_t i = head;
    for (; i < x; i = next[i]) {
      const double d = D[base[i] + x];
      if (dmin[i] > d) dmin[i] = d;
      if (dmin[i] < best || y < 0) {
        best = dmin[i];
        y = i;
      }
    }
    const int64_t bx = base[x];
    for (; i < n; i = next[i]) {
      const double d = D[bx + i];
      if (dmin[i] > d) dmin[i] = d;
      if (dmin[i] < best || y < 0) {
        best = dmin[i];
        y = i;
      }
    }
    m.x[k] = x;
    m.y[k] = y;
    m.h[k] = best;
    // y joins the tree: unlink it (find its predecessor by walking; O(n) like the scan).
    if (y == head) {
      head = next[y];
    } else {
      int32_t p = head;
      while (next[p] != y) p = next[p];
      next[p] = next[y];
    }
    x = y;
  }
}

// Lance–Williams update of d(i, x ∪ y) from d(i, x), d(i, y), d(x, y) and the sizes,
// written exactly as SciPy's _hierarchy_distance_update.pxi.
template <int32_t Method>
inline double lanceWilliams(double dxi, double dyi, double dxy, int32_t nx, int32_t ny, int32_t ni) {
  if (Method == LINKAGE_COMPLETE) return dxi > dyi ? dxi : dyi;
  if (Method == LINKAGE_AVERAGE) {
    return (static_cast<double>(nx) * dxi + static_cast<double>(ny) * dyi) / static_cast<double>(nx + ny);
  }
  if (Method == LINKAGE_WEIGHTED) return 0.5 * (dxi + dyi);
  // Ward (Euclidean form): sqrt(((ni+nx) dxi² + (ni+ny) dyi² − ni dxy²) / (nx+ny+ni)).
  const double t = 1.0 / static_cast<double>(nx + ny + ni);
  return std::sqrt(static_cast<double>(ni + nx) * t * dxi * dxi + static_cast<double>(ni + ny) * t * dyi * dyi -
                   static_cast<double>(ni) * t * dxy * dxy);
}

// Nearest-neighbour chain (SciPy's nn_chain / fastcluster's NN_chain_core). D is a private
// copy of the condensed matrix; the cluster made from x < y lives on at index y and x is
// dropped. Active clusters form a doubly linked list in increasing index (next/prev, with
// sentinel n), so scans visit exactly the active clusters in the order SciPy's loop does.
template <int32_t Method>
int32_t nnChain(double* D, int32_t n, Merges& m) {
  const std::vector<int64_t> base = rowBases(n);
  std::vector<int32_t> size(n, 1);
  std::vector<int32_t> next(n + 1), prev(n + 1);
  for (int32_t i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  int32_t head = 0;
  std::vector<int32_t> chain(n);
  int32_t len = 0;
  for (int32_t k = 0; k < n - 1; k++) {
    if (len == 0) {
      chain[0] = head;
      len = 1;
    }
    int32_t x, y;
    double best;
    for (;;) {
      x = chain[len - 1];
      if (len > 1) {
        y = chain[len - 2];
      } else {
        // First active cluster other than x: the scan below then finds the same minimum
        // as a scan starting from +inf, but y is always a valid cluster.
        y = head == x ? next[head] : head;
      }
      best = y < x ? D[base[y] + x] : D[base[x] + y];
      const int32_t prevY = y;
      int32_t i = head;
      for (; i < x; i = next[i]) {
        const double d = D[base[i] + x];
        if (d < best) {
          best = d;
          y = i;
        }
      }
      const int64_t bx = base[x];
      for (i = next[x]; i < n; i = next[i]) {
        const double d = D[bx + i];
        if (d < best) {
          best = d;
          y = i;
        }
      }
      if (len > 1 && y == prevY) break;
      if (len >= n) return 1;  // cannot happen with finite reducible updates
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) {
      const int32_t t = x;
      x = y;
      y = t;
    }
    const int32_t nx = size[x];
    const int32_t ny = size[y];
    m.x[k] = x;
    m.y[k] = y;
    m.h[k] = best;
    size[x] = 0;
    size[y] = nx + ny;
    // Drop x from the active list.
    if (x == head) {
      head = next[x];
    } else {
      next[prev[x]] = next[x];
    }
    prev[next[x]] = prev[x];
    const int64_t bx = base[x];
    const int64_t by = base[y];
    for (int32_t i = head; i < n; i = next[i]) {
      if (i == y) continue;
      const int64_t ix = i < x ? base[i] + x : bx + i;
      const int64_t iy = i < y ? base[i] + y : by + i;
      D[iy] = lanceWilliams<Method>(D[ix], D[iy], best, nx, ny, size[i]);
    }
  }
  return 0;
}

// Stable bottom-up merge sort of order[0..m) by key h (only '<' is used: equal keys keep
// their order). Written out so both backends sort identically.
void stableSortByKey(std::vector<int32_t>& order, const std::vector<double>& h) {
  const size_t m = order.size();
  std::vector<int32_t> tmp(m);
  for (size_t width = 1; width < m; width *= 2) {
    for (size_t lo = 0; lo < m; lo += 2 * width) {
      const size_t mid = lo + width < m ? lo + width : m;
      const size_t hi = lo + 2 * width < m ? lo + 2 * width : m;
      size_t a = lo, b = mid, o = lo;
      while (a < mid && b < hi) {
        if (h[order[b]] < h[order[a]]) {
          tmp[o++] = order[b++];
        } else {
          tmp[o++] = order[a++];
        }
      }
      while (a < mid) tmp[o++] = order[a++];
      while (b < hi) tmp[o++] = order[b++];
    }
    order.swap(tmp);
  }
}

// SciPy's label(): walk the sorted merges with a union-find whose roots are cluster ids
// (n + r for row r), write (min root, max root, height, size).
void labelMerges(const Merges& m, int32_t n, double* out) {
  const size_t rows = static_cast<size_t>(n - 1);
  std::vector<int32_t> order(rows);
  for (size_t r = 0; r < rows; r++) order[r] = static_cast<int32_t>(r);
  stableSortByKey(order, m.h);
  std::vector<int32_t> parent(2 * static_cast<size_t>(n) - 1);
  std::vector<int32_t> csize(2 * static_cast<size_t>(n) - 1, 1);
  for (size_t i = 0; i < parent.size(); i++) parent[i] = static_cast<int32_t>(i);
  auto find = [&](int32_t v) {
    int32_t root = v;
    while (parent[root] != root) root = parent[root];
    while (parent[v] != root) {
      const int32_t next = parent[v];
      parent[v] = root;
      v = next;
    }
    return root;
  };
  for (size_t r = 0; r < rows; r++) {
    const int32_t s = order[r];
    const int32_t rx = find(m.x[s]);
    const int32_t ry = find(m.y[s]);
    const int32_t id = n + static_cast<int32_t>(r);
    parent[rx] = id;
    parent[ry] = id;
    csize[id] = csize[rx] + csize[ry];
    out[4 * r] = rx < ry ? rx : ry;
    out[4 * r + 1] = rx < ry ? ry : rx;
    out[4 * r + 2] = m.h[s];
    out[4 * r + 3] = csize[id];
  }
}

}  // namespace

int32_t hclust(const double* condensed, int32_t n, int32_t method, double* out) {
  if (n < 2) return 0;
  const size_t rows = static_cast<size_t>(n - 1);
  const size_t len = static_cast<size_t>(n) * static_cast<size_t>(n - 1) / 2;
  Merges m(rows);
  int32_t status = 0;
  if (method == LINKAGE_SINGLE) {
    mstSingle(condensed, n, m);
  } else {
    std::vector<double> D(condensed, condensed + len);
    switch (method) {
      case LINKAGE_COMPLETE: status = nnChain<LINKAGE_COMPLETE>(D.data(), n, m); break;
      case LINKAGE_AVERAGE: status = nnChain<LINKAGE_AVERAGE>(D.data(), n, m); break;
      case LINKAGE_WEIGHTED: status = nnChain<LINKAGE_WEIGHTED>(D.data(), n, m); break;
      default: status = nnChain<LINKAGE_WARD>(D.data(), n, m); break;
    }
  }
  if (status != 0) return status;
  labelMerges(m, n, out);
  return 0;
}

}  // namespace epikit
