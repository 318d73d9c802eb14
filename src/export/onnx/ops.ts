/**
 * One ONNX writer per primitive op kind, the twin of core/ops OP_HANDLERS and exec OP_BUILDERS:
 * each writes its op as standard ONNX ops (opset 17, NCHW) with its seeded weights transposed
 * from TensorFlow.js's channels-last layout, so ONNX Runtime computes what TensorFlow.js computes.
 *
 * Values are 4-D (N, C, H, W) or, after a dense layer or a flatten, 2-D (N, F). A 2-D value made
 * by flattening an H x W x C tensor with H*W > 1 holds its features in ONNX's C, H, W order where
 * convcost (channels last) has H, W, C: it carries `hwc`, and a dense layer or BN reading it takes
 * its weights in that order; any other reader first gathers the features back into H, W, C order.
 */
import {
  explicitPadding,
  type OpKind,
  type OpNode,
  type OpSpec,
  type Shape,
  transposedCropOffset,
} from '../../core/index.ts';
import { hetGroupedPossible } from '../../exec/emulation.ts';
import { BN_EPSILON, LEAKY_ALPHA } from '../../exec/params.ts';
import { type AttrValue, OnnxGraphBuilder } from './graph.ts';

export interface Value {
  name: string;
  rank: 2 | 4;
  /** Set on a 2-D value flattened from an H x W x C tensor (features in C, H, W order). */
  hwc?: { h: number; w: number; c: number };
}

export interface OnnxOpCtx {
  g: OnnxGraphBuilder;
  node: OpNode;
  ins: Value[];
  /** Node-name prefix, "/<block>/<op>" (the import reader turns it back into "block.op"). */
  scope: string;
  /** The op's declared tensor in TensorFlow.js layout (seeded), or undefined for a structure-only file. */
  weight(name: string): Float32Array | undefined;
}

export interface HetconvForm {
  form: 'grouped+pointwise' | 'masked dense';
  /** MACs the written form executes beyond the paper's layer. */
  extraMacs: number;
  /** Weights the written form stores beyond the layer's (the zeros where it has none). */
  extraParams: number;
}

export interface OnnxOpResult {
  out: Value;
  hetconv?: HetconvForm;
}

type OnnxOp<S extends OpSpec> = (s: S, ctx: OnnxOpCtx) => Value | OnnxOpResult;

const emit = (
  ctx: OnnxOpCtx,
  op: string,
  inputs: string[],
  attrs: Record<string, AttrValue> = {},
  suffix = op,
): string => ctx.g.node(op, `${ctx.scope}/${suffix}`, inputs, attrs);

/** A 2-D (N, F) value as N x F x 1 x 1. */
function to4(ctx: OnnxOpCtx, v: Value): string {
  if (v.rank === 4) return v.name;
  const name = tfOrder(ctx, v);
  return emit(ctx, 'Unsqueeze', [name, ctx.g.int64s(`${ctx.scope}.axes`, [2, 3])]);
}

/** Permutation of features: ONNX's flatten order (C, H, W) index of convcost's feature k (H, W, C order). */
export function chwIndexOf(hwc: { h: number; w: number; c: number }): Int32Array {
  const { h, w, c } = hwc;
  const idx = new Int32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) idx[(y * w + x) * c + ch] = (ch * h + y) * w + x;
  return idx;
}

/** The value with its features in convcost's order (a Gather when it carries `hwc`). */
function tfOrder(ctx: OnnxOpCtx, v: Value): string {
  if (!v.hwc) return v.name;
  const idx = ctx.g.int64s(`${ctx.scope}.hwc_order`, [...chwIndexOf(v.hwc)]);
  return emit(ctx, 'Gather', [v.name, idx], { axis: 1 }, 'Gather');
}

const onnxPads = (p: readonly [number, number, number, number]) => [p[0], p[2], p[1], p[3]];

