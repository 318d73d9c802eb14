import { BIAS_FLOPS_PER_ELEMENT } from '../convention.ts';
import { requireDivisible, requirePositiveInt } from '../errors.ts';
import { elements, type Shape, shape, windowOutput } from '../shape.ts';
import { type Conv2dSpec, NO_EXTRAS, type OpCost } from './types.ts';

/**
 * 2-D convolution, standard, grouped or depthwise.
 * MACs   = n * Ho * Wo * N * (M / G) * kh * kw          (M input, N output channels, G groups)
 * params = N * (M / G) * kh * kw  (+ N bias)
 * extra  = bias add, 1 FLOP per output element when there is a bias.
 */
export function conv2dCost([x]: readonly Shape[], s: Conv2dSpec): OpCost {
  requirePositiveInt(s.filters, 'filters');
  requirePositiveInt(s.groups, 'groups');
  requireDivisible(x.c, s.groups, 'input channels', 'groups', 'groups');
  requireDivisible(s.filters, s.groups, 'output channels', 'groups', 'groups');
  const { h, w } = windowOutput(x, s.kernel, s.stride, s.dilation, s.padding);
  const out = shape(x.n, h, w, s.filters);
  const perPosition = s.filters * (x.c / s.groups) * s.kernel[0] * s.kernel[1];
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
