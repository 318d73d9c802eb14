import { BIAS_FLOPS_PER_ELEMENT } from '../convention.ts';
import { requireDivisible, requirePositiveInt } from '../errors.ts';
import { elements, explicitPadding, type Shape, shape, windowOutput } from '../shape.ts';
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

/**
 * Where the 1x1 kernels of a HetConv filter sit inside its kh x kw window: th rows and tw columns
 * in, the window's top/left padding clamped to the kernel, so each 1x1 reads the pixel a 1x1 conv
 * of the same stride reads (the centre for an odd kernel at stride 1 with "same" padding, the
 * top-left corner with "valid"). `pads` is the padding [t, b, l, r] such a 1x1 conv needs to give
 * the kh x kw conv's output grid: t = top - th, b = bottom - (kh - 1 - th), likewise l and r; a
 * negative b or r is rows/columns at the bottom/right it must not read. The one definition of the
 * tap: the exact layer's execution and the grouped+pointwise form's 1x1 branch both use it.
 */
export function hetconvTap(
  x: Pick<Shape, 'h' | 'w'>,
  s: Pick<HetConvSpec, 'kernel' | 'stride' | 'padding'>,
): { th: number; tw: number; pads: { t: number; b: number; l: number; r: number } } {
  const [t, b, l, r] = explicitPadding({ n: 1, c: 1, ...x }, s.kernel, s.stride, [1, 1], s.padding);
  const [kh, kw] = s.kernel;
  const th = Math.min(t, kh - 1);
  const tw = Math.min(l, kw - 1);
  return { th, tw, pads: { t: t - th, b: b - (kh - 1 - th), l: l - tw, r: r - (kw - 1 - tw) } };
}
