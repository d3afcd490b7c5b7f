// k-means (greedy k-means++ seeding + Lloyd iterations + restarts): mirrors
// native/kernels/kmeans.{h,cc} operation for operation (same accumulation order, same
// tie-breaking, same random stream), so both backends return the same labels.
// See native/kernels/kmeans.h for the full contract.
import { f64At, i32At, setF64, setI32 } from './memory-access';
import { Xoshiro256 } from './random';

/**
 * `v < cur ? v : cur` without a branch: V8 compiles a scalar f64 select to a jump, which
 * mispredicts on unstructured data; f64x2.pmin(a, b) is defined as `b < a ? b : a` (the same
 * value, NaN cases included) and becomes one minpd. The C++ `?:` compiles to minsd.
 */
// @ts-ignore: decorator
@inline function lessOf(v: f64, cur: f64): f64 {
  if (ASC_FEATURE_SIMD) {
    return f64x2.extract_lane(f64x2.pmin(f64x2.splat(cur), f64x2.splat(v)), 0);
  } else {
    // An i64 select becomes a cmov in V8 (an f64 select does not).
    return reinterpret<f64>(select<i64>(reinterpret<i64>(v), reinterpret<i64>(cur), v < cur));
  }
}

/** Squared Euclidean distance of d-vectors at a and b, accumulated over j = 0..d-1 in order. */
function sqDist(a: usize, b: usize, d: i32): f64 {
  let s = 0.0;
  for (let j = 0; j < d; j++) {
    const t = f64At(a, <usize>j) - f64At(b, <usize>j);
    s += t * t;
  }
  return s;
}

/** Pair centres 2p, 2p+1 interleaved: cp[p*2d + 2j + lane]; a missing odd centre is zeros. */
function pairCenters(centers: usize, k: i32, d: i32, cp: usize): void {
  const pairs = (k + 1) >> 1;
  for (let p = 0; p < pairs; p++) {
    const q = cp + ((<usize>p * 2 * <usize>d) << 3);
    const c0 = 2 * p;
    const c1 = 2 * p + 1;
    for (let j = 0; j < d; j++) {
      setF64(q, <usize>(2 * j), f64At(centers, <usize>c0 * <usize>d + <usize>j));
      setF64(q, <usize>(2 * j + 1), c1 < k ? f64At(centers, <usize>c1 * <usize>d + <usize>j) : 0.0);
    }
  }
}

/**
 * Distances from the point at x to the two centres of the pair at q, stored at dist and
 * dist + 8; each accumulated over j = 0..d-1 in order (bit-identical to sqDist). The SIMD
 * build runs the two centres in the two f64x2 lanes, like the C++ pairDist.
 */
// @ts-ignore: decorator
@inline function pairDist(x: usize, q: usize, d: i32, dist: usize): void {
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0.0);
    for (let j = 0; j < d; j++) {
      const t = f64x2.sub(f64x2.splat(load<f64>(x + (<usize>j << 3))), v128.load(q + (<usize>j << 4)));
      acc = f64x2.add(acc, f64x2.mul(t, t));
    }
    v128.store(dist, acc);
  } else {
    let s0 = 0.0;
    let s1 = 0.0;
    for (let j = 0; j < d; j++) {
      const xj = load<f64>(x + (<usize>j << 3));
      const t0 = xj - load<f64>(q + (<usize>j << 4));
      const t1 = xj - load<f64>(q + (<usize>j << 4), 8);
      s0 += t0 * t0;
      s1 += t1 * t1;
    }
    store<f64>(dist, s0);
    store<f64>(dist, s1, 8);
  }
}

