import { describe, expect, it } from 'vitest';
import { analyzeDesign, explainBlock, parseDesign } from '../../src/design/index.ts';

const KINDS: Record<string, Record<string, unknown>> = {
  acb: { form: 'train' },
  separable: {},
  lowrank: { rank: 4 },
};

describe('the research conv kinds explain themselves with the numbers of the layer in front of them', () => {
  for (const [kind, options] of Object.entries(KINDS)) {
    it(`${kind} as a layer block and inside a ResNet basic block`, () => {
      const d = parseDesign({
        input: { h: 8, w: 8, c: 16 },
        blocks: [
          { kind, params: { filters: 16, ...options } },
          { kind: 'resnet-basic', params: { filters: 32, stride: 2, conv: { kind, ...options } } },
        ],
      });
      const a = analyzeDesign(d);
      for (const i of [0, 1]) {
        const e = explainBlock(d, a, i)!;
        expect(e.title.length).toBeGreaterThan(0);
        expect(e.formulas.length).toBeGreaterThan(1);
        for (const f of e.formulas) expect(Number.isFinite(f.value), `${kind} ${f.label}`).toBe(true);
        expect(e.ratio && Number.isFinite(e.ratio.value)).toBe(true);
      }
      // The layer's own MACs formula is its analysed MACs.
      const layer = explainBlock(d, a, 0)!;
      expect(layer.formulas[0].value).toBe(a.blocks[0].sums.convMacs);
    });
  }

  it('the ACB deploy form explains the fusion and is exactly the baseline', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 16 },
      blocks: [{ kind: 'acb', params: { filters: 16, form: 'deploy' } }],
    });
    const e = explainBlock(d, analyzeDesign(d), 0)!;
    expect(e.title).toBe('ACB (ACNet), deploy form');
    expect(e.formulas.some((f) => f.label.startsWith('Fused kernel'))).toBe(true);
    expect(e.conditions).toEqual([
      {
        name: 'Deploy form costs exactly the baseline conv',
        ok: true,
        detail: 'deploy 147,456 MACs vs standard 147,456 MACs',
      },
    ]);
  });

  it('an ACB that cannot apply says why instead of showing numbers', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 16 },
      blocks: [{ kind: 'conv', params: { filters: 16, kernel: 1 } }],
    });
    const e = explainBlock(
      { ...d, blocks: [{ ...d.blocks[0], kind: 'acb', params: { ...d.blocks[0].params, form: 'train' } }] },
      analyzeDesign(d),
      0,
    )!;
    expect(e.title).toBe('ACB (ACNet): not applicable here');
    expect(e.summary).toMatch(/1x1 kernel has no separate 1xK and Kx1 skeleton/);
  });
});
