import { existsSync } from 'node:fs';
import { approx, change, exact, fixed, fixedBytes, hwc } from '../../core/format.ts';
import type { Analysis, Convention, Shape, TotalKey } from '../../core/index.ts';
import {
  blockValue,
  isApproximate,
  METRICS,
  type Metric,
  metricRatio,
  metricValue,
} from '../../core/metrics.ts';
import { analyzeDesign } from '../../design/analyze.ts';
import type { Design } from '../../design/schema.ts';
import { preset } from '../../presets/index.ts';
import {
  applyTransform,
  formatTransformSpec,
  parseTransformSpec,
  TRANSFORM_KINDS,
  type TransformResult,
} from '../../transforms/index.ts';
import {
  BN_MODES,
  batchFlag,
  booleanFlag,
  checkFlags,
  choice,
  type ParsedArgs,
  parseArgs,
  rejectUnknownFlags,
} from '../args.ts';
import { escapeText } from '../escape.ts';
import { type Column, table } from '../format.ts';
import { DESIGN_FLAGS, importLines, loadDesignAndView, loadDesignArg } from '../load.ts';
import { type Command, type Io, UsageError } from '../types.ts';

const BOOLEANS = ['json', 'extras'] as const;
const FLAGS = [...BOOLEANS, ...DESIGN_FLAGS, 'batch', 'bn'] as const;

interface Side {
  /** The argument as given, or the canonical transform spec. */
  label: string;
  design: Design;
  analysis: Analysis;
}

export interface CompareOptions {
  json: boolean;
  batch?: number;
  /** --input: the first argument's input shape, when it is a model file. */
  input?: string | true;
  convention: Convention;
}

function options(p: ParsedArgs): CompareOptions {
  checkFlags(p, FLAGS);
  return {
    json: booleanFlag(p, 'json'),
    batch: batchFlag(p),
    input: p.flags.get('input'),
    convention: {
      bn: choice(p, 'bn', BN_MODES, 'counted'),
      includeExtras: booleanFlag(p, 'extras'),
      precision: 'fp32',
    },
  };
}

/**
 * The second argument: a transform of the first design when it starts with a transform kind
 * ("hetconv:p=4", "acb,first"), otherwise anything the first argument may be (preset, file, ...).
 */
function second(arg: string, first: Design): { label: string; design: Design; transform?: TransformResult } {
  const head = arg.trim().split(/[:,]/)[0].toLowerCase();
  const isSpec = (head === 'conv' || TRANSFORM_KINDS.includes(head)) && !preset(arg) && !existsSync(arg);
  if (isSpec) {
    const spec = parseTransformSpec(arg); // a CostError here says what is wrong with the spec
    const transform = applyTransform(first, spec);
    return { label: formatTransformSpec(spec), design: transform.design, transform };
  }
  try {
    return { label: arg, design: loadDesignArg(arg) };
  } catch (e) {
    // A bare word or word:options that is none of these was most likely meant as a transform.
    if (e instanceof UsageError && /^[A-Za-z][\w-]*(:[^/\\]*)?$/.test(arg.trim()) && !existsSync(arg))
      throw new UsageError(
        `"${arg}" is neither a preset (see: convcost presets), an existing file, nor a transform spec (${TRANSFORM_KINDS.join(', ')}; e.g. hetconv:p=4)`,
      );
    throw e;
  }
}

type Values = Record<TotalKey, number>;

function totalsOf(a: Analysis): Values {
  return Object.fromEntries(METRICS.map((m) => [m.key, metricValue(m, a.totals)])) as Values;
}

/** b / a per metric (METRICS' one zero rule), null where there is no ratio. */
function ratios(a: Partial<Values>, b: Partial<Values>): Partial<Record<TotalKey, number | null>> {
  return Object.fromEntries(
    METRICS.filter((m) => a[m.key] !== undefined).map((m) => [
      m.key,
      metricRatio(a[m.key]!, b[m.key]!) ?? null,
    ]),
  );
}

