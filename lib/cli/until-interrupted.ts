/** Long commands cancel on Ctrl-C: the signal they pass down (worker pools) aborts on SIGINT. */

/**
 * Runs `work` with an AbortSignal that aborts on the first SIGINT while it runs.
 * @example await untilInterrupted((signal) => runForecast(opts, signal));
 */
export async function untilInterrupted<R>(work: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
