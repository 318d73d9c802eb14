/**
 * What every exporter starts from: the design's primitive-op graph (the very ops convcost costs),
 * the blocks they belong to, and the conv-kind sites inside the blocks (a HetConv inside a ResNet
 * block is one HetConv sub-module). Exporting an op without a cost model is refused.
 */
import { type BuiltConvSite, listenBuiltConvSites } from '../blocks/layer.ts';
import type { OpNode } from '../core/index.ts';
import { type BuiltGraph, buildGraph } from '../design/analyze.ts';
import type { Design } from '../design/schema.ts';

/** A design that cannot be exported (an op without a model): one line for the user. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportSite extends BuiltConvSite {
  /** Index of the block the site is in. */
  block: number;
}

export interface ExportModel {
  design: Design;
  graph: BuiltGraph;
  /** Conv-kind sites whose ops form a sub-graph with one input and one output, in build order. */
  sites: ExportSite[];
}

/** The ops of block `b`, in graph order. */
export function blockNodes(graph: BuiltGraph, b: number): OpNode[] {
  return graph.nodes.filter((n) => n.block === b);
}

/** A site is a module of its own when its ops read only its input or each other, and the rest of the block reads only its output. */
function isClean(graph: BuiltGraph, s: ExportSite): boolean {
  if (s.end === s.first) return false;
  const inside = (id: number) => id >= s.first && id < s.end;
  for (let k = s.first; k < s.end; k++)
    for (const i of graph.nodes[k].inputs) if (!inside(i) && i !== s.input) return false;
  if (!inside(s.output)) return false;
  for (const n of graph.nodes)
    if (!inside(n.id)) for (const i of n.inputs) if (inside(i) && i !== s.output) return false;
  return graph.outputs.every((o) => !inside(o) || o === s.output);
}

/** The graph and sites of a validated design. Throws an ExportError for an op without a cost model. */
export function prepareExport(design: Design): ExportModel {
  const sites: ExportSite[] = [];
  const graph = buildGraph(design, (g) =>
    listenBuiltConvSites(g, (site) => {
      sites.push({ ...site, block: g.block });
    }),
  );
  const bad = graph.nodes.find((n) => n.spec.op === 'unsupported');
  if (bad && bad.spec.op === 'unsupported') {
    const block = graph.blocks[bad.block];
    throw new ExportError(
      `block ${bad.block + 1} (${block.name}) is a "${bad.spec.type}" op, which convcost has no model for, so it cannot be exported: replace it with blocks convcost knows or remove it`,
    );
  }
  return { design, graph, sites: sites.filter((s) => isClean(graph, s)) };
}
