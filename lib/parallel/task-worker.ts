/**
 * The code each pool worker thread runs (Piscina's handler). It registers the Node kernel
 * selector (so EPIKIT_BACKEND and `{ backend }` work as in the main thread; the addon and the
 * WebAssembly instance load once per thread, lazily), imports each task module once, and
 * answers every task with a plain, cloneable reply: never a throw, so EpikitError codes survive.
 * Node only.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { setKernelProvider } from '../backend/registry.js';
import { selectKernels } from '../backend/select.js';
import { unwrapResult } from './move-result.js';
import { describeFailure, type TaskFailure } from './task-errors.js';
import { taskFunctionOf, type TaskFunction } from './task-options.js';

setKernelProvider(selectKernels);

/** What the pool posts for one task. */
export interface TaskMessage<T> {
  moduleUrl: string;
  index: number;
  task: T;
}

/** What a worker answers. */
export type TaskReply<R> = { ok: true; value: R } | { ok: false; failure: TaskFailure };

const modules = new Map<string, Promise<TaskFunction<unknown, unknown>>>();

function taskFunction(href: string): Promise<TaskFunction<unknown, unknown>> {
  let fn = modules.get(href);
  if (!fn) {
    fn = import(href).then((m) => taskFunctionOf(m, href));
    modules.set(href, fn);
  }
  return fn;
}

export default async function runTaskInWorker(message: TaskMessage<unknown>): Promise<unknown> {
  try {
    const run = await taskFunction(message.moduleUrl);
    const { value, buffers } = unwrapResult(await run(message.task));
    const reply: TaskReply<unknown> = { ok: true, value };
    if (buffers.length === 0) return reply;
    return move({ [transferableSymbol]: buffers, [valueSymbol]: reply } as never);
  } catch (error) {
    const reply: TaskReply<unknown> = { ok: false, failure: describeFailure(error) };
    return reply;
  }
}
