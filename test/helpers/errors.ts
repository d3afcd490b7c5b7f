import { expect } from 'vitest';
import { EpikitError } from '../../lib/errors.js';

/** Asserts that fn throws an EpikitError with this code and a message matching `message`. */
export function expectEpikitError(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(EpikitError);
  expect((caught as EpikitError).code).toBe(code);
  expect((caught as EpikitError).message).toMatch(message);
}