/**
 * TF [kh, kw, C_in/G, N] -> ONNX [N, C_in/G, kh, kw]: a transpose of the (kh kw C_in/G) x N matrix
 * (row r = (a kw + b) C_in/G + c goes to column c kh kw + a kw + b), done in 64 x 64 tiles so the
 * scattered writes stay in cache (a third of ResNet-50's export time otherwise).
 */
export function convKernelToOnnx(
  tf: Float32Array,
  kh: number,
  kw: number,
  mg: number,
  n: number,
): Float32Array {
  const out = new Float32Array(tf.length);
  const K = kh * kw;
  const rows = K * mg;
  const stride = mg * K;
  const T = 64;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let o0 = 0; o0 < n; o0 += T) {
      const o1 = Math.min(n, o0 + T);
      for (let r = r0; r < r1; r++) {
        const k = Math.floor(r / mg);
        const base = (r - k * mg) * K + k;
        const src = r * n;
        for (let o = o0; o < o1; o++) out[o * stride + base] = tf[src + o];
      }
    }
  }
  return out;
}

function conv(
  ctx: OnnxOpCtx,
  x: string,
  weight: { name: string; dims: number[]; data: Float32Array | undefined },
  bias: Float32Array | undefined | false,
  attrs: Record<string, AttrValue>,
  suffix = 'Conv',
): string {
  const w = ctx.g.floats(`${ctx.scope}.${weight.name}`, weight.dims, weight.data);
  const ins = [x, w];
  if (bias !== false) ins.push(ctx.g.floats(`${ctx.scope}.bias`, [weight.dims[0]], bias));
  return emit(ctx, 'Conv', ins, attrs, suffix);
}

/** Reshape -> Transpose -> Reshape: channel k of the output reads (k mod g) * (C/g) + floor(k / g). */
function shuffle(ctx: OnnxOpCtx, x: string, s: Shape, groups: number, suffix = 'shuffle'): string {
  const r1 = emit(
    ctx,
    'Reshape',
    [x, ctx.g.int64s(`${ctx.scope}.shape5`, [s.n, groups, s.c / groups, s.h, s.w])],
    {},
    `${suffix}/Reshape`,
  );
  const t = emit(ctx, 'Transpose', [r1], { perm: [0, 2, 1, 3, 4] }, `${suffix}/Transpose`);
  return emit(
    ctx,
    'Reshape',
    [t, ctx.g.int64s(`${ctx.scope}.shape4`, [s.n, s.c, s.h, s.w])],
    {},
    `${suffix}/Reshape`,
  );
}

const conv2d: OnnxOp<Extract<OpSpec, { op: 'conv2d' }>> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const [kh, kw] = s.kernel;
  const mg = x.c / s.groups;
  const k = ctx.weight('kernel');
  const name = conv(
    ctx,
    to4(ctx, ctx.ins[0]),
    { name: 'weight', dims: [s.filters, mg, kh, kw], data: k && convKernelToOnnx(k, kh, kw, mg, s.filters) },
    s.bias ? ctx.weight('bias') : false,
    {
      kernel_shape: [kh, kw],
      strides: [...s.stride],
      pads: onnxPads(explicitPadding(x, s.kernel, s.stride, s.dilation, s.padding)),
      dilations: [...s.dilation],
      group: s.groups,
    },
  );
  return { name, rank: 4 };
};

/**
 * HetConv, the paper's layer (filter j: kh x kw kernels on channels t*P + (j mod P), 1x1 on the
 * others; TF weights kernel_kxk [kh, kw, M/P, N], kernel_1x1 [M - M/P, N] on the others ascending).
 * Grouped + pointwise when N is a multiple of P: the channels are gathered by residue (a shuffle
 * with M/P groups), a grouped kh x kw conv (P groups; group r holds the filters j = r mod P) and a
 * 1x1 conv over all M channels whose weights are zero where the filter has its kh x kw kernel run
 * side by side on the same padded grid, are summed, and a shuffle with P groups puts the filters
 * back in order: it executes N*M/P more MACs per position than the layer. Otherwise one masked
 * dense kh x kw conv (zeros where the layer has no weight): the MACs of a standard conv.
 */
