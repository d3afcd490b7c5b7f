/**
 * Loads the C++ addon. Order: $EPIKIT_NATIVE_PATH, a prebuild for this platform and
 * architecture (prebuilds/<platform>-<arch>/*.node, made by `npm run prebuild`), then the
 * local build (build/Release/epikit.node, made by `npm install` / `npm run build:native`);
 * a prebuild older than the local build is skipped (a developer rebuilt since).
 * Every attempt and its error is kept for backendInfo() and error messages.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EpikitError } from '../errors.js';
import type { Kernels } from './kernels.js';

const ABI_VERSION = 1;

export interface LoadAttempt {
  path: string;
  error?: string;
}

export interface NativeLoad {
  kernels?: Kernels;
  path?: string;
  tried: LoadAttempt[];
}

/** Package root: lib/backend/ and dist/backend/ both sit two levels below it. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export function nativeCandidates(root = packageRoot): string[] {
  const out: string[] = [];
  if (process.env.EPIKIT_NATIVE_PATH) out.push(process.env.EPIKIT_NATIVE_PATH);
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (existsSync(dir)) {
    // N-API builds (tagged "napi", or untagged epikit.node) first: they fit any Node >= 20.
    const rank = (f: string) => (f === 'epikit.node' || f.includes('napi') ? 0 : 1);
    const files = readdirSync(dir).filter((f) => f.endsWith('.node')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const f of files) out.push(join(dir, f));
  } else {
    out.push(join(dir, 'epikit.node'));
  }
  out.push(join(root, 'build', 'Release', 'epikit.node'));
  return out;
}

export function loadNative(root = packageRoot): NativeLoad {
  const require = createRequire(import.meta.url);
  const tried: LoadAttempt[] = [];
  const localBuild = join(root, 'build', 'Release', 'epikit.node');
  for (const path of nativeCandidates(root)) {
    if (!existsSync(path)) {
      tried.push({ path, error: 'not found' });
      continue;
    }
    // A developer who rebuilt locally after making prebuilds gets the fresher local build.
    if (path.includes(`${sep}prebuilds${sep}`) && existsSync(localBuild) && statSync(localBuild).mtimeMs > statSync(path).mtimeMs) {
      tried.push({ path, error: 'skipped: build/Release/epikit.node is newer' });
      continue;
    }
    try {
      const addon = require(path) as Record<string, unknown>;
      if (addon.abiVersion !== ABI_VERSION) {
        tried.push({ path, error: `stale build: kernel ABI ${String(addon.abiVersion)}, expected ${ABI_VERSION}` });
        continue;
      }
      tried.push({ path });
      return { kernels: wrapErrors(addon), path, tried };
    } catch (e) {
      tried.push({ path, error: (e as Error).message.split('\n')[0] });
    }
  }
  return { tried };
}

/** Native errors carry an E_* code; surface them as EpikitError like the rest of the library. */
function wrapErrors(addon: Record<string, unknown>): Kernels {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(addon)) {
    if (typeof fn !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      try {
        return (fn as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('E_')) {
          throw new EpikitError(code as EpikitError['code'], `${name}: ${(e as Error).message}`);
        }
        throw e;
      }
    };
  }
  return out as unknown as Kernels;
}
