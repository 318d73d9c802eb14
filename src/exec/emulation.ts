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

export type HetMethod = 'hetconv:masked' | 'hetconv:per-part';

export function hetMethod(s: HetConvSpec, choice: HetconvEmulation): HetMethod {
  if (choice === 'masked') return 'hetconv:masked';
  if (choice === 'per-part') return 'hetconv:per-part';
  // A 1x1 kernel or P = 1 is an ordinary conv; the per-part form only pays when it removes work.
  return s.part === 1 || s.kernel[0] * s.kernel[1] === 1 ? 'hetconv:masked' : 'hetconv:per-part';
}

/** HetConv has no kernel anywhere: either a full KxK conv on masked weights, or one conv pair per part. */
export function hetEmulation(node: OpNode, choice: HetconvEmulation): EmulationInfo {
  const s = node.spec as HetConvSpec;
  const x = node.inShapes[0];
  const out = node.cost.out;
  const positions = out.n * out.h * out.w;
  const k2 = s.kernel[0] * s.kernel[1];
  const P = s.part;
  const method = hetMethod(s, choice);
  if (method === 'hetconv:masked') {
    return {
      method,
      label: `HetConv P=${P} as one ${s.kernel.join('x')} conv on masked weights`,
      executedMacs: positions * x.c * s.filters * k2,
      extraElements: 0,
      extraKernels: 0,
      note: 'exact output; the zeros of the mask are multiplied too, so it does the work of a standard conv',
    };
  }
  const parts = Math.min(P, s.filters);
  return {
    method,
    label: `HetConv P=${P} as ${parts} parts: ${s.kernel.join('x')} conv on M/P channels + 1x1 on the other M - M/P`,
    executedMacs: node.cost.macs,
    extraElements: parts * x.n * x.h * x.w * x.c + 2 * positions * s.filters,
    extraKernels: 5 * parts + 1,
    note: "exact MACs (the paper's count); plus channel gathers of the input, a sum per part and a concat + interleave of the outputs",
  };
}
