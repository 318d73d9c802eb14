import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure, standardCost } from '../../src/blocks/common.ts';
import { convKind } from '../../src/blocks/convKinds.ts';
import { head } from '../../src/blocks/head/block.ts';
import type { ConvCore } from '../../src/blocks/types.ts';
import { shape } from '../../src/core/index.ts';

const core = (filters: number, K: number): ConvCore => ({
  filters,
  kernel: [K, K],
  stride: [1, 1],
  padding: 'same',
  dilation: [1, 1],
  bias: false,
});

/** The explanation's ratio and the ratio of the kind's own ops to a standard conv, measured. */
function ratios(kind: string, options: Record<string, unknown>, H: number, M: number, c: ConvCore) {
  const def = convKind(kind);
  if (!def) throw new Error(`no conv kind ${kind}`);
  const input = shape(1, H, H, M);
  const o = def.optionsSchema.parse(options);
  const own = measure(input, (g, x) => def.build(g, x, c, { bn: false, act: 'none' }, o, kind));
  return { shown: def.explain(input, c, o).ratio?.value, measured: own.macs / standardCost(input, c).macs };
}

// dwpw, gwpw (M = N) and hetconv show the closed-form ratio of closedForms.ts: it must be the measured one.
describe('ratio fields that show a closed form equal the measured ratio', () => {
  const H = fc.integer({ min: 1, max: 12 });
  const M8 = fc.integer({ min: 1, max: 8 }).map((m) => 8 * m);
  const K = fc.constantFrom(1, 3, 5, 7);

  it('DW+PW: 1/N + 1/K^2', () => {
    fc.assert(
      fc.property(H, M8, fc.integer({ min: 1, max: 96 }), K, (h, M, N, k) => {
        const r = ratios('dwpw', {}, h, M, core(N, k));
        expect(r.shown).toBeCloseTo(r.measured, 12);
      }),
    );
  });

  it('GW+PW with N = M: 1/G + 1/K^2', () => {
    fc.assert(
      fc.property(H, M8, fc.constantFrom(1, 2, 4, 8), K, (h, M, G, k) => {
        const r = ratios('gwpw', { groups: G }, h, M, core(M, k));
        expect(r.shown).toBeCloseTo(r.measured, 12);
      }),
    );
  });

  it("HetConv (paper's exact layer): 1/P + (1 - 1/P)/K^2", () => {
    fc.assert(
      fc.property(
        H,
        M8,
        M8, // the explanation also builds the grouped form, which needs P | N
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(3, 5, 7),
        (h, M, N, P, k) => {
          const r = ratios('hetconv', { part: P }, h, M, core(N, k));
          expect(r.shown).toBeCloseTo(r.measured, 12);
        },
      ),
    );
  });

  it('group conv and low-rank show the measured ratio itself', () => {
    expect(ratios('conv', { groups: 4 }, 7, 32, core(64, 3))).toEqual({ shown: 0.25, measured: 0.25 });
    const lr = ratios('lowrank', { rank: 8 }, 7, 32, core(64, 3));
    expect(lr.shown).toBe(lr.measured);
    expect(lr.shown).toBeCloseTo(8 / 64 + 8 / (32 * 9), 12);
  });
});

describe('head', () => {
  it("'Classifier MACs' is the classifier dense op's cost (batch and hidden layers included)", () => {
    for (const [pool, hidden, n] of [
      ['global-avg', [], 1],
      ['flatten', [4096, 4096], 2],
    ] as const) {
      const p = head.schema.parse({ pool, hidden, classes: 10 });
      const input = shape(n, 7, 7, 512);
      const g = measure(input, (gb, x) => head.expand(gb, x, p));
      const e = head.explain(p, {
        input,
        output: g.out,
        macs: g.macs,
        params: g.params,
        latencyDepth: g.layers,
      });
      const F = hidden.length ? hidden[hidden.length - 1] : pool === 'flatten' ? 7 * 7 * 512 : 512;
      expect(e.formulas.find((f) => f.label === 'Classifier MACs')?.value).toBe(F * 10 * n);
    }
  });
});
