import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Analysis,
  type Convention,
  emptySums,
  type Precision,
  type Shape,
  type Sums,
} from '../../src/core/index.ts';
import { analyzeDesign, buildGraph } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { designArb } from './arbitraries.ts';

const CONVENTIONS: Convention[] = (['counted', 'fused'] as const).flatMap((bn) =>
  [false, true].flatMap((includeExtras) =>
    (['fp32', 'fp16', 'int8', 'binary'] as Precision[]).map((precision) => ({
      bn,
      includeExtras,
      precision,
    })),
  ),
);

const SUM_KEYS = [
  'macs',
  'flops',
  'convMacs',
  'extraFlops',
  'params',
  'buffers',
  'activations',
  'weightBytes',
  'bytesMoved',
] as const;

/** Every summed quantity of `a` equals the sum of its op rows and the sum of its block rows. */
function expectSumsAddUp(a: Analysis): void {
  const fromOps = emptySums();
  for (const r of a.ops) {
    fromOps.macs += r.totalMacs;
    fromOps.flops += r.flops;
    fromOps.convMacs += r.macs;
    fromOps.extraFlops += r.extraFlops;
    for (const k of ['bias', 'bn', 'act', 'pool', 'other'] as const) fromOps.extra[k] += r.extra[k];
    fromOps.params += r.params;
    fromOps.buffers += r.buffers;
    fromOps.activations += r.activations;
    fromOps.weightBytes += r.weightBytes;
    fromOps.bytesMoved += r.bytesMoved;
  }
  const fromBlocks: Sums = emptySums();
  for (const b of a.blocks) {
    for (const k of SUM_KEYS) fromBlocks[k] += b.sums[k];
    for (const k of ['bias', 'bn', 'act', 'pool', 'other'] as const) fromBlocks.extra[k] += b.sums.extra[k];
  }
  for (const k of SUM_KEYS) {
    // Every count is an integer or a multiple of 1/8 (binary bytes, extras / 2), so sums are exact.
    expect(a.totals[k], k).toBe(fromOps[k]);
    expect(a.totals[k], k).toBe(fromBlocks[k]);
  }
  expect(a.totals.extra).toEqual(fromOps.extra);
  expect(a.totals.extra).toEqual(fromBlocks.extra);
  // Each block's rows are exactly its ops.
  expect(a.blocks.reduce((n, b) => n + b.opCount, 0)).toBe(a.ops.length);
}

function expectFlopsTwiceMacs(a: Analysis): void {
  expect(a.totals.flops).toBe(2 * a.totals.macs);
  for (const b of a.blocks) expect(b.sums.flops).toBe(2 * b.sums.macs);
  for (const r of a.ops) expect(r.flops).toBe(2 * r.totalMacs);
}

const sameShape = (x: Shape, y: Shape) => expect(x).toEqual(y);

/** Each block reads the shapes its inputs produced, and each op the shapes its input ops produced. */
function expectShapesChain(d: Design): void {
  const built = buildGraph(d);
  const a = analyzeDesign(d);
  expect(a.input).toEqual({ n: d.batch, h: d.input.h, w: d.input.w, c: d.input.c });
  const outOf = new Map([['input', a.input]]);
  for (const b of a.blocks) {
    b.inputIds.forEach((id, j) => {
      sameShape(b.ins[j], outOf.get(id)!);
    });
    sameShape(b.in, b.ins[0]);
    outOf.set(b.id, b.out);
  }
  sameShape(
    a.output,
    outOf.get(a.blocks.length ? (d.outputs?.[0] ?? a.blocks[a.blocks.length - 1].id) : 'input')!,
  );
  for (const n of built.nodes) {
    n.inputs.forEach((i, j) => {
      sameShape(n.inShapes[j], i >= 0 ? built.nodes[i].cost.out : built.input);
    });
  }
}

function withBatch(d: Design, batch: number): Design {
  return { ...d, batch };
}

function expectBatchScales(d: Design, n: number, c: Convention): void {
  const one = analyzeDesign(withBatch(d, 1), c).totals;
  const many = analyzeDesign(withBatch(d, n), c).totals;
  expect(many.macs).toBe(n * one.macs);
  expect(many.convMacs).toBe(n * one.convMacs);
  expect(many.extraFlops).toBe(n * one.extraFlops);
  expect(many.activations).toBe(n * one.activations);
  expect(many.peakActivations).toBe(n * one.peakActivations);
  expect(many.params).toBe(one.params);
  expect(many.buffers).toBe(one.buffers);
  expect(many.weightBytes).toBe(one.weightBytes);
  expect(many.latencyDepth).toBe(one.latencyDepth);
}

const conventionName = (c: Convention) =>
  `bn ${c.bn}, extras ${c.includeExtras ? 'on' : 'off'}, ${c.precision}`;

describe('every preset', () => {
  for (const p of PRESETS) {
    const d = p.build();

    it(`${p.id}: totals equal the sum of op rows and of block rows under all 16 conventions`, () => {
      for (const c of CONVENTIONS) {
        const a = analyzeDesign(d, c);
        expectSumsAddUp(a);
        expectFlopsTwiceMacs(a);
      }
    });

    it(`${p.id}: shapes chain from block to block and from op to op`, () => {
      expectShapesChain(d);
    });

    it(`${p.id}: batch 3 triples MACs and activations but not parameters`, () => {
      expectBatchScales(d, 3, CONVENTIONS[0]);
      expectBatchScales(d, 3, { bn: 'fused', includeExtras: true, precision: 'int8' });
    });
  }
});

describe('random designs', () => {
  it('have totals equal to the sum of their op rows and block rows under every convention', () => {
    fc.assert(
      fc.property(designArb(), fc.constantFrom(...CONVENTIONS), (d, c) => {
        const a = analyzeDesign(d, c);
        expectSumsAddUp(a);
      }),
      { numRuns: 150 },
    );
  });

  it('always have FLOPs = 2 x MACs, per op, per block and in total', () => {
    fc.assert(
      fc.property(designArb(), fc.constantFrom(...CONVENTIONS), (d, c) => {
        expectFlopsTwiceMacs(analyzeDesign(d, c));
      }),
      { numRuns: 100 },
    );
  });

  it('have shapes that chain from block to block and op to op', () => {
    fc.assert(
      fc.property(designArb(), (d) => expectShapesChain(d)),
      { numRuns: 100 },
    );
  });

  it('scale MACs, extra FLOPs and activations by the batch N, and not the parameters', () => {
    fc.assert(
      fc.property(
        designArb(6),
        fc.integer({ min: 2, max: 8 }),
        fc.constantFrom(...CONVENTIONS),
        (d, n, c) => {
          expectBatchScales(d, n, c);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never gain parameters or buffers when BN is fused, and keep the same conv MACs', () => {
    // Fusing removes 2C gamma/beta per folded BN and adds at most C bias: params never grow.
    fc.assert(
      fc.property(designArb(), (d) => {
        const counted = analyzeDesign(d, { ...CONVENTIONS[0], bn: 'counted' }).totals;
        const fused = analyzeDesign(d, { ...CONVENTIONS[0], bn: 'fused' }).totals;
        expect(fused.params).toBeLessThanOrEqual(counted.params);
        expect(fused.buffers).toBeLessThanOrEqual(counted.buffers);
        expect(fused.convMacs).toBe(counted.convMacs);
      }),
      { numRuns: 100 },
    );
  });
});

describe('conventions', () => {
  it('are all 16 combinations of BN mode, extras and precision', () => {
    expect(new Set(CONVENTIONS.map(conventionName)).size).toBe(16);
  });
});
