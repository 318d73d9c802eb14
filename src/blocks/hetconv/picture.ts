import type { Shape } from '../../core/index.ts';
import { kernelArea } from '../common.ts';
import { sceneOf } from '../pictureParts.ts';
import { cellSize, group, INK, rect, type Scene, type SceneItem, text } from '../scene.ts';
import type { ConvCore } from '../types.ts';

const MAX_FILTERS = 24;
const MAX_CHANNELS = 32;

/** In the paper's layer, filter j has its KxK kernels on channels j, j + P, j + 2P, ... (0-based). */
export const isKxK = (filter: number, channel: number, P: number): boolean =>
  (((channel - filter) % P) + P) % P === 0;

/** In the grouped + pointwise implementation, filter j's grouped KxK conv sees one block of M/P channels. */
export const groupedSees = (filter: number, channel: number, P: number, M: number, N: number): boolean =>
  Math.floor(filter / (N / P)) === Math.floor(channel / (M / P));

type Cell = 'kxk' | 'one' | 'both';

function panel(
  title: string,
  rows: number,
  cols: number,
  size: number,
  kind: (r: number, c: number) => Cell,
  K: string,
  role: string,
): SceneItem[] {
  const items: SceneItem[] = [
    text((cols * size) / 2, -22, title, { anchor: 'middle', size: 12, bold: true }),
    text((cols * size) / 2, -8, `input channels 1–${cols} →`, {
      anchor: 'middle',
      size: 10,
      fill: INK.muted,
    }),
    rect(0, 0, cols * size, rows * size, '#ffffff', { stroke: INK.grid }),
  ];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = kind(r, c);
      const x = c * size;
      const y = r * size;
      const where = `filter ${r + 1}, channel ${c + 1}`;
      if (k === 'one') {
        const d = Math.max(2, Math.round(size * 0.34));
        items.push(
          rect(x + (size - d) / 2, y + (size - d) / 2, d, d, INK.one, {
            stroke: '#059669',
            strokeWidth: 0.5,
            title: `${where}: 1×1 kernel`,
            role: `${role}-1x1`,
          }),
        );
      } else {
        items.push(
          rect(x + 1, y + 1, size - 2, size - 2, INK.kxk, {
            title: `${where}: ${K} kernel${k === 'both' ? ' and an overlapping 1×1 kernel' : ''}`,
            role: `${role}-kxk`,
            ...(k === 'both' ? { stroke: INK.overlap, strokeWidth: 2 } : {}),
          }),
        );
      }
    }
  }
  for (let r = 0; r < rows; r += rows > 12 ? 4 : 1)
    items.push(text(-4, r * size + size * 0.75, `${r + 1}`, { anchor: 'end', size: 9, fill: INK.muted }));
  return items;
}

/**
 * HetConv's filters (Singh et al. 2019, figure 2): an N x M grid of filters by input channels, the
 * paper's exact layer beside the common grouped + pointwise implementation with its overlap.
 */
export function hetconvPicture(input: Shape, core: ConvCore, o: { part: number; form: string }): Scene {
  const M = input.c;
  const N = core.filters;
  const P = o.part;
  const K = `${core.kernel[0]}×${core.kernel[1]}`;
  const rows = Math.min(N, MAX_FILTERS);
  const cols = Math.min(M, MAX_CHANNELS);
  const size = cellSize(cols, 300, 16);
  const parts: SceneItem[] = [
    group(
      0,
      0,
      panel(
        `Paper's layer, P = ${P}`,
        rows,
        cols,
        size,
        (r, c) => (isKxK(r, c, P) ? 'kxk' : 'one'),
        K,
        'exact',
      ),
      'exact',
    ),
  ];
  const implementable = M % P === 0 && N % P === 0;
  if (implementable)
    parts.push(
      group(
        0,
        rows * size + 56,
        panel(
          'As implemented: grouped K×K + a full 1×1',
          rows,
          cols,
          size,
          (r, c) => (groupedSees(r, c, P, M, N) ? 'both' : 'one'),
          K,
          'implemented',
        ),
        'implemented',
      ),
    );
  const items: SceneItem[] = [
    text(-4, -8, 'filter', { anchor: 'end', size: 10, fill: INK.muted }),
    group(0, 34, parts),
  ];
  const sampled =
    rows < N || cols < M
      ? `filters 1–${rows} of ${N} and input channels 1–${cols} of ${M} (the pattern repeats every P = ${P} channels)`
      : undefined;
  const k2 = kernelArea(core);
  const pct = ((1 / P + (1 - 1 / P) / k2) * 100).toFixed(1);
  return sceneOf(
    `HetConv filters, P = ${P}: ${K} kernels on M/P = ${M / P} of the ${M} channels of each filter`,
    `Each row is one of the N = ${N} filters, each column one of the M = ${M} input channels. In the paper's layer filter j has ${K} kernels (dark squares) on channels j, j+P, j+2P, … — ${M / P} of them, shifted by one channel from one filter to the next — and 1×1 kernels (small dots) on the other ${M - M / P}: ${pct}% of a standard conv's MACs, still one layer deep.${
      implementable
        ? ` The common implementation (below) runs a grouped ${K} conv with P groups and a full 1×1 conv side by side: every ${K} position also gets a 1×1 weight (amber frame), ${N * (M / P)} extra weights; folding those into the kernels' centres gives back the exact layer.`
        : ` With N = ${N} not divisible by P the grouped implementation does not apply.`
    }`,
    items,
    {
      legend: [
        { label: `${K} kernel`, fill: INK.kxk },
        { label: '1×1 kernel', fill: INK.one, stroke: '#059669' },
        ...(implementable
          ? [{ label: '1×1 overlapping a K×K (as implemented)', fill: INK.kxk, stroke: INK.overlap }]
          : []),
      ],
      ...(sampled ? { sampled } : {}),
    },
    24,
  );
}
