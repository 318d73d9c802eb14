/**
 * Pictures that teach, as data: a block's picture is a pure function from its params and input
 * shape to a Scene (rects, lines, text, groups in a fixed coordinate space), which one generic
 * renderer in the app draws as SVG. No React or DOM here, so the pictures are testable in Node and
 * the same scene gives the on-screen picture and its SVG/PNG export.
 */

export interface RectItem {
  type: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
  rx?: number;
  /** Hover text (the cell's meaning), drawn as an SVG <title>. */
  title?: string;
  /** Marks cells that tests read back (e.g. 'product' for IGCV1's product matrix). */
  role?: string;
}

export interface LineItem {
  type: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  width?: number;
  dashed?: boolean;
  arrow?: boolean;
}

export interface TextItem {
  type: 'text';
  x: number;
  y: number;
  text: string;
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
  fill?: string;
  /** Degrees, about (x, y). */
  rotate?: number;
}

export interface GroupItem {
  type: 'group';
  x: number;
  y: number;
  items: SceneItem[];
  /** What the group is, for tests and screen readers. */
  label?: string;
}

export type SceneItem = RectItem | LineItem | TextItem | GroupItem;

export interface LegendEntry {
  label: string;
  fill: string;
  stroke?: string;
}

export interface Scene {
  title: string;
  width: number;
  height: number;
  items: SceneItem[];
  /** What the picture shows, in words (shown under it and used as its accessible description). */
  caption: string;
  legend?: LegendEntry[];
  /** Set when a large layer is drawn as a readable sample: says what the sample is. */
  sampled?: string;
}

/** The colours every picture uses, so the same thing looks the same everywhere. */
export const INK = {
  text: '#111827',
  muted: '#6b7280',
  grid: '#d1d5db',
  empty: '#f9fafb',
  kxk: '#047857',
  one: '#a7f3d0',
  overlap: '#f59e0b',
  dense: '#1d4ed8',
  zero: '#fee2e2',
  many: '#b45309',
  halved: '#dc2626',
  /** Group / partition colours, cycled. */
  groups: ['#2563eb', '#db2777', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#4f46e5'],
} as const;

export const groupColor = (g: number): string => INK.groups[g % INK.groups.length];

export const rect = (
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  extra: Partial<RectItem> = {},
): RectItem => ({ type: 'rect', x, y, w, h, fill, ...extra });

export const text = (x: number, y: number, s: string, extra: Partial<TextItem> = {}): TextItem => ({
  type: 'text',
  x,
  y,
  text: s,
  ...extra,
});

export const line = (
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke: string = INK.muted,
  extra: Partial<LineItem> = {},
): LineItem => ({ type: 'line', x1, y1, x2, y2, stroke, ...extra });

export const group = (x: number, y: number, items: SceneItem[], label?: string): GroupItem => ({
  type: 'group',
  x,
  y,
  items,
  ...(label ? { label } : {}),
});

/** Cell side (px) that fits `n` cells in `space` px, between 3 and `max`. */
export const cellSize = (n: number, space: number, max = 16): number =>
  Math.max(3, Math.min(max, Math.floor(space / Math.max(1, n))));

/**
 * A matrix of cells, rows top to bottom; `cell(r, c)` gives the fill (undefined = empty) and an
 * optional hover text. A thin frame surrounds it.
 */
export function matrix(
  rows: number,
  cols: number,
  size: number,
  cell: (r: number, c: number) => { fill: string; title?: string } | undefined,
  role?: string,
): SceneItem[] {
  const items: SceneItem[] = [rect(0, 0, cols * size, rows * size, INK.empty, { stroke: INK.grid })];
  const gap = size >= 6 ? 1 : 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = cell(r, c);
      if (v)
        items.push(
          rect(c * size + gap / 2, r * size + gap / 2, size - gap, size - gap, v.fill, {
            ...(v.title ? { title: v.title } : {}),
            ...(role ? { role } : {}),
          }),
        );
    }
  return items;
}

/** The box a list of items covers (groups offset), text widths estimated at 0.58 em per character. */
export function bounds(
  items: readonly SceneItem[],
  dx = 0,
  dy = 0,
): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  const add = (xa: number, ya: number, xb: number, yb: number) => {
    x0 = Math.min(x0, xa + dx);
    y0 = Math.min(y0, ya + dy);
    x1 = Math.max(x1, xb + dx);
    y1 = Math.max(y1, yb + dy);
  };
  for (const it of items) {
    if (it.type === 'rect') add(it.x, it.y, it.x + it.w, it.y + it.h);
    else if (it.type === 'line')
      add(Math.min(it.x1, it.x2), Math.min(it.y1, it.y2), Math.max(it.x1, it.x2), Math.max(it.y1, it.y2));
    else if (it.type === 'text') {
      const size = it.size ?? 12;
      const tw = it.text.length * size * 0.58;
      if (it.rotate) add(it.x - size, it.y - tw / 2, it.x + 4, it.y + tw / 2);
      else {
        const left = it.anchor === 'middle' ? it.x - tw / 2 : it.anchor === 'end' ? it.x - tw : it.x;
        add(left, it.y - size, left + tw, it.y + 4);
      }
    } else {
      const b = bounds(it.items, dx + it.x, dy + it.y);
      if (Number.isFinite(b.x0)) {
        x0 = Math.min(x0, b.x0);
        y0 = Math.min(y0, b.y0);
        x1 = Math.max(x1, b.x1);
        y1 = Math.max(y1, b.y1);
      }
    }
  }
  return { x0, y0, x1, y1 };
}

/** Width and height a list of items occupies from its origin (what row layouts advance by). */
export function extent(items: readonly SceneItem[]): { w: number; h: number } {
  const b = bounds(items);
  return Number.isFinite(b.x1) ? { w: Math.max(0, b.x1), h: Math.max(0, b.y1) } : { w: 0, h: 0 };
}

/** Every rect of a scene with its absolute position (tests read pictures back through this). */
export function flatRects(items: readonly SceneItem[], dx = 0, dy = 0): RectItem[] {
  const out: RectItem[] = [];
  for (const it of items) {
    if (it.type === 'rect') out.push({ ...it, x: it.x + dx, y: it.y + dy });
    else if (it.type === 'group') out.push(...flatRects(it.items, dx + it.x, dy + it.y));
  }
  return out;
}

/** Every text of a scene. */
export function flatTexts(items: readonly SceneItem[]): string[] {
  return items.flatMap((it) =>
    it.type === 'text' ? [it.text] : it.type === 'group' ? flatTexts(it.items) : [],
  );
}

/** Lays groups out left to right with `gap` between them, returning the groups and total size. */
export function row(
  parts: readonly { items: SceneItem[]; label?: string }[],
  gap: number,
  x0 = 0,
  y0 = 0,
): { items: GroupItem[]; w: number; h: number } {
  let x = x0;
  let h = 0;
  const items: GroupItem[] = [];
  for (const p of parts) {
    const e = extent(p.items);
    items.push(group(x, y0, p.items, p.label));
    x += e.w + gap;
    h = Math.max(h, e.h);
  }
  return { items, w: x - gap, h };
}