const hetconv: OnnxOp<Extract<OpSpec, { op: 'hetconv' }>> = (s, ctx) => {
  const xs = ctx.node.inShapes[0];
  const out = ctx.node.cost.out;
  const M = xs.c;
  const N = s.filters;
  const P = s.part;
  const big = M / P;
  const small = M - big;
  const [kh, kw] = s.kernel;
  const kxk = ctx.weight('kernel_kxk');
  const pw = small > 0 ? ctx.weight('kernel_1x1') : undefined;
  const bias = s.bias ? ctx.weight('bias') : undefined;
  const pads = explicitPadding(xs, s.kernel, s.stride, [1, 1], s.padding);
  const [t, , l] = pads;
  // The 1x1 kernel sits at the window's top-left padding, clamped to the kernel (exec's hetTap).
  const th = Math.min(t, kh - 1);
  const tw = Math.min(l, kw - 1);
  const positions = out.n * out.h * out.w;
  const x = to4(ctx, ctx.ins[0]);
  const withData = kxk !== undefined;

  // The grouped form's 1x1 conv needs its taps inside the input or its padding (always, unless an
  // explicit padding is wider than the kernel).
  const tapsInside = th - t + s.stride[0] * (out.h - 1) >= 0 && tw - l + s.stride[1] * (out.w - 1) >= 0;
  if (!hetGroupedPossible(s) || !tapsInside) {
    let full: Float32Array | undefined;
    if (withData) {
      full = new Float32Array(N * M * kh * kw);
      for (let j = 0; j < N; j++) {
        const res = j % P;
        let sIdx = 0;
        for (let i = 0; i < M; i++) {
          if (i % P === res) {
            const tt = (i - res) / P;
            for (let a = 0; a < kh; a++)
              for (let c = 0; c < kw; c++)
                full[((j * M + i) * kh + a) * kw + c] = kxk![((a * kw + c) * big + tt) * N + j];
          } else {
            full[((j * M + i) * kh + th) * kw + tw] = pw![sIdx * N + j];
            sIdx++;
          }
        }
      }
    }
    const name = conv(
      ctx,
      x,
      { name: 'weight_masked', dims: [N, M, kh, kw], data: full },
      s.bias ? bias : false,
      { kernel_shape: [kh, kw], strides: [...s.stride], pads: onnxPads(pads), group: 1 },
    );
    return {
      out: { name, rank: 4 },
      hetconv: {
        form: 'masked dense',
        extraMacs: positions * N * (M * kh * kw) - ctx.node.cost.macs,
        extraParams: N * M * kh * kw + (s.bias ? N : 0) - ctx.node.cost.params,
      },
    };
  }

  const ng = N / P;
  let grouped: Float32Array | undefined;
  let point: Float32Array | undefined;
  if (withData) {
    // Group order: column q = r * N/P + u is filter j = u * P + r.
    grouped = new Float32Array(N * big * kh * kw);
    point = new Float32Array(N * M);
    for (let q = 0; q < N; q++) {
      const res = Math.floor(q / ng);
      const j = (q % ng) * P + res;
      for (let tt = 0; tt < big; tt++)
        for (let a = 0; a < kh; a++)
          for (let c = 0; c < kw; c++)
            grouped[((q * big + tt) * kh + a) * kw + c] = kxk![((a * kw + c) * big + tt) * N + j];
      let sIdx = 0;
      for (let i = 0; i < M; i++) {
        if (i % P === res) continue;
        point[q * M + i] = pw![sIdx * N + j];
        sIdx++;
      }
    }
  }
  const gathered = shuffle(ctx, x, xs, big, 'gather');
  const yk = conv(
    ctx,
    gathered,
    { name: 'weight_kxk_grouped', dims: [N, big, kh, kw], data: grouped },
    false,
    { kernel_shape: [kh, kw], strides: [...s.stride], pads: onnxPads(pads), group: P },
    'kxk/Conv',
  );
  // The 1x1 conv reads original row th - t + stride*o (o < H_out): the input is cut after the
  // last of those rows and padded where they fall outside, so the conv computes exactly H_out rows.
  const lastH = th - t + s.stride[0] * (out.h - 1);
  const lastW = tw - l + s.stride[1] * (out.w - 1);
  let x1 = x;
  if (lastH + 1 < xs.h || lastW + 1 < xs.w)
    x1 = emit(
      ctx,
      'Slice',
      [
        x,
        ctx.g.int64s(`${ctx.scope}.starts`, [0, 0]),
        ctx.g.int64s(`${ctx.scope}.ends`, [Math.min(xs.h, lastH + 1), Math.min(xs.w, lastW + 1)]),
        ctx.g.int64s(`${ctx.scope}.axes`, [2, 3]),
      ],
      {},
      'pw/Slice',
    );
  let biasQ: Float32Array | undefined | false = false;
  if (s.bias) {
    if (bias) {
      biasQ = new Float32Array(N);
      for (let q = 0; q < N; q++) biasQ[q] = bias[(q % ng) * P + Math.floor(q / ng)];
    } else biasQ = undefined;
  }
  const y1 = conv(
    ctx,
    x1,
    { name: 'weight_1x1_masked', dims: [N, M, 1, 1], data: point },
    biasQ,
    {
      kernel_shape: [1, 1],
      strides: [...s.stride],
      pads: [t - th, l - tw, Math.max(0, lastH - (xs.h - 1)), Math.max(0, lastW - (xs.w - 1))],
      group: 1,
    },
    'pw/Conv',
  );
  const sum = emit(ctx, 'Add', [yk, y1]);
  const name = shuffle(ctx, sum, out, P, 'scatter');
  return {
    out: { name, rank: 4 },
    hetconv: { form: 'grouped+pointwise', extraMacs: positions * N * big, extraParams: N * big },
  };
};

