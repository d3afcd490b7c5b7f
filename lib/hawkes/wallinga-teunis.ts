/**
 * Wallinga–Teunis reproduction numbers (Wallinga & Teunis 2004, Am. J. Epidemiol. 160:509–516):
 * the expected number of cases infected by one case of day j, when every case of day i was
 * infected by an earlier case, chosen with probability proportional to w(i − j):
 *   R_WT(j) = Σ_{i>j} w(i − j) n(i) / Σ_{k<i} w(i − k) n(k).
 * It is one E-step of the Hawkes EM with R ≡ 1 and μ = 0 (the paper's supplement S2), so it runs
 * on the `hawkesEStep` kernel. Cases with no earlier case within the kernel's support have no
 * infector and count for nobody. The last days' R_WT are biased down (their offspring are not
 * observed yet).
 */
import type { BackendOption } from '../backend/kernels.js';
import { kernelsFor } from '../backend/registry.js';
import { EpikitError } from '../errors.js';
import { finiteVector, integerIn } from '../validate.js';

/**
 * R_WT(j) for every county (C × T row-major counts) with the serial-interval weights w (lag 1..L,
 * e.g. a fit's `w`). O(C·T·L).
 * @example
 * wallingaTeunis([1, 2, 4], 1, 3, [1]); // [2, 2, 0]: each case infects the next day's cases
 * @throws EpikitError E_INPUT_* for negative or non-integer-shaped counts, bad sizes or weights.
 */
export function wallingaTeunis(counts: ArrayLike<number>, C: number, T: number, w: ArrayLike<number>, options: BackendOption = {}): Float64Array {
  integerIn('C', C, 1, 2147483647);
  integerIn('T', T, 1, 2147483647);
  const n = finiteVector('counts', counts);
  if (n.length !== C * T) throw new EpikitError('E_INPUT_SHAPE', `counts has length ${n.length}: expected C × T = ${C * T}`, { argument: 'counts' });
  const wk = finiteVector('w', w);
  for (let i = 0; i < n.length; i++) if (n[i] < 0) throw new EpikitError('E_INPUT_RANGE', `counts[${i}] is ${n[i]}: expected a count ≥ 0`, { argument: 'counts', index: i });
  for (let d = 0; d < wk.length; d++) if (wk[d] < 0) throw new EpikitError('E_INPUT_RANGE', `w[${d}] is ${wk[d]}: expected a weight ≥ 0`, { argument: 'w', index: d });
  const L = Math.min(wk.length, T);
  const q = new Float64Array(C * T);
  if (T < 2) return q;
  kernelsFor(options.backend).hawkesEStep(n, new Float64Array(C * T).fill(1), new Float64Array(C), wk.subarray(0, L), C, T, L, 0, new Float64Array(C * T), q, new Float64Array(C * T), new Float64Array(L));
  return q;
}
