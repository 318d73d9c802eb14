import type { Shape } from '../../core/index.ts';
import { sceneOf } from '../pictureParts.ts';
import { group, rect, type Scene, type SceneItem, text } from '../scene.ts';
import type { ConvCore } from '../types.ts';

/** The weight matrix W (N x M K^2) of a conv as the product B A of a thin N x r and a flat r x M K^2 matrix. */
export function lowrankPicture(input: Shape, core: ConvCore, o: { rank: number }): Scene {
  const M = input.c;
  const N = core.filters;
  const k2 = core.kernel[0] * core.kernel[1];
  const r = o.rank;
  const cols = M * k2;
  const scale = 220 / Math.max(N, cols);
  const px = (v: number) => Math.max(4, v * scale);
  const box = (w: number, h: number, fill: string, label: string, sub: string): SceneItem[] => [
    text(px(w) / 2, -18, label, { anchor: 'middle', size: 12, bold: true }),
    text(px(w) / 2, -5, sub, { anchor: 'middle', size: 10 }),
    rect(0, 0, px(w), px(h), fill, { stroke: '#374151' }),
  ];
  const W = box(cols, N, '#93c5fd', 'W (standard conv)', `${N} × ${cols}`);
  const B = box(r, N, '#f9a8d4', 'B: 1×1 conv', `${N} × ${r}`);
  const A = box(cols, r, '#86efac', `A: ${core.kernel.join('×')} conv`, `${r} × ${cols}`);
  const x1 = px(cols) + 50;
  const items: SceneItem[] = [
    group(0, 0, W),
    text(x1 - 25, px(N) / 2, '≈', { anchor: 'middle', size: 20, bold: true }),
    group(x1, 0, B),
    text(x1 + px(r) + 14, px(N) / 2, '×', { anchor: 'middle', size: 16 }),
    group(x1 + px(r) + 28, 0, A),
  ];
  return sceneOf(
    `Low-rank conv, r = ${r}: ${N * cols} weights become ${r * (N + cols)}`,
    `The conv's weights reshaped to a matrix W of N = ${N} rows by M·K² = ${cols} columns (drawn to scale) are replaced by the product of a thin B (a 1×1 conv) and a flat A (a ${core.kernel.join('×')} conv to r = ${r} channels): r·(N + M·K²) = ${r * (N + cols)} weights instead of ${N * cols}, in two sequential layers.`,
    [group(0, 30, items)],
  );
}