/** Two pairs at once (centres of the pairs at q0 and q1 into dist[0..4)): more independent work per loop step. */
// @ts-ignore: decorator
@inline function quadDist(x: usize, q0: usize, q1: usize, d: i32, dist: usize): void {
  if (ASC_FEATURE_SIMD) {
    let acc0 = f64x2.splat(0.0);
    let acc1 = f64x2.splat(0.0);
    let j = 0;
    // Unrolled by 2 (about 8% faster under V8 for d = 8); the order of accumulation over j
    // is unchanged.
    for (; j + 1 < d; j += 2) {
      const xa = f64x2.splat(load<f64>(x + (<usize>j << 3)));
      const xb = f64x2.splat(load<f64>(x + (<usize>j << 3), 8));
      const oa = <usize>j << 4;
      const t0 = f64x2.sub(xa, v128.load(q0 + oa));
      const t1 = f64x2.sub(xa, v128.load(q1 + oa));
      const u0 = f64x2.sub(xb, v128.load(q0 + oa, 16));
      const u1 = f64x2.sub(xb, v128.load(q1 + oa, 16));
      acc0 = f64x2.add(f64x2.add(acc0, f64x2.mul(t0, t0)), f64x2.mul(u0, u0));
      acc1 = f64x2.add(f64x2.add(acc1, f64x2.mul(t1, t1)), f64x2.mul(u1, u1));
    }
    if (j < d) {
      const xj = f64x2.splat(load<f64>(x + (<usize>j << 3)));
      const t0 = f64x2.sub(xj, v128.load(q0 + (<usize>j << 4)));
      const t1 = f64x2.sub(xj, v128.load(q1 + (<usize>j << 4)));
      acc0 = f64x2.add(acc0, f64x2.mul(t0, t0));
      acc1 = f64x2.add(acc1, f64x2.mul(t1, t1));
    }
    v128.store(dist, acc0);
    v128.store(dist, acc1, 16);
  } else {
    let s0 = 0.0;
    let s1 = 0.0;
    let s2 = 0.0;
    let s3 = 0.0;
    for (let j = 0; j < d; j++) {
      const xj = load<f64>(x + (<usize>j << 3));
      const t0 = xj - load<f64>(q0 + (<usize>j << 4));
      const t1 = xj - load<f64>(q0 + (<usize>j << 4), 8);
      const t2 = xj - load<f64>(q1 + (<usize>j << 4));
      const t3 = xj - load<f64>(q1 + (<usize>j << 4), 8);
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    store<f64>(dist, s0);
    store<f64>(dist, s1, 8);
    store<f64>(dist, s2, 16);
    store<f64>(dist, s3, 24);
  }
}

/** Distances from x to all `pairs` paired centres at cp into dist[0..2*pairs): quads, then a last pair. */
// @ts-ignore: decorator
@inline function allDist(x: usize, cp: usize, pairs: i32, d: i32, dist: usize): void {
  const pairBytes = <usize>d << 4;
  let p = 0;
  for (; p + 1 < pairs; p += 2) {
    const q = cp + <usize>p * pairBytes;
    quadDist(x, q, q + pairBytes, d, dist + (<usize>p << 4));
  }
  if (p < pairs) pairDist(x, cp + <usize>p * pairBytes, d, dist + (<usize>p << 4));
}

/**
 * Assignment step: nearest centre per point (lowest index wins ties; NaN never beats centre
 * 0), squared distance in mind, cluster sizes in counts. All k distances of a point go to
 * dist first, then are scanned in index order. Returns the number of changed labels.
 */
function assign(points: usize, n: i32, d: i32, k: i32, cp: usize, dist: usize, labels: usize, mind: usize, counts: usize): i32 {
  const pairs = (k + 1) >> 1;
  for (let c = 0; c < k; c++) setI32(counts, <usize>c, 0);
  let changes = 0;
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const x = points + <usize>i * rowBytes;
    allDist(x, cp, pairs, d, dist);
    let best = 0;
    let bestD = load<f64>(dist);
    for (let c = 1; c < k; c++) {
      const v = f64At(dist, <usize>c);
      best = select<i32>(c, best, v < bestD);
      bestD = lessOf(v, bestD);
    }
    if (i32At(labels, <usize>i) != best) {
      setI32(labels, <usize>i, best);
      changes++;
    }
    setF64(mind, <usize>i, bestD);
    setI32(counts, <usize>best, i32At(counts, <usize>best) + 1);
  }
  return changes;
}

/** Empty clusters (increasing index) take the farthest point of a cluster that keeps another point. */
function relocateEmpty(n: i32, k: i32, labels: usize, mind: usize, counts: usize): i32 {
  let moved = 0;
  for (let c = 0; c < k; c++) {
    if (i32At(counts, <usize>c) != 0) continue;
    let far = -1;
    let farD = 0.0;
    for (let i = 0; i < n; i++) {
      const m = f64At(mind, <usize>i);
      if (i32At(counts, <usize>i32At(labels, <usize>i)) > 1 && m > farD) {
        far = i;
        farD = m;
      }
    }
    if (far < 0) continue;
    const old = i32At(labels, <usize>far);
    setI32(counts, <usize>old, i32At(counts, <usize>old) - 1);
    setI32(labels, <usize>far, c);
    setI32(counts, <usize>c, 1);
    setF64(mind, <usize>far, 0.0);
    moved++;
  }
  return moved;
}

