import type { Shape } from '../../core/index.ts';
import { arrow, groupConvMatrix, matrixAxes, sceneOf } from '../pictureParts.ts';
import { group, INK, type Scene, type SceneItem } from '../scene.ts';
import type { ConvCore } from '../types.ts';

/** A group conv's connection matrix with axis labels, at (x, y). */
export function convPanel(
  x: number,
  y: number,
  M: number,
  N: number,
  G: number,
  title: string,
  fill?: string,
): { item: SceneItem; note?: string; w: number } {
  const m = groupConvMatrix(M, N, G, title, 220, fill);
  return {
    item: group(x, y, [...m.items, ...matrixAxes(m.rows, m.cols, m.size, 'outputs', 'inputs')], title),
    note: m.note,
    w: m.cols * m.size,
  };
}

/** Standard, group and depthwise convs: which input channels each output channel reads. */
export function convPicture(input: Shape, core: ConvCore, o: { groups: number }): Scene {
  const M = input.c;
  const N = core.filters;
  const G = o.groups;
  const K = `${core.kernel[0]}×${core.kernel[1]}`;
  const name = G === 1 ? 'Standard conv' : G === M ? 'Depthwise conv' : `Group conv, G = ${G}`;
  const p = convPanel(12, 20, M, N, G, `${name}: ${K} kernels`);
  return sceneOf(
    `${name}: which input channels each output channel reads`,
    G === 1
      ? `Each row is an output channel, each column an input channel; every cell is filled: each of the ${N} outputs reads all ${M} inputs through a ${K} kernel, ${M * N} kernels in all.`
      : `Each row is an output channel, each column an input channel. The ${G} groups are the coloured blocks on the diagonal: an output reads only the ${M / G} input channel${M / G === 1 ? '' : 's'} of its group, so 1/${G} of the cells are filled, 1/${G} of the weights and MACs of a standard conv, and no information crosses between groups.`,
    [p.item],
    p.note ? { sampled: p.note } : {},
  );
}

/** Two convs in sequence (DW+PW, GW+PW): a spatial group conv then a pointwise 1x1 conv. */
export function twoStagePicture(
  input: Shape,
  core: ConvCore,
  G: number,
  labels: { first: string; title: string; caption: string },
  multiplier = 1,
): Scene {
  const M = input.c;
  const N = core.filters;
  const mid = M * multiplier;
  const K = `${core.kernel[0]}×${core.kernel[1]}`;
  const a = convPanel(12, 20, M, mid, G, `1. ${labels.first}: ${K}`);
  const gap = 70;
  const b = convPanel(12 + a.w + gap, 20, mid, N, 1, '2. pointwise: 1×1', INK.one);
  const notes = [a.note, b.note].filter(Boolean);
  return sceneOf(
    labels.title,
    labels.caption,
    [a.item, ...arrow(12 + a.w + 14, 80, gap - 28, 'then'), b.item],
    notes.length ? { sampled: notes.join('; ') } : {},
  );
}
