import type { Layout } from '../ir.ts';

/** convcost's tensor shape, channels-last: n x h x w x c. */
export interface Nhwc {
  n: number;
  h: number;
  w: number;
  c: number;
}

/**
 * An IR tensor's dims as convcost's n x h x w x c, when the tensor is one: rank 4 in the graph's
 * layout; rank 2 [N, F] is 1 x 1 x F (a dense layer's input or output); rank 3 is a sequence
 * [N, L, C], 1 x L x C. Other ranks have no such shape.
 */
export function toNhwc(dims: readonly number[], layout: Layout): Nhwc | undefined {
  if (dims.length === 4)
    return layout === 'NCHW'
      ? { n: dims[0], c: dims[1], h: dims[2], w: dims[3] }
      : { n: dims[0], h: dims[1], w: dims[2], c: dims[3] };
  if (dims.length === 2) return { n: dims[0], h: 1, w: 1, c: dims[1] };
  // Sequences [N, L, C] (tokens, features last, as attention and dense layers read them).
  if (dims.length === 3) return { n: dims[0], h: 1, w: dims[1], c: dims[2] };
  return undefined;
}

export const sameShape = (a: Nhwc, b: Nhwc) => a.n === b.n && a.h === b.h && a.w === b.w && a.c === b.c;

export const showShape = (s: Nhwc) => `${s.h}x${s.w}x${s.c}`;

/** The channel axis of a rank-r IR tensor in this layout (convcost's c). */
export function channelAxis(rank: number, layout: Layout): number {
  if (rank === 2) return 1;
  return layout === 'NCHW' && rank === 4 ? 1 : rank - 1;
}

/** The [h, w] axes of a rank-4 tensor. */
export const spatialOf = (layout: Layout): [number, number] => (layout === 'NCHW' ? [2, 3] : [1, 2]);
