import { conv, design, type RawBlock } from './build.ts';

/** One Inception module's widths: 1x1, 3x3 reduce, 3x3, "5x5" reduce, "5x5", pool projection. */
type Widths = readonly [number, number, number, number, number, number];

/**
 * An Inception module as plain wiring, so the graph view shows its four branches: each branch is
 * an ordinary block (its convs can be transformed like any other), joined by a concat whose id is
 * the module's name. torchvision's "5x5" branch uses a 3x3 conv (a known quirk of its port, kept
 * so the totals are torchvision's).
 */
function inception(id: string, from: string, [b1, b2r, b2, b3r, b3, b4]: Widths): RawBlock[] {
  const c = (name: string, filters: number, kernel: number, inputs?: string[]): RawBlock => ({
    ...conv(filters, kernel, 1, {}, name),
    id: name,
    ...(inputs ? { inputs } : {}),
  });
  return [
    c(`${id}.b1`, b1, 1, [from]),
    c(`${id}.b2r`, b2r, 1, [from]),
    c(`${id}.b2`, b2, 3),
    c(`${id}.b3r`, b3r, 1, [from]),
    c(`${id}.b3`, b3, 3),
    {
      id: `${id}.pool`,
      name: `${id}.pool`,
      kind: 'pool',
      inputs: [from],
      params: { mode: 'max', kernel: 3, stride: 1, padding: 'same' },
    },
    c(`${id}.b4`, b4, 1),
    { id, name: id, kind: 'concat', inputs: [`${id}.b1`, `${id}.b2`, `${id}.b3`, `${id}.b4`], params: {} },
  ];
}

/**
 * A max pool with PyTorch's ceil_mode = True, as GoogLeNet uses: at these sizes (112, 56, 28 with
 * a 3x3 window and stride 2, 14 with 2x2) it has TensorFlow's "same" output size.
 */
const pool = (id: string, kernel: number): RawBlock => ({
  id,
  name: id,
  kind: 'pool',
  params: { mode: 'max', kernel, stride: 2, padding: 'same' },
});

/**
 * GoogLeNet (Szegedy et al. 2015, Inception v1) as torchvision builds it, without the auxiliary
 * heads: every conv is conv (no bias) + BN + ReLU. 224x224x3 input.
 */
export const googlenet = () =>
  design('GoogLeNet (Inception v1)', { h: 224, w: 224, c: 3 }, [
    { ...conv(64, 7, 2, { padding: 3 }, 'conv1'), id: 'conv1' },
    pool('maxpool1', 3),
    { ...conv(64, 1, 1, {}, 'conv2'), id: 'conv2' },
    { ...conv(192, 3, 1, {}, 'conv3'), id: 'conv3' },
    pool('maxpool2', 3),
    ...inception('3a', 'maxpool2', [64, 96, 128, 16, 32, 32]),
    ...inception('3b', '3a', [128, 128, 192, 32, 96, 64]),
    pool('maxpool3', 3),
    ...inception('4a', 'maxpool3', [192, 96, 208, 16, 48, 64]),
    ...inception('4b', '4a', [160, 112, 224, 24, 64, 64]),
    ...inception('4c', '4b', [128, 128, 256, 24, 64, 64]),
    ...inception('4d', '4c', [112, 144, 288, 32, 64, 64]),
    ...inception('4e', '4d', [256, 160, 320, 32, 128, 128]),
    pool('maxpool4', 2),
    ...inception('5a', 'maxpool4', [256, 160, 320, 32, 128, 128]),
    ...inception('5b', '5a', [384, 192, 384, 48, 128, 128]),
    { id: 'fc', kind: 'head', name: 'fc', params: { classes: 1000 } },
  ]);
