import { BIAS_FLOPS_PER_ELEMENT, BYTES_PER_ELEMENT, type Convention, FLOPS_PER_MAC } from './convention.ts';
import type { OpNode } from './graph.ts';
import { type ExtraOps, extraTotal } from './ops/types.ts';
import { elements, type Shape } from './shape.ts';

/** One primitive op after the convention is applied. All counts are for the whole batch. */
export interface OpRow {
  id: number;
  block: number;
  name: string;
  kind: OpNode['spec']['op'];
  inShapes: readonly Shape[];
  out: Shape;
  macs: number;
  /** Extra ops in FLOPs by column (bias, bn, act, pool, other). */
  extra: ExtraOps;
  /** extra.bias + extra.bn + ... */
  extraFlops: number;
  /** Headline MACs of this row: macs, plus extraFlops / 2 when the convention includes extras. */
  totalMacs: number;
  /** Headline FLOPs: 2 x totalMacs. */
  flops: number;
  params: number;
  buffers: number;
  /** Elements of the new tensor this op writes (0 for in-place ops and folded BNs). */
  activations: number;
  weightBytes: number;
  bytesMoved: number;
  /** Sequential layers from the network input to this op's output, this op included. */
  depth: number;
  /** Set when a BN was folded into the conv before it. */
  fused?: boolean;
  note?: string;
}

/** The sums over a set of rows. */
export interface Sums {
  macs: number;
  flops: number;
  /** Conv/dense MACs alone, whatever the convention says about extras. */
  convMacs: number;
  extraFlops: number;
  extra: ExtraOps;
  params: number;
  buffers: number;
  activations: number;
  weightBytes: number;
  bytesMoved: number;
}

export interface BlockSummary {
  index: number;
  id: string;
  kind: string;
  name: string;
  /** Ids of the blocks it reads ("input" = the design's input), in order. */
  inputIds: readonly string[];
  /** Its first input's shape, and every input's. */
  in: Shape;
  ins: readonly Shape[];
  out: Shape;
  /** Rows of this block: ops[firstOp .. firstOp + opCount). */
  firstOp: number;
  opCount: number;
  sums: Sums;
  /** Sequential layers on the block's own critical path (1 for a single conv). */
  latencyDepth: number;
}

/** The numeric fields of Totals (everything but the per-column extras and the approximate list). */
export type TotalKey = Exclude<keyof Totals, 'extra' | 'approximate'>;

export interface Totals extends Sums {
  /**
   * Names of the totals (keys of Sums) past 2^53, where a double no longer holds every integer:
   * those figures are approximate (to about 1 part in 10^16) and are shown as such.
   */
  approximate: TotalKey[];
  peakActivations: number;
  /** Bytes of the peak activation set at the chosen precision. */
  peakActivationBytes: number;
  activationBytes: number;
  latencyDepth: number;
  arithmeticIntensity: number;
}

/** Something about the design worth a look that does not stop the analysis (shown on its row). */
export interface AnalysisWarning {
  /** Index of the block it is about. */
  block: number;
  field: string;
  message: string;
}

export interface Analysis {
  convention: Convention;
  input: Shape;
  /** The first output's shape, and every output's (a design may name several). */
  output: Shape;
  outputs: Shape[];
  ops: OpRow[];
  blocks: BlockSummary[];
  totals: Totals;
  /**
   * Ops without a cost model, by type, with how many there are. When any is present every total is
   * a lower bound (they are counted as 0 MACs and 0 parameters), and the totals say so.
   */
  unsupported: { type: string; count: number }[];
  warnings: AnalysisWarning[];
}

export interface BlockMeta {
  id: string;
  kind: string;
  name: string;
  /** Ids of the blocks it reads; absent: the block before it (hand-built graphs in tests). */
  inputIds?: readonly string[];
  /** Node ids of its inputs (-1 = the network input); absent: derived from its ops. */
  inputs?: readonly number[];
  /** Node id of its output; absent: its last op. */
  output?: number;
}

/** A primitive-op graph to analyse: GraphBuilder's nodes and the blocks that made them. */
export interface GraphLike {
  input: Shape;
  nodes: readonly OpNode[];
  blocks: readonly BlockMeta[];
  /** Node ids of the network's outputs (-1 = the input); absent: the last op. */
  outputs?: readonly number[];
  /** Ids of the blocks that are outputs (for the "nothing reads it" warning); absent: the last block. */
  outputIds?: readonly string[];
}

