import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv2dCost,
  dwpwMacs,
  dwpwRatio,
  gwpwMacs,
  gwpwRatio,
  hetconvCost,
  hetconvImplementedMacs,
  hetconvMacs,
  hetconvRatio,
  type Padding,
  type Pair,
  shape,
  standardConvMacs,
} from '../../src/core/index.ts';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { parseDesign } from '../../src/design/schema.ts';

const kernelArb = fc.integer({ min: 1, max: 7 });

/** Conv MACs and params of one layer block (BN and activation off) on a Do x Do x M input. */
function analysed(Do: number, M: number, block: Record<string, unknown>) {
  const d = parseDesign({
    input: { h: Do, w: Do, c: M },
    blocks: [{ ...block, params: { ...(block.params as object), bn: false, act: 'none', bias: false } }],
  });
  const t = analyzeDesign(d).totals;
  expect(analyzeDesign(d).output.h).toBe(Do);
  return { macs: t.convMacs, params: t.params };
}

describe('HetConv against the standard conv', () => {
  it('with P = 1 costs exactly what a standard conv costs (MACs, params, shape, bias)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        kernelArb,
        kernelArb,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<Padding>('same', 'valid'),
        fc.boolean(),
        (h, w, M, N, kh, kw, s, padding, bias) => {
          fc.pre(padding === 'same' || (h >= kh && w >= kw));
          const x = shape(2, h, w, M);
          const kernel: Pair = [kh, kw];
          const stride: Pair = [s, s];
          const het = hetconvCost([x], { op: 'hetconv', filters: N, kernel, part: 1, stride, padding, bias });
          const std = conv2dCost([x], {
            op: 'conv2d',
            filters: N,
            kernel,
            stride,
            padding,
            dilation: [1, 1],
            groups: 1,
            bias,
          });
          expect(het.macs).toBe(std.macs);
          expect(het.params).toBe(std.params);
          expect(het.out).toEqual(std.out);
          expect(het.extra).toEqual(std.extra);
        },
      ),
    );
  });
});

describe('group convolution', () => {
  it('costs the standard conv divided by G, in MACs and in weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom(1, 2, 3, 4, 8, 16),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        kernelArb,
        fc.integer({ min: 1, max: 2 }),
        (h, G, a, b, k, s) => {
          const x = shape(1, h, h, G * a);
          const spec = {
            op: 'conv2d' as const,
            filters: G * b,
            kernel: [k, k] as Pair,
            stride: [s, s] as Pair,
            padding: 'same' as const,
            dilation: [1, 1] as Pair,
            bias: false,
          };
          const std = conv2dCost([x], { ...spec, groups: 1 });
          const grp = conv2dCost([x], { ...spec, groups: G });
          expect(grp.macs).toBe(std.macs / G);
          expect(grp.params).toBe(std.params / G);
          const Do = Math.ceil(h / s);
          expect(std.macs).toBe(standardConvMacs(Do, G * a, G * b, k));
        },
      ),
    );
  });
});

describe('analysed blocks match the closed forms of docs/formulas.md', () => {
  const M8 = fc.integer({ min: 1, max: 8 }).map((m) => 8 * m);
  const DoArb = fc.integer({ min: 1, max: 16 });
  const Karb = fc.constantFrom(3, 5, 7);

  it('DW+PW: MACs = Do^2 M K^2 + Do^2 M N and ratio 1/N + 1/K^2', () => {
    fc.assert(
      fc.property(DoArb, M8, fc.integer({ min: 1, max: 96 }), Karb, (Do, M, N, K) => {
        const m = analysed(Do, M, { kind: 'dwpw', params: { filters: N, kernel: K } });
        expect(m.macs).toBe(dwpwMacs(Do, M, N, K));
        expect(m.params).toBe(M * K * K + M * N);
        expect(m.macs / standardConvMacs(Do, M, N, K)).toBeCloseTo(dwpwRatio(N, K), 12);
      }),
    );
  });

  it('GW+PW with N = M (the group conv keeps M channels): MACs and ratio 1/G + 1/K^2', () => {
    fc.assert(
      fc.property(DoArb, M8, fc.constantFrom(1, 2, 4, 8), Karb, (Do, M, G, K) => {
        const m = analysed(Do, M, { kind: 'gwpw', params: { filters: M, kernel: K, groups: G } });
        expect(m.macs).toBe(gwpwMacs(Do, M, M, K, G));
        expect(m.macs / standardConvMacs(Do, M, M, K)).toBeCloseTo(gwpwRatio(G, K), 12);
      }),
    );
  });

  it("HetConv (paper's exact layer): MACs and ratio 1/P + (1 - 1/P)/K^2", () => {
    fc.assert(
      fc.property(
        DoArb,
        M8,
        fc.integer({ min: 1, max: 96 }),
        fc.constantFrom(1, 2, 4, 8),
        Karb,
        (Do, M, N, P, K) => {
          const m = analysed(Do, M, { kind: 'hetconv', params: { filters: N, kernel: K, part: P } });
          expect(m.macs).toBe(hetconvMacs(Do, M, N, K, P));
          expect(m.params).toBe(N * ((M / P) * K * K + M - M / P));
          expect(m.macs / standardConvMacs(Do, M, N, K)).toBeCloseTo(hetconvRatio(P, K), 12);
        },
      ),
    );
  });

  it('HetConv as implemented (grouped KxK + full 1x1) costs Do^2 N M / P more than the exact layer', () => {
    fc.assert(
      fc.property(DoArb, M8, M8, fc.constantFrom(1, 2, 4, 8), Karb, (Do, M, N, P, K) => {
        const m = analysed(Do, M, {
          kind: 'hetconv',
          params: { filters: N, kernel: K, part: P, form: 'grouped+pointwise' },
        });
        expect(m.macs).toBe(hetconvImplementedMacs(Do, M, N, K, P));
        expect(m.macs - hetconvMacs(Do, M, N, K, P)).toBe((Do * Do * N * M) / P);
        // Parameters: N M K^2 / P + M N, i.e. N M / P more than the exact layer.
        expect(m.params).toBe((N * M * K * K) / P + M * N);
      }),
    );
  });

  it('HetConv with P = G is cheaper than GW+PW, and with P = M cheaper than DW+PW', () => {
    fc.assert(
      fc.property(DoArb, M8, fc.constantFrom(2, 4, 8), Karb, (Do, M, G, K) => {
        expect(hetconvMacs(Do, M, M, K, G)).toBeLessThan(gwpwMacs(Do, M, M, K, G));
        expect(hetconvMacs(Do, M, M, K, M)).toBeLessThan(dwpwMacs(Do, M, M, K));
      }),
    );
  });
});
