import { fail, requirePositiveInt } from './errors.ts';

/** A tensor shape, channels-last: batch x height x width x channels. */
export interface Shape {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

export type Pair = readonly [number, number];
/** "same" and "valid" follow TensorFlow; an explicit padding gives [top, bottom, left, right] in pixels. */
export type Padding = 'same' | 'valid' | readonly [number, number, number, number];

export function shape(n: number, h: number, w: number, c: number): Shape {
  return { n, h, w, c };
}

/** Elements of a tensor: n*h*w*c. */
export function elements(s: Shape): number {
  return s.n * s.h * s.w * s.c;
}

/** Elements of one sample: h*w*c. */
export function sampleElements(s: Shape): number {
  return s.h * s.w * s.c;
}

export function pair(v: number | Pair): Pair {
  return typeof v === 'number' ? [v, v] : v;
}

export function formatShape(s: Shape): string {
  return `${s.n}x${s.h}x${s.w}x${s.c}`;
}

/**
 * Output size along one axis, in pixels.
 * explicit:  floor((in + padTotal - dilation*(k-1) - 1) / stride) + 1
 * "same":    ceil(in / stride)                          (TensorFlow)
 * "valid":   ceil((in - dilation*(k-1)) / stride)       (TensorFlow; same as explicit with padTotal 0)
 */
export function outSize(
  input: number,
  k: number,
  stride: number,
  dilation: number,
  padTotal: number | 'same',
): number {
  if (padTotal === 'same') return Math.ceil(input / stride);
  const span = dilation * (k - 1) + 1;
  if (input + padTotal < span) {
    fail(
      `kernel ${k} (dilated span ${span}) is larger than the padded input ${input + padTotal}`,
      'kernel',
      k,
    );
  }
  return Math.floor((input + padTotal - span) / stride) + 1;
}

/** Total padding TensorFlow's "same" adds along one axis: max((ceil(in/s)-1)*s + d*(k-1) + 1 - in, 0). */
export function samePadTotal(input: number, k: number, stride: number, dilation: number): number {
  const out = Math.ceil(input / stride);
  return Math.max((out - 1) * stride + dilation * (k - 1) + 1 - input, 0);
}

/** The [top, bottom, left, right] padding a window op uses, made explicit. */
export function explicitPadding(
  input: Shape,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  padding: Padding,
): readonly [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const ph = samePadTotal(input.h, kernel[0], stride[0], dilation[0]);
    const pw = samePadTotal(input.w, kernel[1], stride[1], dilation[1]);
    // TensorFlow puts the odd pixel at the bottom/right.
    return [Math.floor(ph / 2), ph - Math.floor(ph / 2), Math.floor(pw / 2), pw - Math.floor(pw / 2)];
  }
  return padding;
}

/** Output H x W of a sliding-window op (conv or pool). */
export function windowOutput(
  input: Shape,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  padding: Padding,
): { h: number; w: number } {
  requirePositiveInt(kernel[0], 'kernel');
  requirePositiveInt(kernel[1], 'kernel');
  requirePositiveInt(stride[0], 'stride');
  requirePositiveInt(stride[1], 'stride');
  requirePositiveInt(dilation[0], 'dilation');
  requirePositiveInt(dilation[1], 'dilation');
  if (padding === 'same') {
    return {
      h: outSize(input.h, kernel[0], stride[0], dilation[0], 'same'),
      w: outSize(input.w, kernel[1], stride[1], dilation[1], 'same'),
    };
  }
  const [t, b, l, r] = padding === 'valid' ? [0, 0, 0, 0] : padding;
  for (const p of [t, b, l, r]) {
    if (!Number.isInteger(p) || p < 0) fail(`padding must be non-negative integers, got ${p}`, 'padding', p);
  }
  return {
    h: outSize(input.h, kernel[0], stride[0], dilation[0], t + b),
    w: outSize(input.w, kernel[1], stride[1], dilation[1], l + r),
  };
}
