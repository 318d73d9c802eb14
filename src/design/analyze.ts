import { blockDef } from '../blocks/registry.ts';
import {
  type Analysis,
  analyzeGraph,
  type BlockMeta,
  type Convention,
  CostError,
  DEFAULT_CONVENTION,
  GraphBuilder,
  type OpNode,
  type Shape,
  shape,
  type TensorRef,
} from '../core/index.ts';
import { blockLabel, type Design, INPUT_ID, inputsOf, outputsOf } from './schema.ts';

export { blockLabel } from './schema.ts';

export interface BuiltGraph {
  input: Shape;
  nodes: OpNode[];
  blocks: BlockMeta[];
  /** Node ids of the design's outputs (-1 = the input itself), and the ids of those blocks. */
  outputs: number[];
  outputIds: string[];
}

/** The expansion of one block on given input tensors, with the CostError (if any) naming the block. */
export function expandBlock(
  g: GraphBuilder,
  design: Design,
  index: number,
  inputs: readonly TensorRef[],
): TensorRef {
  const b = design.blocks[index];
  const name = blockLabel(b, index);
  const def = blockDef(b.kind);
  if (!def) throw new CostError(`unknown block kind "${b.kind}"`, 'kind', b.kind, index, name);
  g.block = index;
  const before = g.nodes.length;
  let out: TensorRef;
  try {
    out = def.expand(g, inputs[0], b.params as never, inputs.slice(1));
  } catch (e) {
    if (e instanceof CostError) {
      e.blockIndex = index;
      e.blockName = name;
    }
    throw e;
  }
  // Analysis reads a block's output as its last op: every expansion must end on its output.
  const expected = g.nodes.length > before ? g.nodes.length - 1 : inputs[0].id;
  if (out.id !== expected)
    throw new Error(`block kind "${b.kind}" must return the last op it adds as its output`);
  return out;
}

/**
 * Expands every block of a validated design into primitive ops, wiring each block to the outputs
 * of the blocks it names (parseDesign has checked that they come earlier, so the block order is
 * an execution order). Throws a CostError naming the block. `observe` sees the builder before the
 * first block (the exporters listen to its conv-kind sites).
 */
export function buildGraph(design: Design, observe?: (g: GraphBuilder) => void): BuiltGraph {
  const input = shape(design.batch, design.input.h, design.input.w, design.input.c);
  const g = new GraphBuilder(input);
  observe?.(g);
  const tensorOf = new Map<string, TensorRef>([[INPUT_ID, g.input]]);
  const blocks: BlockMeta[] = [];
  design.blocks.forEach((b, i) => {
    const ids = inputsOf(design, i);
    const inputs = ids.map((id) => {
      const t = tensorOf.get(id);
      // parseDesign rejects such designs; a hand-built Design object can still get here.
      if (!t)
        throw new CostError(`inputs: "${id}" is not an earlier block`, 'inputs', id, i, blockLabel(b, i));
      return t;
    });
    const out = expandBlock(g, design, i, inputs);
    tensorOf.set(b.id, out);
    blocks.push({
      id: b.id,
      kind: b.kind,
      name: blockLabel(b, i),
      inputIds: ids,
      inputs: inputs.map((t) => t.id),
      output: out.id,
    });
  });
  const outputIds = outputsOf(design);
  const outputs = outputIds.map((id) => tensorOf.get(id)?.id ?? -1);
  return { input, nodes: g.nodes, blocks, outputs, outputIds };
}

/** Analysis of a validated design under a convention. Throws a CostError for impossible settings. */
export function analyzeDesign(design: Design, convention: Convention = DEFAULT_CONVENTION): Analysis {
  const built = buildGraph(design);
  return analyzeGraph(built, convention);
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
