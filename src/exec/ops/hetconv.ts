import * as tf from '@tensorflow/tfjs-core';
import { type HetConvSpec, hetconvTap } from '../../core/index.ts';
import { convMethod, hetEmulation, hetGroupedSpec, hetMethod } from '../emulation.ts';
import { groupedConvDwSum, groupedConvSplit, groupedToDepthwise, splitKernel } from '../grouped.ts';
import { convPadding } from './padding.ts';
import type { OpBuilder } from './types.ts';

/** The 1x1 kernels' place in the window: one definition, in the core (hetconvTap). */
export const hetTap = (s: HetConvSpec, x: { h: number; w: number }) => hetconvTap(x, s);

/**
 * The paper's exact HetConv layer (Singh et al. 2019). Filter j has kh x kw kernels on the input
 * channels i with i = j (mod P) and 1x1 kernels on the others, so the pattern shifts by one channel
 * from one filter to the next. Trainable tensors hold exactly those weights:
 *   kernel_kxk [kh, kw, M/P, N]: kxk[., ., t, j] acts on channel t*P + (j mod P);
 *   kernel_1x1 [M - M/P, N]:     pw[s, j] acts on the s-th channel (ascending) with i != j (mod P).
 * Two executions, same output: 'masked' puts them in one full kh x kw kernel (zeros elsewhere, the
 * 1x1 weights at the tap) and pays a standard conv; 'grouped' interleaves the input channels so
 * each residue class is contiguous, runs a grouped kh x kw conv (P groups) plus a full 1x1 conv
 * with zeros where the kh x kw kernels already are, and interleaves the outputs back: the common
 * "grouped + pointwise" implementation, paying the paper's MACs + N*M/P per position. (A variant
 * with exactly the paper's MACs needs a channel gather per part, which costs more than it saves on
 * this backend: tf.gather and strided slices run at about 10 ns per element in wasm.)
 */
export const hetconvBuilder: OpBuilder<HetConvSpec> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const M = x.c;
  const N = s.filters;
  const P = s.part;
  const big = M / P;
  const small = M - big;
  const [kh, kw] = s.kernel;
  const kxk = ctx.declared('kernel_kxk') as tf.Tensor4D;
  const pw = small > 0 ? ctx.declared('kernel_1x1') : undefined;
  const bias = s.bias ? ctx.declared('bias') : undefined;
  const withBias = (y: tf.Tensor4D) => (bias ? tf.add(y, bias) : y);
  const strides: [number, number] = [s.stride[0], s.stride[1]];
  const pad = convPadding(s.padding, x, s.kernel, s.stride, [1, 1]);
  const tap = hetTap(s, x);
  const emulation = hetEmulation(ctx.node, ctx.options.hetconv, ctx.options.grouped);

  if (hetMethod(s, ctx.options.hetconv) === 'hetconv:masked') {
    const full = ctx.derived('kernel_masked', maskedKernel(kxk, pw, s, M, tap.th, tap.tw));
    return { emulation, run: ([xi]) => withBias(tf.conv2d(xi as tf.Tensor4D, full, strides, pad)) };
  }

  // Grouped form: permute the input channels residue-major (channel t*P + r -> r*M/P + t, a cheap
  // transpose), run a grouped kh x kw conv with P groups (group r = filters r, r+P, ...) and a full
  // 1x1 conv whose weights are zero where a filter already has its kh x kw kernel, add, and
  // interleave the outputs back (another transpose).
  const mg = big;
  const ng = N / P;
  const { grouped, pointwise } = groupedWeights(kxk, pw, M, N, P);
  const method = convMethod(M, hetGroupedSpec(s), ctx.options.grouped);
  const gw = tf.tensor4d(grouped, [kh, kw, mg, N]);
  const runGrouped =
    method === 'grouped:dw-sum'
      ? (() => {
          const dw = ctx.derived('kernel_grouped_dw', groupedToDepthwise(gw, P));
          return (x: tf.Tensor4D) => groupedConvDwSum(x, dw, P, strides, pad, [1, 1]);
        })()
      : (() => {
          const parts = splitKernel(gw, P).map((k, g) => ctx.derived(`kernel_grouped_${g}`, k));
          return (x: tf.Tensor4D) => groupedConvSplit(x, parts, strides, pad, [1, 1]);
        })();
  const w1 = ctx.derived('kernel_1x1_masked', tf.tensor4d(pointwise, [1, 1, M, N]));
  const p = tap.pads;
  const pad1: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [p.t, Math.max(p.b, 0)],
    [p.l, Math.max(p.r, 0)],
    [0, 0],
  ];
  const crop = p.b < 0 || p.r < 0;
  return {
    emulation,
    run: ([xi]) => {
      const x4 = xi as tf.Tensor4D;
      const [n, h, w] = x4.shape;
      const xp = interleave(x4, mg, P);
      const x1 = crop ? tf.slice(xp, [0, 0, 0, 0], [n, h + Math.min(p.b, 0), w + Math.min(p.r, 0), M]) : xp;
      const y = tf.add(runGrouped(xp), tf.conv2d(x1, w1, strides, pad1)) as tf.Tensor4D;
      return withBias(interleave(y, P, ng));
    },
  };
};

