/**
 * hawkesEStep on WebAssembly, streamed through linear memory by blocks of counties.
 *
 * The E-step's arrays are large (2,824 counties × 297 days: 6.7 MB each, five of them) and every
 * county is independent but for two running sums. Copying whole arrays in and out, as the generic
 * WasmInstance.call does, moves 34 MB through main memory per call and then runs the kernel on
 * data that has left the cache. Here each block of about `blockEntries` counts is copied in,
 * checked, computed and copied out while it is still in cache; the running sums — F(d) and the
 * log-likelihood — carry from block to block in county order, so the result is bit for bit the
 * single call over all counties (and native hawkesEStep).
 *
 * Input checks are those of native/bind_hawkes.cc, in its order (counts, r, mu, w). counts and r
 * are checked block by block in linear memory (assembly/kernels/first-invalid.ts); when a block
 * fails, the whole input is re-checked in JavaScript to name the first bad entry exactly as the
 * native glue does. The outputs of the blocks before the failing one have then been written.
 */
import { EpikitError } from '../../errors.js';
import { finiteEntries } from './argument-checks.js';
import type { WasmInstance } from './instance.js';

/** Counts per block: the block's five arrays (≈ 5 × 256 KB) stay in cache through copy, kernel and copy back. */
export const E_STEP_BLOCK_ENTRIES = 32768;

export interface EStepArrays {
  counts: Float64Array;
  r: Float64Array;
  mu: Float64Array;
  w: Float64Array;
  lambda: Float64Array;
  q: Float64Array;
  background: Float64Array;
  freq: Float64Array;
}

/** E-step over blocks of counties; arguments already checked for type and shape. Returns the log-likelihood. */
export function eStepByBlocks(
  wasm: WasmInstance,
  a: EStepArrays,
  c: number,
  t: number,
  l: number,
  psi: number,
  blockEntries = E_STEP_BLOCK_ENTRIES,
): number {
  const checkAll = (): never => {
    finiteEntries('counts', a.counts, true);
    finiteEntries('r', a.r, true);
    finiteEntries('mu', a.mu, true);
    finiteEntries('w', a.w, true);
    throw new EpikitError('E_KERNEL', 'hawkesEStep: the WebAssembly input check and the JavaScript one disagree');
  };
  const kernel = wasm.kernel('hawkesEStep');
  const firstInvalid = wasm.kernel('firstInvalid');
  const { alloc, reset } = wasm.exports;
  const countiesPerBlock = Math.max(1, Math.min(c, Math.floor(blockEntries / t)));
  const m = countiesPerBlock * t;
  try {
    const pCounts = alloc(m * 8);
    const pR = alloc(m * 8);
    const pLambda = alloc(m * 8);
    const pQ = alloc(m * 8);
    const pBackground = alloc(m * 8);
    const pMu = alloc(Math.max(c, 1) * 8);
    const pW = alloc(l * 8);
    // F(d) over the lags plus the lanes the kernel computes past L on zero padding (it needs L + 32)
    const pF = alloc((l + 32) * 8);
    wasm.f64View(pMu, c).set(a.mu);
    wasm.f64View(pW, l).set(a.w);
    wasm.f64View(pF, l + 32).fill(0);
    if (firstInvalid(pMu, c, 1) >= 0 || firstInvalid(pW, l, 1) >= 0) checkAll();
    let loglik = 0;
    for (let c0 = 0; c0 < c; c0 += countiesPerBlock) {
      const k = Math.min(countiesPerBlock, c - c0);
      const from = c0 * t;
      const to = from + k * t;
      wasm.f64View(pCounts, k * t).set(a.counts.subarray(from, to));
      wasm.f64View(pR, k * t).set(a.r.subarray(from, to));
      if (firstInvalid(pCounts, k * t, 1) >= 0 || firstInvalid(pR, k * t, 1) >= 0) checkAll();
      loglik = kernel(pCounts, pR, pMu + c0 * 8, pW, k, t, l, psi, pLambda, pQ, pBackground, pF, loglik);
      // fresh views: the kernel's scratch may have grown memory
      a.lambda.set(wasm.f64View(pLambda, k * t), from);
      a.q.set(wasm.f64View(pQ, k * t), from);
      a.background.set(wasm.f64View(pBackground, k * t), from);
    }
    const F = wasm.f64View(pF, l);
    for (let d = 0; d < l; d++) a.freq[d] = a.w[d] * F[d];
    return loglik;
  } finally {
    reset();
  }
}
