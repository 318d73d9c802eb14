/** The presets with branches reproduce torchvision's published figures and PyTorch's exact counts. */
import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../src/design/index.ts';
import { preset } from '../src/presets/index.ts';
import { encodeDesign } from '../src/share/codec.ts';

/**
 * `published`: the figure each source prints (MACs with the classifier, BN counted in params).
 * `exact`: PyTorch's own count of the same network, from test/fixtures/torch/graph_presets_reference.py
 * (sum of p.numel(); MACs from forward hooks on Conv2d, ConvTranspose2d and Linear).
 */
const GOLDEN = [
  {
    id: 'googlenet',
    published: { macs: 1.5e9, params: 6.62e6 },
    exact: { macs: 1_498_376_192, params: 6_624_904 },
    output: { n: 1, h: 1, w: 1, c: 1000 },
    depth: 22,
    source: 'torchvision googlenet model table (aux_logits=False): 1.50 GFLOPS (MACs), 6.62 M params',
  },
  {
    id: 'densenet121',
    published: { macs: 2.83e9, params: 7.98e6 },
    exact: { macs: 2_834_161_664, params: 7_978_856 },
    output: { n: 1, h: 1, w: 1, c: 1000 },
    depth: 121,
    source: 'torchvision densenet121 model table: 2.83 GFLOPS (MACs), 7.98 M params',
  },
  {
    id: 'unet',
    published: { macs: 150.43e9, params: 31.03e6 },
    exact: { macs: 150_428_424_448, params: 31_030_658 },
    output: { n: 1, h: 388, w: 388, c: 2 },
    depth: 23,
    source:
      'Ronneberger et al. 2015, figure 1 (572x572x1 in, 388x388x2 out, valid convs, no BN), rebuilt in PyTorch 1.13',
  },
] as const;

describe('graph presets reproduce their published totals within 1%, and PyTorch exactly', () => {
  for (const g of GOLDEN) {
    it(`${g.id}: ${g.published.macs / 1e9} GMACs, ${g.published.params / 1e6} M params (${g.source})`, () => {
      const a = analyzeDesign(preset(g.id)!.build());
      expect(Math.abs(a.totals.macs / g.published.macs - 1)).toBeLessThan(0.01);
      expect(Math.abs(a.totals.params / g.published.params - 1)).toBeLessThan(0.01);
      expect({ macs: a.totals.macs, params: a.totals.params }).toEqual(g.exact);
      expect(a.output).toEqual(g.output);
      // GoogLeNet is "22 layers deep" (the paper's own count of layers with parameters); DenseNet-121
      // is named for its 120 convs and 1 dense layer; U-Net's path runs through 23 convs.
      expect(a.totals.latencyDepth).toBe(g.depth);
      expect(a.warnings).toEqual([]);
    });
  }

  it('their share links stay well under 4,000 characters', () => {
    const lengths = Object.fromEntries(GOLDEN.map((g) => [g.id, encodeDesign(preset(g.id)!.build()).length]));
    for (const n of Object.values(lengths)) expect(n).toBeLessThan(4000);
    // The figures quoted in the README ("Presets with branches"), so a change that grows them is seen.
    expect(lengths).toEqual({ googlenet: 1315, densenet121: 456, unet: 826 });
  });

  it('GoogLeNet is plain wiring: each Inception module is four branches joined by a concat', () => {
    const d = preset('googlenet')!.build();
    const concat = d.blocks.find((b) => b.id === '3a')!;
    expect(concat.kind).toBe('concat');
    expect(concat.inputs).toEqual(['3a.b1', '3a.b2', '3a.b3', '3a.b4']);
    const a = analyzeDesign(d);
    // 64 + 128 + 32 + 32 = 256 channels at 28x28.
    expect(a.blocks.find((b) => b.id === '3a')!.out).toEqual({ n: 1, h: 28, w: 28, c: 256 });
  });
});
