import { describe, expect, it } from 'vitest';
import { measure } from '../../src/blocks/common.ts';
import { buildSe, type SeParams, se } from '../../src/blocks/se/block.ts';
import { type Shape, seParams, shape } from '../../src/core/index.ts';
import { analyzeDesign, parseDesign } from '../../src/design/index.ts';

const params = (p: Partial<SeParams>): SeParams => se.schema.parse(p);

function explainOf(input: Shape, p: SeParams) {
  const s = measure(input, (g, x) => buildSe(g, x, p));
  return se.explain(p, { input, output: s.out, macs: s.macs, params: s.params, latencyDepth: s.layers });
}

describe('squeeze-and-excitation block, worked by hand', () => {
  /*
   * Input 1x7x7x64, r = 16 -> h = 4.
   * squeeze : global average pool, 64 channels x 49 = 3136 FLOPs (pool column)
   * fc1     : 64 -> 4 with bias: 256 MACs, 260 params; ReLU 4 FLOPs
   * fc2     : 4 -> 64 with bias: 256 MACs, 320 params; sigmoid 4 x 64 = 256 FLOPs
   * scale   : x * s broadcast over 7x7: 3136 FLOPs (other column)
   * MACs 512, params 580 = 2*64*4 + 4 + 64; output 1x7x7x64; latency depth 2.
   * One 3x3 conv 64->64 at 7x7: 49*64*64*9 = 1,806,336 MACs; ratio 512 / 1,806,336 = 2 / (9*16*49).
   */
  const input = shape(1, 7, 7, 64);
  const p = params({});

  it('expands into pool, dense + ReLU, dense + sigmoid and a multiply with the input', () => {
    const s = measure(input, (g, x) => buildSe(g, x, p));
    expect(s.nodes.map((n) => `${n.name}:${n.spec.op}`)).toEqual([
      'squeeze:globalpool',
      'fc1:dense',
      'relu_fc1:activation',
      'fc2:dense',
      'sigmoid_gate:activation',
      'scale:multiply',
    ]);
    const scale = s.nodes[5];
    expect(scale.inputs).toEqual([-1, 4]);
    expect(scale.inShapes).toEqual([input, shape(1, 1, 1, 64)]);
    expect(s.out).toEqual(input);
    expect(s.macs).toBe(512);
    expect(s.params).toBe(580);
    expect(s.params).toBe(seParams(64, 4));
    expect(s.layers).toBe(2);
    expect(s.nodes[0].cost.extra.pool).toBe(3136);
    expect(s.nodes[4].cost.extra.act).toBe(256);
    expect(scale.cost.extra.other).toBe(3136);
  });

  it('explains parameters, MACs, squeeze and scale work and the ratio to a 3x3 conv', () => {
    const e = explainOf(input, p);
    const f = Object.fromEntries(e.formulas.map((x) => [x.label, x]));
    expect(f.Parameters.value).toBe(580);
    expect(f.Parameters.substituted).toBe('64\\cdot 4 + 4 + 4\\cdot 64 + 64');
    expect(f['MACs (the two dense layers)'].value).toBe(512);
    expect(f['Squeeze (global average pool), FLOPs'].value).toBe(3136);
    expect(f['Scale (channel-wise multiply), FLOPs'].value).toBe(3136);
    expect(e.ratio?.value).toBeCloseTo(2 / (9 * 16 * 49), 15);
    expect(e.conditions.every((c) => c.ok)).toBe(true);
  });

  it('rounds C / r down and reports it when r does not divide C', () => {
    const e = explainOf(shape(1, 7, 7, 60), params({ reduction: 16 }));
    const c = e.conditions.find((x) => x.name === 'C divisible by r')!;
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('h = 3');
    // 60*3 + 3 + 3*60 + 60 = 423
    expect(e.formulas[0].value).toBe(423);
  });

  it('takes an explicit hidden width over C / r', () => {
    const s = measure(input, (g, x) => buildSe(g, x, params({ hidden: 8 })));
    expect(s.params).toBe(seParams(64, 8));
  });
});

describe('squeeze-and-excitation in a network', () => {
  it('puts its two dense layers on the critical path: conv, SE, conv has latency depth 4', () => {
    const d = parseDesign({
      input: { h: 7, w: 7, c: 64 },
      blocks: [
        { kind: 'conv', params: { filters: 64, kernel: 3 } },
        { kind: 'se', params: {} },
        { kind: 'conv', params: { filters: 64, kernel: 3 } },
      ],
    });
    const a = analyzeDesign(d);
    expect(a.blocks[1].latencyDepth).toBe(2);
    expect(a.totals.latencyDepth).toBe(4);
    expect(a.blocks[1].sums.convMacs).toBe(512);
    expect(a.blocks[1].out).toEqual(shape(1, 7, 7, 64));
  });
});
