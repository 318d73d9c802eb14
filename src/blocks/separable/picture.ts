import type { Shape } from '../../core/index.ts';
import { sceneOf } from '../pictureParts.ts';
import { group, INK, rect, type Scene, type SceneItem, text } from '../scene.ts';
import type { ConvCore } from '../types.ts';

function grid(rows: number, cols: number, size: number, fill: string, label: string): SceneItem[] {
  const items: SceneItem[] = [text((cols * size) / 2, -8, label, { anchor: 'middle', size: 11, bold: true })];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      items.push(rect(c * size, r * size, size, size, fill, { stroke: '#9ca3af' }));
  return items;
}

/** A K x K window covered by a K x 1 conv then a 1 x K conv (Inception-v3's factorisation). */
export function separablePicture(_input: Shape, core: ConvCore): Scene {
  const [kh, kw] = core.kernel;
  const s = Math.max(12, Math.min(24, Math.floor(140 / Math.max(kh, kw))));
  const items: SceneItem[] = [
    group(0, 0, grid(kh, 1, s, '#2563eb', `${kh}×1`)),
    text(s + 20, (kh * s) / 2 + 5, 'then', { anchor: 'middle', size: 12 }),
    group(s + 44, ((kh - 1) / 2) * s, grid(1, kw, s, '#db2777', `1×${kw}`)),
    text(s + 44 + kw * s + 18, (kh * s) / 2 + 6, '=', { anchor: 'middle', size: 18, bold: true }),
    group(s + 44 + kw * s + 40, 0, grid(kh, kw, s, '#7c3aed', `${kh}×${kw} window`)),
  ];
  return sceneOf(
    `Spatially separable: a ${kh}×1 conv then a 1×${kw} conv see a ${kh}×${kw} window`,
    `The first conv looks along a column, the second along a row of its output, so together every output sees the whole ${kh}×${kw} window with ${kh + kw} weights per channel pair instead of ${kh * kw}, in two sequential layers. The window's kernel is forced to be an outer product (rank 1), which is what the saving costs.`,
    [group(0, 24, items)],
    { legend: [{ label: 'weights per channel pair', fill: INK.kxk }] },
  );
}