const zeroExtras = (): ExtraOps => ({ bias: 0, bn: 0, act: 0, pool: 0, other: 0 });

export function emptySums(): Sums {
  return {
    macs: 0,
    flops: 0,
    convMacs: 0,
    extraFlops: 0,
    extra: zeroExtras(),
    params: 0,
    buffers: 0,
    activations: 0,
    weightBytes: 0,
    bytesMoved: 0,
  };
}

/** Adds a row into running sums (mutates `s`). */
export function accumulate(s: Sums, r: OpRow): void {
  s.macs += r.totalMacs;
  s.flops += r.flops;
  s.convMacs += r.macs;
  s.extraFlops += r.extraFlops;
  s.extra.bias += r.extra.bias;
  s.extra.bn += r.extra.bn;
  s.extra.act += r.extra.act;
  s.extra.pool += r.extra.pool;
  s.extra.other += r.extra.other;
  s.params += r.params;
  s.buffers += r.buffers;
  s.activations += r.activations;
  s.weightBytes += r.weightBytes;
  s.bytesMoved += r.bytesMoved;
}

/**
 * Sums gathered while analysing live in Float64Arrays, SUM_SLOTS numbers per set, in the order of
 * addRow: counts past 2^31 in plain object fields are boxed, so every += would allocate.
 */
const SUM_SLOTS = 14;

/** accumulate() into slots [o, o + SUM_SLOTS) of `a`: the same additions in the same order. */
function addRow(a: Float64Array, o: number, r: OpRow): void {
  a[o] += r.totalMacs;
  a[o + 1] += r.flops;
  a[o + 2] += r.macs;
  a[o + 3] += r.extraFlops;
  const e = r.extra;
  a[o + 4] += e.bias;
  a[o + 5] += e.bn;
  a[o + 6] += e.act;
  a[o + 7] += e.pool;
  a[o + 8] += e.other;
  a[o + 9] += r.params;
  a[o + 10] += r.buffers;
  a[o + 11] += r.activations;
  a[o + 12] += r.weightBytes;
  a[o + 13] += r.bytesMoved;
}

function sumsAt(a: Float64Array, o: number): Sums {
  return {
    macs: a[o],
    flops: a[o + 1],
    convMacs: a[o + 2],
    extraFlops: a[o + 3],
    extra: { bias: a[o + 4], bn: a[o + 5], act: a[o + 6], pool: a[o + 7], other: a[o + 8] },
    params: a[o + 9],
    buffers: a[o + 10],
    activations: a[o + 11],
    weightBytes: a[o + 12],
    bytesMoved: a[o + 13],
  };
}

/**
 * The critical path: for each op, the sequential layers (convs and dense layers) from the network
 * input to its output, itself included: depth(op) = max over its inputs of depth(input) + [op is a
 * layer]. The network input has depth 0. With scope 'block', the path stays inside each op's own
 * block (inputs from other blocks count as depth 0), which gives a block's own latency depth. Ops
 * must be in execution order. The one place a depth is computed.
 */
export function criticalPath(
  nodes: readonly Pick<OpNode, 'inputs' | 'cost' | 'block'>[],
  scope: 'network' | 'block' = 'network',
): Float64Array {
  const depth = new Float64Array(nodes.length);
  const own = scope === 'block';
  for (let k = 0; k < nodes.length; k++) {
    const inputs = nodes[k].inputs;
    const block = nodes[k].block;
    let d = 0;
    for (let j = 0; j < inputs.length; j++) {
      const i = inputs[j];
      if (i >= 0 && depth[i] > d && (!own || nodes[i].block === block)) d = depth[i];
    }
    depth[k] = d + (nodes[k].cost.layer ? 1 : 0);
  }
  return depth;
}

/**
 * Bytes an op moves: bytes = (input elements + output elements + parameters + buffers) x bytes per
 * element, every read of an input and the write of the output counted, and the weights read once;
 * an op that touches no data (a reshape, a BN folded into its conv) moves only its parameters and
 * buffers. Elements are of the whole batch; bytes per element from BYTES_PER_ELEMENT.
 */
export function opBytesMoved(
  inElements: number,
  outElements: number,
  touchesData: boolean,
  stored: number,
  bytesPerElement: number,
): number {
  return ((touchesData ? inElements + outElements : 0) + stored) * bytesPerElement;
}