/** Views C = a*b channels as a x b and transposes them: channel i*b + j moves to j*a + i. */
export function interleave(x: tf.Tensor4D, a: number, b: number): tf.Tensor4D {
  const [n, h, w] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [n, h, w, a, b]), [0, 1, 2, 4, 3]), [n, h, w, a * b]);
}

/**
 * Weights of the grouped form in residue-major order. Grouped [kh, kw, M/P, N]: column q = r*(N/P) + u
 * is filter j = u*P + r, row t its kernel on channel t*P + r. 1x1 [M, N]: row p = r'*(M/P) + t' is
 * channel i = t'*P + r'; zero where r' = r (the filter's kh x kw channels), else its 1x1 weight.
 */
export function groupedWeights(kxkT: tf.Tensor, pwT: tf.Tensor | undefined, M: number, N: number, P: number) {
  const [kh, kw] = kxkT.shape;
  const k = kxkT.dataSync();
  const q = pwT?.dataSync();
  const mg = M / P;
  const ng = N / P;
  const grouped = new Float32Array(kh * kw * mg * N);
  const pointwise = new Float32Array(M * N);
  for (let col = 0; col < N; col++) {
    const r = Math.floor(col / ng);
    const j = (col % ng) * P + r;
    for (let ab = 0; ab < kh * kw; ab++)
      for (let t = 0; t < mg; t++) grouped[(ab * mg + t) * N + col] = k[(ab * mg + t) * N + j];
    // s-th "other" channel of filter j, ascending in the original channel order.
    let sIdx = 0;
    for (let i = 0; i < M; i++) {
      if (i % P === r) continue;
      const row = (i % P) * mg + Math.floor(i / P);
      pointwise[row * N + col] = q![sIdx * N + j];
      sIdx++;
    }
  }
  return { grouped, pointwise };
}

/** The exact layer as one full [kh, kw, M, N] kernel: kh x kw kernels where j = i (mod P), 1x1 weights at the tap. */
export function maskedKernel(
  kxk: tf.Tensor4D,
  pw: tf.Tensor | undefined,
  s: HetConvSpec,
  M: number,
  th: number,
  tw: number,
): tf.Tensor4D {
  const [kh, kw] = s.kernel;
  const N = s.filters;
  const P = s.part;
  const big = M / P;
  const k = kxk.dataSync();
  const q = pw?.dataSync();
  const full = new Float32Array(kh * kw * M * N);
  for (let j = 0; j < N; j++) {
    const r = j % P;
    let sIdx = 0;
    for (let i = 0; i < M; i++) {
      if (i % P === r) {
        const t = (i - r) / P;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++)
            full[((a * kw + b) * M + i) * N + j] = k[((a * kw + b) * big + t) * N + j];
      } else {
        full[((th * kw + tw) * M + i) * N + j] = q![sIdx * N + j];
        sIdx++;
      }
    }
  }
  return tf.tensor4d(full, [kh, kw, M, N]);
}
