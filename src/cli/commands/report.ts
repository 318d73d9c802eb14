import { APPROX_MARK, approx, exact, fixed, fixedBytes, hwc, pct } from '../../core/format.ts';
import type {
  Analysis,
  BlockSummary,
  Convention,
  OpNode,
  OpRow,
  OpSpec,
  Shape,
  TotalKey,
  Totals,
} from '../../core/index.ts';
import {
  analyzeGraph,
  BYTES_PER_ELEMENT,
  COUNT_LIKE_TOOLS,
  CostError,
  type CountLikeTool,
  countLike,
  describeConvention,
  OP_CLASS_LABELS,
  OP_CLASSES,
  receptiveFields,
  TRAINING_RULE,
  trainingCost,
} from '../../core/index.ts';
import { buildGraph } from '../../design/analyze.ts';
import type { Design } from '../../design/schema.ts';
import { applyTransform, parseTransformSpec, type TransformResult } from '../../transforms/index.ts';
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
import { DESIGN_FLAGS, importLines, loadDesignAndView } from '../load.ts';
import { type Command, type Io, UsageError } from '../types.ts';

const BOOLEANS = ['json', 'extras', 'ops', 'training'] as const;
const FLAGS = [...BOOLEANS, ...DESIGN_FLAGS, 'batch', 'precision', 'bn', 'transform', 'count-like'] as const;
const PRECISIONS = ['fp32', 'fp16', 'int8', 'binary'] as const;

export interface ReportOptions {
  json: boolean;
  ops: boolean;
  /** --count-like all: every tool's figure side by side (text), all of them under totals.countLike (JSON). */
  countLikeAll?: boolean;
  batch?: number;
  transform?: string;
  /** --input: a model file's input shape. */
  input?: string | true;
  convention: Convention;
}

/** The counting convention given by --bn, --extras and --precision (shared by report and sweep). */
export const CONVENTION_FLAGS = ['extras', 'precision', 'bn'] as const;

export function conventionOptions(p: ParsedArgs): Convention {
  return {
    bn: choice(p, 'bn', BN_MODES, 'counted'),
    includeExtras: booleanFlag(p, 'extras'),
    precision: choice(p, 'precision', PRECISIONS, 'fp32'),
  };
}

/** --count-like TOOL (or all) and --training: what report adds beside convcost's own totals. */
function extrasOptions(p: ParsedArgs): {
  countLike?: CountLikeTool;
  countLikeAll: boolean;
  training: boolean;
} {
  const v = p.flags.has('count-like')
    ? choice(p, 'count-like', [...COUNT_LIKE_TOOLS, 'all'] as const, 'all')
    : undefined;
  return {
    ...(v && v !== 'all' ? { countLike: v } : {}),
    countLikeAll: v === 'all',
    training: booleanFlag(p, 'training'),
  };
}

export function reportOptions(p: ParsedArgs): ReportOptions {
  checkFlags(p, FLAGS);
  const transform = p.flags.get('transform');
  if (transform === true || transform === '')
    throw new UsageError('--transform needs a spec, e.g. hetconv:p=4');
  return {
    json: booleanFlag(p, 'json'),
    ops: booleanFlag(p, 'ops'),
    batch: batchFlag(p),
    transform,
    input: p.flags.get('input'),
    ...(() => {
      const x = extrasOptions(p);
      return {
        countLikeAll: x.countLikeAll,
        convention: {
          ...conventionOptions(p),
          ...(x.countLike ? { countLike: x.countLike } : {}),
          ...(x.training ? { training: true } : {}),
        },
      };
    })(),
  };
}

