import { conv, design, type RawBlock } from './build.ts';

/**
 * A DenseNet transition (BN, ReLU, 1x1 conv, 2x2 average pool) as plain blocks: it is four small
 * blocks, and seeing the pre-activation order in the list is worth more than a fifth block kind.
 */
const transition = (n: number, filters: number): RawBlock[] => [
  { kind: 'batchnorm', name: `transition${n}.bn`, params: {} },
  { kind: 'activation', name: `transition${n}.relu`, params: { fn: 'relu' } },
  conv(filters, 1, 1, { bn: false, act: 'none' }, `transition${n}.conv`),
  { kind: 'pool', name: `transition${n}.pool`, params: { mode: 'avg', kernel: 2, stride: 2 } },
];

const denseBlock = (n: number, layers: number): RawBlock => ({
  kind: 'dense-block',
  name: `denseblock${n}`,
  params: { layers, growth: 32, bottleneck: 4 },
});

/**
 * DenseNet-121 (Huang et al. 2017, DenseNet-BC, k = 32) as torchvision builds it: 7x7 stem and
 * 3x3 max pool, dense blocks of 6, 12, 24 and 16 layers with transitions halving the channels,
 * BN + ReLU, global average pool and the classifier. The dense blocks are composite blocks (58
 * layers as plain wiring would be some 400 blocks and a share link of several thousand
 * characters); each expands to its BN, ReLU, conv and concat ops.
 */
export const densenet121 = () =>
  design('DenseNet-121', { h: 224, w: 224, c: 3 }, [
    conv(64, 7, 2, { padding: 3 }, 'conv0'),
    { kind: 'pool', name: 'pool0', params: { mode: 'max', kernel: 3, stride: 2, padding: 1 } },
    denseBlock(1, 6),
    ...transition(1, 128),
    denseBlock(2, 12),
    ...transition(2, 256),
    denseBlock(3, 24),
    ...transition(3, 512),
    denseBlock(4, 16),
    { kind: 'batchnorm', name: 'norm5', params: {} },
    { kind: 'activation', name: 'relu5', params: { fn: 'relu' } },
    { kind: 'head', name: 'classifier', params: { classes: 1000 } },
  ]);
