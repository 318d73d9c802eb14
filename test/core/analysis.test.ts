import { describe, expect, it } from 'vitest';
import {
  type Analysis,
  analyzeGraph,
  type Convention,
  DEFAULT_CONVENTION,
  GraphBuilder,
  shape,
} from '../../src/core/index.ts';

const FUSED: Convention = { ...DEFAULT_CONVENTION, bn: 'fused' };

/** Analyses whatever `build` adds to a graph on `input`, as one block. */
function analyse(
  input: [number, number, number, number],
  build: (g: GraphBuilder) => void,
  convention: Convention = DEFAULT_CONVENTION,
): Analysis {
  const g = new GraphBuilder(shape(...input));
  build(g);
  return analyzeGraph(
    { input: g.inputShape, nodes: g.nodes, blocks: [{ id: 'b', kind: 'test', name: 'test' }] },
    convention,
  );
}

describe('BatchNorm counted or fused', () => {
  // 1x8x8x4 -> conv 3x3, 8 filters, no bias: 8 * 4 * 9 = 288 weights; BN over 8 channels; output 512 elements.
  const convBn = (bias: boolean) => (g: GraphBuilder) =>
    g.bn(g.conv(g.input, { filters: 8, kernel: 3, bias }));

  it('counts gamma and beta as parameters and mean and var as buffers in training form', () => {
    // params = 288 + 2 * 8 = 304; buffers = 2 * 8 = 16; BN FLOPs = 2 * 512 = 1024.
    const a = analyse([1, 8, 8, 4], convBn(false));
    expect(a.totals.params).toBe(304);
    expect(a.totals.buffers).toBe(16);
    expect(a.totals.extra.bn).toBe(1024);
    expect(a.totals.activations).toBe(1024);
  });

  it('folds a BN into a conv without bias as N bias parameters and no buffers', () => {
    // params = 288 weights + 8 bias = 296; buffers 0; the folded BN becomes a bias add: 512 FLOPs.
    const a = analyse([1, 8, 8, 4], convBn(false), FUSED);
    expect(a.totals.params).toBe(296);
    expect(a.totals.buffers).toBe(0);
    expect(a.totals.extra.bn).toBe(0);
    expect(a.totals.extra.bias).toBe(512);
    const [conv, bn] = a.ops;
    expect(conv.params).toBe(288);
    expect(bn.fused).toBe(true);
    expect(bn.params).toBe(8);
    expect(bn.buffers).toBe(0);
    // The folded BN writes no tensor of its own.
    expect(bn.activations).toBe(0);
    expect(a.totals.activations).toBe(512);
  });

  it('folds a BN into a conv that already has a bias at no cost at all', () => {
    // params = 288 + 8 (the conv's own bias); the BN row is empty and moves no bytes.
    const a = analyse([1, 8, 8, 4], convBn(true), FUSED);
    expect(a.totals.params).toBe(296);
    const bn = a.ops[1];
    expect(bn.params).toBe(0);
    expect(bn.extraFlops).toBe(0);
    expect(bn.bytesMoved).toBe(0);
    expect(a.totals.extra.bias).toBe(512);
  });

  it('a BN folded into its conv moves exactly what the same conv with a bias moves: 140,352 B, not 271,424', () => {
    // 32x32x16 -> conv 3x3, 16 filters: input 16,384 + output 16,384 + 2,304 weights + 16 bias =
    // 35,088 elements = 140,352 B at fp32. Charging the folded BN a read and a write of the tensor
    // (2 x 16,384 elements more) gave 271,424 B.
    const fused = analyse([1, 32, 32, 16], (g) => g.bn(g.conv(g.input, { filters: 16, kernel: 3 })), FUSED);
    const biased = analyse([1, 32, 32, 16], (g) => g.conv(g.input, { filters: 16, kernel: 3, bias: true }));
    expect(biased.totals.bytesMoved).toBe(140_352);
    expect(fused.totals.bytesMoved).toBe(140_352);
    expect(fused.totals.params).toBe(biased.totals.params);
    expect(fused.totals.extra).toEqual(biased.totals.extra);
    // Counted (training form), the BN reads and writes the tensor and its 4 x 16 values: 271,680 B.
    const counted = analyse([1, 32, 32, 16], (g) => g.bn(g.conv(g.input, { filters: 16, kernel: 3 })));
    expect(counted.totals.bytesMoved).toBe((16_384 + 16_384 + 2_304 + 16_384 + 16_384 + 64) * 4);
  });

  it('keeps a BN whose input is not a conv (or feeds elsewhere too) in training form', () => {
    // BN on the network input (4 channels): nothing to fold into: 8 params, 8 buffers.
    const a = analyse([1, 8, 8, 4], (g) => g.bn(g.input), FUSED);
    expect(a.totals.params).toBe(8);
    expect(a.totals.buffers).toBe(8);
    expect(a.ops[0].fused).toBeUndefined();
    // conv output read by the BN and by an add: folding would change the add's input, so no fold.
    const b = analyse(
      [1, 8, 8, 4],
      (g) => {
        const c = g.conv(g.input, { filters: 4, kernel: 3 });
        g.add([g.bn(c), c]);
      },
      FUSED,
    );
    expect(b.ops[1].fused).toBeUndefined();
    expect(b.totals.params).toBe(4 * 4 * 9 + 8);
    expect(b.totals.buffers).toBe(8);
  });
});

