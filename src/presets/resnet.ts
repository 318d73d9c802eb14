import { conv, design, type RawBlock } from './build.ts';

const stem = (): RawBlock[] => [
  conv(64, 7, 2, {}, 'stem'),
  { kind: 'pool', name: 'maxpool', params: { mode: 'max', kernel: 3, stride: 2, padding: 'same' } },
];

function basicStages(repeats: number[]): RawBlock[] {
  const out: RawBlock[] = [];
  repeats.forEach((n, s) => {
    for (let i = 0; i < n; i++) {
      out.push({
        kind: 'resnet-basic',
        name: `layer${s + 1}.${i}`,
        params: { filters: 64 << s, stride: s > 0 && i === 0 ? 2 : 1 },
      });
    }
  });
  return out;
}

/** ResNet-18 (He et al. 2016), torchvision layout. */
export const resnet18 = () =>
  design('ResNet-18', { h: 224, w: 224, c: 3 }, [
    ...stem(),
    ...basicStages([2, 2, 2, 2]),
    { kind: 'head', name: 'fc', params: { classes: 1000 } },
  ]);

/** ResNet-34 (He et al. 2016), torchvision layout. */
export const resnet34 = () =>
  design('ResNet-34', { h: 224, w: 224, c: 3 }, [
    ...stem(),
    ...basicStages([3, 4, 6, 3]),
    { kind: 'head', name: 'fc', params: { classes: 1000 } },
  ]);

/** ResNet-50 v1.5 (stride on the 3x3), torchvision layout. */
export const resnet50 = () => {
  const blocks: RawBlock[] = [...stem()];
  [3, 4, 6, 3].forEach((n, s) => {
    for (let i = 0; i < n; i++) {
      blocks.push({
        kind: 'resnet-bottleneck',
        name: `layer${s + 1}.${i}`,
        params: { width: 64 << s, filters: 256 << s, stride: s > 0 && i === 0 ? 2 : 1 },
      });
    }
  });
  blocks.push({ kind: 'head', name: 'fc', params: { classes: 1000 } });
  return design('ResNet-50 (v1.5)', { h: 224, w: 224, c: 3 }, blocks);
};

/** ResNet-56 for CIFAR-10 (He et al. 2016, section 4.2): 3 stages of 9 basic blocks, option-A shortcuts. */
export const resnet56Cifar = () => {
  const blocks: RawBlock[] = [conv(16, 3, 1, {}, 'conv1')];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < 9; i++) {
      blocks.push({
        kind: 'resnet-basic',
        name: `stage${s + 1}.${i}`,
        params: { filters: 16 << s, stride: s > 0 && i === 0 ? 2 : 1, shortcut: 'pad' },
      });
    }
  }
  blocks.push({ kind: 'head', name: 'fc', params: { classes: 10 } });
  return design('ResNet-56 (CIFAR-10)', { h: 32, w: 32, c: 3 }, blocks);
};
