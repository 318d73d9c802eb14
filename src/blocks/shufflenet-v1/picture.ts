import type { Shape } from '../../core/index.ts';
import { shufflePermutation } from '../igcv1/connectivity.ts';
import { sceneOf } from '../pictureParts.ts';
import { group, groupColor, INK, line, rect, type Scene, type SceneItem, text } from '../scene.ts';

const MAX_CHANNELS = 24;

/**
 * A channel shuffle with `groups` groups (ShuffleNet, Zhang et al. 2018, figure 1): channels coloured
 * by the group that made them, before and after, with a line from each channel to where it lands,
 * so each group of the next conv gets channels from every group.
 */
export function shufflePicture(channels: number, groups: number, title: string, caption: string): Scene {
  const per = channels / groups;
  const shownPer = channels <= MAX_CHANNELS ? per : Math.max(1, Math.floor(MAX_CHANNELS / groups));
  const m = shownPer * groups;
  const perm = shufflePermutation(m, groups);
  const size = Math.max(10, Math.min(22, Math.floor(520 / m)));
  const items: SceneItem[] = [text(0, -8, 'channels from the previous group conv', { size: 11 })];
  const colourOf = (ch: number) => groupColor(Math.floor(ch / shownPer));
  for (let k = 0; k < m; k++)
    items.push(
      rect(k * size, 0, size - 2, 16, colourOf(k), {
        title: `channel ${k + 1}, group ${Math.floor(k / shownPer) + 1}`,
      }),
    );
  const y2 = 90;
  for (let k = 0; k < m; k++) {
    const src = perm[k];
    items.push(
      line(src * size + size / 2 - 1, 17, k * size + size / 2 - 1, y2 - 1, colourOf(src), { width: 1.2 }),
    );
    items.push(
      rect(k * size, y2, size - 2, 16, colourOf(src), {
        role: 'shuffled',
        title: `position ${k + 1} after the shuffle: channel ${src + 1}`,
      }),
    );
  }
  for (let g = 0; g < groups; g++) {
    items.push(
      line(g * shownPer * size, y2 + 22, (g + 1) * shownPer * size - 3, y2 + 22, INK.text, { width: 2 }),
    );
    items.push(
      text((g + 0.5) * shownPer * size, y2 + 36, `group ${g + 1} of the next conv`, {
        anchor: 'middle',
        size: 10,
      }),
    );
  }
  return sceneOf(
    title,
    caption,
    [group(0, 20, items)],
    m < channels ? { sampled: `${shownPer} of the ${per} channels of each of the ${groups} groups` } : {},
  );
}

export function shufflenetV1Picture(
  p: { filters: number; bottleneck: number; groups: number },
  _input: Shape,
): Scene {
  const mid = Math.round(p.filters * p.bottleneck);
  const g = p.groups;
  return shufflePicture(
    mid,
    g,
    `ShuffleNet channel shuffle, g = ${g}: every group of the second 1×1 conv sees every group of the first`,
    `The first 1×1 group conv makes ${mid} channels in ${g} groups (colours). Without a shuffle the next group conv would read only its own colour and the groups would never mix. The shuffle views the channels as ${g} × ${mid / g} and transposes: each group of the next conv now takes channels of every colour, at no MACs.`,
  );
}
