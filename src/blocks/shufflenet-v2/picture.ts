import type { Shape } from '../../core/index.ts';
import type { Scene } from '../scene.ts';
import { shufflePicture } from '../shufflenet-v1/picture.ts';

/** ShuffleNet v2's unit ends with a 2-group channel shuffle of the two concatenated branches. */
export function shufflenetV2Picture(p: { filters: number; stride: number }, input: Shape): Scene {
  const c = p.filters;
  return shufflePicture(
    c,
    2,
    'ShuffleNet v2: the two branches are concatenated, then shuffled with 2 groups',
    `${p.stride === 1 ? `The unit splits its ${input.c} channels in two: one half passes through untouched, the other goes through 1×1, 3×3 depthwise and 1×1 convs.` : 'At stride 2 both branches see the whole input and each makes half of the output channels.'} The two halves (colours) are concatenated to ${c} channels and shuffled with 2 groups, so the next unit's split takes channels of both branches.`,
  );
}
