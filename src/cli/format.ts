/**
 * Aligned plain-text tables for the command line (numbers are formatted by src/core/format.ts).
 * Nothing here knows about designs; report.ts decides what goes in the columns.
 */

import { escapeText } from './escape.ts';

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align: Align;
}

/**
 * Lays rows out under their column titles, padded to the widest cell, two spaces apart.
 * Trailing spaces are trimmed so the output diffs cleanly.
 */
export function table(columns: readonly Column[], raw: readonly (readonly string[])[]): string[] {
  // Cells may hold names: escaped before measuring, so control characters neither reach the
  // terminal nor break the alignment.
  const rows = raw.map((r) => r.map((cell) => escapeText(cell)));
  // A loop, not Math.max(...rows): a spread of 100,000 rows overflows the call stack.
  const widths = columns.map((c) => c.title.length);
  for (const r of rows)
    for (let i = 0; i < columns.length; i++) widths[i] = Math.max(widths[i], (r[i] ?? '').length);
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
