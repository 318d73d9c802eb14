import type { Shape } from '../../core/index.ts';
import { shapeFlowPicture } from '../pictureParts.ts';
import type { Scene } from '../scene.ts';
import { buildEffnet, type EffnetParams } from './block.ts';

/** EffNet's separable pooling (Freeman et al. 2018): the tensor after each step, each axis halved at a different step. */
export function effnetPicture(p: EffnetParams, input: Shape): Scene {
  return shapeFlowPicture(
    `EffNet block (${p.variant}): the width is halved by the 1×2 pool, the height by the strided 2×1 conv`,
    input,
    (g, x) => buildEffnet(g, x, p),
    'The tensor after each step, drawn with its height and width (square-root scale) and its size written under it. A thin 1×1 bottleneck does the spatial work in two 1-D depthwise steps, and the 2× downsampling is split: the 1×2 max-pool halves the width (red bottom edge), the 2×1 strided conv halves the height (red right edge), so the data is never squeezed by 4 in one step.',
  );
}
