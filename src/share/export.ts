import type { Analysis, OpRow } from '../core/analysis.ts';
import { BYTES_PER_ELEMENT, type Convention } from '../core/convention.ts';
import { approx, BYTE_UNIT_NOTE, change, exact, hwc, prefixFor } from '../core/format.ts';
import { isApproximate, isScaled, METRICS, type Metric, metricRatio, metricValue } from '../core/metrics.ts';

/**
 * Exports of an analysis: the per-layer table as CSV and Markdown, and the totals (of one design,
 * or of two side by side with their ratio) as Markdown and LaTeX tables ready for a paper.
 * Pure functions of an Analysis and display names; every name is escaped for its format.
 */

export interface NamedAnalysis {
  name: string;
  analysis: Analysis;
}

// ---------- escaping ----------

/**
 * One CSV field (RFC 4180): quoted when needed. Text that a spreadsheet would take for a formula
 * (= + - @ first, also after leading whitespace or line breaks, which spreadsheets skip: "\n=1+1"),
 * or that starts with a tab or carriage return, is prefixed with an apostrophe so a name can
 * never run as one.
 */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (/^\s*[=+\-@]/.test(s) || /^[\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Text for a Markdown table cell: one line, pipes and markup characters escaped, no raw HTML. */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/([\\`*_[\]|<>~])/g, '\\$1')
    .trim();
}

const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Text for LaTeX: every special character escaped, one line. */
export function latexText(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/[\\&%$#_{}~^<>]/g, (c) => LATEX_ESCAPES[c]);
}

// ---------- numbers ----------

/** One scale for a whole row (so its values line up): the largest prefix that keeps the biggest value >= 1. */
function rowScale(values: number[]): readonly [number, string] {
  return prefixFor(Math.max(...values.map(Math.abs)));
}

function scaled(n: number, scale: number): string {
  if (scale === 1 && Number.isInteger(n)) return exact(n);
  return (n / scale).toFixed(scale === 1 ? 2 : 3);
}

// ---------- per-layer table ----------

interface LayerColumn {
  title: string;
  value: (r: OpRow, blockName: string) => string | number;
}

const LAYER_COLUMNS: readonly LayerColumn[] = [
  { title: 'index', value: (r) => r.id + 1 },
  { title: 'block', value: (_r, b) => b },
  { title: 'layer', value: (r) => r.name },
  { title: 'op', value: (r) => r.kind },
  { title: 'input', value: (r) => r.inShapes.map(hwc).join(' + ') },
  { title: 'output', value: (r) => hwc(r.out) },
  { title: 'MACs', value: (r) => r.macs },
  { title: 'FLOPs', value: (r) => r.flops },
  { title: 'params', value: (r) => r.params },
  { title: 'buffers', value: (r) => r.buffers },
  { title: 'bias FLOPs', value: (r) => r.extra.bias },
  { title: 'BN FLOPs', value: (r) => r.extra.bn },
  { title: 'activation FLOPs', value: (r) => r.extra.act },
  { title: 'pool FLOPs', value: (r) => r.extra.pool },
  { title: 'other FLOPs', value: (r) => r.extra.other },
  { title: 'activations', value: (r) => r.activations },
  { title: 'bytes moved', value: (r) => r.bytesMoved },
  { title: 'depth', value: (r) => r.depth },
  { title: 'note', value: (r) => (r.fused ? `BN fused${r.note ? `; ${r.note}` : ''}` : (r.note ?? '')) },
];

const blockNameOf = (a: Analysis, r: OpRow) => a.blocks[r.block]?.name ?? '';

/** A comment line stating the convention the numbers follow. */
export function conventionLine(c: Convention, batch?: number): string {
  return [
    'MACs = multiply-accumulates, FLOPs = 2 x MACs',
    c.includeExtras
      ? 'FLOPs include bias/BN/activation/pool/add ops'
      : 'MACs/FLOPs count conv and dense layers only',
    c.bn === 'fused' ? 'BN fused into convs (deploy form)' : 'BN counted (training form)',
    `${c.precision} (${BYTES_PER_ELEMENT[c.precision]} byte(s) per element; ${BYTE_UNIT_NOTE})`,
    ...(batch !== undefined ? [`batch ${batch}`] : []),
  ].join('; ');
}

/** The per-layer (per primitive op) table as CSV with a header row; exact integers, no units. */
export function layerTableCsv(a: Analysis): string {
  const lines = [LAYER_COLUMNS.map((c) => csvField(c.title)).join(',')];
  for (const r of a.ops)
    lines.push(LAYER_COLUMNS.map((c) => csvField(c.value(r, blockNameOf(a, r)))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The per-layer table as a Markdown table (exact integers with separators), with a title and the convention. */
export function layerTableMarkdown(a: Analysis, name: string): string {
  const cols = ['#', 'Block', 'Layer', 'Op', 'Output', 'MACs', 'Params', 'Extra FLOPs', 'Depth'];
  const align = ['---:', ':---', ':---', ':---', ':---', '---:', '---:', '---:', '---:'];
  const out = [
    `### ${mdText(name)}: per-layer costs`,
    '',
    `_${mdText(conventionLine(a.convention, a.input.n))}._`,
    '',
    `| ${cols.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
  ];
  for (const r of a.ops) {
    out.push(
      `| ${[
        r.id + 1,
        mdText(blockNameOf(a, r)),
        mdText(r.name),
        mdText(r.kind),
        hwc(r.out),
        exact(r.macs),
        exact(r.params),
        exact(r.extraFlops),
        r.depth,
      ].join(' | ')} |`,
    );
  }
  const t = a.totals;
  out.push(
    `| | **Total** | | | ${hwc(a.output)} | ${exact(t.convMacs)} | ${exact(t.params)} | ${exact(t.extraFlops)} | ${t.latencyDepth} |`,
  );
  return `${out.join('\n')}\n`;
}

// ---------- totals and comparison ----------

interface SummaryRow {
  label: string;
  cells: string[];
  ratio?: string;
  change?: string;
}

function plain(n: number): string {
  return Number.isInteger(n) ? exact(n) : n.toFixed(2);
}

/** "MACs (G)", "Weight memory (MB)", "Latency depth (layers)": the row's label with its scale and unit. */
function rowLabel(m: Metric, prefix: string): string {
  if (!isScaled(m)) return `${m.label} (${m.unit})`;
  const unit = m.unit === 'B' ? `${prefix}B` : prefix;
  return unit ? `${m.label} (${unit})` : m.label;
}

function summaryRows(cols: readonly NamedAnalysis[]): SummaryRow[] {
  return METRICS.map((m) => {
    const values = cols.map((c) => metricValue(m, c.analysis.totals));
    const [s, prefix] = isScaled(m) ? rowScale(values) : [1, ''];
    const cells = values.map((v, i) =>
      approx(isScaled(m) ? scaled(v, s) : plain(v), isApproximate(m, cols[i].analysis.totals)),
    );
    const row: SummaryRow = { label: rowLabel(m, prefix), cells };
    if (cols.length === 2) {
      const r = metricRatio(values[0], values[1]);
      row.ratio = r === undefined ? '-' : r.toFixed(3);
      row.change = r === undefined ? '-' : change(r);
    }
    return row;
  });
}

function conventionNote(cols: readonly NamedAnalysis[]): string {
  const first = cols[0].analysis;
  const same = cols.every(
    (c) =>
      c.analysis.convention.bn === first.convention.bn &&
      c.analysis.convention.includeExtras === first.convention.includeExtras &&
      c.analysis.convention.precision === first.convention.precision &&
      c.analysis.input.n === first.input.n,
  );
  return same
    ? conventionLine(first.convention, first.input.n)
    : cols.map((c) => `${c.name}: ${conventionLine(c.analysis.convention, c.analysis.input.n)}`).join(' | ');
}

/**
 * Totals as a Markdown table: one column per design; with two designs, B / A and the change.
 * The convention is stated under the table.
 */
export function totalsMarkdown(cols: readonly NamedAnalysis[]): string {
  if (!cols.length) return '';
  const two = cols.length === 2;
  const head = ['Metric', ...cols.map((c) => mdText(c.name)), ...(two ? ['B / A', 'Change'] : [])];
  const align = [':---', ...cols.map(() => '---:'), ...(two ? ['---:', '---:'] : [])];
  const out = [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`];
  for (const r of summaryRows(cols))
    out.push(`| ${[r.label, ...r.cells, ...(two ? [r.ratio, r.change] : [])].join(' | ')} |`);
  out.push('', `_${mdText(conventionNote(cols))}._`);
  if (two) out.push('', `_A = ${mdText(cols[0].name)}, B = ${mdText(cols[1].name)}._`);
  return `${out.join('\n')}\n`;
}

/** The A/B comparison as Markdown. */
export function comparisonMarkdown(a: NamedAnalysis, b: NamedAnalysis): string {
  return totalsMarkdown([a, b]);
}

/**
 * Totals as a LaTeX table (booktabs: \toprule, \midrule, \bottomrule; add \usepackage{booktabs}).
 * One column per design; with two designs, B / A and the change. The caption states the convention.
 */
export function totalsLatex(cols: readonly NamedAnalysis[], opts: { label?: string } = {}): string {
  if (!cols.length) return '';
  const two = cols.length === 2;
  const spec = `l${'r'.repeat(cols.length + (two ? 2 : 0))}`;
  const head = ['Metric', ...cols.map((c) => latexText(c.name)), ...(two ? ['B / A', 'Change'] : [])];
  const rows = summaryRows(cols).map((r) =>
    [
      latexText(r.label),
      ...r.cells,
      ...(two
        ? [r.ratio === '-' ? '--' : `${r.ratio}$\\times$`, latexText(r.change ?? '').replace(/^-/, '$-$')]
        : []),
    ].join(' & '),
  );
  const title = two
    ? `${latexText(cols[1].name)} (B) compared with ${latexText(cols[0].name)} (A)`
    : `Cost of ${latexText(cols.map((c) => c.name).join(', '))}`;
  const label = opts.label ?? (two ? 'tab:comparison' : 'tab:cost');
  return `${[
    '\\begin{table}[t]',
    '  \\centering',
    `  \\caption{${title}. ${latexText(conventionNote(cols))}.}`,
    `  \\label{${label.replace(/[^A-Za-z0-9:_-]/g, '')}}`,
    `  \\begin{tabular}{${spec}}`,
    '    \\toprule',
    `    ${head.join(' & ')} \\\\`,
    '    \\midrule',
    ...rows.map((r) => `    ${r} \\\\`),
    '    \\bottomrule',
    '  \\end{tabular}',
    '\\end{table}',
  ].join('\n')}\n`;
}

/** The A/B comparison as LaTeX. */
export function comparisonLatex(a: NamedAnalysis, b: NamedAnalysis): string {
  return totalsLatex([a, b]);
}
