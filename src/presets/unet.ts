import { design, type RawBlock } from './build.ts';

/** A 3x3 "valid" conv with a bias and ReLU, and no BN, as in the 2015 paper. */
const conv3 = (id: string, filters: number, inputs?: string[]): RawBlock => ({
  id,
  name: id,
  kind: 'conv',
  ...(inputs ? { inputs } : {}),
  params: { filters, kernel: 3, padding: 'valid', bias: true, bn: false, act: 'relu' },
});

/**
 * The original U-Net (Ronneberger, Fischer and Brox, MICCAI 2015, arXiv 1505.04597, figure 1):
 * a 572x572x1 input, four levels of two valid 3x3 convs and a 2x2 max pool (64 to 512 channels),
 * two convs of 1024 at the bottom, then four levels of a 2x2 up-convolution halving the channels,
 * the contracting path's features cropped to its size and concatenated, and two valid 3x3 convs;
 * a 1x1 conv to 2 classes gives the 388x388x2 map. No BN (the paper has none); every conv has a
 * bias.
 */
export function unet(): ReturnType<typeof design> {
  const blocks: RawBlock[] = [];
  let side = 572;
  const skips: { id: string; side: number }[] = [];
  let from = 'input';
  for (let level = 1; level <= 5; level++) {
    const filters = 32 << level;
    blocks.push(conv3(`down${level}.conv1`, filters, [from]), conv3(`down${level}.conv2`, filters));
    side -= 4;
    from = `down${level}.conv2`;
    if (level < 5) {
      skips.push({ id: from, side });
      blocks.push({
        id: `pool${level}`,
        name: `pool${level}`,
        kind: 'pool',
        params: { mode: 'max', kernel: 2, stride: 2 },
      });
      side /= 2;
      from = `pool${level}`;
    }
  }
  for (let level = 4; level >= 1; level--) {
    const filters = 32 << level;
    const skip = skips[level - 1];
    side *= 2;
    blocks.push(
      {
        id: `up${level}`,
        name: `up${level}`,
        kind: 'conv-transpose',
        inputs: [from],
        params: { filters, kernel: 2, stride: 2 },
      },
      {
        id: `crop${level}`,
        name: `crop${level}`,
        kind: 'crop',
        inputs: [skip.id],
        params: { h: side, w: side },
      },
      {
        id: `cat${level}`,
        name: `cat${level}`,
        kind: 'concat',
        inputs: [`crop${level}`, `up${level}`],
        params: {},
      },
      conv3(`up${level}.conv1`, filters),
      conv3(`up${level}.conv2`, filters),
    );
    side -= 4;
    from = `up${level}.conv2`;
  }
  blocks.push({
    id: 'classes',
    name: 'classes',
    kind: 'conv',
    params: { filters: 2, kernel: 1, bias: true, bn: false, act: 'none' },
  });
  return design('U-Net (2015)', { h: 572, w: 572, c: 1 }, blocks);
}
