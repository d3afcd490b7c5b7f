// Agglomerative hierarchical clustering on a condensed distance matrix: mirrors
// native/kernels/hclust.{h,cc} loop for loop (same scans, tie-breaks and floating-point
// expressions, which follow SciPy's _hierarchy.pyx), so both backends agree bit for bit.
//   single: Prim's MST, O(n²); complete/average/weighted/ward: nearest-neighbour chain, O(n²).
// Tie-breaking: candidates scanned in increasing index, only a strictly smaller distance
// replaces the best (lowest index wins); in the chain the previous element is the initial best.

const LINKAGE_SINGLE: i32 = 0;
const LINKAGE_COMPLETE: i32 = 1;
const LINKAGE_AVERAGE: i32 = 2;
const LINKAGE_WEIGHTED: i32 = 3;

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function sti(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

function allocI32(count: i32): usize {
  const c: i32 = count > 0 ? count : 1;
  return heap.alloc(<usize>c << 2);
}
function allocF64(count: i32): usize {
  const c: i32 = count > 0 ? count : 1;
  return heap.alloc(<usize>c << 3);
}

/** Index of the first negative or non-finite value of condensed[0..length), or -1. */
export function firstInvalidDistance(condensed: usize, length: i32): i32 {
  for (let t = 0; t < length; t++) {
    const v = ld(condensed, t);
    if (!(v >= 0.0) || !isFinite(v)) return t;
  }
  return -1;
}

// base[i] = condensed index of (i, j) minus j (i < j): n·i − i(i + 1)/2 − i − 1 (fits i32 in wasm32).
function rowBases(n: i32): usize {
  const base = allocI32(n);
  for (let i = 0; i < n; i++) sti(base, i, n * i - ((i * (i + 1)) >> 1) - i - 1);
  return base;
}

// Prim's algorithm from point 0 (SciPy's mst_single_linkage); points outside the tree are a
// linked list in increasing index (sentinel n), as in the C++.
function mstSingle(D: usize, n: i32, mx: usize, my: usize, mh: usize): void {
  const base = rowBases(n);
  const dmin = allocF64(n);
  for (let i = 0; i < n; i++) st(dmin, i, Infinity);
  const next = allocI32(n + 1);
  for (let i = 0; i <= n; i++) sti(next, i, i + 1);
  let head = 1;
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let best: f64 = Infinity;
    let y = -1;
    let i = head;
    for (; i < x; i = ldi(next, i)) {
      const d = ld(D, ldi(base, i) + x);
      if (ld(dmin, i) > d) st(dmin, i, d);
      const di = ld(dmin, i);
      if (di < best || y < 0) {
        best = di;
        y = i;
      }
    }
    const bx = ldi(base, x);
    for (; i < n; i = ldi(next, i)) {
      const d = ld(D, bx + i);
      if (ld(dmin, i) > d) st(dmin, i, d);
      const di = ld(dmin, i);
      if (di < best || y < 0) {
        best = di;
        y = i;
      }
    }
    sti(mx, k, x);
    sti(my, k, y);
    st(mh, k, best);
    if (y == head) {
      head = ldi(next, y);
    } else {
      let p = head;
      while (ldi(next, p) != y) p = ldi(next, p);
      sti(next, p, ldi(next, y));
    }
    x = y;
  }
}

// Ward's Lance–Williams update on Euclidean distances (SciPy's _ward, same operation order
// as the C++ lanceWilliams<LINKAGE_WARD>):
// sqrt(((ni+nx) dxi² + (ni+ny) dyi² − ni dxy²) / (nx+ny+ni)), as t = 1/(nx+ny+ni) products.
// The other updates are written inline in nnChain: max; (nx dxi + ny dyi)/(nx + ny); (dxi + dyi)/2.
@inline function ward(dxi: f64, dyi: f64, dxy: f64, nx: i32, ny: i32, ni: i32): f64 {
  const t = 1.0 / <f64>(nx + ny + ni);
  return Math.sqrt(<f64>(ni + nx) * t * dxi * dxi + <f64>(ni + ny) * t * dyi * dyi - <f64>ni * t * dxy * dxy);
}