/** Totals whose exact integer value may exceed what a double holds exactly (2^53). */
const EXACT_KEYS: readonly TotalKey[] = [
  'macs',
  'flops',
  'convMacs',
  'extraFlops',
  'params',
  'buffers',
  'activations',
  'weightBytes',
  'bytesMoved',
  'peakActivations',
  'peakActivationBytes',
  'activationBytes',
];

/**
 * Applies the convention to a built graph and sums it: per-op rows, per-block rows and totals.
 * Rows always add up to the totals (except the peak and the critical path, which are not sums).
 * Runs in O(ops); no validation happens here (designs are validated when they are parsed).
 *
 * One pass over the nodes does everything that needs them (rows, totals, block sums, the
 * bookkeeping for peak memory); the peak itself is then swept over typed arrays. Large graphs do
 * not fit in cache, so each extra pass over the nodes would cost about as much as this one.
 *
 * A block's ops must be one consecutive run (GraphBuilder always makes them so); a graph where
 * they are not is refused rather than summed wrongly.
 */
export function analyzeGraph(graph: GraphLike, convention: Convention): Analysis {
  const { input, nodes, blocks } = graph;
  const bytes = BYTES_PER_ELEMENT[convention.precision];
  const count = nodes.length;
  const fuseBn = convention.bn === 'fused';
  const includeExtras = convention.includeExtras;
  // Readers per op: only folding a BN needs them (a conv read elsewhere too keeps its BN).
  const consumers = new Int32Array(fuseBn ? count : 0);
  if (fuseBn) {
    for (let k = 0; k < count; k++) {
      const inputs = nodes[k].inputs;
      for (let j = 0; j < inputs.length; j++) if (inputs[j] >= 0) consumers[inputs[j]]++;
    }
  }

  const ops: OpRow[] = new Array(count);
  const depth = criticalPath(nodes);
  // A block's own critical path: its inputs from other blocks count as depth 0.
  const local = criticalPath(nodes, 'block');
  const totalSums = new Float64Array(SUM_SLOTS);
  const live = new LiveTensors(count);
  const nBlocks = blocks.length;
  const blockSums = new Float64Array(nBlocks * SUM_SLOTS);
  const blockFirst = new Int32Array(nBlocks).fill(-1);
  const blockCount = new Int32Array(nBlocks);
  const blockLatency = new Float64Array(nBlocks);
  const unsupported = new Map<string, number>();
  let maxDepth = 0;

  for (let k = 0; k < count; k++) {
    const n = nodes[k];
    const c = n.cost;
    let params = c.params;
    let buffers = c.buffers;
    let extra = c.extra;
    let newTensor = c.newTensor;
    let touches = c.touchesData;
    let fused = false;
    if (fuseBn && n.spec.op === 'batchnorm') {
      const into = foldTargets(nodes, n, consumers);
      if (into) {
        const hadBias = into.some((l) => 'bias' in l.spec && l.spec.bias);
        fused = true;
        // The folded BN becomes the layer's bias (if it had none): that bias is read with the
        // weights, and the tensor is never read or written again.
        params = hadBias ? 0 : c.out.c;
        buffers = 0;
        extra = { ...zeroExtras(), bias: hadBias ? 0 : elements(c.out) * BIAS_FLOPS_PER_ELEMENT };
        newTensor = false;
        touches = false;
      }
    }
    if (n.spec.op === 'unsupported') unsupported.set(n.spec.type, (unsupported.get(n.spec.type) ?? 0) + 1);
    const extraFlops = extraTotal(extra);
    const totalMacs = includeExtras ? c.macs + extraFlops / FLOPS_PER_MAC : c.macs;
    const inShapes = n.inShapes;
    let inElems = 0;
    for (let j = 0; j < inShapes.length; j++) inElems += elements(inShapes[j]);
    const outElems = elements(c.out);
    const inputs = n.inputs;
    const nb = n.block;
    const d = depth[k];
    if (d > maxDepth) maxDepth = d;
    // One object shape for every row (optional fields are added after), so the loops that read
    // rows stay monomorphic.
    const row: OpRow = {
      id: k,
      block: nb,
      name: n.name,
      kind: n.spec.op,
      inShapes,
      out: c.out,
      macs: c.macs,
      extra,
      extraFlops,
      totalMacs,
      flops: totalMacs * FLOPS_PER_MAC,
      params,
      buffers,
      activations: newTensor ? outElems : 0,
      weightBytes: (params + buffers) * bytes,
      bytesMoved: opBytesMoved(inElems, outElems, touches, params + buffers, bytes),
      depth: d,
    };
    if (fused) row.fused = true;
    if (n.note) row.note = n.note;
    ops[k] = row;
    addRow(totalSums, 0, row);
    live.add(k, row.activations, inputs);

    if (!Number.isInteger(nb) || nb < 0 || nb >= nBlocks)
      throw new Error(`op ${k} (${n.name}) belongs to block ${nb}, which the graph does not list`);
    if (blockFirst[nb] < 0) blockFirst[nb] = k;
    else if (blockFirst[nb] + blockCount[nb] !== k)
      throw new Error(`the ops of block ${nb} (${blocks[nb].name}) are not one consecutive run`);
    addRow(blockSums, nb * SUM_SLOTS, row);
    blockCount[nb]++;
    blockLatency[nb] = local[k];
  }

  const shapeOf = (id: number): Shape => (id >= 0 ? ops[id].out : input);
  const blockRows: BlockSummary[] = new Array(nBlocks);
  let first = 0;
  let prevOut = -1;
  for (let b = 0; b < nBlocks; b++) {
    const meta = blocks[b];
    const opCount = blockCount[b];
    if (opCount) first = blockFirst[b];
    const inputNodes = meta.inputs ?? (opCount ? externalInputs(nodes, first, opCount) : [prevOut]);
    const outNode = meta.output ?? (opCount ? first + opCount - 1 : (inputNodes[0] ?? -1));
    const ins = inputNodes.map(shapeOf);
    blockRows[b] = {
      index: b,
      id: meta.id,
      kind: meta.kind,
      name: meta.name,
      inputIds: meta.inputIds ?? [b === 0 ? 'input' : blocks[b - 1].id],
      in: ins[0] ?? input,
      ins,
      out: shapeOf(outNode),
      firstOp: first,
      opCount,
      sums: sumsAt(blockSums, b * SUM_SLOTS),
      latencyDepth: opCount ? blockLatency[b] : 0,
    };
    first += opCount;
    prevOut = outNode;
  }

  const outputNodes = graph.outputs ?? (count ? [count - 1] : [-1]);
  const totals: Totals = {
    ...sumsAt(totalSums, 0),
    approximate: [],
    peakActivations: 0,
    peakActivationBytes: 0,
    activationBytes: 0,
    latencyDepth: maxDepth,
    arithmeticIntensity: 0,
  };
  totals.peakActivations = live.peak(elements(input), outputNodes);
  totals.peakActivationBytes = totals.peakActivations * bytes;
  // The same tensors as `activations`: every op's new output, the network input excluded.
  totals.activationBytes = totals.activations * bytes;
  totals.arithmeticIntensity = totals.bytesMoved > 0 ? totals.flops / totals.bytesMoved : 0;
  totals.approximate = EXACT_KEYS.filter((key) => totals[key] > Number.MAX_SAFE_INTEGER);
  const outputs = outputNodes.map(shapeOf);
  return {
    convention,
    input,
    output: outputs[0] ?? input,
    outputs,
    ops,
    blocks: blockRows,
    totals,
    unsupported: [...unsupported].map(([type, n]) => ({ type, count: n })),
    warnings: unreadBlocks(blockRows, graph.outputIds),
  };
}

