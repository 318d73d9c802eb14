import type { Shape } from '../../core/index.ts';
import { twoStagePicture } from '../conv/picture.ts';
import type { Scene } from '../scene.ts';
import type { ConvCore } from '../types.ts';

/** GW+PW as two stages: a K x K group conv inside G channel groups, then a 1x1 conv across them. */
export function gwpwPicture(input: Shape, core: ConvCore, o: { groups: number }): Scene {
  const M = input.c;
  const G = o.groups;
  const K = `${core.kernel[0]}×${core.kernel[1]}`;
  const k2 = core.kernel[0] * core.kernel[1];
  return twoStagePicture(input, core, G, {
    first: `group conv, G = ${G}`,
    title: `GW+PW: a ${K} group conv (G = ${G}), then a 1×1 pointwise conv`,
    caption: `Stage 1 (left) works inside ${G} channel groups (the coloured blocks): each output reads the ${M / G} channels of its group through ${K} kernels. Stage 2 (right) mixes all channels with 1×1 kernels. Together: 1/G + 1/K² = ${((1 / G + 1 / k2) * 100).toFixed(1)}% of a standard conv, in two sequential layers (HetConv with P = G gets the same K×K share in one layer).`,
  });
}
