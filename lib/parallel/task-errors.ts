/**
 * Errors across the thread boundary. Structured clone keeps an Error's message but not its
 * class or own fields, so a failed task travels as a plain `TaskFailure` record and the
 * caller rebuilds it: an EpikitError keeps its code, message and details; anything else
 * becomes E_WORKER naming the task index and the original message. Browser-safe.
 */
import { EpikitError, type EpikitErrorCode } from '../errors.js';

/** A task's error as plain, cloneable data. */
export interface TaskFailure {
  /** True when the task threw an EpikitError (recognised by name and code, across module copies). */
  epikit: boolean;
  code?: string;
  name: string;
  message: string;
  details?: Record<string, unknown>;
  stack?: string;
}

function isEpikitError(e: unknown): e is EpikitError {
  return (
    e instanceof EpikitError ||
    (!!e && typeof e === 'object' && (e as Error).name === 'EpikitError' && typeof (e as EpikitError).code === 'string')
  );
}

/** Details that survive structured clone: as they are, else as JSON, else dropped. */
function cloneableDetails(details: unknown): Record<string, unknown> {
  if (!details || typeof details !== 'object') return {};
  try {
    return structuredClone(details) as Record<string, unknown>;
  } catch {
    try {
      return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
}

/** Describe anything a task threw as cloneable data. */
export function describeFailure(error: unknown): TaskFailure {
  if (isEpikitError(error)) {
    return { epikit: true, code: error.code, name: 'EpikitError', message: error.message, details: cloneableDetails(error.details), stack: error.stack };
  }
  if (error instanceof Error || (!!error && typeof error === 'object' && typeof (error as Error).message === 'string')) {
    const e = error as Error;
    return { epikit: false, name: e.name ?? 'Error', message: e.message, stack: e.stack };
  }
  return { epikit: false, name: typeof error, message: String(error) };
}

/**
 * The error the caller sees for task `index`: the EpikitError rebuilt (same code, message and
 * details; the worker's stack appended to the caller's), or E_WORKER for anything else.
 */
export function failureToError(failure: TaskFailure, index: number): EpikitError {
  const error = failure.epikit
    ? new EpikitError(failure.code as EpikitErrorCode, failure.message, failure.details ?? {})
    : taskFailedError(index, `${failure.name}: ${failure.message}`, { name: failure.name, message: failure.message });
  if (failure.stack) error.stack = `${error.stack}\n    --- task ${index}, thrown at ---\n${failure.stack}`;
  return error;
}

/** E_WORKER for task `index`, with the reason in the message. */
export function taskFailedError(index: number, reason: string, extra: Record<string, unknown> = {}): EpikitError {
  return new EpikitError('E_WORKER', `task ${index} failed: ${reason}`, { task: index, ...extra });
}

/** E_ABORTED, carrying the signal's reason when it is not the default AbortError. */
export function abortedError(signal?: AbortSignal): EpikitError {
  const reason = signal?.reason;
  const why = reason instanceof Error ? (reason.name === 'AbortError' ? '' : `: ${reason.message}`) : reason === undefined ? '' : `: ${String(reason)}`;
  return new EpikitError('E_ABORTED', `the tasks were aborted${why}`, reason === undefined || reason instanceof Error ? {} : { reason: String(reason) });
}