/** The stable JSON of a design's totals (the `totals` key of report --json, each point of sweep --json). */
export function totalsJson(
  name: string,
  a: Pick<Analysis, 'totals' | 'input' | 'output' | 'convention'> &
    Partial<Pick<Analysis, 'outputs' | 'unsupported' | 'warnings' | 'blocks'>>,
  extras?: { nodes: readonly OpNode[]; analysis: Analysis; countLikeAll?: boolean },
) {
  const t: Totals = a.totals;
  const tools = extras
    ? extras.countLikeAll
      ? [...COUNT_LIKE_TOOLS]
      : a.convention.countLike
        ? [a.convention.countLike]
        : []
    : [];
  return {
    ...totalsCore(name, a, t),
    ...(tools.length
      ? {
          countLike: tools.map((tool) => {
            const r = countLike(extras!.nodes, tool);
            return { tool, macs: r.macs, params: r.params, byClass: r.byClass, prints: r.rule.prints };
          }),
        }
      : {}),
    ...(extras && a.convention.training ? { training: trainingCost(extras.analysis, extras.nodes) } : {}),
  };
}

function totalsCore(
  name: string,
  a: Pick<Analysis, 'totals' | 'input' | 'output' | 'convention'> &
    Partial<Pick<Analysis, 'outputs' | 'unsupported' | 'warnings' | 'blocks'>>,
  t: Totals,
) {
  return {
    macs: t.macs,
    flops: t.flops,
    params: t.params,
    activations: t.activations,
    peakActivations: t.peakActivations,
    weightBytes: t.weightBytes,
    bytesMoved: t.bytesMoved,
    latencyDepth: t.latencyDepth,
    convMacs: t.convMacs,
    extraFlops: t.extraFlops,
    extra: { ...t.extra },
    buffers: t.buffers,
    peakActivationBytes: t.peakActivationBytes,
    activationBytes: t.activationBytes,
    arithmeticIntensity: t.arithmeticIntensity,
    name,
    input: shapeJson(a.input),
    output: shapeJson(a.output),
    outputs: (a.outputs ?? [a.output]).map(shapeJson),
    // Figures past 2^53 (a double's exact integers): keys of the totals that are approximate.
    approximate: t.approximate ?? [],
    // A design with no blocks costs 0 because there is nothing to cost, not because it is free.
    empty: a.blocks !== undefined && a.blocks.length === 0,
    // Ops without a cost model count 0, so every total is then only a lower bound.
    lowerBound: (a.unsupported ?? []).length > 0,
    unsupported: a.unsupported ?? [],
    warnings: (a.warnings ?? []).map((w) => ({
      block: w.block,
      name: a.blocks?.[w.block]?.name,
      field: w.field,
      message: w.message,
    })),
    convention: {
      ...a.convention,
      batch: a.input.n,
      bytesPerElement: BYTES_PER_ELEMENT[a.convention.precision],
      lines: describeConvention(a.convention),
    },
  };
}

/** The stable JSON of a shape: { n, h, w, c }. */
const shapeJson = (s: Shape) => ({ n: s.n, h: s.h, w: s.w, c: s.c });

/**
 * The machine-readable report. Top-level keys are exactly totals, blocks and layers; the names
 * inside are stable (scripts depend on them). `macs` is always the headline count under the
 * convention (conv/dense MACs, plus extras / 2 with --extras); `convMacs` is conv/dense alone.
 */
