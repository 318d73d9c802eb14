/**
 * Pieces several pictures share: connection matrices drawn from the connectivity code, and the
 * tensor shapes along a block's ops. Every count drawn comes from the same functions that check
 * the blocks' conditions, so a picture cannot disagree with the numbers beside it.
 */
import { GraphBuilder, type OpNode, type Shape, type TensorRef } from '../core/index.ts';
import { pathCounts, type Stage } from './igcv1/connectivity.ts';
import {
  bounds,
  cellSize,
  group,
  groupColor,
  INK,
  type LegendEntry,
  line,
  matrix,
  rect,
  type Scene,
  type SceneItem,
  text,
} from './scene.ts';

/** The legend of a product of connection matrices: how many paths join an output and an input. */
export const PATH_LEGEND: LegendEntry[] = [
  { label: 'one path', fill: INK.dense },
  { label: 'no path', fill: INK.zero },
  { label: 'several paths', fill: INK.many },
];

/** The largest side a connection matrix is drawn with before the picture switches to a sample. */
export const MAX_CELLS = 32;

/** Connection matrix of one stage: counts[o][i] = 1 where output o reads input i. */
export const stageMatrix = (cIn: number, s: Stage): number[][] => pathCounts(cIn, [s]);

/**
 * A titled connection matrix (rows = outputs, columns = inputs). Cells with one path are filled
 * with `colour(r, c)`, with no path left empty, with several paths drawn darker and numbered in
 * their hover text.
 */
export function connectionMatrix(
  counts: readonly (readonly number[])[],
  size: number,
  title: string,
  colour: (r: number, c: number) => string,
  role?: string,
  emptyFill?: string,
): SceneItem[] {
  const rows = counts.length;
  const cols = counts[0]?.length ?? 0;
  const items = matrix(
    rows,
    cols,
    size,
    (r, c) => {
      const n = counts[r][c];
      if (n === 0)
        return emptyFill
          ? { fill: emptyFill, title: `output ${r + 1} ← input ${c + 1}: no path` }
          : undefined;
      return {
        fill: n === 1 ? colour(r, c) : INK.many,
        title: `output ${r + 1} ← input ${c + 1}: ${n} path${n === 1 ? '' : 's'}`,
      };
    },
    role,
  );
  return [
    text((cols * size) / 2, -8, title, { anchor: 'middle', size: 12, bold: true }),
    ...items.map((it) => (it.type === 'rect' ? { ...it } : it)),
    text((cols * size) / 2, rows * size + 14, `${rows} × ${cols}`, {
      anchor: 'middle',
      size: 10,
      fill: INK.muted,
    }),
  ];
}

/** Colour of a cell by the group its output (row) belongs to, for a group conv of `groups` groups. */
export const byOutputGroup = (rows: number, groups: number) => (r: number) =>
  groupColor(Math.floor(r / (rows / groups)));

/**
 * The channel counts a group-conv matrix is drawn with: exact when both sides fit, else the same
 * number of groups with fewer channels per group, else the first channels only.
 */
export function groupSample(
  M: number,
  N: number,
  G: number,
  max = MAX_CELLS,
): { m: number; n: number; g: number; note?: string } {
  if (M <= max && N <= max) return { m: M, n: N, g: G };
  if (G <= max / 2 && M % G === 0 && N % G === 0) {
    const inPer = Math.max(1, Math.min(M / G, Math.floor(max / G)));
    const outPer = Math.max(1, Math.min(N / G, Math.floor(max / G)));
    return {
      m: inPer * G,
      n: outPer * G,
      g: G,
      note: `each of the ${G} group${G === 1 ? '' : 's'} drawn with ${inPer} of its ${M / G} input and ${outPer} of its ${N / G} output channels`,
    };
  }
  const per = M / G;
  const gShown = Math.max(1, Math.floor(max / per));
  if (per <= max)
    return {
      m: gShown * per,
      n: gShown * (N / G),
      g: gShown,
      note: `the first ${gShown} of ${G} groups (${gShown * per} of ${M} input channels)`,
    };
  return { m: max, n: Math.min(N, max), g: 1, note: `the first ${max} channels of a group of ${per}` };
}

