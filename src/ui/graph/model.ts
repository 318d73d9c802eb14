/**
 * The graph the graph view draws, as boxes and arrows without positions: one box per block (or, for
 * an expanded block, one per primitive op inside a frame), one for the design's input, an arrow per
 * input read. Its `key` changes only when the structure does (blocks added, removed, rewired, a
 * block expanded or collapsed, an expanded block's ops changed), so the layout is computed once
 * per structural change and never for an edit that keeps the structure.
 */
import type { OpNode } from '../../core/index.ts';
import { type Design, INPUT_ID, inputsOf } from '../../design/index.ts';

/** Box sizes in px at zoom 1. */
export const BOX = {
  block: { w: 150, h: 44 },
  op: { w: 132, h: 38 },
  input: { w: 150, h: 32 },
  /** The title bar of an expanded block's frame (a box of its own, so the layout makes room). */
  header: { w: 168, h: 24 },
} as const;

export const INPUT_NODE = 'in';
export const blockNode = (id: string) => `b:${id}`;
/** An op's box: its block and its place among the block's ops (stable across edits elsewhere). */
export const opNode = (block: string, local: number) => `o:${block}/${local}`;
export const clusterNode = (id: string) => `c:${id}`;
export const headerNode = (id: string) => `h:${id}`;

/** What a box stands for. */
export type NodeRef =
  | { type: 'input' }
  | { type: 'block'; index: number }
  | { type: 'op'; index: number; op: number }
  | { type: 'header'; index: number };

export interface GraphNode {
  id: string;
  w: number;
  h: number;
  /** The frame (an expanded block) it sits in. */
  parent?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /**
   * The target also reads, through another of its inputs, something that reads `from` (a skip
   * connection: a residual add's shortcut, a dense block's earlier features). The layout leaves
   * such edges out of the layering and draws them beside it (see layout.ts).
   */
  skip?: boolean;
  /** Only for the layout (a frame's title bar above its first ops); not drawn. */
  hidden?: boolean;
}

/** What the layout needs: sizes and arrows. Plain data, so it can be posted to a worker. */
export interface GraphStructure {
  nodes: GraphNode[];
  /** Frames of expanded blocks, by node id (clusterNode(block id)). */
  clusters: string[];
  edges: GraphEdge[];
}

export interface GraphModel {
  /** Equal keys mean equal structures (the layout of one fits the other). */
  key: string;
  structure: GraphStructure;
  refs: Map<string, NodeRef>;
  /** Ids of the blocks drawn expanded (a block whose ops were asked for but not known is not). */
  expanded: Set<string>;
}

/** The ops of the design's blocks, for expanded blocks: buildGraph's nodes and block metadata. */
export interface OpsSource {
  nodes: readonly Pick<OpNode, 'inputs' | 'block'>[];
  blocks: readonly { inputs?: readonly number[]; output?: number }[];
}

/** First op index and op count of every block (a block's ops are one consecutive run). */
function opRuns(src: OpsSource, count: number): { first: Int32Array; n: Int32Array } {
  const first = new Int32Array(count).fill(-1);
  const n = new Int32Array(count);
  src.nodes.forEach((node, k) => {
    if (node.block < 0 || node.block >= count) return;
    if (first[node.block] < 0) first[node.block] = k;
    n[node.block]++;
  });
  return { first, n };
}

/**
 * The structure of `design` with the blocks in `expand` drawn as their primitive ops (when `ops`
 * is given and the block has more than one op; otherwise as one box).
 */
