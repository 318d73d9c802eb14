/**
 * A design as an ONNX model (opset 17, NCHW): every primitive op of convcost's graph written by its
 * ONNX_OPS entry, node names "/<block>/<op>/<OpType>" (the import reader turns them back into
 * block names), weights seeded exactly as the TensorFlow.js run seeds them (so ONNX Runtime and
 * TensorFlow.js can be compared number for number) or left out (a structure-only file for
 * viewers such as Netron: every weight's dims and type, no values).
 */

import { exact } from '../../core/format.ts';
import { analyzeGraph, DEFAULT_CONVENTION, type OpNode } from '../../core/index.ts';
import type { Design } from '../../design/schema.ts';
import { opTensors, seededValues } from '../../exec/params.ts';
import { type ExportModel, prepareExport } from '../graph.ts';
import { type GraphValue, OnnxGraphBuilder, serializeModel } from './graph.ts';
import { chwIndexOf, type HetconvForm, type Value, writeOp } from './ops.ts';

export { ONNX_OPSET } from './graph.ts';
export type { Value as OnnxValue } from './ops.ts';

export type OnnxWeights = 'seeded' | 'none';

export interface OnnxExportOptions {
  weights?: OnnxWeights;
  /** Seed of the weights (the TensorFlow.js run's seed; default 1). */
  seed?: number;
}

export interface HetconvWritten extends HetconvForm {
  block: string;
  op: string;
  /** MACs of the paper's layer (convcost's count). */
  macs: number;
}

export interface OnnxExport {
  bytes: Uint8Array;
  inputName: string;
  /** [N, C, H, W]. */
  inputDims: number[];
  /** Every graph input (a block alone may read several values). */
  inputs: GraphValue[];
  outputs: GraphValue[];
  /** How each HetConv was written, and the MACs that form executes beyond the layer. */
  hetconv: HetconvWritten[];
  doc: string;
}

/** Node and value names: the block and op names, with "/" (ONNX's scope separator here) replaced. */
const seg = (s: string) => s.replace(/[/\s]+/g, '_') || '_';

export const ONNX_INPUT = 'input';

/** What the file's doc string says about HetConv layers (also shown in the app before the download). */
export function hetconvSentence(h: readonly HetconvWritten[]): string {
  if (!h.length) return '';
  const extra = h.reduce((a, x) => a + x.extraMacs, 0);
  const paper = h.reduce((a, x) => a + x.macs, 0);
  const forms = [...new Set(h.map((x) => x.form))];
  const how = forms
    .map((f) =>
      f === 'grouped+pointwise'
        ? 'grouped + pointwise (channels gathered by residue, a grouped KxK conv with P groups and a 1x1 conv whose weights are zero where a filter has its KxK kernel, summed, filters put back in order)'
        : 'one masked dense KxK conv (zeros where the layer has no weight; used where N is not a multiple of P)',
    )
    .join('; ');
  return `HetConv layers (${h.length}) are written as ${how}: they execute ${exact(extra)} MACs more than the paper's layer (${exact(paper)} MACs, ${((100 * extra) / Math.max(1, paper)).toFixed(1)}% extra); convcost counts the paper's layer.`;
}

interface Part {
  /** Ops to write, in graph order. */
  nodes: readonly OpNode[];
  /** Values read from outside the part (node id -1 = the design's input), with how they were written. */
  inputs: { id: number; value: Value }[];
  /** Node ids whose values are the part's outputs. */
  outputs: readonly number[];
}

function writePart(m: ExportModel, o: Required<OnnxExportOptions>, part: Part) {
  const { graph } = m;
  const b = new OnnxGraphBuilder();
  const values = new Map<number, Value>();
  const inputs: GraphValue[] = part.inputs.map(({ id, value }, k) => {
    const name = b.fresh(part.inputs.length === 1 ? ONNX_INPUT : `${ONNX_INPUT}_${k}`);
    values.set(id, { ...value, name });
    const s = id < 0 ? graph.input : graph.nodes[id].cost.out;
    return { name, dims: value.rank === 4 ? [s.n, s.c, s.h, s.w] : [s.n, s.h * s.w * s.c] };
  });
  const hetconv: HetconvWritten[] = [];
  // Op names repeat inside a block (two "bn"s): scopes get _1, _2... so weight names stay unique.
  const scopes = new Set<string>();
  for (const node of part.nodes) {
    const block = graph.blocks[node.block];
    const decls = o.weights === 'seeded' ? opTensors(node) : [];
    const base = `/${seg(block.name)}/${seg(node.name)}`;
    let scope = base;
    for (let k = 1; scopes.has(scope); k++) scope = `${base}_${k}`;
    scopes.add(scope);
    const r = writeOp({
      g: b,
      node,
      ins: node.inputs.map((i) => values.get(i)!),
      scope,
      weight: (name) => {
        const d = decls.find((t) => t.name === name);
        return d ? seededValues(o.seed, node, d) : undefined;
      },
    });
    values.set(node.id, r.out);
    if (r.hetconv) hetconv.push({ ...r.hetconv, block: block.name, op: node.name, macs: node.cost.macs });
  }
  // Outputs: features back in convcost's order, one named value each.
  const outputs: GraphValue[] = [];
  const used = new Set<string>();
  part.outputs.forEach((id, i) => {
    const v = values.get(id)!;
    const shape = id < 0 ? graph.input : graph.nodes[id].cost.out;
    const name =
      part.outputs.length === 1
        ? 'output'
        : `output_${seg(graph.blocks.find((x) => x.output === id)?.name ?? String(i))}`;
    let src = v.name;
    if (v.hwc) {
      const idx = b.int64s(`${name}.hwc_order`, [...chwIndexOf(v.hwc)]);
      src = b.node('Gather', `/${name}/Gather`, [src, idx], { axis: 1 });
    }
    const producedHere = b.nodes.some((n) => n.outputs.includes(src));
    if (used.has(src) || !producedHere) b.node('Identity', `/${name}/Identity`, [src], {}, name);
    else b.rename(src, name);
    used.add(src);
    outputs.push({
      name,
      dims: v.rank === 4 ? [shape.n, shape.c, shape.h, shape.w] : [shape.n, shape.h * shape.w * shape.c],
    });
  });
  return { b, inputs, outputs, hetconv, values };
}

