// Cluster validity indices: mirrors native/kernels/indices.cc operation by operation
// (see native/kernels/indices.h for the contract). Arrays arrive as pointers into linear
// memory; scratch is bump-allocated and dropped by the JS side after the call.

const SLOT_PTBISERIAL: i32 = 0;
const SLOT_SILHOUETTE: i32 = 1;
const SLOT_KL: i32 = 2;
const SLOT_CINDEX: i32 = 3;
const SLOT_MCCLAIN: i32 = 4;
const SLOT_DUNN: i32 = 5;

/** Up to this many pairs pass 1 keeps the distances for pass 2 (as in the C++). */
const CACHE_PAIRS: f64 = 4194304.0;

@inline function ldf(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}

@inline function stf(p: usize, i: usize, v: f64): void {
  store<f64>(p + (i << 3), v);
}

@inline function ldi(p: usize, i: usize): i32 {
  return load<i32>(p + (i << 2));
}

/** count doubles set to `value` (heap memory is reused between calls: always initialise). */
function allocF64(count: usize, value: f64): usize {
  const p = heap.alloc(count > 0 ? count << 3 : 8);
  for (let i: usize = 0; i < count; i++) stf(p, i, value);
  return p;
}

function allocI32Zero(count: usize): usize {
  const bytes = count > 0 ? count << 2 : 4;
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

/** Euclidean distance between rows i and j (|x_i − x_j| in one dimension). */
@inline function pairDistance(x: usize, d: i32, i: i32, j: i32): f64 {
  if (d == 1) return Math.abs(ldf(x, <usize>i) - ldf(x, <usize>j));
  const a = x + ((<usize>i * <usize>d) << 3);
  const b = x + ((<usize>j * <usize>d) << 3);
  let s = 0.0;
  for (let t = 0; t < d; t++) {
    const diff = ldf(a, <usize>t) - ldf(b, <usize>t);
    s += diff * diff;
  }
  return Math.sqrt(s);
}

/** W = Σ_c Σ_{i∈c} ‖x_i − centroid_c‖² (NbClust gss()$wgss). */
function withinSumOfSquares(x: usize, n: i32, d: i32, lab: usize, k: i32): f64 {
  const K = <usize>k;
  const D = <usize>d;
  const centre = allocF64(K * D, 0.0);
  const count = allocF64(K, 0.0);
  for (let i = 0; i < n; i++) {
    const c = <usize>ldi(lab, <usize>i);
    stf(count, c, ldf(count, c) + 1.0);
    for (let t: usize = 0; t < D; t++) {
      stf(centre, c * D + t, ldf(centre, c * D + t) + ldf(x, <usize>i * D + t));
    }
  }
  for (let c: usize = 0; c < K; c++) {
    const cnt = ldf(count, c);
    if (cnt > 0.0) {
      for (let t: usize = 0; t < D; t++) stf(centre, c * D + t, ldf(centre, c * D + t) / cnt);
    }
  }
  const w = allocF64(K, 0.0);
  for (let i = 0; i < n; i++) {
    const c = <usize>ldi(lab, <usize>i);
    let s = 0.0;
    for (let t: usize = 0; t < D; t++) {
      const diff = ldf(x, <usize>i * D + t) - ldf(centre, c * D + t);
      s += diff * diff;
    }
    stf(w, c, ldf(w, c) + s);
  }
  let total = 0.0;
  for (let c: usize = 0; c < K; c++) total += ldf(w, c);
  return total;
}

/**
 * Value of rank `rank` (0-based, ascending) among p[0..m): Wirth's selection (Hoare
 * partitioning) with a median-of-three pivot; permutes p. The value is unique, so any correct
 * selection (std::nth_element on the C++ side) returns the same number.
 */
function selectRank(p: usize, m: usize, rank: usize): f64 {
  let left: usize = 0;
  let right: usize = m - 1;
  while (left < right) {
    const a = ldf(p, left);
    const b = ldf(p, left + ((right - left) >> 1));
    const c = ldf(p, right);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    do {
      while (ldf(p, i) < pivot) i++;
      while (pivot < ldf(p, j)) j--;
      if (i <= j) {
        const t = ldf(p, i);
        stf(p, i, ldf(p, j));
        stf(p, j, t);
        i++;
        if (j == 0) break;
        j--;
      }
    } while (i <= j);
    if (j < rank) left = i;
    if (rank < i) right = j;
  }
  return ldf(p, rank);
}

/** Kernel: the six indices of partition `labels` (see native/kernels/indices.h). */
export function clusterIndices(
  data: usize,
  n: i32,
  d: i32,
  labelsPrev: usize,
  kPrev: i32,
  labels: usize,
  k: i32,
  labelsNext: usize,
  kNext: i32,
  variant: i32,
  out: usize,
): void {
  for (let s: usize = 0; s < 6; s++) stf(out, s, NaN);
  const K = <usize>k;
  const pbTextbook = (variant & (1 << SLOT_PTBISERIAL)) != 0;
  const silTextbook = (variant & (1 << SLOT_SILHOUETTE)) != 0;
  const cTextbook = (variant & (1 << SLOT_CINDEX)) != 0;
  const mcTextbook = (variant & (1 << SLOT_MCCLAIN)) != 0;

  const size = allocI32Zero(K);
  for (let i = 0; i < n; i++) {
    const c = <usize>ldi(labels, <usize>i);
    store<i32>(size + (c << 2), load<i32>(size + (c << 2)) + 1);
  }

  // Pass 1 over the pairs i < j.
  const diC = allocF64(<usize>n * K, 0.0);
  const diam = allocF64(K, 0.0);
  const minWithin = allocF64(K, Infinity);
  const duplicated = allocI32Zero(K);
  let sumW = 0.0, sumB = 0.0, sumT = 0.0, nW = 0.0, nB = 0.0, minB = Infinity;
  const nPairs = (<f64>n * (<f64>n - 1.0)) / 2.0;
  let all: usize = 0;
  let allCount: usize = 0;
  if (cTextbook) all = heap.alloc(nPairs > 0 ? <usize>nPairs << 3 : 8);
  const cached = nPairs <= CACHE_PAIRS;
  const cache: usize = cached ? heap.alloc(nPairs > 0 ? <usize>nPairs << 3 : 8) : 0;
  let pair: usize = 0;
  for (let i = 0; i < n; i++) {
    const ci = ldi(labels, <usize>i);
    for (let j = i + 1; j < n; j++) {
      const cj = ldi(labels, <usize>j);
      const dd = pairDistance(data, d, i, j);
      sumT += dd;
      if (ci == cj) {
        const c = <usize>ci;
        sumW += dd;
        nW += 1.0;
        if (dd > ldf(diam, c)) stf(diam, c, dd);
        if (dd == 0.0) {
          store<i32>(duplicated + (c << 2), 1);
        } else if (dd < ldf(minWithin, c)) {
          stf(minWithin, c, dd);
        }
      } else {
        sumB += dd;
        nB += 1.0;
        if (dd < minB) minB = dd;
      }
      const pi = <usize>i * K + <usize>cj;
      stf(diC, pi, ldf(diC, pi) + dd);
      const pj = <usize>j * K + <usize>ci;
      stf(diC, pj, ldf(diC, pj) + dd);
      if (cTextbook) {
        stf(all, allCount, dd);
        allCount++;
      }
      if (cached) {
        stf(cache, pair, dd);
        pair++;
      }
    }
  }
  const nT = nW + nB;

  // Textbook C-index thresholds: r-th smallest (lo) and r-th largest (hi) distance.
  let lo = 0.0, hi = 0.0;
  const needSelect = cTextbook && nW > 0.0;
  if (needSelect) {
    const r = <usize>nW;
    lo = selectRank(all, allCount, r - 1);
    hi = selectRank(all, allCount, allCount - r);
  }

  // Pass 2: squared deviations from the mean distance and the C-index sums.
  let ss = 0.0, sLo = 0.0, cLo = 0.0, sHi = 0.0, cHi = 0.0;
  if (nT > 0.0) {
    const mean = sumT / nT;
    pair = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dd: f64;
        if (cached) {
          dd = ldf(cache, pair);
          pair++;
        } else {
          dd = pairDistance(data, d, i, j);
        }
        const dev = dd - mean;
        ss += dev * dev;
        if (needSelect) {
          if (dd < lo) {
            sLo += dd;
            cLo += 1.0;
          }
          if (dd > hi) {
            sHi += dd;
            cHi += 1.0;
          }
        }
      }
    }
  }

  // Point-biserial.
  if (nW > 0.0 && nB > 0.0) {
    const sd = Math.sqrt(ss / (pbTextbook ? nT : nT - 1.0));
    const pb = nB / nT;
    stf(out, SLOT_PTBISERIAL, ((sumB / nB - sumW / nW) * Math.sqrt(pb * (1.0 - pb))) / sd);
  }

  // Silhouette.
  let total = 0.0;
  if (!silTextbook) {
    const silSum = allocF64(K, 0.0);
    for (let i = 0; i < n; i++) {
      const c = <usize>ldi(labels, <usize>i);
      const sc = load<i32>(size + (c << 2));
      if (sc <= 1) continue;
      const row = diC + ((<usize>i * K) << 3);
      const a = ldf(row, c) / <f64>(sc - 1);
      let b = Infinity;
      for (let l: usize = 0; l < K; l++) {
        const sl = load<i32>(size + (l << 2));
        if (l == c || sl == 0) continue;
        const v = ldf(row, l) / <f64>sl;
        if (v < b) b = v;
      }
      const m = a > b ? a : b;
      stf(silSum, c, ldf(silSum, c) + (b - a) / m);
    }
    for (let c: usize = 0; c < K; c++) total += load<i32>(size + (c << 2)) <= 1 ? 1.0 : ldf(silSum, c);
    stf(out, SLOT_SILHOUETTE, total / <f64>n);
  } else {
    let nonEmpty = 0;
    for (let c: usize = 0; c < K; c++) nonEmpty += load<i32>(size + (c << 2)) > 0 ? 1 : 0;
    if (nonEmpty >= 2 && nonEmpty < n) {
      for (let i = 0; i < n; i++) {
        const c = <usize>ldi(labels, <usize>i);
        const sc = load<i32>(size + (c << 2));
        let s = 0.0;
        if (sc > 1) {
          const row = diC + ((<usize>i * K) << 3);
          const a = ldf(row, c) / <f64>(sc - 1);
          let b = Infinity;
          for (let l: usize = 0; l < K; l++) {
            const sl = load<i32>(size + (l << 2));
            if (l == c || sl == 0) continue;
            const v = ldf(row, l) / <f64>sl;
            if (v < b) b = v;
          }
          if (b != a) {
            const m = a > b ? a : b;
            s = (b - a) / m;
          }
        }
        total += s;
      }
      stf(out, SLOT_SILHOUETTE, total / <f64>n);
    }
  }

  // KL.
  if (labelsPrev != 0 && labelsNext != 0) {
    const w0 = withinSumOfSquares(data, n, d, labelsPrev, kPrev);
    const w1 = withinSumOfSquares(data, n, d, labels, k);
    const w2 = withinSumOfSquares(data, n, d, labelsNext, kNext);
    const e = 2.0 / <f64>d;
    const g = <f64>k;
    const pPrev = Math.pow(g - 1.0, e);
    const pCur = Math.pow(g, e);
    const pNext = Math.pow(g + 1.0, e);
    stf(out, SLOT_KL, Math.abs(pPrev * w0 - pCur * w1) / Math.abs(pCur * w1 - pNext * w2));
  }

  // C-index.
  if (!cTextbook) {
    let dMin = Infinity, dMax = -Infinity;
    for (let c: usize = 0; c < K; c++) {
      let vMax = 1.0, vMin = 1.0;
      if (load<i32>(size + (c << 2)) > 1) {
        vMax = ldf(diam, c);
        vMin = load<i32>(duplicated + (c << 2)) != 0 ? 0.0 : ldf(minWithin, c);
      }
      if (vMin < dMin) dMin = vMin;
      if (vMax > dMax) dMax = vMax;
    }
    if (dMin != dMax) stf(out, SLOT_CINDEX, (sumW - nW * dMin) / (dMax * nW - dMin * nW));
  } else if (needSelect) {
    const sMin = sLo + (nW - cLo) * lo;
    const sMax = sHi + (nW - cHi) * hi;
    if (sMax != sMin) stf(out, SLOT_CINDEX, (sumW - sMin) / (sMax - sMin));
  }

  // McClain–Rao.
  if (mcTextbook) {
    stf(out, SLOT_MCCLAIN, sumW / nW / (sumB / nB));
  } else {
    stf(out, SLOT_MCCLAIN, sumW / nW / nW / (sumB / nB / nB));
  }

  // Dunn.
  let maxDiam = 0.0;
  for (let c: usize = 0; c < K; c++) {
    if (load<i32>(size + (c << 2)) > 0 && ldf(diam, c) > maxDiam) maxDiam = ldf(diam, c);
  }
  stf(out, SLOT_DUNN, minB / maxDiam);
}

