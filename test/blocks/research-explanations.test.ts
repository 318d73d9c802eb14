import { describe, expect, it } from 'vitest';
import { analyzeDesign, explainBlock, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';

const MINE = new Set(['igcv1', 'igcv2', 'igcv3', 'se', 'shufflenet-v1', 'shufflenet-v2']);

describe('explanations of the IGC, SE and ShuffleNet blocks inside real networks', () => {
  for (const id of ['igcv1-cifar', 'igcv3-d', 'shufflenet-v2']) {
    it(`${id}: every such block explains itself with finite numbers and block MACs equal to its ops`, () => {
      const d = preset(id)!.build();
      const a = analyzeDesign(d);
      let seen = 0;
      d.blocks.forEach((b, i) => {
        if (!MINE.has(b.kind)) return;
        seen++;
        const e = explainBlock(d, a, i)!;
        expect(e.title.length).toBeGreaterThan(0);
        for (const f of e.formulas) expect(Number.isFinite(f.value)).toBe(true);
        expect(Number.isFinite(e.ratio?.value)).toBe(true);
        const macs = e.formulas.find((f) => f.label === 'MACs');
        if (macs) expect(macs.value).toBe(a.blocks[i].sums.convMacs);
      });
      expect(seen).toBeGreaterThan(10);
    });
  }

  it('explains the widening IGCV1 block of a stage with a note instead of the closed form', () => {
    const d = preset('igcv1-cifar')!.build();
    const a = analyzeDesign(d);
    const i = d.blocks.findIndex((b) => b.name === 'stage2.0');
    const e = explainBlock(d, a, i)!;
    expect(e.conditions.some((c) => c.name.startsWith('Ops agree'))).toBe(false);
    expect(e.notes.some((n) => n.includes('48 channels and the block 96'))).toBe(true);
    // primary 96 filters x 2 inputs x 9 + secondary 96 x 24
    expect(e.formulas[0].value).toBe(96 * 2 * 9 + 96 * 24);
  });

  it('parses every block from defaults alone', () => {
    const d = parseDesign({
      input: { h: 16, w: 16, c: 64 },
      blocks: [
        { kind: 'igcv1', params: { L: 8, M: 8 } },
        { kind: 'igcv2', params: {} },
        { kind: 'igcv3', params: { filters: 64 } },
        { kind: 'se', params: {} },
        { kind: 'shufflenet-v2', params: { filters: 64 } },
        { kind: 'shufflenet-v1', params: { filters: 240, stride: 2, groups: 4 } },
      ],
    });
    const a = analyzeDesign(d);
    expect(a.output).toMatchObject({ h: 8, w: 8, c: 240 });
  });
});
