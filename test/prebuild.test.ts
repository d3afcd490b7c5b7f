// `npm run prebuild` (prebuildify --napi --strip) puts the addon in prebuilds/<platform>-<arch>/;
// the loader must prefer it. .ci/run makes the prebuild, then sets EPIKIT_EXPECT_PREBUILD=1.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../lib/backend/native.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
const hasPrebuild = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.node'));

describe('prebuilt addon', () => {
  it('exists when CI says it made one', () => {
    expect(hasPrebuild || process.env.EPIKIT_EXPECT_PREBUILD !== '1').toBe(true);
  });

  it.runIf(hasPrebuild)('is what the loader picks, and its kernels run', () => {
    const load = loadNative();
    expect(load.path?.startsWith(dir)).toBe(true);
    const out = new Float64Array(2);
    load.kernels!.randomUniform(42, 0, out);
    expect(Array.from(out)).toEqual([0.08386297105988216, 0.3789802506626686]);
  });
});