// ---------------------------------------------------------------------------------------------
// clusterIndices1d: 1-D points, partitions contiguous in sorted order (see native/kernels/indices.h).

@inline function sti(p: usize, i: usize, v: i32): void {
  store<i32>(p + (i << 2), v);
}

/** a before b: by value, then by index (any order of equal values gives the same results). */
@inline function sortsBefore(x: usize, a: i32, b: i32): bool {
  const va = ldf(x, <usize>a);
  const vb = ldf(x, <usize>b);
  return va < vb || (va == vb && a < b);
}

/** Heap sort of the n indices in ord by sortsBefore. */
function sortIndices(x: usize, ord: usize, n: i32): void {
  // Build a max-heap, then move the largest to the end.
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(x, ord, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = ldi(ord, 0);
    sti(ord, 0, ldi(ord, <usize>end));
    sti(ord, <usize>end, t);
    siftDown(x, ord, 0, end);
  }
}

function siftDown(x: usize, ord: usize, root: i32, end: i32): void {
  let r = root;
  while (true) {
    let child = 2 * r + 1;
    if (child >= end) break;
    if (child + 1 < end && sortsBefore(x, ldi(ord, <usize>child), ldi(ord, <usize>(child + 1)))) child++;
    const rv = ldi(ord, <usize>r);
    const cv = ldi(ord, <usize>child);
    if (!sortsBefore(x, rv, cv)) break;
    sti(ord, <usize>r, cv);
    sti(ord, <usize>child, rv);
    r = child;
  }
}