const sameShape = (x: Shape, y: Shape) => x.h === y.h && x.w === y.w && x.c === y.c;

/** Blocks are compared one to one when both designs have the same block structure (always after a transform). */
function pairable(a: Analysis, b: Analysis): boolean {
  return a.blocks.length === b.blocks.length && a.blocks.every((x, i) => sameShape(x.out, b.blocks[i].out));
}

/** A block's value of every metric that has one per block (peaks and intensity are the network's). */
function blockValues(x: Analysis['blocks'][number]): Partial<Values> {
  const out: Partial<Values> = {};
  for (const m of METRICS) {
    const v = blockValue(m, x);
    if (v !== undefined) out[m.key] = v;
  }
  return out;
}

/** The machine-readable comparison: both totals, the ratios b/a, and per-block rows when blocks pair up. */
export function compareJson(A: Side, B: Side, transform?: TransformResult) {
  const ta = totalsOf(A.analysis);
  const tb = totalsOf(B.analysis);
  const paired = pairable(A.analysis, B.analysis);
  return {
    a: { label: A.label, name: A.design.name, totals: ta },
    b: { label: B.label, name: B.design.name, totals: tb },
    ratios: ratios(ta, tb),
    convention: A.analysis.convention,
    blocks: paired
      ? A.analysis.blocks.map((x, i) => {
          const y = B.analysis.blocks[i];
          const va = blockValues(x);
          const vb = blockValues(y);
          return {
            index: i,
            name: x.name,
            kinds: [x.kind, y.kind],
            out: { h: x.out.h, w: x.out.w, c: x.out.c },
            a: va,
            b: vb,
            ratios: ratios(va, vb),
          };
        })
      : null,
    ...(transform
      ? { transform: { spec: B.label, replaced: transform.replaced, skipped: transform.skipped } }
      : {}),
  };
}

const ratioText = (r: number | undefined): string => (r === undefined ? '-' : `${r.toFixed(3)}x`);

/** A total as the text shows it: scaled and exact for counts, bytes in decimal units, depths as they are. */
function totalText(m: Metric, t: Analysis['totals']): string {
  const v = metricValue(m, t);
  if (m.unit === 'layers') return String(v);
  if (m.unit === 'FLOPs/byte') return v.toFixed(2);
  const text = m.unit === 'B' ? fixedBytes(v) : `${fixed(v)} (${exact(v)})`;
  return approx(text, isApproximate(m, t));
}

