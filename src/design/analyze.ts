import { blockDef } from '../blocks/registry.ts';
import {
  type Analysis,
  analyzeGraph,
  type Convention,
  CostError,
  DEFAULT_CONVENTION,
  GraphBuilder,
  type OpNode,
  shape,
} from '../core/index.ts';
import type { Design } from './schema.ts';

export interface BuiltGraph {
  input: ReturnType<typeof shape>;
  nodes: OpNode[];
  blocks: { id: string; kind: string; name: string }[];
}

export function blockLabel(b: { kind: string; name?: string }, index: number): string {
  return b.name ?? `${b.kind}${index + 1}`;
}

/** Expands every block of a validated design into primitive ops. Throws a CostError naming the block. */
export function buildGraph(design: Design): BuiltGraph {
  const input = shape(design.batch, design.input.h, design.input.w, design.input.c);
  const g = new GraphBuilder(input);
  let x = g.input;
  const blocks: BuiltGraph['blocks'] = [];
  design.blocks.forEach((b, i) => {
    const name = blockLabel(b, i);
    const def = blockDef(b.kind);
    if (!def) throw new CostError(`unknown block kind "${b.kind}"`, 'kind', b.kind, i, name);
    g.block = i;
    const before = g.nodes.length;
    const input = x;
    try {
      x = def.expand(g, x, b.params as never);
    } catch (e) {
      if (e instanceof CostError) {
        e.blockIndex = i;
        e.blockName = name;
      }
      throw e;
    }
    // Analysis reads a block's output as its last op: every expansion must end on its output.
    const expected = g.nodes.length > before ? g.nodes.length - 1 : input.id;
    if (x.id !== expected)
      throw new Error(`block kind "${b.kind}" must return the last op it adds as its output`);
    blocks.push({ id: b.id, kind: b.kind, name });
  });
  return { input, nodes: g.nodes, blocks };
}

/** Analysis of a validated design under a convention. Throws a CostError for impossible settings. */
export function analyzeDesign(design: Design, convention: Convention = DEFAULT_CONVENTION): Analysis {
  const built = buildGraph(design);
  return analyzeGraph(built.input, built.nodes, built.blocks, convention);
}

export type SafeAnalysis = { ok: true; analysis: Analysis } | { ok: false; error: CostError };

/** Like analyzeDesign, but returns the error instead of throwing (for the app). */
export function tryAnalyze(design: Design, convention: Convention = DEFAULT_CONVENTION): SafeAnalysis {
  try {
    return { ok: true, analysis: analyzeDesign(design, convention) };
  } catch (e) {
    if (e instanceof CostError) return { ok: false, error: e };
    return { ok: false, error: new CostError(e instanceof Error ? e.message : String(e)) };
  }
}
