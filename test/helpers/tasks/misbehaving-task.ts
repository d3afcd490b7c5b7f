// Tasks that fail in every way the pool must report: EpikitError, plain errors, non-errors,
// a worker that exits, and slow tasks to abort.
import { EpikitError } from '../../../lib/errors.js';

export type MisbehavingTask =
  | { kind: 'ok'; value: number }
  | { kind: 'epikit'; code: 'E_INPUT_RANGE' | 'E_DATA_FORMAT'; message: string; details: Record<string, unknown> }
  | { kind: 'plain'; message: string }
  | { kind: 'string' }
  | { kind: 'exit' }
  | { kind: 'sleep'; ms: number; value: number }
  | { kind: 'spin'; ms: number; value: number }
  | { kind: 'mark'; ms: number; marks: Int32Array; index: number };

export default async function misbehavingTask(task: MisbehavingTask): Promise<number> {
  switch (task.kind) {
    case 'ok':
      return task.value;
    case 'epikit':
      throw new EpikitError(task.code, task.message, task.details);
    case 'plain':
      throw new RangeError(task.message);
    case 'string':
      throw 'not an error object';
    case 'exit':
      process.exit(3); // in a worker thread this ends the thread only
      return 0;
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, task.ms));
      return task.value;
    case 'spin': {
      const end = Date.now() + task.ms;
      while (Date.now() < end); // CPU-bound, never yields
      return task.value;
    }
    case 'mark':
      // Sleep, then record in shared memory that this task ran to the end.
      await new Promise((resolve) => setTimeout(resolve, task.ms));
      Atomics.store(task.marks, task.index, 1);
      return task.index;
  }
}