/** A group conv's connection matrix (M inputs, N outputs, G groups), sampled when large. */
export function groupConvMatrix(
  M: number,
  N: number,
  G: number,
  title: string,
  space: number,
  fill?: string,
): { items: SceneItem[]; note?: string; rows: number; cols: number; size: number } {
  const s = groupSample(M, N, G);
  const counts = stageMatrix(s.m, { kind: 'group', cIn: s.m, cOut: s.n, groups: s.g });
  const size = cellSize(Math.max(s.m, s.n), space);
  const colour = fill ? () => fill : byOutputGroup(s.n, s.g);
  return {
    items: connectionMatrix(counts, size, title, (r) => colour(r)),
    note: s.note,
    rows: s.n,
    cols: s.m,
    size,
  };
}

/** Axis labels for a connection matrix at (0, 0) of `rows` x `cols` cells. */
export function matrixAxes(
  rows: number,
  cols: number,
  size: number,
  rowLabel: string,
  colLabel: string,
): SceneItem[] {
  return [
    text(-6, (rows * size) / 2, rowLabel, { anchor: 'middle', size: 10, fill: INK.muted, rotate: -90 }),
    text((cols * size) / 2, rows * size + 26, colLabel, { anchor: 'middle', size: 10, fill: INK.muted }),
  ];
}

/** A rightward arrow with a label above it. */
export function arrow(x: number, y: number, len: number, label = ''): SceneItem[] {
  return [
    line(x, y, x + len, y, INK.text, { width: 1.5, arrow: true }),
    ...(label ? [text(x + len / 2, y - 6, label, { anchor: 'middle', size: 11 })] : []),
  ];
}

/** Builds a scene from parts laid out left to right, then sizes it to fit. */
export function sceneOf(
  title: string,
  caption: string,
  items: SceneItem[],
  extra: Partial<Scene> = {},
  pad = 16,
): Scene {
  // Everything drawn, labels included, fits inside: items may reach left of or above their origin.
  const b = bounds(items);
  const x0 = Number.isFinite(b.x0) ? b.x0 : 0;
  const y0 = Number.isFinite(b.y0) ? b.y0 : 0;
  return {
    title,
    caption,
    width: Math.ceil(b.x1 - x0 + 2 * pad),
    height: Math.ceil(b.y1 - y0 + 2 * pad),
    items: [group(pad - x0, pad - y0, items)],
    ...extra,
  };
}

const shapeText = (s: Shape) => `${s.h}×${s.w}×${s.c}`;

/**
 * The tensor after each step of a block, as boxes whose width and height follow W and H (on a
 * square-root scale, so a 2x smaller side is visibly smaller but small maps stay visible), with the
 * channel count written in. A side that halves at a step is drawn in red and named.
 */
