/**
 * How long the calling thread's event loop was held up while some work ran: the evidence that
 * long work belongs in worker threads (DESIGN.md, "Long work never blocks the event loop").
 * Node only (perf_hooks.monitorEventLoopDelay).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopLag {
  /** Wall time of the measured work, ms. */
  durationMs: number;
  /**
   * Event-loop delay, ms: how late the sampling timer fired beyond its interval (the raw
   * monitorEventLoopDelay samples minus the resolution) — mean, median, 99th percentile, worst.
   */
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Delay samples recorded (one per loop turn that the sampling timer got). */
  samples: number;
}

/**
 * Run `work` and report the event-loop delay of this thread meanwhile. A loop free to turn
 * shows delays near 0; a loop blocked by synchronous work shows delays as long as the blocks.
 * O(duration / resolution) samples.
 *
 * @example
 * const { lag } = await measureEventLoopLag(() => runTasks(url, tasks, { concurrency: 2 }));
 * console.log(`max event-loop delay ${lag.maxMs.toFixed(1)} ms over ${lag.durationMs.toFixed(0)} ms`);
 * @throws whatever `work` throws (the monitor is stopped first).
 */
export async function measureEventLoopLag<R>(work: () => R | Promise<R>, options: { resolutionMs?: number } = {}): Promise<{ result: R; lag: EventLoopLag }> {
  const histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 10 });
  const turn = () => new Promise((resolve) => setTimeout(resolve, (options.resolutionMs ?? 10) * 2));
  histogram.enable();
  try {
    await turn(); // the sampling timer must have fired once before delays are recorded
    const start = performance.now();
    const result = await work();
    const durationMs = performance.now() - start;
    await turn(); // one more turn records a delay caused by synchronous work at the very end
    histogram.disable();
    const resolutionNs = (options.resolutionMs ?? 10) * 1e6;
    const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns - resolutionNs) / 1e6 : 0);
    const samples = histogram.count;
    return {
      result,
      lag: {
        durationMs,
        meanMs: samples ? ms(histogram.mean) : 0,
        p50Ms: samples ? ms(histogram.percentile(50)) : 0,
        p99Ms: samples ? ms(histogram.percentile(99)) : 0,
        maxMs: samples ? ms(histogram.max) : 0,
        samples,
      },
    };
  } finally {
    histogram.disable();
  }
}