/** Update step: centres become means (point-order sums, one division); returns the squared shift. */
function updateCenters(points: usize, n: i32, d: i32, k: i32, labels: usize, counts: usize, sums: usize, centers: usize): f64 {
  const kd = <usize>k * <usize>d;
  for (let t: usize = 0; t < kd; t++) setF64(sums, t, 0.0);
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const x = points + <usize>i * rowBytes;
    const s = sums + <usize>i32At(labels, <usize>i) * rowBytes;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(s + o, load<f64>(s + o) + load<f64>(x + o));
    }
  }
  let shift = 0.0;
  for (let c = 0; c < k; c++) {
    const cnt = i32At(counts, <usize>c);
    if (cnt == 0) continue;
    const m = <f64>cnt;
    const ctr = centers + <usize>c * rowBytes;
    const s = sums + <usize>c * rowBytes;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      const v = load<f64>(s + o) / m;
      const t = v - load<f64>(ctr + o);
      shift += t * t;
      store<f64>(ctr + o, v);
    }
  }
  return shift;
}

/** D² draw: first i with cum[i] > u*pot; see the C++ drawIndex for the edge cases. */
function drawIndex(u: f64, weights: usize, cum: usize, n: i32): i32 {
  const pot = f64At(cum, <usize>(n - 1));
  if (!(pot > 0.0) || pot == Infinity) {
    const idx = <i32>(u * <f64>n);
    return idx < n ? idx : n - 1;
  }
  const v = u * pot;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = <i32>((<u32>lo + <u32>hi) >> 1);
    if (f64At(cum, <usize>mid) > v) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  if (lo < n) return lo;
  let last = n - 1;
  while (last > 0 && !(f64At(weights, <usize>last) > 0.0)) last--;
  return last;
}

/** floor(ln k) + 2 without a libm call (same table as the C++ kmeansLocalTrials). */
function kmeansLocalTrials(k: i32): i32 {
  const E_POWERS: StaticArray<i32> = [
    3, 8, 21, 55, 149, 404, 1097, 2981, 8104, 22027, 59875, 162755, 442414, 1202605, 3269018, 8886111, 24154953,
    65659970, 178482301, 485165196, 1318815735,
  ];
  let m = 0;
  while (m < 21 && k >= unchecked(E_POWERS[m])) m++;
  return 2 + m;
}

/** closest[i] = min(closest[i], |x_i - c|^2) (the distance itself when `first`); cum = running sums. */
function updateClosest(points: usize, n: i32, d: i32, c: usize, first: bool, closest: usize, cum: usize): void {
  const rowBytes = <usize>d << 3;
  let acc = 0.0;
  for (let i = 0; i < n; i++) {
    const dd = sqDist(points + <usize>i * rowBytes, c, d);
    const ci = f64At(closest, <usize>i);
    const v = first ? dd : lessOf(dd, ci);
    setF64(closest, <usize>i, v);
    acc += v;
    setF64(cum, <usize>i, acc);
  }
}

/**
 * Greedy k-means++: k centres into `centers`; draws 1 + (k-1)*trials values from rng (all
 * of a centre's candidates before scoring them). Mirrors the C++ seedCenters.
 */
function seedCenters(
  points: usize,
  n: i32,
  d: i32,
  k: i32,
  trials: i32,
  rng: Xoshiro256,
  centers: usize,
  closest: usize,
  cum: usize,
  cand: usize,
  candPairs: usize,
  pots: usize,
  dist: usize,
): void {
  const rowBytes = <usize>d << 3;
  const first = rng.below(n);
  memory.copy(centers, points + <usize>first * rowBytes, rowBytes);
  updateClosest(points, n, d, centers, true, closest, cum);
  const pairs = (trials + 1) >> 1;
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const idx = drawIndex(rng.uniform(), closest, cum, n);
      memory.copy(cand + <usize>t * rowBytes, points + <usize>idx * rowBytes, rowBytes);
    }
    for (let t = 0; t < 2 * pairs; t++) setF64(pots, <usize>t, 0.0);
    pairCenters(cand, trials, d, candPairs);
    for (let i = 0; i < n; i++) {
      const x = points + <usize>i * rowBytes;
      const ci = f64At(closest, <usize>i);
      allDist(x, candPairs, pairs, d, dist);
      if (ASC_FEATURE_SIMD) {
        // pots[t] += dist[t] < ci ? dist[t] : ci, two candidates per f64x2 (a padding lane
        // of an odd `trials` accumulates unused values).
        const civ = f64x2.splat(ci);
        for (let p = 0; p < pairs; p++) {
          const o = <usize>p << 4;
          v128.store(pots + o, f64x2.add(v128.load(pots + o), f64x2.pmin(civ, v128.load(dist + o))));
        }
      } else {
        for (let t = 0; t < trials; t++) setF64(pots, <usize>t, f64At(pots, <usize>t) + lessOf(f64At(dist, <usize>t), ci));
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) {
      if (f64At(pots, <usize>t) < f64At(pots, <usize>best)) best = t;
    }
    const ctr = centers + <usize>c * rowBytes;
    memory.copy(ctr, cand + <usize>best * rowBytes, rowBytes);
    if (c + 1 < k) updateClosest(points, n, d, ctr, false, closest, cum);
  }
}