describe('peak activation memory', () => {
  // input 1x8x8x4 = 256 elements
  // op0 conv 3x3 -> 8 ch: writes 512          live 256 + 512 = 768
  // op1 relu (in place)                        live 768
  // op2 conv 3x3 -> 4 ch: writes 256          live 1024  <- peak; frees op0's tensor: 512
  // op3 add(op2, input): writes 256           live 768; frees op2 and the input: 256
  // op4 relu (in place)                        live 256
  it('keeps the input of a residual block alive until the add', () => {
    const a = analyse([1, 8, 8, 4], (g) => {
      const x = g.input;
      const y = g.conv(g.act(g.conv(x, { filters: 8, kernel: 3 }), 'relu'), { filters: 4, kernel: 3 });
      g.act(g.add([y, x]), 'relu');
    });
    expect(a.totals.peakActivations).toBe(1024);
    expect(a.totals.peakActivationBytes).toBe(4096);
    // Written tensors: 512 + 256 + 256 = 1024 elements, 4096 bytes at fp32: the bytes describe the
    // same tensors as the element count (the input, which no op writes, is in neither).
    expect(a.totals.activations).toBe(1024);
    expect(a.totals.activationBytes).toBe(4096);
  });

  // Same chain without the shortcut: the input dies after op0.
  // op0: 256 + 512 = 768, input freed -> 512; op2: 512 + 256 = 768 <- peak.
  it('frees the input after its last reader when there is no shortcut', () => {
    const a = analyse([1, 8, 8, 4], (g) => {
      g.conv(g.act(g.conv(g.input, { filters: 8, kernel: 3 }), 'relu'), { filters: 4, kernel: 3 });
    });
    expect(a.totals.peakActivations).toBe(768);
  });

  // input 1x4x4x2 = 32
  // op0 conv 1x1 -> 4 ch: 64                 live 96 (peak so far); input freed -> 64
  // op1 relu in place on op0's tensor
  // op2 add(op0, op1): writes 64            live 128; op0's tensor (read twice, via its alias) freed once -> 64
  // op3 conv 1x1 -> 16 ch: 256              live 320 <- peak
  it('frees a tensor read twice through an in-place alias only once', () => {
    const a = analyse([1, 4, 4, 2], (g) => {
      const c = g.conv(g.input, { filters: 4 });
      const s = g.add([c, g.act(c, 'relu')]);
      g.conv(s, { filters: 16 });
    });
    expect(a.totals.peakActivations).toBe(320);
  });

  it('handles an op with many inputs (a wide concat)', () => {
    // input 1x2x2x1 = 4; op0 conv 1x1 -> 2 ch: 8 (live 12, input freed -> 8);
    // op1 concat of op0 twenty times -> 40 ch: 160, live 168 <- peak; op0 freed -> 160.
    const a = analyse([1, 2, 2, 1], (g) => {
      const c = g.conv(g.input, { filters: 2 });
      g.concat(Array.from({ length: 20 }, () => c));
    });
    expect(a.ops[1].out).toEqual(shape(1, 2, 2, 40));
    expect(a.totals.peakActivations).toBe(168);
  });

  it('counts a tensor passed twice to the same op once', () => {
    // input 32; op0 conv -> 64 (live 96, input freed -> 64); op1 add(op0, op0) -> 64: live 128 <- peak; -> 64.
    const a = analyse([1, 4, 4, 2], (g) => {
      const c = g.conv(g.input, { filters: 4 });
      g.add([c, c]);
    });
    expect(a.totals.peakActivations).toBe(128);
  });
});

