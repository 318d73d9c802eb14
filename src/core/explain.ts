/**
 * Structured explanations for teaching, rendered by the app (KaTeX) and the CLI (plain text).
 * No JSX here: blocks produce data, the UI decides how it looks.
 */
export interface Formula {
  /** What is being computed, e.g. "MACs (paper's exact count)". */
  label: string;
  /** The formula in symbols, LaTeX. */
  symbolic: string;
  /** The same formula with this layer's numbers substituted, LaTeX. */
  substituted: string;
  value: number;
  unit: 'MACs' | 'params' | 'ratio' | 'channels' | 'elements' | 'layers' | '';
}

/**
 * Plain-text fields (a condition's name and detail, notes, summary) are prose: numbers written with
 * num(), and any math between $...$, which the app typesets inline (KaTeX) and plain-text readers
 * show without the dollars. No other LaTeX belongs in them.
 */
export interface Condition {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Explanation {
  title: string;
  /** One or two plain-language sentences about the trade-off. */
  summary: string;
  formulas: Formula[];
  /** Ratio of this block's MACs to a standard conv of the same shape, where that means something. */
  ratio?: Formula;
  conditions: Condition[];
  notes: string[];
}

/** Formats an integer with thin grouping for substituted formulas: 1234567 -> "1{,}234{,}567". */
export function tex(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US').replace(/,/g, '{,}');
  return Number(n.toPrecision(6)).toString();
}

/** Formats a number for prose (conditions, notes): 1234567 -> "1,234,567", 0.1234567 -> "0.123457". */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return Number(n.toPrecision(6)).toString();
}

/** A piece of prose: text, or inline math (the LaTeX between a pair of $). */
export interface ProseSegment {
  math: boolean;
  text: string;
}

/** Splits prose at $...$ pairs; an unpaired last $ stays text. */
export function proseSegments(s: string): ProseSegment[] {
  const parts = s.split('$');
  if (parts.length % 2 === 0) {
    const last = parts.pop();
    parts[parts.length - 1] += `$${last}`;
  }
  const out: ProseSegment[] = [];
  parts.forEach((text, i) => {
    if (text) out.push({ math: i % 2 === 1, text });
  });
  return out;
}

/** Prose as plain text: the math kept as written, without its dollars. */
export function proseText(s: string): string {
  return proseSegments(s)
    .map((x) => x.text)
    .join('');
}
