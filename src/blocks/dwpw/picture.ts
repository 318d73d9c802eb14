import type { Shape } from '../../core/index.ts';
import { twoStagePicture } from '../conv/picture.ts';
import type { Scene } from '../scene.ts';
import type { ConvCore } from '../types.ts';

/** DW+PW as two stages: each channel filtered alone, then all channels mixed by a 1x1 conv. */
export function dwpwPicture(input: Shape, core: ConvCore, o: { multiplier: number }): Scene {
  const M = input.c;
  const N = core.filters;
  const K = `${core.kernel[0]}×${core.kernel[1]}`;
  const k2 = core.kernel[0] * core.kernel[1];
  return twoStagePicture(
    input,
    core,
    M,
    {
      first: 'depthwise',
      title: `DW+PW: a ${K} depthwise conv, then a 1×1 pointwise conv`,
      caption: `Stage 1 (left) filters every channel on its own: one ${K} kernel per channel, only the diagonal is filled (${M * o.multiplier * k2} weights). Stage 2 (right) mixes the channels with 1×1 kernels, every cell filled (${M * o.multiplier * N} weights). Together they cost 1/N + 1/K² = ${((1 / N + 1 / k2) * 100).toFixed(1)}% of a standard conv, but they are two sequential layers.`,
    },
    o.multiplier,
  );
}
