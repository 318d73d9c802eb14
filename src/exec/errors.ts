/** Errors of the execution path (no TensorFlow.js import, so callers can catch them cheaply). */

/** An op could not be built or run (e.g. an op kind without a TensorFlow.js builder). */
export class ExecError extends Error {
  override readonly name = 'ExecError';
}

/** The run was cancelled. */
export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
}

/** The design cannot be run here (too large for the wasm heap or too slow to time). */
export class RunRefused extends Error {
  override readonly name = 'RunRefused';
}