/**
 * The layers a BN folds into under bn = 'fused' (the deploy form), or undefined when it stays:
 * the conv or dense layer it reads, or every layer of a sum it reads (HetConv's grouped+pointwise
 * form, y = BN(a + b): the scale goes into both kernels, the shift into one bias), when nothing
 * else reads them (folding would change what the other readers see).
 */
function foldTargets(
  nodes: readonly OpNode[],
  bn: OpNode,
  consumers: Int32Array,
): readonly OpNode[] | undefined {
  const p = bn.inputs[0] >= 0 ? nodes[bn.inputs[0]] : undefined;
  if (!p || consumers[p.id] !== 1) return undefined;
  if (p.cost.layer) return [p];
  if (p.spec.op !== 'add') return undefined;
  const terms = p.inputs.map((i) => (i >= 0 ? nodes[i] : undefined));
  for (const t of terms) if (!t?.cost.layer || consumers[t.id] !== 1) return undefined;
  return terms as OpNode[];
}

/** Node ids outside ops [first, first + count) that those ops read, in the order first read. */
function externalInputs(nodes: readonly OpNode[], first: number, count: number): number[] {
  const out: number[] = [];
  for (let k = first; k < first + count; k++)
    for (const i of nodes[k].inputs) if ((i < first || i >= first + count) && !out.includes(i)) out.push(i);
  return out.length ? out : [-1];
}

