import { afterEach, describe, expect, it, vi } from 'vitest';
import { EpikitError, backendInfo, randomUniform } from '../lib/index.js';
import { createSelector, FALLBACK_WARNING_CODE } from '../lib/backend/select.js';
import { loadWasm } from '../lib/backend/wasm.js';
import { loadNative } from '../lib/backend/native.js';
import type { NativeLoad } from '../lib/backend/native.js';
import { backendsUnderTest } from './helpers/backends.js';

const savedEnv = process.env.EPIKIT_BACKEND;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.EPIKIT_BACKEND;
  else process.env.EPIKIT_BACKEND = savedEnv;
  vi.restoreAllMocks();
});

const missingNative = (): NativeLoad => ({
  tried: [
    { path: '/nowhere/prebuilds/linux-x64/epikit.node', error: 'not found' },
    { path: '/nowhere/build/Release/epikit.node', error: 'not found' },
  ],
});

describe('backend selection', () => {
  it('every kernel of the interface is served by both backends', () => {
    const info = backendInfo();
    expect(info.wasm.loaded).toBe(true);
    if (process.env.CI) expect(info.native.loaded).toBe(true);
    for (const k of info.kernels) {
      expect(k.wasm, `${k.name} in wasm`).toBe(true);
      if (info.native.loaded) expect(k.native, `${k.name} in native`).toBe(true);
    }
    expect(info.kernels.map((k) => k.name)).toContain('randomUniform');
  });

  it('an unknown EPIKIT_BACKEND value is an error naming the value', () => {
    process.env.EPIKIT_BACKEND = 'gpu';
    let err: unknown;
    try {
      randomUniform(2);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EpikitError);
    expect((err as EpikitError).code).toBe('E_BACKEND_UNKNOWN');
    expect((err as EpikitError).message).toMatch(/EPIKIT_BACKEND is "gpu"/);
  });

  it('an unknown per-call backend is an error', () => {
    expect(() => randomUniform(2, { backend: 'cuda' as never })).toThrow(/backend is "cuda"/);
  });

  it('the per-call option wins over EPIKIT_BACKEND', () => {
    process.env.EPIKIT_BACKEND = 'native';
    const sel = createSelector({ native: missingNative, wasm: () => loadWasm() });
    expect(sel.resolveBackend('wasm')).toBe('wasm');
    expect(() => sel.resolveBackend()).toThrow(EpikitError);
  });

  it('forcing native where it cannot load names platform, arch, Node, what was tried and the fix', () => {
    const sel = createSelector({ native: missingNative, wasm: () => loadWasm() });
    let err: EpikitError | undefined;
    try {
      sel.resolveBackend('native');
    } catch (e) {
      err = e as EpikitError;
    }
    expect(err?.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(err?.message).toContain(`platform ${process.platform}`);
    expect(err?.message).toContain(`arch ${process.arch}`);
    expect(err?.message).toContain(`Node ${process.version}`);
    expect(err?.message).toContain('/nowhere/build/Release/epikit.node: not found');
    expect(err?.message).toMatch(/npm run build:native/);
  });

  it('auto falls back to wasm with exactly one coded process warning', () => {
    delete process.env.EPIKIT_BACKEND; // CI runs this file with a forced backend too
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const sel = createSelector({ native: missingNative, wasm: () => loadWasm() });
    expect(sel.resolveBackend('auto')).toBe('wasm');
    expect(sel.resolveBackend('auto')).toBe('wasm');
    expect(sel.selectKernels()).toBeDefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]).toEqual({ code: FALLBACK_WARNING_CODE });
    const info = sel.backendInfo();
    expect(info.selected).toBe('wasm');
    expect(info.native.loaded).toBe(false);
    expect(info.reason).toMatch(/did not load/);
  });

  it('forcing wasm where it cannot load is an error naming the file', () => {
    const sel = createSelector({ native: () => loadNative(), wasm: () => loadWasm('/nowhere') });
    expect(() => sel.resolveBackend('wasm')).toThrow(/\/nowhere\/wasm\/epikit.*\.wasm.*npm run build:wasm/s);
  });

  it('backendInfo reports the failure instead of throwing when nothing can serve', () => {
    delete process.env.EPIKIT_BACKEND;
    const sel = createSelector({ native: missingNative, wasm: () => loadWasm('/nowhere') });
    const info = sel.backendInfo();
    expect(info.selected).toBeNull();
    expect(info.error).toMatch(/WebAssembly backend could not be loaded/);
  });

  it.each(backendsUnderTest())('the forced backend %s is the one that serves', (backend) => {
    const sel = createSelector({ native: () => loadNative(), wasm: () => loadWasm() });
    expect(sel.resolveBackend(backend)).toBe(backend);
  });
});
