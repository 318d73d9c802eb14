import { conv, design, type RawBlock } from './build.ts';

/**
 * [expansion t, channels c, repeats n, first stride s] of IGCV3-D (Sun et al. 2018): MobileNetV2's
 * widths with the repeats of the authors' code (homles11/IGCV3, symbols/igcv3.py) 1, 4, 6, 8, 6, 6, 1.
 */
export const IGCV3_D_SETTINGS: readonly [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 4, 2],
  [6, 32, 6, 2],
  [6, 64, 8, 2],
  [6, 96, 6, 1],
  [6, 160, 6, 2],
  [6, 320, 1, 1],
];

/** IGCV3-D 1.0-224: every bottleneck an IGCV3 block with G1 = G2 = 2, as in the authors' code. */
export const igcv3D = () => {
  const blocks: RawBlock[] = [conv(32, 3, 2, { act: 'relu6' }, 'conv1')];
  IGCV3_D_SETTINGS.forEach(([t, c, n, s], stage) => {
    for (let i = 0; i < n; i++) {
      blocks.push({
        kind: 'igcv3',
        name: `igc${stage + 1}.${i}`,
        params: { filters: c, stride: i === 0 ? s : 1, expansion: t, g1: 2, g2: 2 },
      });
    }
  });
  blocks.push(conv(1280, 1, 1, { act: 'relu6' }, 'conv_last'));
  blocks.push({ kind: 'head', name: 'fc', params: { classes: 1000 } });
  return design('IGCV3-D 1.0-224', { h: 224, w: 224, c: 3 }, blocks);
};
