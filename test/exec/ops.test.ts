import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockDef } from '../../src/blocks/registry.ts';
import {
  type ConvArgs,
  explicitPadding,
  GraphBuilder,
  type HetConvSpec,
  OP_HANDLERS,
  type OpNode,
  type Padding,
  type Pair,
  shape,
} from '../../src/core/index.ts';
import { buildOp, disposeOp, type ExecOp, randomInput, runOp, shapeArray } from '../../src/exec/network.ts';
import { hetTap } from '../../src/exec/ops/hetconv.ts';
import { OP_BUILDERS } from '../../src/exec/ops/index.ts';
import { channelShuffle } from '../../src/exec/ops/structural.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../../src/exec/types.ts';
import { type Arr4, convRef, hetconvRef, maxAbsDiff } from './reference.ts';
import { wasm } from './setup.ts';

beforeAll(async () => {
  const b = await wasm();
  expect(b.name).toBe('wasm');
});

const opts = (o: Partial<RunOptions> = {}): RunOptions => ({ ...DEFAULT_RUN_OPTIONS, ...o });
const arr4 = (t: tf.Tensor): Arr4 => ({
  data: t.dataSync() as Float32Array,
  shape: t.shape as Arr4['shape'],
});
const tensorOf = (op: ExecOp, name: string) => op.tensors.find((t) => t.name === name)!.tensor;

function convNode(input: [number, number, number, number], a: ConvArgs): OpNode {
  const g = new GraphBuilder(shape(...input));
  g.conv(g.input, a);
  return g.nodes[0];
}

function hetNode(input: [number, number, number, number], s: Omit<HetConvSpec, 'op'>): OpNode {
  const g = new GraphBuilder(shape(...input));
  g.op({ op: 'hetconv', ...s }, [g.input], 'het');
  return g.nodes[0];
}

/** Runs a built op on a seeded random input; returns input and output as plain arrays. */
function runOn(op: ExecOp, seed = 7): { x: Arr4; y: Arr4 } {
  const x = randomInput(shapeArray(op.node.inShapes[0]), seed);
  const y = runOp(op, [x]);
  const r = { x: arr4(x), y: arr4(y) };
  x.dispose();
  y.dispose();
  return r;
}