export function reportJson(design: Design, a: Analysis, nodes?: readonly OpNode[], countLikeAll = false) {
  const t: Totals = a.totals;
  const rf = nodes ? receptiveFields(nodes) : undefined;
  const rfJson = (k: number) =>
    rf?.[k] ? { receptiveField: [...rf[k].rf], effectiveStride: [...rf[k].jump] } : {};
  return {
    totals: totalsJson(design.name, a, nodes ? { nodes, analysis: a, countLikeAll } : undefined),
    blocks: a.blocks.map((b: BlockSummary) => ({
      index: b.index,
      id: b.id,
      name: b.name,
      kind: b.kind,
      inputs: b.inputIds,
      in: shapeJson(b.in),
      out: shapeJson(b.out),
      macs: b.sums.macs,
      flops: b.sums.flops,
      convMacs: b.sums.convMacs,
      extraFlops: b.sums.extraFlops,
      params: b.sums.params,
      buffers: b.sums.buffers,
      activations: b.sums.activations,
      weightBytes: b.sums.weightBytes,
      bytesMoved: b.sums.bytesMoved,
      latencyDepth: b.latencyDepth,
      ...(b.opCount ? rfJson(b.firstOp + b.opCount - 1) : {}),
      macsShare: t.macs > 0 ? b.sums.macs / t.macs : 0,
    })),
    layers: a.ops.map((r: OpRow) => ({
      id: r.id,
      block: r.block,
      blockName: a.blocks[r.block]?.name,
      name: r.name,
      kind: r.kind,
      in: r.inShapes.map(shapeJson),
      out: shapeJson(r.out),
      macs: r.totalMacs,
      flops: r.flops,
      convMacs: r.macs,
      extraFlops: r.extraFlops,
      extra: { ...r.extra },
      params: r.params,
      buffers: r.buffers,
      activations: r.activations,
      weightBytes: r.weightBytes,
      bytesMoved: r.bytesMoved,
      depth: r.depth,
      ...rfJson(r.id),
      ...(r.fused ? { fused: true } : {}),
      ...(r.note ? { note: r.note } : {}),
    })),
  };
}

/** True when block `i` reads just the block before it (the design input for the first): a chain. */
function isDefaultWiring(a: Analysis, i: number): boolean {
  const ids = a.blocks[i].inputIds;
  return ids.length === 1 && ids[0] === (i === 0 ? 'input' : a.blocks[i - 1].id);
}