describe('block rows', () => {
  const meta = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `b${i}`, kind: 'test', name: `b${i}` }));

  it('give an empty block the shape it was handed and no ops', () => {
    // Ops of blocks 0 and 2; block 1 adds nothing (e.g. an identity), so it starts and ends at block 0's output.
    const g = new GraphBuilder(shape(1, 8, 8, 4));
    const a = g.conv(g.input, { filters: 8, kernel: 3 });
    g.block = 2;
    g.conv(a, { filters: 16, kernel: 3, stride: 2 });
    const r = analyzeGraph({ input: g.inputShape, nodes: g.nodes, blocks: meta(3) }, DEFAULT_CONVENTION);
    expect(r.blocks.map((b) => [b.firstOp, b.opCount, b.latencyDepth])).toEqual([
      [0, 1, 1],
      [1, 0, 0],
      [1, 1, 1],
    ]);
    expect(r.blocks[1].in).toEqual(shape(1, 8, 8, 8));
    expect(r.blocks[1].out).toEqual(shape(1, 8, 8, 8));
    expect(r.blocks[1].sums.macs).toBe(0);
    // 8*8 * 8*4*9 = 18432 and 4*4 * 16*8*9 = 18432.
    expect(r.blocks[0].sums.macs).toBe(18432);
    expect(r.blocks[2].sums.macs).toBe(18432);
  });

  it('refuses a graph whose blocks do not own consecutive runs of ops, instead of dropping ops', () => {
    // Block 1's op comes first, then block 0's, then block 1's again: no row range can describe
    // block 1, so the analysis says so rather than summing a part of it.
    const g = new GraphBuilder(shape(1, 8, 8, 4));
    g.block = 1;
    const a = g.conv(g.input, { filters: 8, kernel: 3 });
    g.block = 0;
    const b = g.conv(a, { filters: 8, kernel: 3 });
    g.block = 1;
    g.conv(b, { filters: 8, kernel: 3 });
    expect(() =>
      analyzeGraph({ input: g.inputShape, nodes: g.nodes, blocks: meta(2) }, DEFAULT_CONVENTION),
    ).toThrow(/ops of block 1 \(b1\) are not one consecutive run/);
  });

  it('sum each block by its own index when blocks come in another order', () => {
    // Block 1's op first, then block 0's: each sum holds exactly its own op (before, block 0's op
    // was left out of every block row).
    const g = new GraphBuilder(shape(1, 8, 8, 4));
    g.block = 1;
    const a = g.conv(g.input, { filters: 8, kernel: 3 });
    g.block = 0;
    g.conv(a, { filters: 8, kernel: 3 });
    const r = analyzeGraph({ input: g.inputShape, nodes: g.nodes, blocks: meta(2) }, DEFAULT_CONVENTION);
    // 8*8 * 8*4*9 = 18432 (block 1) and 8*8 * 8*8*9 = 36864 (block 0); params 288 and 576.
    expect(r.blocks.map((b) => [b.sums.macs, b.sums.params])).toEqual([
      [36864, 576],
      [18432, 288],
    ]);
    expect(r.blocks.reduce((s, b) => s + b.sums.params, 0)).toBe(r.totals.params);
    expect(r.totals.latencyDepth).toBe(2);
  });
});

describe('latency depth of a graph', () => {
  it('is 1 for one conv and counts BN, activations and pooling as 0', () => {
    const a = analyse([1, 8, 8, 4], (g) => {
      g.pool(g.act(g.bn(g.conv(g.input, { filters: 8, kernel: 3 })), 'relu'), 'max', 2);
    });
    expect(a.totals.latencyDepth).toBe(1);
    expect(a.blocks[0].latencyDepth).toBe(1);
  });

  it('counts parallel branches once: the longer branch sets the depth', () => {
    // branch A: conv, conv (2 layers); branch B: conv (1 layer); concat then conv: 2 + 1 = 3.
    const a = analyse([1, 8, 8, 4], (g) => {
      const x = g.input;
      const a1 = g.conv(g.conv(x, { filters: 4, kernel: 3 }), { filters: 4, kernel: 3 });
      const b1 = g.conv(x, { filters: 4 });
      g.conv(g.concat([a1, b1]), { filters: 8 });
    });
    expect(a.totals.latencyDepth).toBe(3);
    expect(a.ops.map((r) => r.depth)).toEqual([1, 2, 1, 2, 3]);
  });
});
