/**
 * Receptive field and effective stride of every op of a primitive-op graph, per axis (H, W):
 *   r_out = r_in + (k_eff - 1) * j_in,  j_out = j_in * stride,  k_eff = d * (k - 1) + 1,
 * in input pixels, starting from r = 1, j = 1 at the network input. An op with several inputs
 * (add, concat, multiply) takes the largest r and j of its inputs: the largest path through the
 * branches. A global pool or a flatten covers its whole input map (k = its H and W).
 */
import type { OpNode } from './graph.ts';

export interface ReceptiveField {
  /** Receptive field in input pixels, [H, W]. */
  rf: [number, number];
  /** Effective stride (jump) in input pixels between neighbouring outputs, [H, W]. */
  jump: [number, number];
}

/** Receptive field and jump of every node's output, indexed like `nodes`. */
export function receptiveFields(nodes: readonly OpNode[]): ReceptiveField[] {
  const out: ReceptiveField[] = new Array(nodes.length);
  const start: ReceptiveField = { rf: [1, 1], jump: [1, 1] };
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    const ins = n.inputs.map((i) => (i >= 0 ? out[i] : start));
    const base: ReceptiveField = ins.length
      ? {
          rf: [Math.max(...ins.map((x) => x.rf[0])), Math.max(...ins.map((x) => x.rf[1]))],
          jump: [Math.max(...ins.map((x) => x.jump[0])), Math.max(...ins.map((x) => x.jump[1]))],
        }
      : start;
    const s = n.spec;
    let kernel: readonly [number, number] | undefined;
    let stride: readonly [number, number] = [1, 1];
    let dilation: readonly [number, number] = [1, 1];
    if (s.op === 'conv2d' || s.op === 'hetconv' || s.op === 'pool') {
      kernel = s.kernel;
      stride = s.stride;
      if (s.op === 'conv2d') dilation = s.dilation;
    } else if (s.op === 'globalpool' || s.op === 'flatten') {
      const i = n.inShapes[0];
      kernel = [i.h, i.w];
      stride = [i.h, i.w];
    } else if (s.op === 'padshortcut') {
      kernel = [1, 1];
      stride = [s.stride, s.stride];
    }
    if (!kernel) {
      out[k] = base;
      continue;
    }
    const axis = (a: 0 | 1) => base.rf[a] + dilation[a] * (kernel[a] - 1) * base.jump[a];
    out[k] = { rf: [axis(0), axis(1)], jump: [base.jump[0] * stride[0], base.jump[1] * stride[1]] };
  }
  return out;
}

/** "7x7 /2" or "7 /2" when square. */
export function formatReceptiveField(r: ReceptiveField): string {
  const rf = r.rf[0] === r.rf[1] ? `${r.rf[0]}` : `${r.rf[0]}x${r.rf[1]}`;
  const j = r.jump[0] === r.jump[1] ? `${r.jump[0]}` : `${r.jump[0]}x${r.jump[1]}`;
  return `${rf} /${j}`;
}
