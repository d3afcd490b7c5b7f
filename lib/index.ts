/** epikit for Node: kernels from the native addon when it loads, WebAssembly otherwise. */
import { setKernelProvider } from './backend/registry.js';
import { selectKernels } from './backend/select.js';

setKernelProvider(selectKernels);

export * from './api.js';
export { backendInfo, availableBackends, resolveBackend, type BackendInfo } from './backend/select.js';
