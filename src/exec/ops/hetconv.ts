import * as tf from '@tensorflow/tfjs-core';
import { explicitPadding, type HetConvSpec } from '../../core/index.ts';
import { hetEmulation, hetMethod } from '../emulation.ts';
import { convPadding } from './padding.ts';
import type { OpBuilder } from './types.ts';

/**
 * Where a 1x1 kernel sits inside a kh x kw window so that it reads the pixel a 1x1 conv of the same
 * stride would read: the top/left padding, clamped to the kernel (the centre for odd kernels at
 * stride 1 with "same" padding).
 */
export function hetTap(s: HetConvSpec, x: { n: number; h: number; w: number; c: number }) {
  const [t, b, l, r] = explicitPadding(x, s.kernel, s.stride, [1, 1], s.padding);
  const [kh, kw] = s.kernel;
  const th = Math.min(t, kh - 1);
  const tw = Math.min(l, kw - 1);
  return { th, tw, pads: { t: t - th, b: b - (kh - 1 - th), l: l - tw, r: r - (kw - 1 - tw) } };
}

/**
 * The paper's exact HetConv layer (Singh et al. 2019). Filter j has kh x kw kernels on the input
 * channels i with i = j (mod P) and 1x1 kernels on the others, so the pattern shifts by one channel
 * from one filter to the next. Trainable tensors hold exactly those weights:
 *   kernel_kxk [kh, kw, M/P, N]: kxk[., ., t, j] acts on channel t*P + (j mod P);
 *   kernel_1x1 [M - M/P, N]:     pw[s, j] acts on the s-th channel (ascending) with i != j (mod P).
 * Two executions, same output: 'masked' puts them in one full kh x kw kernel (zeros elsewhere, the
 * 1x1 weights at the tap) and pays a standard conv; 'per-part' runs, for each residue r of j mod P,
 * a kh x kw conv on the M/P channels r, r+P, ... plus a 1x1 conv on the other M - M/P channels,
 * which performs exactly the paper's MACs.
 */
export const hetconvBuilder: OpBuilder<HetConvSpec> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const M = x.c;
  const N = s.filters;
  const P = s.part;
  const big = M / P;
  const small = M - big;
  const [kh, kw] = s.kernel;
  const fanIn = big * kh * kw + small;
  const kxk = ctx.param('kernel_kxk', [kh, kw, big, N], { kind: 'he', fanIn }) as tf.Tensor4D;
  const pw = small > 0 ? ctx.param('kernel_1x1', [small, N], { kind: 'he', fanIn }) : undefined;
  const bias = s.bias ? ctx.param('bias', [N], { kind: 'uniform', lo: -0.1, hi: 0.1 }) : undefined;
  const withBias = (y: tf.Tensor4D) => (bias ? tf.add(y, bias) : y);
  const strides: [number, number] = [s.stride[0], s.stride[1]];
  const pad = convPadding(s.padding, x, s.kernel, s.stride, [1, 1]);
  const tap = hetTap(s, x);
  const emulation = hetEmulation(ctx.node, ctx.options.hetconv);

  if (hetMethod(s, ctx.options.hetconv) === 'hetconv:masked') {
    const full = ctx.derived('kernel_masked', maskedKernel(kxk, pw, s, M, tap.th, tap.tw));
    return { emulation, run: ([xi]) => withBias(tf.conv2d(xi as tf.Tensor4D, full, strides, pad)) };
  }

  // One part per residue r: filters r, r+P, ... (count nr), input channels r, r+P, ... and the rest.
  const parts: {
    a: tf.Tensor1D;
    b: tf.Tensor1D | undefined;
    wk: tf.Tensor4D;
    wp: tf.Tensor4D | undefined;
  }[] = [];
  const order: number[] = [];
  for (let r = 0; r < Math.min(P, N); r++) {
    const filters: number[] = [];
    for (let j = r; j < N; j += P) filters.push(j);
    order.push(...filters);
    const chA: number[] = [];
    const chB: number[] = [];
    for (let i = 0; i < M; i++) (i % P === r ? chA : chB).push(i);
    const fIdx = tf.tensor1d(filters, 'int32');
    parts.push({
      a: ctx.derived(`channels_kxk_${r}`, tf.tensor1d(chA, 'int32')),
      b: chB.length ? ctx.derived(`channels_1x1_${r}`, tf.tensor1d(chB, 'int32')) : undefined,
      wk: ctx.derived(`kernel_kxk_${r}`, tf.gather(kxk, fIdx, 3) as tf.Tensor4D),
      wp: pw
        ? ctx.derived(
            `kernel_1x1_${r}`,
            tf.reshape(tf.gather(pw, fIdx, 1), [1, 1, small, filters.length]) as tf.Tensor4D,
          )
        : undefined,
    });
    fIdx.dispose();
  }
  // Position of filter j in the concatenation of the parts.
  const inverse = new Array<number>(N);
  order.forEach((j, pos) => {
    inverse[j] = pos;
  });
  const interleave = ctx.derived('interleave', tf.tensor1d(inverse, 'int32'));
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
      const [n, h, w, c] = x4.shape;
      const x1 = crop ? tf.slice(x4, [0, 0, 0, 0], [n, h + Math.min(p.b, 0), w + Math.min(p.r, 0), c]) : x4;
      const ys = parts.map((q) => {
        const y = tf.conv2d(tf.gather(x4, q.a, 3) as tf.Tensor4D, q.wk, strides, pad);
        return q.b && q.wp
          ? tf.add(y, tf.conv2d(tf.gather(x1, q.b, 3) as tf.Tensor4D, q.wp, strides, pad1))
          : y;
      });
      const cat = ys.length === 1 ? ys[0] : tf.concat(ys, 3);
      return withBias(tf.gather(cat, interleave, 3) as tf.Tensor4D);
    },
  };
};

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
