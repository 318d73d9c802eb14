import { ImportError } from './errors.ts';

/** "1x3x224x224" -> [1, 3, 224, 224]; an ImportError naming what is wrong otherwise. */
export function parseInputShape(text: string): number[] {
  const parts = text.trim().split(/[x×, ]+/i);
  const dims = parts.map(Number);
  if (!text.trim() || dims.some((d) => !Number.isInteger(d) || d < 1 || d > 1 << 20))
    throw new ImportError(
      `the input shape must be sizes joined by "x", such as 1x3x224x224 (got ${JSON.stringify(text.slice(0, 40))})`,
    );
  if (dims.length > 8) throw new ImportError(`the input shape has ${dims.length} dimensions; at most 8`);
  return dims;
}