/** TF [kh, kw, N/G, M] -> ONNX [M, N/G, kh, kw]. */
function transposeKernelToOnnx(
  tf: Float32Array,
  kh: number,
  kw: number,
  ng: number,
  m: number,
): Float32Array {
  const out = new Float32Array(tf.length);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++)
      for (let o = 0; o < ng; o++) {
        const src = ((a * kw + b) * ng + o) * m;
        for (let i = 0; i < m; i++) out[((i * ng + o) * kh + a) * kw + b] = tf[src + i];
      }
  return out;
}

/**
 * The full transposed conv, (H - 1) * s + k rows, then convcost's output window: its top/left
 * offset (what "same" or explicit padding crops) as the top/left pads, the rest cut at the
 * bottom/right, and rows beyond the full output (output padding) as output_padding, or a zero Pad
 * past one stride (ONNX Runtime needs output_padding below the stride).
 */
const convtranspose: OnnxOp<Extract<OpSpec, { op: 'convtranspose' }>> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const out = ctx.node.cost.out;
  const [kh, kw] = s.kernel;
  const [sh, sw] = s.stride;
  const ng = s.filters / s.groups;
  const fullH = (x.h - 1) * sh + kh;
  const fullW = (x.w - 1) * sw + kw;
  const [top, left] = transposedCropOffset(s);
  const cutH = fullH - top - out.h;
  const cutW = fullW - left - out.w;
  const extraH = Math.max(-cutH, 0);
  const extraW = Math.max(-cutW, 0);
  const opH = extraH < sh ? extraH : 0;
  const opW = extraW < sw ? extraW : 0;
  const k = ctx.weight('kernel');
  const w = ctx.g.floats(
    `${ctx.scope}.weight`,
    [x.c, ng, kh, kw],
    k && transposeKernelToOnnx(k, kh, kw, ng, x.c),
  );
  const ins = [to4(ctx, ctx.ins[0]), w];
  if (s.bias && extraH === opH && extraW === opW)
    ins.push(ctx.g.floats(`${ctx.scope}.bias`, [s.filters], ctx.weight('bias')));
  let y = emit(ctx, 'ConvTranspose', ins, {
    kernel_shape: [kh, kw],
    strides: [sh, sw],
    pads: [top, left, Math.max(cutH, 0), Math.max(cutW, 0)],
    output_padding: [opH, opW],
    group: s.groups,
  });
  if (extraH !== opH || extraW !== opW) {
    y = emit(ctx, 'Pad', [
      y,
      ctx.g.int64s(`${ctx.scope}.pads`, [0, 0, 0, 0, 0, 0, extraH - opH, extraW - opW]),
    ]);
    if (s.bias) {
      const bv = ctx.weight('bias');
      const bn = ctx.g.floats(`${ctx.scope}.bias`, [s.filters, 1, 1], bv);
      y = emit(ctx, 'Add', [y, bn], {}, 'bias/Add');
    }
  }
  return { name: y, rank: 4 };
};

