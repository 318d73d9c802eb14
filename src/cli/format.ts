/**
 * Plain-text formatting for the command line: humanised numbers and aligned tables.
 * Nothing here knows about designs; report.ts decides what goes in the columns.
 */

const UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * A count with an SI suffix and two decimals: 1814073344 -> "1.81 G", 11689512 -> "11.69 M",
 * 9408 -> "9.41 K", 64 -> "64". Values under 1000 keep up to two decimals (0.5 -> "0.5").
 */
export function human(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  for (const [scale, suffix] of UNITS) {
    if (abs >= scale) return `${(n / scale).toFixed(2)} ${suffix}`;
  }
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}

/** Bytes with decimal units: 46758400 -> "46.76 MB", 512 -> "512 B". */
export function humanBytes(n: number): string {
  const h = human(n);
  return /[KMGT]$/.test(h) ? `${h}B` : `${h} B`;
}

/** An integer with thousands separators: 25557032 -> "25,557,032". */
export function grouped(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A share as a percentage with one decimal: 0.0651 -> "6.5%". */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '-';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

/** H x W x C of a shape, batch left out (the report states the batch once). */
export function hwc(s: { h: number; w: number; c: number }): string {
  return `${s.h}x${s.w}x${s.c}`;
}

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align: Align;
}

/**
 * Lays rows out under their column titles, padded to the widest cell, two spaces apart.
 * Trailing spaces are trimmed so the output diffs cleanly.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        return c.align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)];
}
