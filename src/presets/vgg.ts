import { conv, design, type RawBlock } from './build.ts';

const VGG16 = [
  64,
  64,
  'M',
  128,
  128,
  'M',
  256,
  256,
  256,
  'M',
  512,
  512,
  512,
  'M',
  512,
  512,
  512,
  'M',
] as const;

function features(opts: Record<string, unknown>): RawBlock[] {
  const out: RawBlock[] = [];
  let stage = 1;
  let i = 1;
  for (const v of VGG16) {
    if (v === 'M') {
      out.push({ kind: 'pool', name: `pool${stage}`, params: { mode: 'max', kernel: 2 } });
      stage++;
      i = 1;
    } else out.push(conv(v, 3, 1, opts, `conv${stage}_${i++}`));
  }
  return out;
}

/** VGG-16 (Simonyan & Zisserman 2015), 224x224, no BN, conv and FC biases. */
export const vgg16 = () =>
  design('VGG-16 (224)', { h: 224, w: 224, c: 3 }, [
    ...features({ bias: true, bn: false }),
    { kind: 'head', name: 'classifier', params: { pool: 'flatten', hidden: [4096, 4096], classes: 1000 } },
  ]);

/** VGG-16 for CIFAR-10 as in the HetConv paper: 32x32, BN after every conv, 512-512-10 head. */
export const vgg16Cifar = () =>
  design('VGG-16 (CIFAR-10)', { h: 32, w: 32, c: 3 }, [
    ...features({ bias: false, bn: true }),
    { kind: 'head', name: 'classifier', params: { pool: 'flatten', hidden: [512], classes: 10 } },
  ]);
