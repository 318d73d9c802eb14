import { explicitPadding, type Padding, type Pair, type Shape } from '../../core/index.ts';
import type { TfPadding } from '../grouped.ts';

/** convcost's padding as TensorFlow.js takes it: "same"/"valid", or explicit per-side pixels. */
export function tfPadding(p: Padding): TfPadding {
  if (p === 'same' || p === 'valid') return p;
  const [t, b, l, r] = p;
  return [
    [0, 0],
    [t, b],
    [l, r],
    [0, 0],
  ];
}

/**
 * Padding for a conv on the wasm backend, always explicit. tfjs-backend-wasm 4.22 hands "same" to
 * XNNPACK's TensorFlow-SAME mode, which goes wrong when an axis with a 1-tap kernel would get
 * negative padding (a 1x3 conv at stride 2 on an even input, or a 1x3 depthwise conv: its output
 * differs from the CPU backend and from TensorFlow by O(1)). Resolving "same" with the cost
 * model's own rule (TensorFlow's: the odd pixel at the bottom/right) sidesteps it; the execution
 * path found this by comparing ops against direct loops.
 */
export function convPadding(p: Padding, x: Shape, kernel: Pair, stride: Pair, dilation: Pair): TfPadding {
  if (p === 'valid') return 'valid';
  return tfPadding(explicitPadding(x, kernel, stride, dilation, p));
}
