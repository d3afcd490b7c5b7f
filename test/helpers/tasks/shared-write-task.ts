// Writes into a shared output buffer: if the caller sees the writes, the typed arrays crossed
// to the worker without a copy.
import { threadId } from 'node:worker_threads';

export interface SharedWriteTask {
  input: Float64Array; // shared, read-only
  output: Float64Array; // shared, row `row` written by this task
  row: number;
  cols: number;
}

export default function sharedWriteTask(task: SharedWriteTask): { threadId: number; shared: boolean } {
  const { input, output, row, cols } = task;
  for (let j = 0; j < cols; j++) output[row * cols + j] = 2 * input[row * cols + j];
  return { threadId, shared: input.buffer instanceof SharedArrayBuffer && output.buffer instanceof SharedArrayBuffer };
}