const dense: OnnxOp<Extract<OpSpec, { op: 'dense' }>> = (s, ctx) => {
  const v = ctx.ins[0];
  const x = ctx.node.inShapes[0];
  const F = x.h * x.w * x.c;
  let a = v.name;
  let hwc = v.hwc;
  if (v.rank === 4) {
    a = emit(ctx, 'Flatten', [v.name], { axis: 1 });
    if (x.h * x.w > 1 && x.c > 1) hwc = { h: x.h, w: x.w, c: x.c };
  }
  const k = ctx.weight('kernel');
  let b: Float32Array | undefined;
  if (k) {
    // Gemm's B is [units, F] (transB = 1), its columns in the order the features arrive.
    const U = s.units;
    b = new Float32Array(U * F);
    const idx = hwc ? chwIndexOf(hwc) : undefined;
    for (let f = 0; f < F; f++) {
      const col = idx ? idx[f] : f;
      for (let u = 0; u < U; u++) b[u * F + col] = k[f * U + u];
    }
  }
  const ins = [a, ctx.g.floats(`${ctx.scope}.weight`, [s.units, F], b)];
  if (s.bias) ins.push(ctx.g.floats(`${ctx.scope}.bias`, [s.units], ctx.weight('bias')));
  return { name: emit(ctx, 'Gemm', ins, { transB: 1 }), rank: 2 };
};

const batchnorm: OnnxOp<Extract<OpSpec, { op: 'batchnorm' }>> = (_s, ctx) => {
  const v = ctx.ins[0];
  const c = ctx.node.inShapes[0].c;
  const idx = v.hwc ? chwIndexOf(v.hwc) : undefined;
  const order = (d: Float32Array | undefined) => {
    if (!d || !idx) return d;
    const o = new Float32Array(d.length);
    for (let k = 0; k < d.length; k++) o[idx[k]] = d[k];
    return o;
  };
  const p = (n: string, onnx: string) => ctx.g.floats(`${ctx.scope}.${onnx}`, [c], order(ctx.weight(n)));
  const name = emit(
    ctx,
    'BatchNormalization',
    [
      v.name,
      p('gamma', 'weight'),
      p('beta', 'bias'),
      p('running_mean', 'running_mean'),
      p('running_var', 'running_var'),
    ],
    { epsilon: { float: BN_EPSILON } },
  );
  return { ...v, name };
};

