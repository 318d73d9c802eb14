/**
 * The one error type the cost model raises for impossible settings. It names the block, the field
 * and the value so the UI can show it on the field and the CLI can print one clear line.
 */
export class CostError extends Error {
  override readonly name = 'CostError';
  constructor(
    message: string,
    readonly field?: string,
    readonly value?: unknown,
    public blockIndex?: number,
    public blockName?: string,
  ) {
    super(message);
  }

  /** "block 7 (conv3): channels 30 not divisible by P = 4" */
  describe(): string {
    const where =
      this.blockIndex === undefined
        ? ''
        : `block ${this.blockIndex + 1}${this.blockName ? ` (${this.blockName})` : ''}: `;
    return `${where}${this.message}`;
  }
}

export function fail(message: string, field?: string, value?: unknown): never {
  throw new CostError(message, field, value);
}

export function requirePositiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0)
    fail(`${field} must be a positive integer, got ${value}`, field, value);
  return value;
}

export function requireDivisible(
  value: number,
  by: number,
  what: string,
  byWhat: string,
  field: string,
): void {
  if (value % by !== 0) fail(`${what} ${value} not divisible by ${byWhat} = ${by}`, field, value);
}
