/** Number formatting for the app: SI prefixes for counts, binary prefixes for bytes, exact values on demand. */

const SI: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** 1814078976 -> "1.814 G"; 512 -> "512". Four significant digits above 1000. */
export function si(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  for (const [v, p] of SI) {
    if (a >= v) return `${trim((n / v).toPrecision(digits))} ${p}`;
  }
  return Number.isInteger(n) ? String(n) : trim(n.toPrecision(digits));
}

function trim(s: string): string {
  return s.includes('e') ? s : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Exact grouping: 1814078976 -> "1,814,078,976". */
export function exact(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

const BIN: [number, string][] = [
  [2 ** 40, 'TiB'],
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  for (const [v, p] of BIN) if (Math.abs(n) >= v) return `${trim((n / v).toPrecision(4))} ${p}`;
  return `${trim(n.toPrecision(4))} B`;
}

export function pct(part: number, whole: number): string {
  if (!whole) return '—';
  const p = (100 * part) / whole;
  return `${p >= 10 ? p.toFixed(1) : p.toFixed(2)}%`;
}

export function ratio(r: number): string {
  if (!Number.isFinite(r)) return '—';
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(3)}x`;
}

export function shapeText(s: { h: number; w: number; c: number }): string {
  return `${s.h}×${s.w}×${s.c}`;
}
