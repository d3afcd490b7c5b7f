import { EpikitError } from '../../errors.js';
import type { HclustKernels } from '../kernels/hclust.js';
import { input, output, type WasmInstance } from './instance.js';

export function hclustWasm(w: WasmInstance): HclustKernels {
  return {
    hclust(condensed, n, method, out) {
      if (!Number.isInteger(n) || n < 1 || n > 2 ** 16) {
        throw new EpikitError('E_INPUT_RANGE', `hclust: n is ${String(n)}: expected an integer in [1, 65536]`, { argument: 'n', value: n });
      }
      if (!Number.isInteger(method) || method < 0 || method > 4) {
        throw new EpikitError('E_INPUT_RANGE', `hclust: method is ${String(method)}: expected an integer in [0, 4]`, { argument: 'method', value: method });
      }
      const pairs = (n * (n - 1)) / 2;
      if (condensed.length !== pairs) {
        throw new EpikitError('E_INPUT_SHAPE', `hclust: condensed has length ${condensed.length}: expected ${pairs}`, { argument: 'condensed' });
      }
      if (out.length !== (n - 1) * 4) {
        throw new EpikitError('E_INPUT_SHAPE', `hclust: out has length ${out.length}: expected ${(n - 1) * 4}`, { argument: 'out' });
      }
      if (n < 2) return;
      // The kernel uses its copy of `condensed` in linear memory as scratch (input only: the
      // caller's array is not modified).
      const status = w.call('hclust', [input(condensed), n, method, output(out)]);
      if (status > 0) {
        const index = status - 1;
        const v = condensed[index];
        throw new EpikitError(Number.isFinite(v) ? 'E_INPUT_RANGE' : 'E_INPUT_NAN', `hclust: condensed[${index}] is ${String(v)}: distances must be finite and >= 0`, {
          argument: 'condensed',
          index,
          value: v,
        });
      }
      if (status < 0) {
        throw new EpikitError('E_KERNEL', 'hclust: the nearest-neighbour chain did not converge (overflow or NaN in the linkage update)');
      }
    },
  };
}