function docOf(m: ExportModel, o: Required<OnnxExportOptions>, hetconv: HetconvWritten[], what: string) {
  const { graph } = m;
  const totals = analyzeGraph(graph, DEFAULT_CONVENTION).totals;
  const doc = [
    `${what}, exported by convcost: ${graph.blocks.length} blocks, ${graph.nodes.length} primitive ops.`,
    `convcost counts ${exact(totals.convMacs)} conv/dense MACs and ${exact(totals.params)} parameters for the design (BN gamma/beta counted; running mean/var are buffers).`,
    'Layout NCHW (convcost itself is NHWC); TensorFlow\'s "same" padding is written as explicit pads (the odd pixel at the bottom/right).',
    o.weights === 'seeded'
      ? `Weights: seeded (seed ${o.seed}), the same numbers convcost's TensorFlow.js run uses, for comparing runtimes; not trained.`
      : 'Weights: none (structure only: every weight has its dims and type but no values; for viewers such as Netron).',
    hetconvSentence(hetconv),
  ]
    .filter(Boolean)
    .join('\n');
  return { doc, totals };
}

function finish(
  m: ExportModel,
  o: Required<OnnxExportOptions>,
  w: ReturnType<typeof writePart>,
  what: string,
): OnnxExport {
  const { doc, totals } = docOf(m, o, w.hetconv, what);
  const bytes = serializeModel(w.b, {
    graphName: what,
    producerVersion: '0.1.0',
    doc,
    metadata: {
      'convcost.design': m.design.name,
      'convcost.conv_dense_macs': String(totals.convMacs),
      'convcost.params': String(totals.params),
      'convcost.weights': o.weights === 'seeded' ? `seeded:${o.seed}` : 'none',
    },
    inputs: w.inputs,
    outputs: w.outputs,
  });
  return {
    bytes,
    inputName: w.inputs[0].name,
    inputDims: w.inputs[0].dims,
    inputs: w.inputs,
    outputs: w.outputs,
    hetconv: w.hetconv,
    doc,
  };
}

const options = (opts: OnnxExportOptions): Required<OnnxExportOptions> => ({
  weights: opts.weights ?? 'seeded',
  seed: opts.seed ?? 1,
});

/**
 * Writes a design whole or block by block (each block a model of its own whose inputs are the
 * values it reads from other blocks, for timing blocks one at a time). Throws an ExportError for
 * an op convcost cannot export.
 */
export class OnnxWriter {
  readonly model: ExportModel;
  private readonly o: Required<OnnxExportOptions>;
  private layout: Map<number, Value> | undefined;

  constructor(design: Design, opts: OnnxExportOptions = {}) {
    this.model = prepareExport(design);
    this.o = options(opts);
  }

  whole(): OnnxExport {
    const { graph } = this.model;
    const w = writePart(this.model, this.o, {
      nodes: graph.nodes,
      inputs: [{ id: -1, value: { name: ONNX_INPUT, rank: 4 } }],
      outputs: graph.outputs,
    });
    return finish(this.model, this.o, w, this.model.design.name);
  }

  /** How each value is written in the whole model (rank, feature order), from a structure-only pass. */
  private values(): Map<number, Value> {
    if (!this.layout) {
      const { graph } = this.model;
      this.layout = writePart(
        this.model,
        { ...this.o, weights: 'none' },
        {
          nodes: graph.nodes,
          inputs: [{ id: -1, value: { name: ONNX_INPUT, rank: 4 } }],
          outputs: [],
        },
      ).values;
    }
    return this.layout;
  }

  /**
   * Block `b` alone: its inputs are the values it reads from outside (ids in `externals`, -1 = the
   * design's input), its output the block's; undefined for a block without ops.
   */
  block(b: number): (OnnxExport & { externals: number[]; layouts: Value[] }) | undefined {
    const { graph } = this.model;
    const nodes = graph.nodes.filter((n) => n.block === b);
    if (!nodes.length) return undefined;
    const inside = new Set(nodes.map((n) => n.id));
    const externals: number[] = [];
    for (const n of nodes)
      for (const i of n.inputs) if (!inside.has(i) && !externals.includes(i)) externals.push(i);
    const values = this.values();
    const layouts = externals.map((id) => values.get(id)!);
    const w = writePart(this.model, this.o, {
      nodes,
      inputs: externals.map((id, k) => ({ id, value: layouts[k] })),
      outputs: [graph.blocks[b].output ?? nodes[nodes.length - 1].id],
    });
    return {
      ...finish(this.model, this.o, w, `${this.model.design.name}: block ${graph.blocks[b].name}`),
      externals,
      layouts,
    };
  }
}

/** The ONNX file of a validated design. Throws an ExportError for an op convcost cannot export. */
export function exportOnnx(design: Design, opts: OnnxExportOptions = {}): OnnxExport {
  return new OnnxWriter(design, opts).whole();
}
