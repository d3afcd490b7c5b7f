/**
 * Where facades get their kernels. The Node entry (lib/index.ts) registers the selector
 * that can load native code; the browser entry registers a WebAssembly-only provider.
 * Facade modules import only this file, so they never pull native code into a bundle.
 */
import { EpikitError } from '../errors.js';
import type { BackendChoice, Kernels } from './kernels.js';

export type KernelProvider = (backend?: BackendChoice) => Kernels;

let provider: KernelProvider | undefined;

export function setKernelProvider(p: KernelProvider): void {
  provider = p;
}

export function kernelsFor(backend?: BackendChoice): Kernels {
  if (!provider) {
    throw new EpikitError(
      'E_BACKEND_UNAVAILABLE',
      "no kernel backend is registered: import from 'epikit' (Node) or await init() from 'epikit/browser' first",
    );
  }
  return provider(backend);
}
