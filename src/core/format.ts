/**
 * How every number convcost prints is written: the app, the command line and the exports all
 * format through here.
 *
 * Prefixes are SI and decimal, for counts and for bytes alike: k = 10^3, M = 10^6, G = 10^9,
 * T = 10^12, P = 10^15, E = 10^18. So 1 MB = 10^6 bytes (never MiB): a weight memory of 46.8 MB is 46,800,000 bytes, the
 * same figure in the app, the report and a paper's table.
 */

/** The SI prefixes used, largest first. */
export const PREFIXES: readonly (readonly [scale: number, letter: string])[] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** The byte unit, stated where the convention is printed. */
export const BYTE_UNIT_NOTE = '1 MB = 10^6 bytes';

/** Shown for a value that does not exist (a ratio to zero, a share of nothing, NaN). */
export const MISSING = '—';

/**
 * Marks a figure that is only approximate: a total past 2^53, where a double no longer holds
 * every integer (Totals.approximate). ASCII, so a terminal shows it as the app does.
 */
export const APPROX_MARK = '~';

/** Why a figure is marked: the app's tooltip and the report's notice say the same. */
export const APPROX_TITLE =
  'Approximate: past 2^53, where a double no longer holds every integer (to about 1 part in 10^16)';

/** `text` marked as approximate when `approximate` is set: approx("1.35 E", true) = "~1.35 E". */
export function approx(text: string, approximate: boolean): string {
  return approximate ? `${APPROX_MARK}${text}` : text;
}

/** "+12.5%", "-66.2%", "0.0%" for a ratio B / A; MISSING when there is none. */
export function change(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return MISSING;
  const p = (r - 1) * 100;
  const digits = Math.abs(p).toFixed(1);
  return `${digits === '0.0' ? '' : p > 0 ? '+' : '-'}${digits}%`;
}

/** The largest prefix whose scale is at most |n|: 2.5e9 -> [1e9, 'G']; 512 -> [1, '']. */
export function prefixFor(n: number): readonly [scale: number, letter: string] {
  const a = Math.abs(n);
  return PREFIXES.find(([s]) => a >= s) ?? [1, ''];
}

/** Drops trailing zeros of a fixed or precision string: "1.800" -> "1.8", "2.000" -> "2". */
function trim(s: string): string {
  return s.includes('e') || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}

/**
 * A count with an SI prefix and `digits` significant digits, trailing zeros dropped:
 * si(1814078976) = "1.814 G", si(11689512) = "11.69 M", si(9408) = "9.408 k", si(512) = "512".
 */
export function si(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return MISSING;
  // Pick the prefix after rounding, so 999,960 reads "1 M", not "1000 k".
  const [s, p] = prefixFor(Number(n.toPrecision(digits)));
  if (!p) return Number.isInteger(n) ? String(n) : trim(n.toPrecision(digits));
  return `${trim((n / s).toPrecision(digits))} ${p}`;
}

/**
 * A count with an SI prefix and exactly `decimals` decimals (the command line's aligned columns):
 * fixed(1814073344) = "1.81 G", fixed(9408) = "9.41 k", fixed(64) = "64", fixed(0.5) = "0.5".
 */
export function fixed(n: number, decimals = 2): string {
  if (!Number.isFinite(n)) return MISSING;
  const [s, p] = prefixFor(n);
  if (!p) return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(decimals)));
  return `${(n / s).toFixed(decimals)} ${p}`;
}

const withUnit = (text: string) => (/[kMGTPE]$/.test(text) ? `${text}B` : `${text} B`);

/** Bytes in decimal units, `digits` significant digits: bytes(46758400) = "46.76 MB", bytes(512) = "512 B". */
export function bytes(n: number, digits = 4): string {
  return Number.isFinite(n) ? withUnit(si(n, digits)) : MISSING;
}

/** Bytes in decimal units with fixed decimals: fixedBytes(46758400) = "46.76 MB". */
export function fixedBytes(n: number, decimals = 2): string {
  return Number.isFinite(n) ? withUnit(fixed(n, decimals)) : MISSING;
}

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * Every digit, grouped by thousands: exact(1814078976) = "1,814,078,976"; non-integers keep up to
 * three decimals. Integers print exactly as the number holds them (also above 2^53). Written by
 * hand: toLocaleString is slow enough to show on a 500-row table.
 */
export function exact(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  if (Number.isInteger(n)) {
    const a = Math.abs(n);
    const digits = a <= Number.MAX_SAFE_INTEGER ? String(a) : BigInt(a).toString();
    return `${n < 0 ? '-' : ''}${digits.replace(GROUPS, ',')}`;
  }
  const [int, frac] = trim(Math.abs(n).toFixed(3)).split('.');
  return `${n < 0 ? '-' : ''}${int.replace(GROUPS, ',')}${frac ? `.${frac}` : ''}`;
}

/**
 * `part` as a percentage of `whole`: with `decimals` fixed, else two decimals under 10% and one
 * above (pct(1, 3) = "33.3%", pct(1, 300) = "0.33%"). A share of zero is MISSING.
 */
export function pct(part: number, whole: number, decimals?: number): string {
  if (!whole || !Number.isFinite(part / whole)) return MISSING;
  const p = (100 * part) / whole;
  return `${p.toFixed(decimals ?? (Math.abs(p) >= 10 ? 1 : 2))}%`;
}

/** A ratio: three decimals under 10 (ratio(0.2561) = "0.256x"), one above. */
export function ratio(r: number): string {
  if (!Number.isFinite(r)) return MISSING;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(3)}x`;
}

/**
 * A small quantity (an error, a tolerance) in exponent notation with `decimals` decimals:
 * sci(0.00001234) = "1.2e-5", sci(0) = "0.0e+0"; MISSING when not finite.
 */
export function sci(n: number, decimals = 1): string {
  return Number.isFinite(n) ? n.toExponential(decimals) : MISSING;
}

/** H x W x C with the multiplication sign, for the app: "56×56×64". */
export function shapeText(s: { h: number; w: number; c: number }): string {
  return `${s.h}×${s.w}×${s.c}`;
}

/** H x W x C in plain ASCII, for text files and terminals: "56x56x64". */
export function hwc(s: { h: number; w: number; c: number }): string {
  return `${s.h}x${s.w}x${s.c}`;
}
