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
