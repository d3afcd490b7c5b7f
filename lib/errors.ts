/**
 * Every error epikit throws on purpose is an EpikitError with a stable `code`.
 * Messages name the argument, the value received and what was expected.
 */
export type EpikitErrorCode =
  | 'E_INPUT_EMPTY'
  | 'E_INPUT_NAN'
  | 'E_INPUT_SHAPE'
  | 'E_INPUT_RANGE'
  | 'E_INPUT_TYPE'
  | 'E_DATA_FORMAT'
  | 'E_BACKEND_UNAVAILABLE'
  | 'E_BACKEND_UNKNOWN'
  | 'E_KERNEL'
  /** Work cancelled through an AbortSignal. */
  | 'E_ABORTED'
  /** A worker thread failed for a reason other than an EpikitError (crash, out of memory). */
  | 'E_WORKER';

export class EpikitError extends Error {
  readonly code: EpikitErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: EpikitErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'EpikitError';
    this.code = code;
    this.details = details;
  }
}

/** Short, readable rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return String(value);
}
