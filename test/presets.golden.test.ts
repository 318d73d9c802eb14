import { describe, expect, it } from 'vitest';
import { analyzeDesign } from '../src/design/index.ts';
import { preset } from '../src/presets/index.ts';

/**
 * Published totals (MACs with the classifier, each paper's own convention; torchvision's tables
 * call MACs "GFLOPS"). The counting convention is in docs/formulas.md.
 */
const GOLDEN: { id: string; macs: number; params: number; source: string }[] = [
  { id: 'vgg16', macs: 15.47e9, params: 138.36e6, source: 'torchvision vgg16 model table' },
  { id: 'resnet18', macs: 1.81e9, params: 11.69e6, source: 'torchvision resnet18 model table' },
  { id: 'resnet34', macs: 3.66e9, params: 21.8e6, source: 'torchvision resnet34 model table' },
  { id: 'resnet50', macs: 4.09e9, params: 25.56e6, source: 'torchvision resnet50 (v1.5) model table' },
  { id: 'mobilenet-v1', macs: 569e6, params: 4.2e6, source: 'Howard et al. 2017, table 8' },
  { id: 'mobilenet-v2', macs: 301e6, params: 3.5e6, source: 'Sandler et al. 2018 / torchvision, BN counted' },
  {
    id: 'resnet56-cifar',
    macs: 125.5e6,
    params: 0.85e6,
    source: 'He et al. 2016 CIFAR ResNet-56 as commonly reported',
  },
  {
    id: 'vgg16-cifar',
    macs: 313.7e6,
    params: 14.98e6,
    source: 'HetConv paper (Singh et al. 2019), VGG-16 on CIFAR-10',
  },
];

describe('presets reproduce their published totals within 1%', () => {
  for (const g of GOLDEN) {
    it(`${g.id}: ${g.macs / 1e6} M MACs, ${g.params / 1e6} M params (${g.source})`, () => {
      const a = analyzeDesign(preset(g.id)!.build());
      expect(Math.abs(a.totals.macs / g.macs - 1)).toBeLessThan(0.01);
      expect(Math.abs(a.totals.params / g.params - 1)).toBeLessThan(0.01);
    });
  }
});

/**
 * Counted in PyTorch (Debian python3-torch 1.13, python3-torchvision 0.14): torchvision.models
 * resnet18/34/50(weights=None) on a 1x3x224x224 input, MACs from forward hooks on every Conv2d
 * (output elements x in_channels / groups x kh x kw) and Linear (output elements x in_features),
 * params as sum(p.numel() for p in model.parameters()).
 */
const TORCHVISION_EXACT = [
  { id: 'resnet18', macs: 1_814_073_344, params: 11_689_512 },
  { id: 'resnet34', macs: 3_663_761_408, params: 21_797_672 },
  { id: 'resnet50', macs: 4_089_184_256, params: 25_557_032 },
];

describe('the ResNet presets equal torchvision 0.14 exactly (counted with forward hooks in PyTorch)', () => {
  for (const g of TORCHVISION_EXACT) {
    it(`${g.id}: ${g.macs.toLocaleString('en-US')} MACs and ${g.params.toLocaleString('en-US')} params`, () => {
      const { totals } = analyzeDesign(preset(g.id)!.build());
      expect(totals.macs).toBe(g.macs);
      expect(totals.params).toBe(g.params);
    });
  }
});