describe('op builders', () => {
  it('every primitive op kind of the cost model has a TensorFlow.js builder', () => {
    expect(Object.keys(OP_HANDLERS).filter((k) => !(k in OP_BUILDERS))).toEqual([]);
  });

  const groupedCases: { input: [number, number, number, number]; a: ConvArgs }[] = [
    { input: [1, 7, 7, 12], a: { filters: 8, kernel: 3, groups: 4, padding: 'same' } },
    { input: [2, 8, 8, 8], a: { filters: 16, kernel: 3, stride: 2, groups: 2, padding: 'valid' } },
    { input: [1, 6, 9, 6], a: { filters: 9, kernel: [1, 3], groups: 3, padding: [0, 0, 2, 1] } },
    { input: [1, 8, 8, 32], a: { filters: 32, kernel: 3, stride: 2, groups: 16, padding: 'same' } },
  ];
  // tfjs-backend-wasm gets "same" wrong when a 1-tap axis would need negative padding; the builders
  // pass explicit padding. These cases fail if "same" is handed to the backend.
  const sameCases: { input: [number, number, number, number]; a: ConvArgs; groups: number }[] = [
    { input: [1, 8, 8, 4], a: { filters: 6, kernel: [1, 3], stride: 2, padding: 'same' }, groups: 1 },
    { input: [1, 6, 6, 4], a: { filters: 6, kernel: [3, 1], stride: 3, padding: 'same' }, groups: 1 },
    {
      input: [1, 8, 8, 4],
      a: { filters: 4, kernel: [1, 3], stride: 2, groups: 4, padding: 'same' },
      groups: 4,
    },
  ];
  for (const { input, a, groups } of sameCases) {
    it(`"same" conv ${JSON.stringify(a.kernel)} stride ${a.stride} groups ${groups} matches the direct loops`, () => {
      const node = convNode(input, a);
      const op = buildOp(node, opts());
      const k = tensorOf(op, 'kernel');
      const [kh, kw] = a.kernel as [number, number];
      const w: Arr4 = { data: k.dataSync() as Float32Array, shape: [kh, kw, input[3] / groups, a.filters] };
      const r = runOn(op);
      const s = a.stride as number;
      const pad = explicitPadding(node.inShapes[0], [kh, kw], [s, s], [1, 1], 'same');
      const ref = convRef(r.x, w, { stride: [s, s], pad: [...pad], groups });
      expect(ref.shape).toEqual(r.y.shape);
      expect(maxAbsDiff(r.y.data, ref.data)).toBeLessThan(1e-4);
      disposeOp(op);
    });
  }
  for (const { input, a } of groupedCases) {
    it(`grouped conv ${input.join('x')} G=${a.groups}: dw-sum = split = direct loops, params = analysis`, () => {
      const node = convNode(input, a);
      const dw = buildOp(node, opts({ grouped: 'dw-sum' }));
      const sp = buildOp(node, opts({ grouped: 'split' }));
      expect(dw.built.emulation?.method).toBe('grouped:dw-sum');
      expect(sp.built.emulation?.method).toBe('grouped:split');
      expect(dw.params).toBe(node.cost.params);
      expect(sp.params).toBe(node.cost.params);
      const w = arr4(tensorOf(dw, 'kernel'));
      const r1 = runOn(dw);
      const r2 = runOn(sp);
      const s = node.spec as { stride: Pair; padding: Padding; kernel: Pair };
      const pad = explicitPadding(node.inShapes[0], s.kernel, s.stride, [1, 1], s.padding);
      const ref = convRef(r1.x, w, { stride: [s.stride[0], s.stride[1]], pad: [...pad], groups: a.groups! });
      expect(r1.y.shape).toEqual(shapeArray(node.cost.out));
      expect(ref.shape).toEqual(r1.y.shape);
      expect(maxAbsDiff(r1.y.data, ref.data)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r2.y.data, ref.data)).toBeLessThan(1e-4);
      disposeOp(dw);
      disposeOp(sp);
    });
  }

  it('depthwise conv with a multiplier matches the direct loops (G = M)', () => {
    const node = convNode([1, 6, 6, 4], { filters: 12, kernel: 3, groups: 4, padding: 'same' });
    const op = buildOp(node, opts());
    expect(op.built.emulation).toBeUndefined();
    expect(op.params).toBe(node.cost.params);
    // The depthwise kernel [3, 3, 4, 3] is the grouped kernel [3, 3, 1, 12] in the same memory order.
    const k = tensorOf(op, 'kernel');
    const w: Arr4 = { data: k.dataSync() as Float32Array, shape: [3, 3, 1, 12] };
    const r = runOn(op);
    const ref = convRef(r.x, w, { stride: [1, 1], pad: [1, 1, 1, 1], groups: 4 });
    expect(maxAbsDiff(r.y.data, ref.data)).toBeLessThan(1e-4);
    disposeOp(op);
  });

  const hetCases: { input: [number, number, number, number]; s: Omit<HetConvSpec, 'op'> }[] = [
    {
      input: [1, 6, 6, 8],
      s: { filters: 8, kernel: [3, 3], part: 4, stride: [1, 1], padding: 'same', bias: false },
    },
    {
      input: [1, 8, 8, 12],
      s: { filters: 9, kernel: [3, 3], part: 3, stride: [2, 2], padding: 'same', bias: true },
    },
    {
      input: [1, 7, 7, 12],
      s: { filters: 9, kernel: [3, 3], part: 3, stride: [2, 2], padding: 'same', bias: false },
    },
    {
      input: [1, 6, 7, 8],
      s: { filters: 6, kernel: [3, 5], part: 2, stride: [1, 1], padding: [1, 1, 2, 2], bias: false },
    },
    {
      input: [1, 6, 7, 8],
      s: { filters: 5, kernel: [3, 3], part: 2, stride: [1, 1], padding: 'same', bias: false },
    },
    {
      input: [1, 6, 6, 8],
      s: { filters: 4, kernel: [3, 3], part: 8, stride: [1, 1], padding: 'valid', bias: false },
    },
    {
      input: [1, 5, 5, 4],
      s: { filters: 4, kernel: [3, 3], part: 1, stride: [1, 1], padding: 'same', bias: false },
    },
  ];
  for (const { input, s } of hetCases) {
    it(`HetConv ${input.join('x')} P=${s.part} ${JSON.stringify(s.padding)} s${s.stride[0]}: masked = grouped = the definition`, () => {
      const node = hetNode(input, s);
      const masked = buildOp(node, opts({ hetconv: 'masked' }));
      const parts = buildOp(node, opts({ hetconv: 'grouped' }));
      expect(masked.params).toBe(node.cost.params);
      expect(parts.params).toBe(node.cost.params);
      expect(masked.built.emulation!.executedMacs).toBe(
        node.cost.out.h * node.cost.out.w * input[3] * s.filters * s.kernel[0] * s.kernel[1],
      );
      expect(parts.built.emulation!.method).toBe(
        s.filters % s.part === 0 && s.part > 1 ? 'hetconv:grouped' : 'hetconv:masked',
      );
      if (parts.built.emulation!.method === 'hetconv:grouped')
        expect(parts.built.emulation!.executedMacs).toBe(
          node.cost.macs + (node.cost.out.h * node.cost.out.w * input[3] * s.filters) / s.part,
        );
      const kxk = arr4(tensorOf(masked, 'kernel_kxk'));
      const pwT = masked.tensors.find((t) => t.name === 'kernel_1x1')?.tensor;
      const pw = pwT
        ? { data: pwT.dataSync() as Float32Array, shape: pwT.shape as [number, number] }
        : { data: new Float32Array(0), shape: [0, s.filters] as [number, number] };
      const bias = masked.tensors.find((t) => t.name === 'bias')?.tensor.dataSync();
      const r1 = runOn(masked);
      const r2 = runOn(parts);
      const tap = hetTap(node.spec as HetConvSpec, node.inShapes[0]);
      const pad = explicitPadding(node.inShapes[0], s.kernel, s.stride, [1, 1], s.padding);
      const ref = hetconvRef(r1.x, kxk, pw, {
        part: s.part,
        stride: [s.stride[0], s.stride[1]],
        pad: [...pad],
        tap: [tap.th, tap.tw],
      });
      if (bias) for (let i = 0; i < ref.data.length; i++) ref.data[i] += bias[i % s.filters];
      expect(r1.y.shape).toEqual(shapeArray(node.cost.out));
      expect(ref.shape).toEqual(r1.y.shape);
      expect(maxAbsDiff(r1.y.data, ref.data)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r2.y.data, ref.data)).toBeLessThan(1e-4);
      disposeOp(masked);
      disposeOp(parts);
    });
  }

  // The hetconv kind's grouped+pointwise form, as its block builds it (crop and padded 1x1 included),
  // computes the exact layer for every padding: before, anything but "same" could not even be built.
  const formCases: { h: number; padding: Padding; stride: number }[] = [
    { h: 6, padding: 'same', stride: 1 },
    { h: 8, padding: 'valid', stride: 1 },
    { h: 8, padding: 'same', stride: 2 },
    { h: 9, padding: 'valid', stride: 2 },
    { h: 9, padding: [0, 2, 1, 0], stride: 2 },
    { h: 6, padding: [2, 2, 2, 2], stride: 1 },
  ];
  for (const { h, padding, stride } of formCases)
    it(`HetConv exact = the grouped+pointwise form its block builds (grouped KxK + cropped/padded 1x1), ${h}x${h} ${JSON.stringify(padding)} s${stride}`, () => {
      const [M, N, P, K] = [8, 8, 4, 3];
      const input: [number, number, number, number] = [1, h, h, M];
      const node = hetNode(input, {
        filters: N,
        kernel: [K, K],
        part: P,
        stride: [stride, stride],
        padding,
        bias: false,
      });
      const exact = buildOp(node, opts({ hetconv: 'masked' }));
      const kxk = tensorOf(exact, 'kernel_kxk').dataSync();
      const pw = tensorOf(exact, 'kernel_1x1').dataSync();
      const big = M / P;
      // Group g of the implemented form: input channels t*P + g (t < M/P), filters u*P + g (u < N/P).
      const inCh = (p: number) => (p % big) * P + Math.floor(p / big);
      const outF = (q: number) => (q % (N / P)) * P + Math.floor(q / (N / P));
      const gw = new Float32Array(K * K * big * N);
      for (let ab = 0; ab < K * K; ab++)
        for (let t = 0; t < big; t++)
          for (let q = 0; q < N; q++) gw[(ab * big + t) * N + q] = kxk[(ab * big + t) * N + outF(q)];
      const w1 = new Float32Array(M * N);
      for (let q = 0; q < N; q++) {
        const j = outF(q);
        // s-th "other" channel of filter j, in ascending channel order.
        const others = [...Array(M).keys()].filter((i) => i % P !== j % P);
        for (let p = 0; p < M; p++) {
          const s = others.indexOf(inCh(p));
          w1[p * N + q] = s < 0 ? 0 : pw[s * N + j];
        }
      }
      // The implemented form, built from the hetconv kind's own graph.
      const g = new GraphBuilder(shape(...input));
      blockDef('hetconv')!.expand(g, g.input, {
        ...blockDef('hetconv')!.defaults,
        filters: N,
        kernel: K,
        stride,
        padding,
        part: P,
        form: 'grouped+pointwise',
        bn: false,
        act: 'none',
      });
      expect(g.nodes.at(-1)!.cost.out).toEqual(node.cost.out);
      const ops = g.nodes.map((n) =>
        buildOp(n, opts(), (name) =>
          name === 'kernel'
            ? n.name.endsWith('_gkxk')
              ? gw
              : n.name.endsWith('_pw')
                ? w1
                : undefined
            : undefined,
        ),
      );
      const x = randomInput(shapeArray(node.inShapes[0]), 3);
      const perm = tf.tensor1d([...Array(M).keys()].map(inCh), 'int32');
      const xPerm = tf.gather(x, perm, 3);
      const outs: tf.Tensor[] = [];
      const tensorAt = (id: number) => (id < 0 ? xPerm : outs[id]);
      g.nodes.forEach((n, k) => {
        outs[k] = runOp(ops[k], n.inputs.map(tensorAt));
      });
      const yExact = runOp(exact, [x]);
      const back = tf.gather(yExact, tf.tensor1d([...Array(N).keys()].map(outF), 'int32'), 3);
      expect(outs.at(-1)!.shape).toEqual(back.shape);
      expect(maxAbsDiff(outs.at(-1)!.dataSync(), back.dataSync())).toBeLessThan(1e-4);
      // The implemented form pays N*M/P more parameters (the zeroed overlap).
      const implemented = ops.reduce((s, o) => s + o.params, 0);
      expect(implemented - exact.params).toBe((N * M) / P);
      for (const t of [x, perm, xPerm, ...outs, yExact, back]) t.dispose();
      for (const o of [exact, ...ops]) disposeOp(o);
    });

  it('channel shuffle matches the direct index computation out[k] = in[(k mod g)(C/g) + floor(k/g)]', () => {
    for (const [c, groups] of [
      [12, 3],
      [12, 4],
      [8, 8],
      [6, 1],
    ]) {
      const x = tf.tensor4d(
        Float32Array.from({ length: 2 * c }, (_, i) => i),
        [1, 1, 2, c],
      );
      const y = channelShuffle(x, groups).dataSync();
      const xs = x.dataSync();
      for (let p = 0; p < 2; p++)
        for (let k = 0; k < c; k++)
          expect(y[p * c + k]).toBe(xs[p * c + (k % groups) * (c / groups) + Math.floor(k / groups)]);
      x.dispose();
    }
  });

  it('ResNet option-A shortcut subsamples and zero-pads channels', () => {
    const g = new GraphBuilder(shape(1, 5, 5, 4));
    g.op({ op: 'padshortcut', stride: 2, channels: 8 }, [g.input], 'shortcut');
    const op = buildOp(g.nodes[0], opts());
    const r = runOn(op);
    expect(r.y.shape).toEqual(shapeArray(g.nodes[0].cost.out));
    // Channel 2 of output pixel (1, 1) is input channel 0 of pixel (2, 2); channels 0-1 and 6-7 are zero.
    expect(r.y.data[(1 * 3 + 1) * 8 + 2]).toBe(r.x.data[(2 * 5 + 2) * 4 + 0]);
    expect(r.y.data[(1 * 3 + 1) * 8 + 0]).toBe(0);
    expect(r.y.data[(1 * 3 + 1) * 8 + 7]).toBe(0);
    disposeOp(op);
  });

  it('dense, BN and pooling build tensors of exactly the analytical sizes', () => {
    const g = new GraphBuilder(shape(2, 4, 4, 6));
    const p = g.pool(g.input, 'avg', 2);
    const bn = g.bn(p);
    g.op({ op: 'dense', units: 5, bias: true }, [bn], 'fc');
    for (const n of g.nodes) {
      const op = buildOp(n, opts());
      expect(op.params).toBe(n.cost.params);
      expect(op.buffers).toBe(n.cost.buffers);
      const r = runOn(op);
      expect(r.y.shape).toEqual(shapeArray(n.cost.out));
      disposeOp(op);
    }
  });

  it('builds leave no tensors behind', () => {
    const before = tf.memory().numTensors;
    const node = hetNode([1, 6, 6, 8], {
      filters: 6,
      kernel: [3, 3],
      part: 4,
      stride: [1, 1],
      padding: 'same',
      bias: true,
    });
    const op = buildOp(node, opts({ hetconv: 'grouped' }));
    runOn(op);
    disposeOp(op);
    expect(tf.memory().numTensors).toBe(before);
  });
});