/** Pairs (i < j) of the sorted values s with fl(s_j − s_i) ≤ v (two pointers). */
function pairsAtMost(s: usize, n: i32, v: f64): f64 {
  let c = 0.0;
  let lo = 0;
  for (let j = 1; j < n; j++) {
    while (ldf(s, <usize>j) - ldf(s, <usize>lo) > v) lo++;
    c += <f64>(j - lo);
  }
  return c;
}

/** The r-th smallest pair distance: binary search over the bit patterns of doubles ≥ 0. */
function pairQuantile(s: usize, n: i32, r: f64): f64 {
  let lo: u64 = 0;
  let hi: u64 = reinterpret<u64>(ldf(s, <usize>(n - 1)) - ldf(s, 0));
  while (lo < hi) {
    const mid = lo + (hi - lo) / 2;
    if (pairsAtMost(s, n, reinterpret<f64>(mid)) >= r) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return reinterpret<f64>(lo);
}

export function clusterIndices1d(data: usize, n: i32, parts: usize, k0: i32, m: i32, count: i32, variant: i32, out: usize): i32 {
  const N = <usize>n;
  const pbTextbook = (variant & (1 << SLOT_PTBISERIAL)) != 0;
  const silTextbook = (variant & (1 << SLOT_SILHOUETTE)) != 0;
  const cTextbook = (variant & (1 << SLOT_CINDEX)) != 0;
  const mcTextbook = (variant & (1 << SLOT_MCCLAIN)) != 0;

  const ord = allocI32Zero(N);
  for (let i = 0; i < n; i++) sti(ord, <usize>i, i);
  sortIndices(data, ord, n);
  const sv = allocF64(N, 0.0);
  for (let p: usize = 0; p < N; p++) stf(sv, p, ldf(data, <usize>ldi(ord, p)));
  const g = allocF64(N, 0.0);
  for (let q: usize = 1; q < N; q++) stf(g, q, ldf(sv, q) - ldf(sv, q - 1));
  const nn = <f64>n;
  const nT = (nn * (nn - 1.0)) / 2.0;
  let sumT = 0.0, sumSq = 0.0, h = 0.0;
  for (let q: usize = 1; q < N; q++) {
    const fq = <f64>q;
    const straddle = fq * (nn - fq);
    const gq = ldf(g, q);
    sumT += gq * straddle;
    sumSq += gq * gq * straddle + 2.0 * gq * (nn - fq) * h;
    h += gq * fq;
  }
  let ss = 0.0;
  if (nT > 0.0) {
    const mean = sumT / nT;
    ss = sumSq - nT * mean * mean;
    if (ss < 0.0) ss = 0.0;
  }
  let pre: usize = 0;
  if (cTextbook) {
    pre = allocF64(N + 1, 0.0);
    const s0 = ldf(sv, 0);
    for (let p: usize = 0; p < N; p++) stf(pre, p + 1, ldf(pre, p) + (ldf(sv, p) - s0));
  }

  const kMax = <usize>(k0 + m - 1);
  const sl = allocI32Zero(N);
  const blockStart = allocI32Zero(N + 1);
  const seen = allocI32Zero(kMax);
  const size = allocI32Zero(kMax);
  const diam = allocF64(kMax, 0.0);
  const minWithin = allocF64(kMax, Infinity);
  const duplicated = allocI32Zero(kMax);
  const silSum = allocF64(kMax, 0.0);
  const left = allocF64(N, 0.0);
  const right = allocF64(N, 0.0);

  for (let j = 1; j <= count; j++) {
    const k = k0 + j;
    const K = <usize>k;
    const labels = parts + ((<usize>j * N) << 2);
    const o = out + ((<usize>(j - 1) * 6) << 3);
    for (let s: usize = 0; s < 6; s++) stf(o, s, NaN);

    for (let p: usize = 0; p < N; p++) sti(sl, p, ldi(labels, <usize>ldi(ord, p)));
    for (let a: usize = 0; a < N; ) {
      let e = a + 1;
      while (e < N && ldf(sv, e) == ldf(sv, a)) e++;
      for (let p = a + 1; p < e; p++) {
        const v = ldi(sl, p);
        let q = p;
        while (q > a && ldi(sl, q - 1) > v) {
          sti(sl, q, ldi(sl, q - 1));
          q--;
        }
        sti(sl, q, v);
      }
      a = e;
    }
    for (let c: usize = 0; c < K; c++) {
      sti(seen, c, 0);
      sti(size, c, 0);
      stf(diam, c, 0.0);
      stf(minWithin, c, Infinity);
      sti(duplicated, c, 0);
      stf(silSum, c, 0.0);
    }
    let nb = 0;
    for (let p: usize = 0; p < N; p++) {
      if (p == 0 || ldi(sl, p) != ldi(sl, p - 1)) {
        const c = <usize>ldi(sl, p);
        if (ldi(seen, c) != 0) return 0;
        sti(seen, c, 1);
        sti(blockStart, <usize>nb, <i32>p);
        nb++;
      }
    }
    sti(blockStart, <usize>nb, n);

    let sumW = 0.0, nW = 0.0, minB = Infinity;
    for (let b = 0; b < nb; b++) {
      const a = <usize>ldi(blockStart, <usize>b);
      const e = <usize>ldi(blockStart, <usize>(b + 1));
      const c = <usize>ldi(sl, a);
      const len = <f64>(e - a);
      sti(size, c, <i32>(e - a));
      stf(diam, c, Math.abs(ldf(sv, e - 1) - ldf(sv, a)));
      nW += (len * (len - 1.0)) / 2.0;
      stf(left, a, 0.0);
      let w = 0.0;
      for (let q = a + 1; q < e; q++) {
        const gq = ldf(g, q);
        if (gq == 0.0) {
          sti(duplicated, c, 1);
        } else if (gq < ldf(minWithin, c)) {
          stf(minWithin, c, gq);
        }
        w += gq * <f64>(q - a) * <f64>(e - q);
        stf(left, q, ldf(left, q - 1) + <f64>(q - a) * gq);
      }
      stf(right, e - 1, 0.0);
      for (let q = e - 1; q > a; q--) stf(right, q - 1, ldf(right, q) + <f64>(e - q) * ldf(g, q));
      sumW += w;
      if (b > 0 && ldf(g, a) < minB) minB = ldf(g, a);
    }
    const nB = nT - nW;
    let sumB = 0.0;
    for (let b = 0; b < nb; b++) {
      const a = <usize>ldi(blockStart, <usize>b);
      const e = <usize>ldi(blockStart, <usize>(b + 1));
      for (let q: usize = b == 0 ? 1 : a; q < e; q++) {
        const fq = <f64>q;
        const inside = q == a ? 0.0 : <f64>(q - a) * <f64>(e - q);
        sumB += ldf(g, q) * (fq * (nn - fq) - inside);
      }
    }

    let lo = 0.0, hi = 0.0, sLo = 0.0, cLo = 0.0, sHi = 0.0, cHi = 0.0;
    const needSelect = cTextbook && nW > 0.0;
    if (needSelect) {
      lo = pairQuantile(sv, n, nW);
      hi = pairQuantile(sv, n, nT - nW + 1.0);
      let pl = 0, ph = 0;
      const s0 = ldf(sv, 0);
      for (let q = 1; q < n; q++) {
        const vq = ldf(sv, <usize>q);
        const sq = vq - s0;
        while (pl < q && vq - ldf(sv, <usize>pl) >= lo) pl++;
        cLo += <f64>(q - pl);
        sLo += <f64>(q - pl) * sq - (ldf(pre, <usize>q) - ldf(pre, <usize>pl));
        while (ph < q && vq - ldf(sv, <usize>ph) > hi) ph++;
        cHi += <f64>ph;
        sHi += <f64>ph * sq - ldf(pre, <usize>ph);
      }
    }

    if (nW > 0.0 && nB > 0.0) {
      const sd = Math.sqrt(ss / (pbTextbook ? nT : nT - 1.0));
      const pb = nB / nT;
      stf(o, SLOT_PTBISERIAL, ((sumB / nB - sumW / nW) * Math.sqrt(pb * (1.0 - pb))) / sd);
    }

    {
      let total = 0.0;
      const silDefined = silTextbook ? nb >= 2 && nb < n : true;
      for (let b = 0; b < nb && silDefined; b++) {
        const a = <usize>ldi(blockStart, <usize>b);
        const e = <usize>ldi(blockStart, <usize>(b + 1));
        const c = <usize>ldi(sl, a);
        const sc = ldi(size, c);
        if (sc <= 1) continue;
        const own = <f64>(sc - 1);
        for (let p = a; p < e; p++) {
          const av = (ldf(left, p) + ldf(right, p)) / own;
          let bv = Infinity;
          if (b > 0) {
            const pa = <usize>ldi(blockStart, <usize>(b - 1));
            const len = <f64>(a - pa);
            const v = (len * (ldf(sv, p) - ldf(sv, a - 1)) + ldf(left, a - 1)) / len;
            if (v < bv) bv = v;
          }
          if (b + 1 < nb) {
            const ne = <usize>ldi(blockStart, <usize>(b + 2));
            const len = <f64>(ne - e);
            const v = (len * (ldf(sv, e) - ldf(sv, p)) + ldf(right, e)) / len;
            if (v < bv) bv = v;
          }
          const mx = av > bv ? av : bv;
          if (silTextbook) {
            if (bv != av) stf(silSum, c, ldf(silSum, c) + (bv - av) / mx);
          } else {
            stf(silSum, c, ldf(silSum, c) + (bv - av) / mx);
          }
        }
      }
      if (!silTextbook) {
        for (let c: usize = 0; c < K; c++) total += ldi(size, c) <= 1 ? 1.0 : ldf(silSum, c);
        stf(o, SLOT_SILHOUETTE, total / nn);
      } else if (silDefined) {
        for (let c: usize = 0; c < K; c++) total += ldf(silSum, c);
        stf(o, SLOT_SILHOUETTE, total / nn);
      }
    }

    if (j + 1 < m) {
      const prev = parts + ((<usize>(j - 1) * N) << 2);
      const next = parts + ((<usize>(j + 1) * N) << 2);
      const w0 = withinSumOfSquares(data, n, 1, prev, k - 1);
      const w1 = withinSumOfSquares(data, n, 1, labels, k);
      const w2 = withinSumOfSquares(data, n, 1, next, k + 1);
      const e = 2.0;
      const gk = <f64>k;
      const pPrev = Math.pow(gk - 1.0, e);
      const pCur = Math.pow(gk, e);
      const pNext = Math.pow(gk + 1.0, e);
      stf(o, SLOT_KL, Math.abs(pPrev * w0 - pCur * w1) / Math.abs(pCur * w1 - pNext * w2));
    }

    if (!cTextbook) {
      let dMin = Infinity, dMax = -Infinity;
      for (let c: usize = 0; c < K; c++) {
        let vMax = 1.0, vMin = 1.0;
        if (ldi(size, c) > 1) {
          vMax = ldf(diam, c);
          vMin = ldi(duplicated, c) != 0 ? 0.0 : ldf(minWithin, c);
        }
        if (vMin < dMin) dMin = vMin;
        if (vMax > dMax) dMax = vMax;
      }
      if (dMin != dMax) stf(o, SLOT_CINDEX, (sumW - nW * dMin) / (dMax * nW - dMin * nW));
    } else if (needSelect) {
      const sMin = sLo + (nW - cLo) * lo;
      const sMax = sHi + (nW - cHi) * hi;
      if (sMax != sMin) stf(o, SLOT_CINDEX, (sumW - sMin) / (sMax - sMin));
    }

    if (mcTextbook) {
      stf(o, SLOT_MCCLAIN, sumW / nW / (sumB / nB));
    } else {
      stf(o, SLOT_MCCLAIN, sumW / nW / nW / (sumB / nB / nB));
    }

    let maxDiam = 0.0;
    for (let c: usize = 0; c < K; c++) {
      if (ldi(size, c) > 0 && ldf(diam, c) > maxDiam) maxDiam = ldf(diam, c);
    }
    stf(o, SLOT_DUNN, minB / maxDiam);
  }
  return 1;
}
