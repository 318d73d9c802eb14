import type { Shape } from '../../core/index.ts';
import { chainPicture, PATH_LEGEND, sceneOf } from '../pictureParts.ts';
import { group, groupColor, INK, type Scene } from '../scene.ts';
import { igcv1Stages, summarizePaths } from './connectivity.ts';

/** Largest width G = L*M drawn cell by cell; wider blocks are drawn with smaller L and M. */
export const IGCV1_MAX_WIDTH = 24;

/** The L, M and input width the picture is drawn with (the block's own when it fits). */
export function igcv1DrawnWith(cIn: number, L: number, M: number): { cIn: number; L: number; M: number } {
  if (L * M <= IGCV1_MAX_WIDTH && cIn <= IGCV1_MAX_WIDTH) return { cIn, L, M };
  const l = Math.min(L, 4);
  const m = Math.min(M, Math.max(2, Math.floor(IGCV1_MAX_WIDTH / l)));
  return { cIn: l * m, L: l, M: m };
}

/**
 * IGCV1 (Zhang et al. 2017, figure 1): the primary group conv (L partitions of M channels), the
 * permutation, the secondary 1x1 group conv (M partitions of L) and their product, from the same
 * igcv1Stages and pathCounts that check the complementary condition.
 */
export function igcv1Picture(p: { L: number; M: number; kernel: number }, input: Shape): Scene {
  const d = igcv1DrawnWith(input.c, p.L, p.M);
  const { L, M } = d;
  const G = L * M;
  const stages = igcv1Stages(d.cIn, L, M);
  const { items, product } = chainPicture(
    d.cIn,
    [
      {
        stage: stages[0],
        title: `primary ${p.kernel}×${p.kernel}, L = ${L}`,
        colour: (r) => groupColor(Math.floor(r / M)),
      },
      { stage: stages[1], title: 'permutation', colour: () => INK.text },
      {
        stage: stages[2],
        title: `secondary 1×1, M = ${M}`,
        colour: (r) => groupColor(4 + Math.floor(r / L)),
      },
    ],
    'every output ← every input',
  );
  const summary = summarizePaths(d.cIn, stages);
  const dense = summary?.exactlyOne ?? product.every((r) => r.every((v) => v === 1));
  const sampled =
    d.L !== p.L || d.M !== p.M || d.cIn !== input.c
      ? `drawn with L = ${L}, M = ${M} (${G} channels) instead of L = ${p.L}, M = ${p.M} (${p.L * p.M} channels, input ${input.c}); the structure is the same`
      : undefined;
  return sceneOf(
    `IGCV1: two sparse group convs whose product is ${dense ? 'dense' : 'not dense'}`,
    `Each matrix shows which input channels (columns) each output channel (rows) of one step reads. The primary ${p.kernel}×${p.kernel} group conv works inside ${L} partitions of ${M} channels (coloured blocks); the permutation sends the m-th channel of every primary partition to secondary partition m; the secondary 1×1 group conv works inside ${M} partitions of ${L} channels. ${
      dense
        ? `Multiplied together (last matrix) every output reaches every input by exactly one path: the product is a dense ${G}×${d.cIn} matrix, which is the complementary condition.`
        : 'Multiplied together (last matrix) some pairs have no path (pale red) or several (amber): the complementary condition fails.'
    }`,
    [group(0, 30, items)],
    {
      legend: PATH_LEGEND,
      ...(sampled ? { sampled } : {}),
    },
    20,
  );
}