const activation: OnnxOp<Extract<OpSpec, { op: 'activation' }>> = (s, ctx) => {
  const v = ctx.ins[0];
  const one = (op: string, attrs: Record<string, AttrValue> = {}) => ({
    ...v,
    name: emit(ctx, op, [v.name], attrs),
  });
  switch (s.fn) {
    case 'relu':
      return one('Relu');
    case 'relu6':
      return {
        ...v,
        name: emit(ctx, 'Clip', [
          v.name,
          ctx.g.scalar(`${ctx.scope}.min`, 0),
          ctx.g.scalar(`${ctx.scope}.max`, 6),
        ]),
      };
    case 'leaky_relu':
      return one('LeakyRelu', { alpha: { float: LEAKY_ALPHA } });
    case 'sigmoid':
      return one('Sigmoid');
    case 'tanh':
      return one('Tanh');
    case 'swish': {
      const sg = emit(ctx, 'Sigmoid', [v.name]);
      return { ...v, name: emit(ctx, 'Mul', [v.name, sg]) };
    }
    case 'hard_sigmoid':
      return one('HardSigmoid', { alpha: { float: 1 / 6 }, beta: { float: 0.5 } });
    case 'hard_swish':
      return one('HardSwish');
    case 'linear':
      return one('Identity');
  }
};

const pool: OnnxOp<Extract<OpSpec, { op: 'pool' }>> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const attrs: Record<string, AttrValue> = {
    kernel_shape: [...s.kernel],
    strides: [...s.stride],
    pads: onnxPads(explicitPadding(x, s.kernel, s.stride, [1, 1], s.padding)),
  };
  // TensorFlow's average pooling divides by the pixels inside the input (padding not counted).
  if (s.mode === 'avg') attrs.count_include_pad = 0;
  return {
    name: emit(ctx, s.mode === 'max' ? 'MaxPool' : 'AveragePool', [to4(ctx, ctx.ins[0])], attrs),
    rank: 4,
  };
};

const globalpool: OnnxOp<Extract<OpSpec, { op: 'globalpool' }>> = (s, ctx) => ({
  name: emit(ctx, s.mode === 'max' ? 'GlobalMaxPool' : 'GlobalAveragePool', [to4(ctx, ctx.ins[0])]),
  rank: 4,
});

/** The inputs of a merge with one rank between them (4-D if any is), features in convcost's order. */
function aligned(ctx: OnnxOpCtx): { names: string[]; rank: 2 | 4 } {
  const rank = ctx.ins.some((v) => v.rank === 4) ? 4 : 2;
  return { names: ctx.ins.map((v) => (rank === 4 ? to4(ctx, v) : tfOrder(ctx, v))), rank };
}

const add: OnnxOp<Extract<OpSpec, { op: 'add' }>> = (_s, ctx) => {
  const { names, rank } = aligned(ctx);
  const op = names.length === 1 ? 'Identity' : names.length === 2 ? 'Add' : 'Sum';
  return { name: emit(ctx, op, names), rank };
};

const concat: OnnxOp<Extract<OpSpec, { op: 'concat' }>> = (_s, ctx) => {
  const { names, rank } = aligned(ctx);
  return {
    name: emit(ctx, names.length === 1 ? 'Identity' : 'Concat', names, names.length === 1 ? {} : { axis: 1 }),
    rank,
  };
};

/** x (N, C, H, W) times s (N, C) or (N, C, 1, 1): the squeeze-and-excitation scale. */
const multiply: OnnxOp<Extract<OpSpec, { op: 'multiply' }>> = (_s, ctx) => {
  const [x, s] = ctx.ins;
  if (x.rank === 2 && s.rank === 2)
    return { name: emit(ctx, 'Mul', [tfOrder(ctx, x), tfOrder(ctx, s)]), rank: 2 };
  return { name: emit(ctx, 'Mul', [to4(ctx, x), to4(ctx, s)]), rank: 4 };
};

const shuffleOp: OnnxOp<Extract<OpSpec, { op: 'shuffle' }>> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  const name = shuffle(ctx, to4(ctx, ctx.ins[0]), x, s.groups);
  return {
    name: ctx.ins[0].rank === 2 ? emit(ctx, 'Flatten', [name], { axis: 1 }) : name,
    rank: ctx.ins[0].rank,
  };
};

