import { BIAS_FLOPS_PER_ELEMENT } from '../convention.ts';
import { requireDivisible, requirePositiveInt } from '../errors.ts';
import { elements, type Shape, shape, windowOutput } from '../shape.ts';
import { type HetConvSpec, NO_EXTRAS, type OpCost } from './types.ts';

/**
 * Heterogeneous convolution (Singh et al., CVPR 2019), the paper's exact layer: each of the N
 * filters has M/P kernels of size kh x kw and M - M/P kernels of size 1x1, the kh x kw positions
 * shifted by one channel from one filter to the next.
 * MACs   = n * Ho * Wo * N * (M/P * kh*kw + (M - M/P))
 * params = N * (M/P * kh*kw + M - M/P)  (+ N bias)
 * P = 1 is a standard conv. One sequential layer.
 */
export function hetconvCost([x]: readonly Shape[], s: HetConvSpec): OpCost {
  requirePositiveInt(s.filters, 'filters');
  requirePositiveInt(s.part, 'part');
  requireDivisible(x.c, s.part, 'input channels', 'P', 'part');
  const { h, w } = windowOutput(x, s.kernel, s.stride, [1, 1], s.padding);
  const out = shape(x.n, h, w, s.filters);
  const big = x.c / s.part;
  const perPosition = s.filters * (big * s.kernel[0] * s.kernel[1] + (x.c - big));
  return {
    out,
    macs: x.n * h * w * perPosition,
    params: perPosition + (s.bias ? s.filters : 0),
    buffers: 0,
    extra: s.bias
      ? { bias: elements(out) * BIAS_FLOPS_PER_ELEMENT, bn: 0, act: 0, pool: 0, other: 0 }
      : NO_EXTRAS,
    newTensor: true,
    touchesData: true,
    layer: true,
  };
}
