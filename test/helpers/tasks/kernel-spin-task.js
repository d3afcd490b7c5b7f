// CPU-bound work through a real kernel, for the event-loop lag measurement: fill a million
// uniforms again and again (native or wasm) for `ms` milliseconds. Runs against dist/.
import { randomUniform } from '../../../dist/random/random-uniform.js';

export default function kernelSpin({ ms, seed, backend }) {
  const end = performance.now() + ms;
  let calls = 0;
  let checksum = 0;
  while (performance.now() < end) {
    const u = randomUniform(1_000_000, { seed: seed + calls, backend });
    checksum += u[0];
    calls++;
  }
  return { calls, checksum };
}