/** Blocks nothing reads that are not outputs either: costed, but probably wired by mistake. */
function unreadBlocks(
  rows: readonly BlockSummary[],
  outputIds: readonly string[] | undefined,
): AnalysisWarning[] {
  if (!rows.length) return [];
  const read = new Set<string>(outputIds ?? [rows[rows.length - 1].id]);
  for (const r of rows) for (const id of r.inputIds) read.add(id);
  const warnings: AnalysisWarning[] = [];
  for (const r of rows) {
    if (!read.has(r.id))
      warnings.push({
        block: r.index,
        field: 'inputs',
        message:
          'nothing reads this block and it is not an output of the design: it is costed, but check its wiring',
      });
  }
  return warnings;
}

/**
 * Largest number of activation elements alive at once when ops run in order. A tensor is alive
 * from the op that writes it until the last op that reads it (or any in-place alias of it); the
 * network input is alive until its last reader, the final output to the end.
 * Ops are added in order while the graph is analysed; `peak` then sweeps typed arrays only.
 */
class LiveTensors {
  /** buffer[k]: the op whose new tensor op k's output lives in (-1 = the network input). */
  private readonly buffer: Int32Array;
  /** Elements op k writes (0 for in-place ops). */
  private readonly size: Float64Array;
  /** lastUse[b + 1]: the last op that reads buffer b. */
  private readonly lastUse: Int32Array;
  /** The buffers op k reads: reads[readStart[k] .. readStart[k + 1]). */
  private readonly readStart: Int32Array;
  private reads: Int32Array;
  private count = 0;
  private readCount = 0;

  constructor(capacity: number) {
    this.buffer = new Int32Array(capacity);
    this.size = new Float64Array(capacity);
    this.lastUse = new Int32Array(capacity + 1).fill(-1);
    this.readStart = new Int32Array(capacity + 1);
    this.reads = new Int32Array(2 * capacity + 8);
  }

  add(k: number, activations: number, inputs: readonly number[]): void {
    const buffer = this.buffer;
    buffer[k] = activations > 0 || inputs.length === 0 ? k : inputs[0] >= 0 ? buffer[inputs[0]] : -1;
    this.size[k] = activations;
    this.readStart[k] = this.readCount;
    for (let j = 0; j < inputs.length; j++) {
      const i = inputs[j];
      const b = i >= 0 ? buffer[i] : -1;
      this.lastUse[b + 1] = k;
      if (this.readCount === this.reads.length) {
        const grown = new Int32Array(2 * this.reads.length);
        grown.set(this.reads);
        this.reads = grown;
      }
      this.reads[this.readCount++] = b;
    }
    this.count = k + 1;
  }

  /** The peak, with the network outputs (node ids, -1 = the input) kept alive to the end. */
  peak(inputElems: number, outputs: readonly number[]): number {
    const { buffer, size, lastUse, readStart, reads, count } = this;
    readStart[count] = this.readCount;
    for (const o of outputs) lastUse[(o >= 0 ? buffer[o] : -1) + 1] = count;
    let live = inputElems;
    let peak = live;
    if (lastUse[0] === -1) live -= inputElems;
    // freed[b + 1] = k once buffer b has been released at op k: an op may read one buffer through
    // several inputs (the same tensor twice, or a tensor and an in-place alias of it).
    const freed = new Int32Array(count + 1).fill(-1);
    for (let k = 0; k < count; k++) {
      if (buffer[k] === k) live += size[k];
      if (live > peak) peak = live;
      for (let r = readStart[k]; r < readStart[k + 1]; r++) {
        const b = reads[r];
        if (lastUse[b + 1] === k && freed[b + 1] !== k) {
          freed[b + 1] = k;
          live -= b >= 0 ? size[b] : inputElems;
        }
      }
    }
    return peak;
  }
}
