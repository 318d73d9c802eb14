import type { Shape } from '../../core/index.ts';
import { shufflePermutation, superChannels } from '../igcv1/connectivity.ts';
import { sceneOf } from '../pictureParts.ts';
import { group, groupColor, INK, line, rect, type Scene, type SceneItem, text } from '../scene.ts';

const MAX_MIDDLE = 48;

/**
 * IGCV3's loose complementary condition (Sun et al. 2018): the middle channels, coloured by the
 * expansion branch they come from (after the permutation) and bracketed by the projection branch
 * they feed; every (expansion, projection) pair must share at least one channel, a super-channel.
 */
export function igcv3Picture(p: { expansion: number; g1: number; g2: number }, input: Shape): Scene {
  const E = input.c * p.expansion;
  const { g1: G1, g2: G2 } = p;
  const perm = G1 > 1 ? shufflePermutation(E, G1) : [...Array(E).keys()];
  const sizes = superChannels(E, G1, G2, perm);
  const shown = Math.min(E, MAX_MIDDLE);
  const size = Math.max(6, Math.min(14, Math.floor(520 / shown)));
  const firstPer = E / G1;
  const secondPer = E / G2;
  const strip: SceneItem[] = [
    text(0, -8, `the ${E} middle channels, coloured by expansion branch (G1 = ${G1})`, {
      size: 11,
      bold: true,
    }),
  ];
  for (let k = 0; k < shown; k++) {
    const branch = Math.floor(perm[k] / firstPer);
    strip.push(
      rect(k * size, 0, size - 1, 16, groupColor(branch), {
        title: `middle channel ${k + 1}: expansion branch ${branch + 1}, projection branch ${Math.floor(k / secondPer) + 1}`,
      }),
    );
  }
  for (let b = 0; b < G2; b++) {
    const from = b * secondPer;
    if (from >= shown) break;
    const to = Math.min(shown, (b + 1) * secondPer);
    strip.push(line(from * size + 1, 22, to * size - 2, 22, INK.text, { width: 2 }));
    strip.push(
      text(((from + to) / 2) * size, 36, `projection branch ${b + 1}`, { anchor: 'middle', size: 10 }),
    );
  }
  const cell = 34;
  const table: SceneItem[] = [
    text((G2 * cell) / 2, -22, 'channels per super-channel', { anchor: 'middle', size: 11, bold: true }),
    text((G2 * cell) / 2, -8, 'projection branch →', { anchor: 'middle', size: 10, fill: INK.muted }),
  ];
  const gShow = Math.min(G1, 8);
  const hShow = Math.min(G2, 8);
  for (let a = 0; a < gShow; a++) {
    table.push(rect(-14, a * cell + 8, 10, 16, groupColor(a)));
    for (let b = 0; b < hShow; b++) {
      const n = sizes[a][b];
      table.push(
        rect(b * cell, a * cell, cell - 2, cell - 2, n ? '#dbeafe' : INK.zero, {
          stroke: INK.grid,
          title: `expansion branch ${a + 1} ∩ projection branch ${b + 1}: ${n} channels`,
          role: 'super',
        }),
      );
      table.push(
        text(b * cell + cell / 2 - 1, a * cell + cell / 2 + 4, String(n), {
          anchor: 'middle',
          size: 12,
          bold: true,
        }),
      );
    }
  }
  const empty = sizes.flat().filter((v) => v === 0).length;
  const sampled = [
    shown < E ? `the first ${shown} of ${E} middle channels` : '',
    gShow < G1 || hShow < G2 ? `the first ${gShow} x ${hShow} of ${G1} x ${G2} super-channels` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return sceneOf(
    `IGCV3 super-channels: ${empty ? `${empty} empty, the loose condition fails` : 'none empty, the loose condition holds'}`,
    `The 1×1 expansion conv makes E = ${E} channels in G1 = ${G1} branches; a permutation interleaves them, a depthwise conv filters each one, and the 1×1 projection conv reads them in G2 = ${G2} branches. A super-channel is the set of middle channels that come from one expansion branch and feed one projection branch (table). ${empty ? 'Some are empty, so those branches never meet.' : 'None is empty, so every projection branch sees every expansion branch: the loose complementary condition, with several paths per pair instead of exactly one.'}`,
    [group(0, 20, strip), group(Math.max(shown * size + 60, 0), 34, table)],
    sampled ? { sampled } : {},
  );
}