const slice: OnnxOp<Extract<OpSpec, { op: 'slice' }>> = (s, ctx) => {
  const v = ctx.ins[0];
  const name = emit(ctx, 'Slice', [
    tfOrder(ctx, v),
    ctx.g.int64s(`${ctx.scope}.starts`, [s.start]),
    ctx.g.int64s(`${ctx.scope}.ends`, [s.start + s.size]),
    ctx.g.int64s(`${ctx.scope}.axes`, [1]),
  ]);
  return { name, rank: v.rank };
};

const flatten: OnnxOp<Extract<OpSpec, { op: 'flatten' }>> = (_s, ctx) => {
  const v = ctx.ins[0];
  if (v.rank === 2) return v;
  const x = ctx.node.inShapes[0];
  return {
    name: emit(ctx, 'Flatten', [v.name], { axis: 1 }),
    rank: 2,
    ...(x.h * x.w > 1 && x.c > 1 ? { hwc: { h: x.h, w: x.w, c: x.c } } : {}),
  };
};

/** ResNet option A: x[:, :, ::s, ::s] with zero channels, half before and half after. */
const padshortcut: OnnxOp<Extract<OpSpec, { op: 'padshortcut' }>> = (s, ctx) => {
  const x = ctx.node.inShapes[0];
  let y = to4(ctx, ctx.ins[0]);
  if (s.stride > 1)
    y = emit(ctx, 'Slice', [
      y,
      ctx.g.int64s(`${ctx.scope}.starts`, [0, 0]),
      ctx.g.int64s(`${ctx.scope}.ends`, [x.h, x.w]),
      ctx.g.int64s(`${ctx.scope}.axes`, [2, 3]),
      ctx.g.int64s(`${ctx.scope}.steps`, [s.stride, s.stride]),
    ]);
  const extra = s.channels - x.c;
  if (extra > 0) {
    const before = Math.floor(extra / 2);
    y = emit(ctx, 'Pad', [y, ctx.g.int64s(`${ctx.scope}.pads`, [0, before, 0, 0, 0, extra - before, 0, 0])]);
  }
  if (y === ctx.ins[0].name) y = emit(ctx, 'Identity', [y]);
  return { name: y, rank: 4 };
};

const crop: OnnxOp<Extract<OpSpec, { op: 'crop' }>> = (s, ctx) => ({
  name: emit(ctx, 'Slice', [
    to4(ctx, ctx.ins[0]),
    ctx.g.int64s(`${ctx.scope}.starts`, [s.top, s.left]),
    ctx.g.int64s(`${ctx.scope}.ends`, [s.top + s.h, s.left + s.w]),
    ctx.g.int64s(`${ctx.scope}.axes`, [2, 3]),
  ]),
  rank: 4,
});

const unsupported: OnnxOp<Extract<OpSpec, { op: 'unsupported' }>> = (s, ctx) => {
  // prepareExport refuses these first; this is the type-complete table's entry.
  throw new Error(`${ctx.node.name}: "${s.type}" has no cost model, so it cannot be exported`);
};

/** Complete by type, like OP_HANDLERS: an op kind without an ONNX writer does not compile. */
export const ONNX_OPS: { [K in OpKind]: OnnxOp<Extract<OpSpec, { op: K }>> } = {
  conv2d,
  hetconv,
  convtranspose,
  dense,
  batchnorm,
  activation,
  pool,
  globalpool,
  add,
  concat,
  multiply,
  shuffle: shuffleOp,
  slice,
  flatten,
  padshortcut,
  crop,
  unsupported,
};

export function writeOp(ctx: OnnxOpCtx): OnnxOpResult {
  const r = (ONNX_OPS[ctx.node.spec.op] as OnnxOp<OpSpec>)(ctx.node.spec, ctx);
  return 'out' in r ? r : { out: r };
}

export { OnnxGraphBuilder };
