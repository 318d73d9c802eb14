/**
 * Caps on what the execution path will try to run, checked before any tensor is made, so a design
 * too large for the wasm heap gets a clear message instead of an out-of-memory crash (pure).
 */
import type { BuiltGraph } from '../design/analyze.ts';
import { emulationOf } from './features.ts';
import type { RunOptions } from './types.ts';

export interface ExecLimits {
  /** Largest single tensor (weights, activation or emulation intermediate), elements. */
  maxTensorElements: number;
  /** Weights + buffers + derived copies + live activations, bytes. */
  maxTotalBytes: number;
  /** Formula MACs of one forward pass (the run repeats it many times). */
  maxMacs: number;
}

/** The browser's wasm heap is at most 4 GB and shared with everything else on the page's worker. */
export const BROWSER_LIMITS: ExecLimits = {
  maxTensorElements: 64 * 2 ** 20,
  maxTotalBytes: 1.5 * 2 ** 30,
  maxMacs: 25e9,
};
export const NODE_LIMITS: ExecLimits = {
  maxTensorElements: 128 * 2 ** 20,
  maxTotalBytes: 3 * 2 ** 30,
  maxMacs: 50e9,
};

export interface MemoryEstimate {
  weightElements: number;
  derivedElements: number;
  /** Largest tensor and the op it belongs to. */
  largestElements: number;
  largestWhere: string;
  /** Sum of every op output: an upper bound on live activations. */
  activationElements: number;
  totalBytes: number;
  macs: number;
}

export function estimateMemory(
  graph: BuiltGraph,
  options: Pick<RunOptions, 'grouped' | 'hetconv'>,
): MemoryEstimate {
  let weights = 0;
  let derived = 0;
  let largest = graph.input.n * graph.input.h * graph.input.w * graph.input.c;
  let where = 'the input';
  let peakOut = largest;
  let macs = 0;
  for (const n of graph.nodes) {
    const c = n.cost;
    const out = c.out.n * c.out.h * c.out.w * c.out.c;
    weights += c.params + c.buffers;
    macs += c.macs;
    const e = emulationOf(n, options);
    if (e)
      derived += e.method === 'hetconv:masked' ? e.executedMacs / (c.out.n * c.out.h * c.out.w) : c.params;
    for (const [size, what] of [
      [out, `${n.name} output`],
      [c.params, `${n.name} weights`],
      [e?.extraElements ?? 0, `${n.name} intermediate (${e?.method})`],
    ] as const) {
      if (size > largest) {
        largest = size;
        where = what;
      }
    }
    peakOut = Math.max(peakOut, out + (e?.extraElements ?? 0));
  }
  // Live activations: the analysis' peak is not needed to this precision; a few outputs at once.
  const activation = 4 * peakOut;
  return {
    weightElements: weights,
    derivedElements: derived,
    largestElements: largest,
    largestWhere: where,
    activationElements: activation,
    totalBytes: 4 * (weights + derived + activation),
    macs,
  };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Undefined if the design can run, else one sentence saying what is too large. */
export function limitProblem(
  graph: BuiltGraph,
  options: Pick<RunOptions, 'grouped' | 'hetconv'>,
  limits: ExecLimits,
): string | undefined {
  const m = estimateMemory(graph, options);
  if (m.largestElements > limits.maxTensorElements)
    return `too large to run here: ${m.largestWhere} has ${(m.largestElements / 1e6).toFixed(1)} M elements (${mb(4 * m.largestElements)}), the limit is ${mb(4 * limits.maxTensorElements)} per tensor. Reduce the input size or the widths.`;
  if (m.totalBytes > limits.maxTotalBytes)
    return `too large to run here: about ${mb(m.totalBytes)} of weights and activations, the limit is ${mb(limits.maxTotalBytes)}. Reduce the input size or the widths.`;
  if (m.macs > limits.maxMacs)
    return `too slow to time here: ${(m.macs / 1e9).toFixed(1)} G MACs per forward pass, the limit is ${(limits.maxMacs / 1e9).toFixed(0)} G.`;
  return undefined;
}