// Nearest-neighbour chain on D (modified in place: it is the kernel's private copy in
// linear memory). Active clusters form a doubly linked list in increasing index (sentinel n),
// as in the C++. Returns 0, or 1 if the chain broke down (NaN/overflow in the updates).
function nnChain(D: usize, n: i32, method: i32, mx: usize, my: usize, mh: usize): i32 {
  const base = rowBases(n);
  const size = allocI32(n);
  for (let i = 0; i < n; i++) sti(size, i, 1);
  const next = allocI32(n + 1);
  const prev = allocI32(n + 1);
  for (let i = 0; i <= n; i++) {
    sti(next, i, i + 1);
    sti(prev, i, i - 1);
  }
  let head = 0;
  const chain = allocI32(n);
  let len = 0;
  for (let k = 0; k < n - 1; k++) {
    if (len == 0) {
      sti(chain, 0, head);
      len = 1;
    }
    let x = 0;
    let y = 0;
    let best: f64 = 0;
    while (true) {
      x = ldi(chain, len - 1);
      if (len > 1) {
        y = ldi(chain, len - 2);
      } else {
        y = head == x ? ldi(next, head) : head;
      }
      best = y < x ? ld(D, ldi(base, y) + x) : ld(D, ldi(base, x) + y);
      const prevY = y;
      let i = head;
      for (; i < x; i = ldi(next, i)) {
        const d = ld(D, ldi(base, i) + x);
        if (d < best) {
          best = d;
          y = i;
        }
      }
      const bx = ldi(base, x);
      for (i = ldi(next, x); i < n; i = ldi(next, i)) {
        const d = ld(D, bx + i);
        if (d < best) {
          best = d;
          y = i;
        }
      }
      if (len > 1 && y == prevY) break;
      if (len >= n) return 1;
      sti(chain, len++, y);
    }
    len -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = ldi(size, x);
    const ny = ldi(size, y);
    sti(mx, k, x);
    sti(my, k, y);
    st(mh, k, best);
    sti(size, x, 0);
    sti(size, y, nx + ny);
    // Drop x from the active list.
    const nextX = ldi(next, x);
    const prevX = ldi(prev, x);
    if (x == head) {
      head = nextX;
    } else {
      sti(next, prevX, nextX);
    }
    sti(prev, nextX, prevX);
    const bx = ldi(base, x);
    const by = ldi(base, y);
    if (method == LINKAGE_COMPLETE) {
      for (let i = head; i < n; i = ldi(next, i)) {
        if (i == y) continue;
        const ix = i < x ? ldi(base, i) + x : bx + i;
        const iy = i < y ? ldi(base, i) + y : by + i;
        const a = ld(D, ix);
        const b = ld(D, iy);
        st(D, iy, a > b ? a : b);
      }
    } else if (method == LINKAGE_AVERAGE) {
      for (let i = head; i < n; i = ldi(next, i)) {
        if (i == y) continue;
        const ix = i < x ? ldi(base, i) + x : bx + i;
        const iy = i < y ? ldi(base, i) + y : by + i;
        st(D, iy, (<f64>nx * ld(D, ix) + <f64>ny * ld(D, iy)) / <f64>(nx + ny));
      }
    } else if (method == LINKAGE_WEIGHTED) {
      for (let i = head; i < n; i = ldi(next, i)) {
        if (i == y) continue;
        const ix = i < x ? ldi(base, i) + x : bx + i;
        const iy = i < y ? ldi(base, i) + y : by + i;
        st(D, iy, 0.5 * (ld(D, ix) + ld(D, iy)));
      }
    } else {
      for (let i = head; i < n; i = ldi(next, i)) {
        if (i == y) continue;
        const ix = i < x ? ldi(base, i) + x : bx + i;
        const iy = i < y ? ldi(base, i) + y : by + i;
        st(D, iy, ward(ld(D, ix), ld(D, iy), best, nx, ny, ldi(size, i)));
      }
    }
  }
  return 0;
}

// Stable bottom-up merge sort of order[0..m) by key h[order[.]] (same as the C++).
function stableSortByKey(order: usize, m: i32, h: usize): usize {
  let src = order;
  let tmp = allocI32(m);
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = lo + width < m ? lo + width : m;
      const hi = lo + 2 * width < m ? lo + 2 * width : m;
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        if (ld(h, ldi(src, b)) < ld(h, ldi(src, a))) {
          sti(tmp, o++, ldi(src, b++));
        } else {
          sti(tmp, o++, ldi(src, a++));
        }
      }
      while (a < mid) sti(tmp, o++, ldi(src, a++));
      while (b < hi) sti(tmp, o++, ldi(src, b++));
    }
    const t = src;
    src = tmp;
    tmp = t;
  }
  return src;
}

// SciPy's label(): union-find relabelling of the height-sorted merges.
function labelMerges(mx: usize, my: usize, mh: usize, n: i32, out: usize): void {
  const rows = n - 1;
  let order = allocI32(rows);
  for (let r = 0; r < rows; r++) sti(order, r, r);
  order = stableSortByKey(order, rows, mh);
  const total = 2 * n - 1;
  const parent = allocI32(total);
  const csize = allocI32(total);
  for (let i = 0; i < total; i++) {
    sti(parent, i, i);
    sti(csize, i, 1);
  }
  for (let r = 0; r < rows; r++) {
    const s = ldi(order, r);
    const rx = findRoot(parent, ldi(mx, s));
    const ry = findRoot(parent, ldi(my, s));
    const id = n + r;
    sti(parent, rx, id);
    sti(parent, ry, id);
    const sz = ldi(csize, rx) + ldi(csize, ry);
    sti(csize, id, sz);
    st(out, 4 * r, <f64>(rx < ry ? rx : ry));
    st(out, 4 * r + 1, <f64>(rx < ry ? ry : rx));
    st(out, 4 * r + 2, ld(mh, s));
    st(out, 4 * r + 3, <f64>sz);
  }
}

function findRoot(parent: usize, v: i32): i32 {
  let root = v;
  while (ldi(parent, root) != root) root = ldi(parent, root);
  while (ldi(parent, v) != root) {
    const next = ldi(parent, v);
    sti(parent, v, root);
    v = next;
  }
  return root;
}

/**
 * Kernel: SciPy linkage matrix ((n − 1) × 4: a, b, height, size) of the condensed distances
 * (n(n − 1)/2 values, overwritten: scratch) with method 0 single, 1 complete, 2 average,
 * 3 weighted, 4 ward. Returns 0 on success, -1 if the chain broke down (NaN/overflow), or
 * 1 + the index of the first negative / non-finite distance.
 */
export function hclust(condensed: usize, n: i32, method: i32, out: usize): i32 {
  if (n < 2) return 0;
  const len = <i32>((<i64>n * <i64>(n - 1)) >> 1);
  const bad = firstInvalidDistance(condensed, len);
  if (bad >= 0) return bad + 1;
  const rows = n - 1;
  const mx = allocI32(rows);
  const my = allocI32(rows);
  const mh = allocF64(rows);
  if (method == LINKAGE_SINGLE) {
    mstSingle(condensed, n, mx, my, mh);
  } else if (nnChain(condensed, n, method, mx, my, mh) != 0) {
    return -1;
  }
  labelMerges(mx, my, mh, n, out);
  return 0;
}