const pairText = (p: readonly [number, number]) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}x${p[1]}`);

/** A short description of an op for its row: "conv2d 3x3 s2 g64", "maxpool 3x3 s2", "batchnorm (fused)". */
function opLabel(spec: OpSpec, r: OpRow): string {
  switch (spec.op) {
    case 'conv2d':
    case 'hetconv': {
      const k = `${spec.kernel[0]}x${spec.kernel[1]}`;
      const s = spec.stride[0] === 1 && spec.stride[1] === 1 ? '' : ` s${pairText(spec.stride)}`;
      const g = spec.op === 'conv2d' ? (spec.groups > 1 ? ` g${spec.groups}` : '') : ` P${spec.part}`;
      return `${spec.op} ${k}${s}${g}`;
    }
    case 'pool': {
      const s =
        spec.stride[0] === spec.kernel[0] && spec.stride[1] === spec.kernel[1]
          ? ''
          : ` s${pairText(spec.stride)}`;
      return `${spec.mode}pool ${spec.kernel[0]}x${spec.kernel[1]}${s}`;
    }
    case 'globalpool':
      return `global ${spec.mode}pool`;
    case 'activation':
      return spec.fn;
    case 'batchnorm':
      return r.fused ? 'batchnorm (fused)' : 'batchnorm';
    default:
      return spec.op;
  }
}

/** A figure of the table, marked when it is past 2^53 (a block's or op's own sum can be). */
const cell = (v: number) => approx(fixed(v), v > Number.MAX_SAFE_INTEGER);

const COLUMNS: Column[] = [
  { title: '#', align: 'right' },
  { title: 'block', align: 'left' },
  { title: 'kind', align: 'left' },
  { title: 'inputs', align: 'left' },
  { title: 'output', align: 'left' },
  { title: 'MACs', align: 'right' },
  { title: '%MACs', align: 'right' },
  { title: 'params', align: 'right' },
  { title: 'extra FLOPs', align: 'right' },
  { title: 'depth', align: 'right' },
];

/**
 * The human report: header, per-block table, totals, convention. With `nodes` (the graph the
 * analysis came from), each block's op rows are listed under it.
 */
/** The training-step and count-like sections of the text report, when the convention asks for them. */
function extraSections(a: Analysis, nodes: readonly OpNode[], countLikeAll: boolean): string[] {
  const kv = (k: string, v: string) => `  ${k.padEnd(22)}${v}`;
  const out: string[] = [];
  if (a.convention.training) {
    const tr = trainingCost(a, nodes);
    out.push(
      '',
      'Training step (forward + backward)',
      kv('forward MACs', `${fixed(tr.forwardMacs)}  (${exact(tr.forwardMacs)})`),
      kv(
        'backward MACs',
        `${fixed(tr.backwardMacs)}  (weight gradients ${fixed(tr.weightGradMacs)} + input gradients ${fixed(tr.inputGradMacs)})`,
      ),
      kv(
        'training MACs',
        `${fixed(tr.trainingMacs)}  (${exact(tr.trainingMacs)}), FLOPs ${fixed(2 * tr.trainingMacs)}`,
      ),
      kv('extra FLOPs', `${fixed(tr.extraFlops)}  (forward and backward of bias, BN, activation, pool, add)`),
      kv('kept for backward', `${fixed(tr.keptActivations)} elements, ${fixedBytes(tr.keptActivationBytes)}`),
      ...TRAINING_RULE.map((l) => `  ${l}`),
    );
  }
  const tools = countLikeAll ? [...COUNT_LIKE_TOOLS] : a.convention.countLike ? [a.convention.countLike] : [];
  if (tools.length) {
    const results = tools.map((tool) => countLike(nodes, tool));
    out.push(
      '',
      countLikeAll ? 'Counted like other tools (each by its own rules)' : `Counted like ${tools[0]}`,
    );
    for (const r of results)
      out.push(
        kv(r.tool, `${fixed(r.macs)}  (${exact(r.macs)}) ${r.rule.prints}; params ${exact(r.params)}`),
      );
    out.push(
      '',
      ...table(
        [
          { title: 'op class', align: 'left' },
          ...results.map((r) => ({ title: r.tool, align: 'right' as const })),
        ],
        OP_CLASSES.map((k) => [OP_CLASS_LABELS[k], ...results.map((r) => fixed(r.byClass[k]))]),
      ).map((l) => `  ${l}`),
    );
    if (!countLikeAll) {
      const rule = results[0].rule;
      out.push('', `  Rules of ${rule.label} (${rule.source}):`);
      for (const k of OP_CLASSES) out.push(`    ${OP_CLASS_LABELS[k]}: ${rule.classes[k]}`);
      out.push(`    parameters: ${rule.params}`);
      if (rule.assumes) out.push(`    assumes ${rule.assumes}`);
    }
  }
  return out;
}

export function reportText(
  design: Design,
  a: Analysis,
  nodes?: readonly OpNode[],
  extras?: { nodes: readonly OpNode[]; countLikeAll: boolean },
): string[] {
  const t = a.totals;
  const rows: string[][] = [];
  // The inputs column appears only for designs that are not a plain chain.
  const wired = a.blocks.some((_b, i) => !isDefaultWiring(a, i));
  const columns = wired ? COLUMNS : COLUMNS.filter((c) => c.title !== 'inputs');
  const cells = (row: string[]) => (wired ? row : row.filter((_, i) => i !== 3));
  const nameOf = new Map(a.blocks.map((b) => [b.id, b.name]));
  for (const b of a.blocks) {
    rows.push(
      cells([
        String(b.index + 1),
        b.name,
        b.kind,
        isDefaultWiring(a, b.index) ? '' : b.inputIds.map((id) => nameOf.get(id) ?? id).join(', '),
        hwc(b.out),
        cell(b.sums.macs),
        pct(b.sums.macs, t.macs, 1),
        cell(b.sums.params),
        cell(b.sums.extraFlops),
        String(b.latencyDepth),
      ]),
    );
    if (!nodes) continue;
    for (let k = b.firstOp; k < b.firstOp + b.opCount; k++) {
      const r = a.ops[k];
      rows.push(
        cells([
          '',
          `  ${r.name}`,
          `  ${opLabel(nodes[k].spec, r)}`,
          '',
          hwc(r.out),
          cell(r.totalMacs),
          pct(r.totalMacs, t.macs, 1),
          cell(r.params),
          cell(r.extraFlops),
          '',
        ]),
      );
    }
  }
  const e = t.extra;
  const kv = (k: string, v: string) => `  ${k.padEnd(22)}${v}`;
  // Totals past 2^53 carry the approximate mark, in the scaled and the exact form alike.
  const mark = (key: TotalKey, text: string) => approx(text, t.approximate.includes(key));
  const n = (key: TotalKey) => mark(key, fixed(t[key]));
  const x = (key: TotalKey) => mark(key, exact(t[key]));
  const b = (key: TotalKey) => mark(key, fixedBytes(t[key]));
  const outputs =
    a.outputs.length > 1 ? `outputs ${a.outputs.map(hwc).join(', ')}` : `output ${hwc(a.output)}`;
  const notices: string[] = [];
  if (!a.blocks.length)
    notices.push('The design has no blocks: there is nothing to cost, so every total is 0.');
  if (a.unsupported.length)
    notices.push(
      `Lower bound: ${a.unsupported.map((u) => `${u.count} x ${u.type}`).join(', ')} without a cost model (counted as 0), so every total is at least what is shown.`,
    );
  if (t.approximate.length)
    notices.push(
      `Approximate (past 2^53, marked ${APPROX_MARK}): ${t.approximate.join(', ')}; the other figures are exact.`,
    );
  for (const w of a.warnings)
    notices.push(
      `Warning: block ${w.block + 1} (${escapeText(a.blocks[w.block]?.name ?? '')}): ${w.message}`,
    );
  return [
    `${escapeText(design.name)}: input ${hwc(a.input)}, batch ${a.input.n}, ${outputs}, ${a.blocks.length} blocks, ${a.ops.length} ops`,
    '',
    ...table(columns, rows),
    '',
    ...(notices.length ? [...notices, ''] : []),
    'Totals',
    kv('MACs', `${n('macs')}  (${x('macs')})${a.convention.includeExtras ? ' incl. extra ops / 2' : ''}`),
    kv('FLOPs', `${n('flops')}  (= 2 x MACs)`),
    ...(a.convention.includeExtras ? [kv('conv/dense MACs', `${n('convMacs')}  (${x('convMacs')})`)] : []),
    kv(
      'extra FLOPs',
      `${n('extraFlops')}  (bias ${fixed(e.bias)}, BN ${fixed(e.bn)}, activation ${fixed(e.act)}, pool ${fixed(e.pool)}, other ${fixed(e.other)})${a.convention.includeExtras ? '' : ', not in MACs'}`,
    ),
    kv('params', `${n('params')}  (${x('params')})`),
    kv('buffers', `${n('buffers')}  (BN running mean/var)`),
    kv('weight memory', `${b('weightBytes')}  (params + buffers at ${a.convention.precision})`),
    kv('activations', `${n('activations')} elements, ${b('activationBytes')}`),
    kv('peak activations', `${n('peakActivations')} elements, ${b('peakActivationBytes')}`),
    kv('bytes moved', b('bytesMoved')),
    kv('arithmetic intensity', `${t.arithmeticIntensity.toFixed(2)} FLOPs/byte`),
    kv('latency depth', `${t.latencyDepth} sequential layers`),
    ...(extras ? extraSections(a, extras.nodes, extras.countLikeAll) : []),
    '',
    'Convention',
    ...describeConvention(a.convention).map((l) => `  ${l}`),
  ];
}

/** What a transform did, for stderr: the layers replaced, and each one skipped with its reason. */
export function transformLines(spec: string, r: TransformResult): string[] {
  const lines = [
    `Transform ${escapeText(spec)}: replaced ${r.replaced.length} layer(s)${r.replaced.length ? ` (${r.replaced.map((x) => escapeText(x.name)).join(', ')})` : ''}`,
  ];
  if (r.skipped.length) {
    lines.push(`Skipped ${r.skipped.length} layer(s):`);
    for (const s of r.skipped)
      lines.push(`  block ${s.index + 1} (${escapeText(s.name)}): ${escapeText(s.reason)}`);
  }
  return lines;
}

interface Prepared {
  design: Design;
  analysis: Analysis;
  nodes: OpNode[];
  /** What the transform did (stderr with --json, before the table otherwise). */
  notes: string[];
}

/** Loads, transforms and analyses one design argument as the options say. */
function prepare(arg: string, o: ReportOptions): Prepared {
  const loaded = loadDesignAndView(arg, { input: o.input });
  let design = loaded.design;
  if (o.batch !== undefined) design = { ...design, batch: o.batch };
  let notes: string[] = loaded.imported ? importLines(arg, loaded.imported) : [];
  if (o.transform !== undefined) {
    const result = applyTransform(design, parseTransformSpec(o.transform));
    design = result.design;
    notes = [...notes, ...transformLines(o.transform, result)];
  }
  const built = buildGraph(design);
  const analysis = analyzeGraph(built, o.convention);
  return { design, analysis, nodes: built.nodes, notes };
}

const textReport = (r: Prepared, o: ReportOptions): string =>
  [
    ...r.notes,
    ...(r.notes.length ? [''] : []),
    ...reportText(r.design, r.analysis, o.ops ? r.nodes : undefined, {
      nodes: r.nodes,
      countLikeAll: o.countLikeAll ?? false,
    }),
  ].join('\n');

/** Loads, transforms and analyses a design as the options say; writes the report to `io`. */
export function runReport(arg: string, o: ReportOptions, io: Io): number {
  const r = prepare(arg, o);
  if (o.json) {
    // stdout stays pure JSON; what the transform did goes to stderr.
    for (const n of r.notes) io.err(n);
    io.out(JSON.stringify(reportJson(r.design, r.analysis, r.nodes, o.countLikeAll), null, 2));
    return 0;
  }
  io.out(textReport(r, o));
  return 0;
}

/**
 * Several designs: every one is loaded and analysed before anything is printed, so a bad argument
 * stops the run with one line naming it (exit 2) and stdout stays empty: a script never reads a
 * partial batch as a whole one. With --json, one compact JSON object per line (NDJSON), in argument
 * order, each with the same three keys as a single report; otherwise the text reports one after
 * another, separated by a blank line.
 */
export function runBatch(args: readonly string[], o: ReportOptions, io: Io): number {
  const reports = args.map((arg, i) => {
    try {
      return prepare(arg, o);
    } catch (e) {
      const where = `${arg} (design ${i + 1} of ${args.length})`;
      if (e instanceof UsageError) throw new UsageError(`${where}: ${e.message}`);
      if (e instanceof CostError) throw new UsageError(`${where}: ${e.describe()}`);
      throw e;
    }
  });
  reports.forEach((r, i) => {
    for (const n of r.notes) io.err(`${args[i]}: ${n}`);
  });
  if (o.json)
    io.out(
      reports
        .map((r) => JSON.stringify(reportJson(r.design, r.analysis, r.nodes, o.countLikeAll)))
        .join('\n'),
    );
  else io.out(reports.map((r) => textReport(r, o)).join('\n\n'));
  return 0;
}

/** `convcost report <preset|design.json>... [options]`: one design, or a batch (see runBatch). */
export const reportCommand: Command = {
  name: 'report',
  summary:
    'Per-block (and per-op) costs and totals of a preset, a design file or a model file (ONNX, TFLite, Keras, TensorFlow.js); several designs with --json print one JSON object per line.',
  usage:
    'convcost report <preset|design.json|model file>... [--input NxCxHxW] [--json] [--ops] [--batch N] [--precision fp32|fp16|int8|binary] [--bn counted|fused] [--extras] [--transform SPEC] [--training] [--count-like torchvision|fvcore|ptflops|thop|onnx-tool|all]',
  run(args, io) {
    rejectUnknownFlags(args, FLAGS);
    const p = parseArgs(args, BOOLEANS);
    const o = reportOptions(p);
    if (p.positional.length === 0)
      throw new UsageError('needs a preset id or a design file (see: convcost presets)');
    if (p.positional.length > 1) return runBatch(p.positional, o, io);
    return runReport(p.positional[0], o, io);
  },
};
