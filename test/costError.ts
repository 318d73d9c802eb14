import { expect } from 'vitest';
import { CostError } from '../src/core/index.ts';

/** Runs `f` and returns the CostError it throws (fails the test if it throws nothing or something else). */
export function costError(f: () => unknown): CostError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CostError);
    return e as CostError;
  }
  throw new Error('expected a CostError');
}
