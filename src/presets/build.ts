import { DESIGN_VERSION, type Design, parseDesign } from '../design/schema.ts';

export type RawBlock = {
  /** Needed only where another block names this one in its inputs; otherwise `<kind>-<position>`. */
  id?: string;
  kind: string;
  name?: string;
  inputs?: string[];
  params: Record<string, unknown>;
};

/** Builds a preset design through the same parser every design goes through. */
export function design(
  name: string,
  input: { h: number; w: number; c: number },
  blocks: RawBlock[],
  outputs?: string[],
): Design {
  return parseDesign({
    version: DESIGN_VERSION,
    name,
    input,
    batch: 1,
    blocks,
    ...(outputs ? { outputs } : {}),
  });
}

export const conv = (
  filters: number,
  kernel = 3,
  stride = 1,
  extra: Record<string, unknown> = {},
  name?: string,
): RawBlock => ({
  kind: 'conv',
  ...(name ? { name } : {}),
  params: { filters, kernel, stride, ...extra },
});
