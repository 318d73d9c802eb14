/** What the latency model and the tables know about an op before it runs (pure). */
import type { OpNode } from '../core/index.ts';
import { BYTES_PER_ELEMENT, elements, extraTotal, FLOPS_PER_MAC, opBytesMoved } from '../core/index.ts';
import type { OpSample } from './calibrate.ts';
import { convEmulation, convMethod, hetEmulation } from './emulation.ts';
import type { EmulationInfo, RunOptions } from './types.ts';

/** The emulation an op runs with under these options (undefined: a native TensorFlow.js kernel). */
export function emulationOf(
  node: OpNode,
  options: Pick<RunOptions, 'grouped' | 'hetconv'>,
): EmulationInfo | undefined {
  if (node.spec.op === 'conv2d') return convEmulation(node, options.grouped);
  if (node.spec.op === 'hetconv') return hetEmulation(node, options.hetconv, options.grouped);
  return undefined;
}

/** The op's class for the latency model: its kind, split by kernel (conv, 1x1, depthwise, each emulation). */
export function opClass(node: OpNode, options: Pick<RunOptions, 'grouped' | 'hetconv'>): string {
  const s = node.spec;
  if (s.op === 'conv2d') {
    const m = convMethod(node.inShapes[0].c, s, options.grouped);
    if (m === 'conv2d') return s.kernel[0] * s.kernel[1] === 1 ? 'conv1x1' : 'conv';
    return m;
  }
  if (s.op === 'hetconv') return hetEmulation(node, options.hetconv, options.grouped).method;
  return s.op;
}

/**
 * Bytes an op moves when it runs (in fp32, as every run does): the analysis's bytes moved
 * (opBytesMoved), plus the intermediates its emulation writes and reads back.
 */
export function opBytes(node: OpNode, emulation?: EmulationInfo): number {
  const c = node.cost;
  const fp32 = BYTES_PER_ELEMENT.fp32;
  let inElems = 0;
  for (const s of node.inShapes) inElems += elements(s);
  return (
    opBytesMoved(inElems, elements(c.out), c.touchesData, c.params + c.buffers, fp32) +
    fp32 * 2 * (emulation?.extraElements ?? 0)
  );
}

/** Work in FLOPs the kernels perform: 2 x executed MACs plus the element-wise extras. */
export function opFlops(node: OpNode, emulation?: EmulationInfo): number {
  return FLOPS_PER_MAC * (emulation?.executedMacs ?? node.cost.macs) + extraTotal(node.cost.extra);
}

export function opFeatures(
  node: OpNode,
  options: Pick<RunOptions, 'grouped' | 'hetconv'>,
): Omit<OpSample, 'ms'> {
  const e = emulationOf(node, options);
  return { cls: opClass(node, options), flops: opFlops(node, e), bytes: opBytes(node, e) };
}