export function graphModel(design: Design, expand: ReadonlySet<string>, ops?: OpsSource): GraphModel {
  const nodes: GraphNode[] = [{ id: INPUT_NODE, w: BOX.input.w, h: BOX.input.h }];
  const refs = new Map<string, NodeRef>([[INPUT_NODE, { type: 'input' }]]);
  const clusters: string[] = [];
  const edges: GraphEdge[] = [];
  const expanded = new Set<string>();
  const keyParts: string[] = [];
  const runs = ops && expand.size ? opRuns(ops, design.blocks.length) : null;
  // The box each block's output comes out of.
  const outNode = new Map<string, string>([[INPUT_ID, INPUT_NODE]]);
  const seen = new Set<string>();
  const hiddenEdge = (from: string | undefined, to: string) => {
    if (from !== undefined) edges.push({ from, to, hidden: true });
  };
  const edge = (from: string | undefined, to: string) => {
    if (from === undefined) return;
    const k = `${from}>${to}`;
    if (seen.has(k)) return;
    seen.add(k);
    edges.push({ from, to });
  };

  design.blocks.forEach((b, i) => {
    const ins = inputsOf(design, i);
    const first = runs ? runs.first[i] : -1;
    const count = runs ? runs.n[i] : 0;
    const meta = ops?.blocks[i];
    if (runs && ops && meta && expand.has(b.id) && count > 1) {
      expanded.add(b.id);
      const cluster = clusterNode(b.id);
      clusters.push(cluster);
      refs.set(cluster, { type: 'block', index: i });
      const header = headerNode(b.id);
      nodes.push({ id: header, w: BOX.header.w, h: BOX.header.h, parent: cluster });
      refs.set(header, { type: 'header', index: i });
      // The title bar sits between the block's inputs and its first ops.
      for (const src of ins) hiddenEdge(outNode.get(src), header);
      const sig: string[] = [];
      for (let k = first; k < first + count; k++) {
        const id = opNode(b.id, k - first);
        nodes.push({ id, w: BOX.op.w, h: BOX.op.h, parent: cluster });
        refs.set(id, { type: 'op', index: i, op: k });
        const read: string[] = [];
        if (!ops.nodes[k].inputs.some((src) => src >= first && src < first + count)) hiddenEdge(header, id);
        for (const src of ops.nodes[k].inputs) {
          if (src >= first && src < first + count) {
            edge(opNode(b.id, src - first), id);
            read.push(String(src - first));
          } else {
            // An input of the block: the block (or design input) it names.
            const at = Math.max(0, meta.inputs?.indexOf(src) ?? 0);
            edge(outNode.get(ins[at]), id);
            read.push(`x${at}`);
          }
        }
        sig.push(read.join(','));
      }
      outNode.set(b.id, opNode(b.id, (meta.output ?? first + count - 1) - first));
      keyParts.push(`${b.id}<${ins.join(',')}{${sig.join('|')}}`);
    } else {
      const id = blockNode(b.id);
      nodes.push({ id, w: BOX.block.w, h: BOX.block.h });
      refs.set(id, { type: 'block', index: i });
      for (const src of ins) edge(outNode.get(src), id);
      outNode.set(b.id, id);
      keyParts.push(`${b.id}<${ins.join(',')}`);
    }
  });
  markSkips(nodes, edges);
  return { key: keyParts.join(';'), structure: { nodes, clusters, edges }, refs, expanded };
}

/**
 * Marks the edges u -> v for which u is an ancestor of another input of v (so the edge is implied
 * by a longer path). `nodes` are in an execution order (every edge goes forward). Ancestor sets
 * are bitsets: O(E x V / 32) time, V^2 / 8 bytes.
 */
export function markSkips(nodes: readonly GraphNode[], edges: GraphEdge[]): void {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const words = Math.ceil(nodes.length / 32);
  const anc = new Uint32Array(nodes.length * words);
  const ins: number[][] = nodes.map(() => []);
  for (const e of edges) if (!e.hidden) ins[index.get(e.to)!].push(index.get(e.from)!);
  for (let v = 0; v < nodes.length; v++) {
    const row = v * words;
    for (const u of ins[v]) {
      anc[row + (u >>> 5)] |= 1 << (u & 31);
      const from = u * words;
      for (let w = 0; w < words; w++) anc[row + w] |= anc[from + w];
    }
  }
  const has = (v: number, u: number) => (anc[v * words + (u >>> 5)] & (1 << (u & 31))) !== 0;
  for (const e of edges) {
    if (e.hidden) continue;
    const u = index.get(e.from)!;
    const v = index.get(e.to)!;
    if (ins[v].some((w) => w !== u && has(w, u))) e.skip = true;
  }
}

/** The box that stands for block `id` (its frame when expanded). */
export function nodeOfBlock(model: GraphModel, id: string): string {
  return model.expanded.has(id) ? clusterNode(id) : blockNode(id);
}

/** Ops that only follow a layer (a conv with its BN and activation is still one step). */
const FOLLOWERS: ReadonlySet<string> = new Set(['batchnorm', 'activation']);

/**
 * Whether each block is worth expanding: it has more than one op besides BatchNorm and
 * activations (a residual block, DW+PW, SE, a dense block; not a conv with its BN and ReLU).
 */
export function compositeBlocks(
  blocks: readonly { firstOp: number; opCount: number }[],
  ops: readonly { kind: string }[],
): boolean[] {
  return blocks.map((b) => {
    let steps = 0;
    for (let k = b.firstOp; k < b.firstOp + b.opCount && steps < 2; k++)
      if (!FOLLOWERS.has(ops[k].kind)) steps++;
    return steps > 1;
  });
}
