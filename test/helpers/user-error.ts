import { UserError } from '../../src/errors.js';

/** Runs `fn`, expecting a UserError; returns its one-line form (message, location and hint). */
export function userErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error.format();
    throw error;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}