/** The human comparison: totals side by side with ratios, then blocks side by side when they pair up. */
export function compareText(A: Side, B: Side, transform?: TransformResult): string[] {
  const ta = A.analysis.totals;
  const tb = B.analysis.totals;
  const lines: string[] = [
    `A: ${escapeText(A.label)} (${escapeText(A.design.name)})`,
    `B: ${escapeText(B.label)}${B.design.name !== A.design.name ? ` (${escapeText(B.design.name)})` : ''}`,
  ];
  if (transform) {
    lines.push(
      `Transform ${escapeText(B.label)}: replaced ${transform.replaced.length} layer(s)${transform.replaced.length ? ` (${transform.replaced.map((x) => escapeText(x.name)).join(', ')})` : ''}`,
    );
    if (transform.skipped.length) {
      lines.push(`Skipped ${transform.skipped.length} layer(s):`);
      for (const s of transform.skipped)
        lines.push(`  block ${s.index + 1} (${escapeText(s.name)}): ${escapeText(s.reason)}`);
    }
  }
  lines.push(
    '',
    'Totals',
    ...table(
      [
        { title: '', align: 'left' },
        { title: 'A', align: 'right' },
        { title: 'B', align: 'right' },
        { title: 'B/A', align: 'right' },
        { title: 'change', align: 'right' },
      ],
      METRICS.map((m) => {
        const r = metricRatio(metricValue(m, ta), metricValue(m, tb));
        return [m.label, totalText(m, ta), totalText(m, tb), ratioText(r), change(r)];
      }),
    ).map((l) => `  ${l}`),
  );
  if (pairable(A.analysis, B.analysis)) {
    const columns: Column[] = [
      { title: '#', align: 'right' },
      { title: 'block', align: 'left' },
      { title: 'kind A -> B', align: 'left' },
      { title: 'output', align: 'left' },
      { title: 'MACs A', align: 'right' },
      { title: 'MACs B', align: 'right' },
      { title: 'B/A', align: 'right' },
      { title: 'params A', align: 'right' },
      { title: 'params B', align: 'right' },
      { title: 'B/A', align: 'right' },
      { title: 'depth', align: 'right' },
    ];
    const rows = A.analysis.blocks.map((x, i) => {
      const y = B.analysis.blocks[i];
      return [
        String(i + 1),
        x.name,
        x.kind === y.kind ? x.kind : `${x.kind} -> ${y.kind}`,
        hwc(x.out),
        fixed(x.sums.macs),
        fixed(y.sums.macs),
        ratioText(metricRatio(x.sums.macs, y.sums.macs)),
        fixed(x.sums.params),
        fixed(y.sums.params),
        ratioText(metricRatio(x.sums.params, y.sums.params)),
        x.latencyDepth === y.latencyDepth ? String(x.latencyDepth) : `${x.latencyDepth} -> ${y.latencyDepth}`,
      ];
    });
    lines.push('', 'Per block', ...table(columns, rows));
  } else {
    lines.push(
      '',
      `Blocks not compared one to one: A has ${A.analysis.blocks.length} blocks, B ${B.analysis.blocks.length}, with different outputs (see convcost report for each).`,
    );
  }
  const c = A.analysis.convention;
  lines.push(
    '',
    `Convention: 1 MAC = 1 multiply-accumulate, FLOPs = 2 x MACs; BN ${c.bn}; extra ops ${c.includeExtras ? 'included in' : 'not in'} MACs; batch ${A.analysis.input.n}.`,
  );
  return lines;
}

/** Loads both sides, analyses them under one convention and writes the comparison. */
export function runCompare(first: string, secondArg: string, o: CompareOptions, io: Io): number {
  const loaded = loadDesignAndView(first, { input: o.input });
  // What was imported goes to stderr, so --json output stays one JSON document.
  if (loaded.imported) for (const l of importLines(first, loaded.imported)) io.err(l);
  let a = loaded.design;
  if (o.batch !== undefined) a = { ...a, batch: o.batch };
  const s = second(secondArg, a);
  const b = o.batch !== undefined ? { ...s.design, batch: o.batch } : s.design;
  const A: Side = { label: first, design: a, analysis: analyzeDesign(a, o.convention) };
  const B: Side = { label: s.label, design: b, analysis: analyzeDesign(b, o.convention) };
  if (o.json) io.out(JSON.stringify(compareJson(A, B, s.transform), null, 2));
  else io.out(compareText(A, B, s.transform).join('\n'));
  return 0;
}

/** `convcost compare <design> <design-or-transform>`. */
export const compareCommand: Command = {
  name: 'compare',
  summary:
    'Compare two designs, or a design and a transform of it (e.g. hetconv:p=4): totals, ratios and per-block costs.',
  usage:
    'convcost compare <preset|design.json|model file> <preset|design.json|model file|transform> [--input NxCxHxW] [--json] [--bn counted|fused] [--extras] [--batch N]',
  run(args, io) {
    rejectUnknownFlags(args, FLAGS);
    const p = parseArgs(args, BOOLEANS);
    const o = options(p);
    if (p.positional.length !== 2)
      throw new UsageError(
        `needs two arguments, a design and a design or transform spec (got ${p.positional.length}), e.g. convcost compare vgg16-cifar hetconv:p=4`,
      );
    return runCompare(p.positional[0], p.positional[1], o, io);
  },
};