/** tol * mean over coordinates of the population variance (scikit-learn's _tolerance). */
function absoluteTolerance(points: usize, n: i32, d: i32, tol: f64, colSum: usize, colVar: usize): f64 {
  for (let j = 0; j < d; j++) {
    setF64(colSum, <usize>j, 0.0);
    setF64(colVar, <usize>j, 0.0);
  }
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const x = points + <usize>i * rowBytes;
    for (let j = 0; j < d; j++) setF64(colSum, <usize>j, f64At(colSum, <usize>j) + f64At(x, <usize>j));
  }
  for (let j = 0; j < d; j++) setF64(colSum, <usize>j, f64At(colSum, <usize>j) / <f64>n);
  for (let i = 0; i < n; i++) {
    const x = points + <usize>i * rowBytes;
    for (let j = 0; j < d; j++) {
      const t = f64At(x, <usize>j) - f64At(colSum, <usize>j);
      setF64(colVar, <usize>j, f64At(colVar, <usize>j) + t * t);
    }
  }
  let total = 0.0;
  for (let j = 0; j < d; j++) total += f64At(colVar, <usize>j) / <f64>n;
  return (total / <f64>d) * tol;
}

/**
 * Kernel: k-means of n d-dimensional points (row-major, n*d) into k clusters; nInit restarts
 * sharing one Xoshiro256(seed) stream; labels (n), centers (k*d) and stats = {inertia,
 * iterations} of the lowest-inertia restart (first wins ties). Same contract as the C++ kmeans.
 */
export function kmeans(
  points: usize,
  n: i32,
  d: i32,
  k: i32,
  seed: f64,
  nInit: i32,
  maxIter: i32,
  tol: f64,
  labels: usize,
  centers: usize,
  stats: usize,
): void {
  const nn = <usize>n;
  const kd = <usize>k * <usize>d;
  const pairs = <usize>((k + 1) >> 1);
  const trials = kmeansLocalTrials(k);
  const tpairs = <usize>((trials + 1) >> 1);
  const work = heap.alloc(nn << 2);
  const counts = heap.alloc(<usize>k << 2);
  const mind = heap.alloc(nn << 3);
  const closest = heap.alloc(nn << 3);
  const cum = heap.alloc(nn << 3);
  const cur = heap.alloc(kd << 3);
  const sums = heap.alloc(kd << 3);
  const cp = heap.alloc((pairs * 2 * <usize>d) << 3);
  const dist = heap.alloc(((pairs > tpairs ? pairs : tpairs) * 2) << 3);
  const cand = heap.alloc((<usize>trials * <usize>d) << 3);
  const candPairs = heap.alloc((tpairs * 2 * <usize>d) << 3);
  const pots = heap.alloc((tpairs * 2) << 3);
  const colSum = heap.alloc(<usize>d << 3);
  const colVar = heap.alloc(<usize>d << 3);

  const tolAbs = absoluteTolerance(points, n, d, tol, colSum, colVar);
  const rng = new Xoshiro256(<u64>seed);

  let bestInertia = 0.0;
  for (let run = 0; run < nInit; run++) {
    seedCenters(points, n, d, k, trials, rng, cur, closest, cum, cand, candPairs, pots, dist);
    for (let i: usize = 0; i < nn; i++) setI32(work, i, -1);

    let strict = false;
    let iterations = 0;
    for (let it = 1; it <= maxIter; it++) {
      iterations = it;
      pairCenters(cur, k, d, cp);
      const changes = assign(points, n, d, k, cp, dist, work, mind, counts);
      if (changes == 0) {
        strict = true;
        break;
      }
      relocateEmpty(n, k, work, mind, counts);
      const shift = updateCenters(points, n, d, k, work, counts, sums, cur);
      if (shift <= tolAbs) break;
    }
    if (!strict) {
      // Stopped by the tolerance or maxIter: make the labels those of the final centres.
      pairCenters(cur, k, d, cp);
      assign(points, n, d, k, cp, dist, work, mind, counts);
    }
    let inertia = 0.0;
    for (let i: usize = 0; i < nn; i++) inertia += f64At(mind, i);

    if (run == 0 || inertia < bestInertia) {
      bestInertia = inertia;
      memory.copy(labels, work, nn << 2);
      memory.copy(centers, cur, kd << 3);
      setF64(stats, 0, inertia);
      setF64(stats, 1, <f64>iterations);
    }
  }
}
