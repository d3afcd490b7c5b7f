/** Progress of a long command on stderr. Node only. */
import { SingleBar, Presets } from 'cli-progress';

/** Progress on stderr: a line per stage, and a bar for counted work (a line per tenth when stderr is not a terminal). */
export function stageReporter(command: string, enabled: boolean) {
  const started = Date.now();
  let bar: SingleBar | undefined;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  return {
    stage(text: string) {
      if (enabled) process.stderr.write(`epikit ${command}: ${text} (${elapsed()})\n`);
    },
    bar(label: string, total: number) {
      if (!enabled) return (_done: number) => undefined;
      if (!process.stderr.isTTY) {
        let last = 0;
        return (done: number) => {
          // a line at each tenth
          if (done === total || Math.floor((10 * done) / total) > Math.floor((10 * last) / total)) process.stderr.write(`epikit ${command}: ${label} ${done}/${total} (${elapsed()})\n`);
          last = done;
        };
      }
      bar = new SingleBar({ format: `epikit ${command} {bar} {percentage}% | {value}/{total} ${label}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
      bar.start(total, 0);
      return (done: number) => {
        bar!.update(done);
        if (done === total) {
          bar!.stop();
          bar = undefined;
        }
      };
    },
    stop() {
      bar?.stop();
    },
  };
}
