import { elements, type Shape, shape, windowOutput } from '../shape.ts';
import type { GlobalPoolSpec, OpCost, PoolSpec } from './types.ts';

/**
 * Max or average pooling over kh x kw windows.
 * extra.pool = out elements * (kh*kw - 1) compares (max) or kh*kw adds-and-divide (avg).
 */
export function poolCost([x]: readonly Shape[], s: PoolSpec): OpCost {
  const { h, w } = windowOutput(x, s.kernel, s.stride, [1, 1], s.padding);
  const out = shape(x.n, h, w, x.c);
  const window = s.kernel[0] * s.kernel[1];
  return {
    out,
    macs: 0,
    params: 0,
    buffers: 0,
    extra: {
      bias: 0,
      bn: 0,
      act: 0,
      pool: elements(out) * (s.mode === 'max' ? window - 1 : window),
      other: 0,
    },
    newTensor: true,
    touchesData: true,
    layer: false,
  };
}

/** Global pooling to n x 1 x 1 x C: H*W - 1 compares (max) or H*W adds-and-divide (avg) per channel. */
export function globalpoolCost([x]: readonly Shape[], s: GlobalPoolSpec): OpCost {
  const window = x.h * x.w;
  return {
    out: shape(x.n, 1, 1, x.c),
    macs: 0,
    params: 0,
    buffers: 0,
    extra: { bias: 0, bn: 0, act: 0, pool: x.n * x.c * (s.mode === 'max' ? window - 1 : window), other: 0 },
    newTensor: true,
    touchesData: true,
    layer: false,
  };
}
