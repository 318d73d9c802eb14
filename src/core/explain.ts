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
