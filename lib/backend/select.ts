/**
 * Backend selection in Node: per-call `{ backend }` > EPIKIT_BACKEND=native|wasm|auto >
 * native if it loads > WebAssembly. Forcing a backend that cannot load is an error that
 * says what was tried; falling back under `auto` emits one process warning.
 */
import { EpikitError, describeValue } from '../errors.js';
import type { BackendChoice, BackendName, Kernels } from './kernels.js';
import { loadNative, type NativeLoad } from './native.js';
import { loadWasm, type WasmLoad } from './wasm.js';

const CHOICES: readonly BackendChoice[] = ['native', 'wasm', 'auto'];
export const FALLBACK_WARNING_CODE = 'EPIKIT_NATIVE_FALLBACK';

function parseChoice(value: unknown, source: string): BackendChoice {
  if (typeof value === 'string' && (CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new EpikitError('E_BACKEND_UNKNOWN', `${source} is ${describeValue(value)}: expected "native", "wasm" or "auto"`, { value });
}

/** The backend requested by the environment (EPIKIT_BACKEND), 'auto' if unset or empty. */
export function envChoice(): BackendChoice {
  const v = process.env.EPIKIT_BACKEND;
  return v === undefined || v === '' ? 'auto' : parseChoice(v, 'EPIKIT_BACKEND');
}

function platformLine(): string {
  return `platform ${process.platform}, arch ${process.arch}, Node ${process.version}`;
}

function nativeUnavailable(load: NativeLoad): EpikitError {
  const tried = load.tried.map((t) => `  - ${t.path}: ${t.error ?? 'ok'}`).join('\n');
  return new EpikitError(
    'E_BACKEND_UNAVAILABLE',
    `the native backend could not be loaded (${platformLine()}). Tried:\n${tried}\n` +
      'Fix: build it with `npm run build:native` (needs python3, make and a C++17 compiler), ' +
      'or use the WebAssembly backend with EPIKIT_BACKEND=wasm or { backend: "wasm" }.',
    { backend: 'native', tried: load.tried },
  );
}

function wasmUnavailable(load: WasmLoad): EpikitError {
  return new EpikitError(
    'E_BACKEND_UNAVAILABLE',
    `the WebAssembly backend could not be loaded (${platformLine()}). Tried ${load.path}: ${load.error}\n` +
      'Fix: build it with `npm run build:wasm`.',
    { backend: 'wasm', path: load.path },
  );
}

export interface BackendInfo {
  platform: string;
  arch: string;
  node: string;
  env: { EPIKIT_BACKEND: string | null; EPIKIT_WASM_SIMD: string | null };
  /** The backend a call without `{ backend }` uses, or null with `error` if none can serve. */
  selected: BackendName | null;
  reason: string;
  error?: string;
  native: { loaded: boolean; path: string | null; tried: { path: string; error?: string }[] };
  wasm: { loaded: boolean; path: string | null; simd: boolean; simdSupported: boolean; error: string | null };
  kernels: { name: string; backend: BackendName | null; native: boolean; wasm: boolean }[];
}

export interface Selector {
  resolveBackend(backend?: BackendChoice): BackendName;
  selectKernels(backend?: BackendChoice): Kernels;
  availableBackends(): BackendName[];
  backendInfo(): BackendInfo;
}

/** A selector over two loaders (injectable for tests); each loader runs at most once, lazily. */
export function createSelector(loaders: { native: () => NativeLoad; wasm: () => WasmLoad }): Selector {
  let nativeLoad: NativeLoad | undefined;
  let wasmLoad: WasmLoad | undefined;
  let warned = false;
  const native = () => (nativeLoad ??= loaders.native());
  const wasm = () => (wasmLoad ??= loaders.wasm());

  /** Resolve a choice to a loaded backend's name, loading lazily and warning once on fallback. */
  function resolveBackend(backend?: BackendChoice): BackendName {
    const choice = backend === undefined ? envChoice() : parseChoice(backend, 'backend');
    if (choice === 'native') {
      if (!native().kernels) throw nativeUnavailable(native());
      return 'native';
    }
    if (choice === 'wasm') {
      if (!wasm().kernels) throw wasmUnavailable(wasm());
      return 'wasm';
    }
    if (native().kernels) return 'native';
    if (!wasm().kernels) throw wasmUnavailable(wasm());
    if (!warned) {
      warned = true;
      const why = native().tried.map((t) => `${t.path}: ${t.error}`).join('; ');
      process.emitWarning(`epikit: native backend unavailable, using WebAssembly (${why})`, {
        code: FALLBACK_WARNING_CODE,
      });
    }
    return 'wasm';
  }

  /** The kernels of the backend chosen by `backend`, EPIKIT_BACKEND or auto-selection. */
  function selectKernels(backend?: BackendChoice): Kernels {
    return resolveBackend(backend) === 'native' ? native().kernels! : wasm().kernels!;
  }

  /** Backends that load on this machine, native first. */
  function availableBackends(): BackendName[] {
    const out: BackendName[] = [];
    if (native().kernels) out.push('native');
    if (wasm().kernels) out.push('wasm');
    return out;
  }

  /** Everything about backend loading, as data: what loaded, what did not and why. */
  function backendInfo(): BackendInfo {
    const n = native();
    const w = wasm();
    let selected: BackendName | null = null;
    let reason = '';
    let error: string | undefined;
    try {
      const choice = envChoice();
      selected = resolveBackend();
      reason =
        choice !== 'auto'
          ? `forced by EPIKIT_BACKEND=${choice}`
          : selected === 'native'
            ? 'auto: the native addon loaded'
            : 'auto: the native addon did not load, WebAssembly serves';
    } catch (e) {
      error = (e as Error).message;
      reason = 'no backend can serve with the current settings';
    }
    const names = new Set([...Object.keys(n.kernels ?? {}), ...Object.keys(w.kernels ?? {})]);
    const kernels = [...names].sort().map((name) => {
      const inNative = typeof (n.kernels as unknown as Record<string, unknown> | undefined)?.[name] === 'function';
      const inWasm = typeof (w.kernels as unknown as Record<string, unknown> | undefined)?.[name] === 'function';
      const backend = selected === 'native' && inNative ? 'native' : selected && inWasm ? 'wasm' : null;
      return { name, backend: backend as BackendName | null, native: inNative, wasm: inWasm };
    });
    return {
      platform: process.platform,
      arch: process.arch,
      node: process.version,
      env: { EPIKIT_BACKEND: process.env.EPIKIT_BACKEND ?? null, EPIKIT_WASM_SIMD: process.env.EPIKIT_WASM_SIMD ?? null },
      selected,
      reason,
      ...(error ? { error } : {}),
      native: { loaded: !!n.kernels, path: n.path ?? null, tried: n.tried },
      wasm: { loaded: !!w.kernels, path: w.path ?? null, simd: w.simd, simdSupported: w.simdSupported, error: w.error ?? null },
      kernels,
    };
  }

  return { resolveBackend, selectKernels, availableBackends, backendInfo };
}

const defaultSelector = createSelector({ native: () => loadNative(), wasm: () => loadWasm() });

/** Resolve a choice to a loaded backend's name, loading lazily and warning once on fallback. */
export const resolveBackend = defaultSelector.resolveBackend;
/** The kernels of the backend chosen by `backend`, EPIKIT_BACKEND or auto-selection. */
export const selectKernels = defaultSelector.selectKernels;
/** Backends that load on this machine, native first. */
export const availableBackends = defaultSelector.availableBackends;
/** Everything about backend loading, as data: what loaded, what did not and why. */
export const backendInfo = defaultSelector.backendInfo;
