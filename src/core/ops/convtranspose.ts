import { BIAS_FLOPS_PER_ELEMENT } from '../convention.ts';
import { fail, requireDivisible, requirePositiveInt } from '../errors.ts';
import { elements, type Shape, shape } from '../shape.ts';
import { type ConvTransposeSpec, NO_EXTRAS, type OpCost } from './types.ts';

/**
 * Output size of a transposed conv along one axis, in pixels (dilation 1):
 * explicit pads: (in - 1) * s + k - padTotal + outputPadding    (ONNX, PyTorch)
 * "valid":       (in - 1) * s + k                                 (no padding)
 * "same":        in * s                                           (TensorFlow, ONNX SAME_UPPER)
 */
export function transposedOutSize(
  input: number,
  k: number,
  stride: number,
  padTotal: number | 'same',
  outputPadding: number,
): number {
  if (padTotal === 'same') return input * stride + outputPadding;
  const out = (input - 1) * stride + k - padTotal + outputPadding;
  if (out < 1) fail(`padding ${padTotal} leaves no output (size ${out})`, 'padding', padTotal);
  return out;
}

/**
 * Where convcost's output window starts inside the full transposed output ((H - 1) * s + k rows),
 * in pixels [top, left]: "valid" 0; "same" floor(max(k - s, 0) / 2) (TensorFlow's crop, the odd
 * pixel cut at the bottom/right); explicit pads their top and left. Every runtime's builder crops
 * from here, so they agree with the output size above.
 */
export function transposedCropOffset(
  s: Pick<ConvTransposeSpec, 'kernel' | 'stride' | 'padding'>,
): [number, number] {
  if (s.padding === 'valid') return [0, 0];
  if (s.padding === 'same')
    return [
      Math.floor(Math.max(s.kernel[0] - s.stride[0], 0) / 2),
      Math.floor(Math.max(s.kernel[1] - s.stride[1], 0) / 2),
    ];
  return [s.padding[0], s.padding[2]];
}

/**
 * Transposed 2-D convolution (M input, N output channels, G groups).
 * MACs   = n * H_in * W_in * M * (N / G) * kh * kw   (each input element meets kh*kw*N/G weights)
 * params = M * (N / G) * kh * kw  (+ N bias)
 * extra  = bias add, 1 FLOP per output element when there is a bias.
 */
export function convtransposeCost([x]: readonly Shape[], s: ConvTransposeSpec): OpCost {
  requirePositiveInt(s.filters, 'filters');
  requirePositiveInt(s.groups, 'groups');
  for (const v of [...s.kernel, ...s.stride]) requirePositiveInt(v, 'kernel');
  requireDivisible(x.c, s.groups, 'input channels', 'groups', 'groups');
  requireDivisible(s.filters, s.groups, 'output channels', 'groups', 'groups');
  const [op0, op1] = s.outputPadding;
  if (op0 < 0 || op1 < 0 || op0 >= s.stride[0] || op1 >= s.stride[1])
    fail(
      `output padding must be below the stride, got [${op0}, ${op1}] with stride [${s.stride.join(', ')}]`,
      'outputPadding',
      s.outputPadding,
    );
  let h: number;
  let w: number;
  if (s.padding === 'same') {
    h = transposedOutSize(x.h, s.kernel[0], s.stride[0], 'same', op0);
    w = transposedOutSize(x.w, s.kernel[1], s.stride[1], 'same', op1);
  } else {
    const [t, b, l, r] = s.padding === 'valid' ? [0, 0, 0, 0] : s.padding;
    h = transposedOutSize(x.h, s.kernel[0], s.stride[0], t + b, op0);
    w = transposedOutSize(x.w, s.kernel[1], s.stride[1], l + r, op1);
  }
  const out = shape(x.n, h, w, s.filters);
  const perInput = (s.filters / s.groups) * s.kernel[0] * s.kernel[1];
  return {
    out,
    macs: elements(x) * perInput,
    params: x.c * perInput + (s.bias ? s.filters : 0),
    buffers: 0,
    extra: s.bias
      ? { bias: elements(out) * BIAS_FLOPS_PER_ELEMENT, bn: 0, act: 0, pool: 0, other: 0 }
      : NO_EXTRAS,
    newTensor: true,
    touchesData: true,
    layer: true,
  };
}
