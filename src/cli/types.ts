/** Thrown for bad input: the CLI prints the message alone and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Command {
  name: string;
  /** One line for `convcost help`. */
  summary: string;
  usage: string;
  /** Returns the exit code. Throw UsageError (or a CostError) for bad input. */
  run(args: string[], io: Io): Promise<number> | number;
}
