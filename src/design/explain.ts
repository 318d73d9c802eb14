import { blockDef } from '../blocks/registry.ts';
import type { Analysis, Explanation } from '../core/index.ts';
import type { Design } from './schema.ts';

/** The teaching explanation of block `index` of an analysed design. */
export function explainBlock(design: Design, analysis: Analysis, index: number): Explanation | undefined {
  const b = design.blocks[index];
  const row = analysis.blocks[index];
  const def = b && blockDef(b.kind);
  if (!def || !row) return undefined;
  return def.explain(b.params as never, {
    input: row.in,
    inputs: row.ins,
    output: row.out,
    macs: row.sums.convMacs,
    params: row.sums.params,
    latencyDepth: row.latencyDepth,
  });
}