export function shapeFlowPicture(
  title: string,
  input: Shape,
  build: (g: GraphBuilder, x: TensorRef) => TensorRef,
  caption?: string,
): Scene {
  const g = new GraphBuilder(input);
  build(g, g.input);
  // The main path: ops that write a new tensor or change its shape, in order.
  const steps: { name: string; shape: Shape }[] = [{ name: 'input', shape: input }];
  for (const n of g.nodes as OpNode[]) {
    const prev = steps[steps.length - 1].shape;
    const s = n.cost.out;
    const structural = n.spec.op === 'batchnorm' || n.spec.op === 'activation';
    if (structural && s.h === prev.h && s.w === prev.w && s.c === prev.c) continue;
    steps.push({ name: n.name, shape: s });
  }
  // A block that is one BN or activation still shows what it does: input, then its output.
  const last = g.nodes[g.nodes.length - 1];
  if (steps.length === 1 && last) steps.push({ name: last.name, shape: last.cost.out });
  const shown = steps.length > 9 ? [...steps.slice(0, 4), ...steps.slice(-4)] : steps;
  const maxSide = Math.max(...shown.map((s) => Math.max(s.shape.h, s.shape.w)));
  const scale = (v: number) => 14 + 66 * Math.sqrt(v / maxSide);
  const items: SceneItem[] = [];
  let x = 0;
  const boxTop = 24;
  shown.forEach((st, i) => {
    const prev = i > 0 ? shown[i - 1].shape : undefined;
    const w = scale(st.shape.w);
    const h = scale(st.shape.h);
    const halvedW = prev && st.shape.w * 2 <= prev.w && st.shape.w < prev.w;
    const halvedH = prev && st.shape.h * 2 <= prev.h && st.shape.h < prev.h;
    const col = Math.max(w, 64);
    const bx = x + (col - w) / 2;
    const parts: SceneItem[] = [
      rect(bx, boxTop, w, h, '#dbeafe', { stroke: '#1d4ed8', title: `${st.name}: ${shapeText(st.shape)}` }),
    ];
    if (halvedW) parts.push(line(bx, boxTop + h + 3, bx + w, boxTop + h + 3, INK.halved, { width: 3 }));
    if (halvedH) parts.push(line(bx + w + 3, boxTop, bx + w + 3, boxTop + h, INK.halved, { width: 3 }));
    parts.push(text(x + col / 2, 12, st.name, { anchor: 'middle', size: 10, bold: true }));
    parts.push(text(x + col / 2, boxTop + h + 18, shapeText(st.shape), { anchor: 'middle', size: 10 }));
    if (halvedW || halvedH)
      parts.push(
        text(
          x + col / 2,
          boxTop + h + 31,
          halvedW && halvedH ? 'H and W halved' : halvedW ? 'W halved' : 'H halved',
          {
            anchor: 'middle',
            size: 10,
            fill: INK.halved,
            bold: true,
          },
        ),
      );
    items.push(...parts);
    if (steps.length > 9 && i === 3) {
      items.push(text(x + col + 14, boxTop + 30, '…', { anchor: 'middle', size: 16 }));
      x += 28;
    }
    x += col + 16;
  });
  return sceneOf(
    title,
    caption ??
      'The tensor after each step, drawn with its height and width (square-root scale) and its channels written under it; a red edge marks a side that halves at that step.',
    items,
    steps.length > 9 ? { sampled: `the first and last 4 of ${steps.length - 1} steps` } : {},
  );
}

export interface ChainStage {
  stage: Stage;
  title: string;
  /** Fill of a connected cell (row r = output channel of this stage). */
  colour: (r: number) => string;
}

/**
 * The connection matrix of every stage in data order, then their product: the paths between each
 * output and each input channel, drawn straight from the connectivity code (pathCounts). Cells of
 * the product with no path are drawn pale red so a broken condition is visible.
 */
export function chainPicture(
  cIn: number,
  chain: readonly ChainStage[],
  productTitle: string,
  space = 150,
  perRow = 2,
): { items: SceneItem[]; product: number[][]; size: number } {
  const widths = [cIn];
  for (const c of chain) widths.push(c.stage.kind === 'perm' ? c.stage.perm.length : c.stage.cOut);
  const size = cellSize(Math.max(...widths), space, 10);
  const items: SceneItem[] = [];
  const gap = 40;
  // Matrices wrap after `perRow` of them, so a chain fits a narrow panel; the product comes last.
  const tall = Math.max(...widths) * size + 64;
  let slot = 0;
  let x = 0;
  const place = (cells: SceneItem[], cols: number, rows: number, sign: string, label: string) => {
    const y = Math.floor(slot / perRow) * tall;
    const first = slot % perRow === 0;
    if (first) x = slot > 0 ? 20 : 0;
    if (slot > 0)
      items.push(
        text(first ? 6 : x - gap / 2, y + (rows * size) / 2 + 5, sign, {
          anchor: 'middle',
          size: 16,
          bold: true,
        }),
      );
    items.push(group(x, y, cells, label));
    x += cols * size + gap;
    slot++;
  };
  let w = cIn;
  for (const c of chain) {
    const counts = stageMatrix(w, c.stage);
    place(
      connectionMatrix(counts, size, c.title, (r) => c.colour(r)),
      counts[0].length,
      counts.length,
      '→',
      c.title,
    );
    w = counts.length;
  }
  const product = pathCounts(
    cIn,
    chain.map((c) => c.stage),
  );
  place(
    connectionMatrix(product, size, productTitle, () => INK.dense, 'product', INK.zero),
    cIn,
    product.length,
    '=',
    'product',
  );
  return { items, product, size };
}
