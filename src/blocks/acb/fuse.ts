import { samePadTotal } from '../../core/shape.ts';

/**
 * ACNet's deploy-time fusion (Ding et al., ICCV 2019, section 3.3 / eq. 6) on plain weights.
 *
 * Layout is channels-last like TensorFlow: kernels are HWIO, element (y, x, i, o) at
 * ((y * kw + x) * cin + i) * cout + o. BatchNorm parameters are per output channel.
 *
 * 1. BN folding, per branch: with sigma = sqrt(var + eps),
 *      W' = W * gamma / sigma,   b' = beta + (b - mu) * gamma / sigma   (b = the conv's own bias, 0 if none)
 * 2. Branch fusion: the 1xK kernel is added into row `row` of the KxK kernel, the Kx1 kernel into
 *    column `col`, and the three biases are summed. With symmetric padding (and TensorFlow "same"
 *    at stride 1) row and col are the centre, (kh - 1)/2 and (kw - 1)/2.
 *
 * Convolution is linear in the kernel, and the three branches read the same input windows at the
 * same stride, so conv(x, W1) + conv(x, W2) = conv(x, W1 (+) W2) once the kernels are aligned.
 */

export type Weights = ArrayLike<number>;

export interface BatchNormParams {
  gamma: Weights;
  beta: Weights;
  mean: Weights;
  variance: Weights;
}

export interface AcbBranch {
  /** HWIO kernel of this branch (kh x kw, 1 x kw or kh x 1). */
  kernel: Weights;
  /** The conv's own bias (usually absent when BN follows). */
  bias?: Weights;
  bn: BatchNormParams;
}

export interface AcbWeights {
  /** kh x kw x cin x cout */
  square: AcbBranch;
  /** 1 x kw x cin x cout (horizontal) */
  hor: AcbBranch;
  /** kh x 1 x cin x cout (vertical) */
  ver: AcbBranch;
}

export interface AcbGeometry {
  kh: number;
  kw: number;
  cin: number;
  cout: number;
  /** Row of the KxK kernel the 1xK branch lines up with; default the centre (kh - 1)/2. */
  row?: number;
  /** Column of the KxK kernel the Kx1 branch lines up with; default the centre (kw - 1)/2. */
  col?: number;
  /** BatchNorm epsilon; default 1e-3 (TensorFlow/Keras). PyTorch uses 1e-5. */
  eps?: number;
}

export interface FusedConv {
  /** kh x kw x cin x cout */
  kernel: Float32Array;
  /** cout */
  bias: Float32Array;
}

function expectLength(w: Weights, n: number, what: string): void {
  if (w.length !== n) throw new RangeError(`${what} has ${w.length} values, expected ${n}`);
}

/**
 * Folds a BatchNorm into the conv before it: W * gamma / sigma and beta + (b - mu) * gamma / sigma.
 * `taps` is the number of kernel positions (kh * kw); returns a new kernel and bias.
 */
export function foldBatchNorm(
  branch: AcbBranch,
  taps: number,
  cin: number,
  cout: number,
  eps = 1e-3,
): { kernel: Float64Array; bias: Float64Array } {
  const { kernel, bias, bn } = branch;
  expectLength(kernel, taps * cin * cout, 'kernel');
  for (const [k, v] of Object.entries(bn)) expectLength(v as Weights, cout, `BN ${k}`);
  if (bias) expectLength(bias, cout, 'bias');
  const scale = new Float64Array(cout);
  const folded = new Float64Array(cout);
  for (let o = 0; o < cout; o++) {
    const sigma = Math.sqrt(bn.variance[o] + eps);
    scale[o] = bn.gamma[o] / sigma;
    folded[o] = bn.beta[o] + ((bias ? bias[o] : 0) - bn.mean[o]) * scale[o];
  }
  const out = new Float64Array(kernel.length);
  for (let j = 0; j < kernel.length; j++) out[j] = kernel[j] * scale[j % cout];
  return { kernel: out, bias: folded };
}

/** The fused KxK conv of an ACB: BN folded into each branch, the branches added into one kernel. */
export function fuseAcb(w: AcbWeights, geo: AcbGeometry): FusedConv {
  const { kh, kw, cin, cout } = geo;
  const row = geo.row ?? (kh - 1) / 2;
  const col = geo.col ?? (kw - 1) / 2;
  if (!Number.isInteger(row) || row < 0 || row >= kh)
    throw new RangeError(`row ${row} is not a row of a ${kh}x${kw} kernel (an even side has no centre)`);
  if (!Number.isInteger(col) || col < 0 || col >= kw)
    throw new RangeError(
      `column ${col} is not a column of a ${kh}x${kw} kernel (an even side has no centre)`,
    );
  const eps = geo.eps ?? 1e-3;
  const sq = foldBatchNorm(w.square, kh * kw, cin, cout, eps);
  const hor = foldBatchNorm(w.hor, kw, cin, cout, eps);
  const ver = foldBatchNorm(w.ver, kh, cin, cout, eps);
  const kernel = sq.kernel;
  const plane = cin * cout;
  // 1 x kw branch: its (0, x) tap goes to (row, x).
  for (let x = 0; x < kw; x++) {
    const to = (row * kw + x) * plane;
    const from = x * plane;
    for (let j = 0; j < plane; j++) kernel[to + j] += hor.kernel[from + j];
  }
  // kh x 1 branch: its (y, 0) tap goes to (y, col).
  for (let y = 0; y < kh; y++) {
    const to = (y * kw + col) * plane;
    const from = y * plane;
    for (let j = 0; j < plane; j++) kernel[to + j] += ver.kernel[from + j];
  }
  const bias = new Float32Array(cout);
  for (let o = 0; o < cout; o++) bias[o] = sq.bias[o] + hor.bias[o] + ver.bias[o];
  return { kernel: Float32Array.from(kernel), bias };
}

/**
 * Row and column the 1xK and Kx1 branches line up with when all three convs use TensorFlow
 * "same" padding: the KxK conv's top (left) pad, since a 1-tap axis gets no padding. At stride 1
 * with odd K that is the centre; at stride 2 on an even input it is K/2 - 1 (row 0 for K = 3).
 */
export function sameAlignment(
  input: { h: number; w: number },
  kernel: readonly [number, number],
  stride: readonly [number, number],
): { row: number; col: number } {
  return {
    row: Math.floor(samePadTotal(input.h, kernel[0], stride[0], 1) / 2),
    col: Math.floor(samePadTotal(input.w, kernel[1], stride[1], 1) / 2),
  };
}
