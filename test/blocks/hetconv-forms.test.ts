/**
 * HetConv's two forms agree on every padding, and BN folds into the grouped+pointwise form;
 * the factorised kinds put their bias on the pointwise conv, and their explanations give the
 * figures of their own ops. (TensorFlow.js checks that the
 * grouped+pointwise graph computes the exact layer: test/exec/ops.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Convention,
  DEFAULT_CONVENTION,
  hetconvImplementedMacs,
  hetconvMacs,
} from '../../src/core/index.ts';
import { analyzeDesign, buildGraph } from '../../src/design/analyze.ts';
import { explainBlock } from '../../src/design/explain.ts';
import { parseDesign } from '../../src/design/schema.ts';

const FUSED: Convention = { ...DEFAULT_CONVENTION, bn: 'fused' };

const one = (kind: string, params: Record<string, unknown>, h = 8, c = 4) =>
  parseDesign({ input: { h, w: h, c }, blocks: [{ kind, params }] });

describe('HetConv grouped+pointwise', () => {
  it('builds on an 8x8x4 input with valid padding (4 filters, 3x3, P = 2): 6x6x4, 3,168 MACs', () => {
    // Before: "hetconv_sum: add needs equal shapes, got 1x6x6x4 and 1x8x8x4".
    const d = one('hetconv', { filters: 4, kernel: 3, padding: 'valid', part: 2, form: 'grouped+pointwise' });
    const a = analyzeDesign(d);
    expect(a.output).toEqual({ n: 1, h: 6, w: 6, c: 4 });
    // Grouped 3x3 (2 groups of 2 channels): 4 x 2 x 9 = 72 weights; full 1x1: 16. 36 positions.
    expect(a.totals.macs).toBe(36 * (72 + 16));
    expect(a.ops.map((r) => r.name)).toEqual([
      'hetconv_gkxk',
      'hetconv_crop',
      'hetconv_pw',
      'hetconv_sum',
      'bn',
      'relu',
    ]);
    // Counted: 88 weights + BN gamma/beta 8; buffers 8.
    expect(a.totals.params).toBe(96);
    expect(a.totals.buffers).toBe(8);
  });

  it('folds its BN with --bn fused, as the deploy form does: 92 parameters and 0 buffers', () => {
    const d = one('hetconv', { filters: 4, kernel: 3, padding: 'valid', part: 2, form: 'grouped+pointwise' });
    const t = analyzeDesign(d, FUSED).totals;
    expect(t.params).toBe(88 + 4);
    expect(t.buffers).toBe(0);
    expect(t.extra.bn).toBe(0);
    // With a bias on the KxK conv, the BN folds into it at no cost.
    const biased = one('hetconv', { filters: 4, kernel: 3, part: 2, form: 'grouped+pointwise', bias: true });
    expect(analyzeDesign(biased, FUSED).totals.params).toBe(88 + 4);
  });

  it("has the exact form's output grid and the closed form's MACs for every padding, stride and kernel", () => {
    const arb = fc.record({
      h: fc.integer({ min: 5, max: 12 }),
      w: fc.integer({ min: 5, max: 12 }),
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 2, max: 5 }),
      s: fc.integer({ min: 1, max: 3 }),
      padding: fc.oneof(
        fc.constantFrom('same', 'valid'),
        fc.integer({ min: 0, max: 3 }),
        fc.tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
        ),
      ),
      P: fc.constantFrom(1, 2, 4),
    });
    fc.assert(
      fc.property(arb, ({ h, w, kh, kw, s, padding, P }) => {
        const params = { filters: 8, kernel: [kh, kw], stride: s, padding, part: P, bn: false, act: 'none' };
        const doc = (form: string) => ({
          input: { h, w, c: 8 },
          blocks: [{ kind: 'hetconv', params: { ...params, form } }],
        });
        let exact: ReturnType<typeof analyzeDesign>;
        try {
          exact = analyzeDesign(parseDesign(doc('exact')));
        } catch {
          return; // the kernel does not fit this padded input: both forms refuse it
        }
        const implemented = analyzeDesign(parseDesign(doc('grouped+pointwise')));
        expect(implemented.output).toEqual(exact.output);
        const { h: Ho, w: Wo } = exact.output;
        // The closed forms take a square grid and kernel: Do^2 = Ho Wo, K^2 = kh kw.
        const Do = Math.sqrt(Ho * Wo);
        const K = Math.sqrt(kh * kw);
        expect(exact.totals.macs).toBeCloseTo(hetconvMacs(Do, 8, 8, K, P), 6);
        expect(implemented.totals.macs).toBeCloseTo(hetconvImplementedMacs(Do, 8, 8, K, P), 6);
        // A crop appears only where a strided 1x1 would read past the last window.
        const names = buildGraph(parseDesign(doc('grouped+pointwise'))).nodes.map((n) => n.name);
        if (padding === 'same' && s === 1) expect(names).not.toContain('hetconv_crop');
      }),
      { numRuns: 200 },
    );
  });
});

describe('the bias of DW+PW and GW+PW: on the pointwise conv only', () => {
  it('DW+PW 4 -> 8 channels, 3x3, with a bias: 36 + 32 + 8 = 76 parameters (not 80)', () => {
    const d = one('dwpw', { filters: 8, kernel: 3, bias: true, bn: false, act: 'none' });
    const g = buildGraph(d);
    expect(g.nodes.map((n) => [n.name, 'bias' in n.spec && n.spec.bias])).toEqual([
      ['dwpw_dw', false],
      ['dwpw_pw', true],
    ]);
    expect(analyzeDesign(d).totals.params).toBe(76);
  });

  it('GW+PW 8 -> 8 channels, 3x3, G = 4, with a bias: 144 + 64 + 8 = 216 parameters', () => {
    const d = one('gwpw', { filters: 8, kernel: 3, groups: 4, bias: true, bn: false, act: 'none' }, 8, 8);
    expect(analyzeDesign(d).totals.params).toBe(8 * 2 * 9 + 64 + 8);
    expect(
      buildGraph(d)
        .nodes.filter((n) => 'bias' in n.spec && n.spec.bias)
        .map((n) => n.name),
    ).toEqual(['gwpw_pw']);
  });

  it("says so in each block's explanation, beside the parameter formula that counts it", () => {
    for (const [kind, first, params, c] of [
      ['dwpw', 'depthwise', { filters: 8, kernel: 3, bias: true }, 4],
      ['gwpw', 'group', { filters: 8, kernel: 3, groups: 4, bias: true }, 8],
    ] as const) {
      const d = one(kind, params, 8, c);
      const e = explainBlock(d, analyzeDesign(d), 0)!;
      expect(e.notes, kind).toContain(
        `Bias: with bias on, one bias per output channel on the pointwise conv (N parameters, as the standard conv it replaces has), none on the ${first} conv (as Keras' SeparableConv2D).`,
      );
      // 36 + 32 + 8 = 76 and 144 + 64 + 8 = 216: the formula's own terms, and its value (which
      // counted a bias on both convs, 80 and 224, while the formula and the block had one).
      const p = e.formulas.find((f) => f.label === 'Parameters')!;
      expect(p.substituted.endsWith(' + 8'), kind).toBe(true);
      expect(p.value, kind).toBe(kind === 'dwpw' ? 76 : 216);
    }
  });
});

describe("a factorised kind's explanation gives the figures of the block's own ops", () => {
  it('MACs and parameters (BN and activation off) for any kernel, stride, padding and bias', () => {
    const kinds = [
      ['dwpw', {}],
      ['gwpw', { groups: 2 }],
      ['separable', {}],
      ['lowrank', { rank: 2 }],
      ['conv', { groups: 2 }],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.record({
          filters: fc.constantFrom(4, 8, 12),
          kernel: fc.constantFrom(3, 5, [3, 5], [5, 3]),
          stride: fc.constantFrom(1, 2),
          padding: fc.constantFrom('same', 'valid'),
          bias: fc.boolean(),
        }),
        ([kind, options], core) => {
          const d = one(kind, { ...core, ...options, bn: false, act: 'none' }, 9, 8);
          const a = analyzeDesign(d);
          const e = explainBlock(d, a, 0)!;
          const value = (label: RegExp) => e.formulas.find((f) => label.test(f.label))?.value;
          expect(value(/^MACs$/), kind).toBe(a.totals.macs);
          expect(value(/^Parameters/), kind).toBe(a.totals.params);
        },
      ),
      { numRuns: 150 },
    );
  });
});
