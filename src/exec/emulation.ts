/**
 * How ops that TensorFlow.js has no kernel for are emulated, and what each emulation costs
 * beyond the formula. Pure: the builders, the memory caps and the UI all read these plans.
 */
import type { Conv2dSpec, HetConvSpec, OpNode } from '../core/index.ts';
import type { EmulationInfo, GroupedEmulation, HetconvEmulation } from './types.ts';

/** Input channels per group at or below which the depthwise-and-sum emulation is chosen by 'auto'. */
export const DW_SUM_MAX_CHANNELS_PER_GROUP = 8;

export type ConvMethod = 'conv2d' | 'depthwise' | 'grouped:dw-sum' | 'grouped:split';

/** Which kernel a conv2d op runs on: a standard conv, a depthwise conv, or a grouped-conv emulation. */
export function convMethod(inC: number, s: Conv2dSpec, choice: GroupedEmulation): ConvMethod {
  if (s.groups === 1) return 'conv2d';
  if (s.groups === inC) return 'depthwise';
  if (choice === 'dw-sum') return 'grouped:dw-sum';
  if (choice === 'split') return 'grouped:split';
  return inC / s.groups <= DW_SUM_MAX_CHANNELS_PER_GROUP ? 'grouped:dw-sum' : 'grouped:split';
}

/** The emulation a conv2d node runs with, or undefined when a TensorFlow.js kernel does it directly. */
export function convEmulation(node: OpNode, choice: GroupedEmulation): EmulationInfo | undefined {
  const s = node.spec as Conv2dSpec;
  const x = node.inShapes[0];
  const out = node.cost.out;
  const method = convMethod(x.c, s, choice);
  const G = s.groups;
  const positions = out.n * out.h * out.w;
  if (method === 'grouped:dw-sum') {
    const mg = x.c / G;
    // Depthwise conv with multiplier N/G writes M*N/G channels, then a sum over each group's M/G of them.
    return {
      method,
      label: `group conv G=${G} as depthwise (multiplier ${s.filters / G}) + per-group sum`,
      executedMacs: node.cost.macs,
      extraElements: positions * x.c * (s.filters / G),
      extraKernels: 2,
      note: `exact MACs, plus ${mg - 1} adds per output element and an intermediate of ${mg}x the output`,
    };
  }
  if (method === 'grouped:split') {
    return {
      method,
      label: `group conv G=${G} as ${G} slices + ${G} convs + concat`,
      executedMacs: node.cost.macs,
      extraElements: x.n * x.h * x.w * x.c + positions * s.filters,
      extraKernels: 2 * G,
      note: `exact MACs, plus a copy of the input (the slices), ${G} conv launches and a copy of the output (concat)`,
    };
  }
  return undefined;
}

export type HetMethod = 'hetconv:masked' | 'hetconv:grouped';

/** The grouped form needs N divisible by P (P groups of filters); 1x1 kernels or P = 1 are plain convs. */
export function hetGroupedPossible(s: HetConvSpec): boolean {
  return s.part > 1 && s.filters % s.part === 0 && s.kernel[0] * s.kernel[1] > 1;
}

export function hetMethod(s: HetConvSpec, choice: HetconvEmulation): HetMethod {
  if (choice === 'masked' || !hetGroupedPossible(s)) return 'hetconv:masked';
  return 'hetconv:grouped';
}

/** The grouped KxK conv (P groups, no bias) inside HetConv's grouped emulation. */
export function hetGroupedSpec(s: HetConvSpec): Conv2dSpec {
  return {
    op: 'conv2d',
    filters: s.filters,
    kernel: s.kernel,
    stride: s.stride,
    padding: s.padding,
    dilation: [1, 1],
    groups: s.part,
    bias: false,
  };
}

/**
 * HetConv has no kernel anywhere. Either one full KxK conv on masked weights (standard-conv work),
 * or a grouped KxK conv (P groups, after a channel interleave) plus a full 1x1 conv whose overlapping
 * weights are zero: the "as implemented" work, the paper's MACs + N*M/P per position.
 */
export function hetEmulation(
  node: OpNode,
  choice: HetconvEmulation,
  grouped: GroupedEmulation = 'auto',
): EmulationInfo {
  const s = node.spec as HetConvSpec;
  const x = node.inShapes[0];
  const out = node.cost.out;
  const positions = out.n * out.h * out.w;
  const k2 = s.kernel[0] * s.kernel[1];
  const P = s.part;
  const M = x.c;
  const N = s.filters;
  if (hetMethod(s, choice) === 'hetconv:masked') {
    return {
      method: 'hetconv:masked',
      label: `HetConv P=${P} as one ${s.kernel.join('x')} conv on masked weights`,
      executedMacs: positions * M * N * k2,
      extraElements: 0,
      extraKernels: 0,
      note: 'exact output; the zeros of the mask are multiplied too, so it does the work of a standard conv',
    };
  }
  const gSpec = hetGroupedSpec(s);
  const inner = convEmulation({ ...node, spec: gSpec }, grouped);
  const groupedMethod = convMethod(M, gSpec, grouped);
  return {
    method: 'hetconv:grouped',
    label: `HetConv P=${P} as channel interleave + grouped ${s.kernel.join('x')} conv (G=${P}) + masked 1x1 conv`,
    executedMacs: positions * ((M * N * k2) / P + M * N),
    extraElements: x.n * x.h * x.w * M + 3 * positions * N + (inner?.extraElements ?? 0),
    extraKernels: 5 + (inner?.extraKernels ?? 0),
    note: `exact output; executes the as-implemented MACs, the paper's count + N*M/P per position (zero 1x1 weights where a filter has its ${s.kernel.join('x')} kernel); the grouped conv runs as ${groupedMethod.replace('grouped:', '')}`,
  };
}
