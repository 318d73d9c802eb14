import { exact, fixed, sci } from '../../core/format.ts';
import type { Design } from '../../design/schema.ts';
import { describeParams } from '../../exec/calibrate.ts';
import { ExecError, RunRefused } from '../../exec/errors.ts';
import { type OrtRunResult, RUNTIME_AGREEMENT } from '../../exec/ort/types.ts';
import type { GroupedEmulation, HetconvEmulation, RunOptions, RunResult } from '../../exec/types.ts';
import { decodeLink } from '../../share/codec.ts';
import { checkFlags, choice, type ParsedArgs, parseArgs, positiveIntFlag } from '../args.ts';
import { escapeText } from '../escape.ts';
import { type Column, table } from '../format.ts';
import { DESIGN_FLAGS, type LoadOptions, loadDesignArg } from '../load.ts';
import { type Command, type Io, UsageError } from '../types.ts';
import { formatOrt, ms, RUNTIMES, type Runtime, runOnOrt, shape, startOrtFor } from './verifyOrt.ts';

const BOOLEANS = ['json', 'check-only', 'ops'] as const;
const FLAGS = [
  ...BOOLEANS,
  ...DESIGN_FLAGS,
  'repeats',
  'warmup',
  'seed',
  'grouped',
  'hetconv',
  'min-time',
  'runtime',
] as const;
const GROUPED: readonly GroupedEmulation[] = ['auto', 'dw-sum', 'split'];
const HETCONV: readonly HetconvEmulation[] = ['auto', 'masked', 'grouped'];

/** A share link (full URL, "#d=..." or "d=...") rather than a preset id or a file path. */
function looksLikeLink(arg: string): boolean {
  return /^https?:\/\//.test(arg) || arg.includes('#d=') || arg.startsWith('d=');
}

export function loadDesignOrLink(arg: string, opts: LoadOptions = {}): Design {
  if (!looksLikeLink(arg)) return loadDesignArg(arg, opts);
  const d = decodeLink(arg);
  if (!d.ok) throw new UsageError(`cannot read the link: ${d.error}`);
  return d.design;
}

function flagOn(p: ParsedArgs, name: string): boolean {
  const v = p.flags.get(name);
  if (v === undefined) return false;
  if (v === true || v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`--${name} takes no value, got "${v}"`);
}

function runOptions(p: ParsedArgs): Partial<RunOptions> {
  checkFlags(p, FLAGS);
  const o: Partial<RunOptions> = {
    checkOnly: flagOn(p, 'check-only'),
    grouped: choice(p, 'grouped', GROUPED, 'auto'),
    hetconv: choice(p, 'hetconv', HETCONV, 'auto'),
  };
  if (p.flags.has('repeats')) o.repeats = positiveIntFlag(p, 'repeats', 5);
  if (p.flags.has('warmup')) o.warmup = positiveIntFlag(p, 'warmup', 2);
  if (p.flags.has('seed')) o.seed = positiveIntFlag(p, 'seed', 1);
  if (p.flags.has('min-time')) o.minTimeMs = positiveIntFlag(p, 'min-time', 150);
  return o;
}

/** Plain-text report of a run: one row per block, then checks, emulations, totals and the backend. */
export function formatRun(r: RunResult, showOps = false): string[] {
  const cols: Column[] = [
    { title: 'block', align: 'left' },
    { title: 'kind', align: 'left' },
    { title: 'output', align: 'left' },
    { title: 'params (analysis)', align: 'right' },
    { title: 'params (built)', align: 'right' },
    { title: 'check', align: 'left' },
    { title: 'MACs', align: 'right' },
    { title: 'median ms', align: 'right' },
    { title: '±MAD', align: 'right' },
    { title: 'GFLOP/s', align: 'right' },
    { title: 'vs MACs', align: 'right' },
    { title: 'model ms', align: 'right' },
  ];
  const rows: string[][] = [];
  for (const b of r.blocks) {
    const ok = b.paramsOk && b.shapeOk && b.extraChecks.every((c) => c.ok);
    rows.push([
      b.name,
      b.kind,
      b.shapeOk ? shape(b.builtShape) : `${shape(b.builtShape)} != ${shape(b.expectedShape)}`,
      exact(b.analyticalParams),
      exact(b.builtParams),
      ok ? 'ok' : 'FAIL',
      fixed(b.macs),
      ms(b.timing?.medianMs),
      ms(b.timing?.madMs),
      b.gflops === null ? '-' : b.gflops.toFixed(1),
      b.ratio === null ? '-' : `${b.ratio.toFixed(2)}x${b.outlier ? ' !' : ''}`,
      ms(b.predictedMs),
    ]);
    if (showOps)
      for (const o of b.ops)
        rows.push([
          `  ${o.name}`,
          o.kind,
          shape(o.builtShape),
          exact(o.analyticalParams),
          exact(o.builtParams),
          o.paramsOk && o.shapeOk ? 'ok' : 'FAIL',
          fixed(o.macs),
          ms(o.medianMs),
          '',
          '',
          '',
          '',
        ]);
  }
  const out = [
    `${escapeText(r.designName)}: input ${r.input.join('x')} (NHWC), TensorFlow.js ${r.backend.tfjsVersion} on ${r.backend.name} (${r.backend.environment}, SIMD ${r.backend.simd ? 'on' : 'off'}, ${r.backend.threads} thread${r.backend.threads === 1 ? '' : 's'}${r.backend.fallbackReason ? `, ${r.backend.fallbackReason}` : ''})`,
    '',
    ...table(cols, rows),
    '',
  ];
  const checks = r.blocks.flatMap((b) =>
    b.extraChecks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${b.name}: ${c.name}: ${c.detail}`),
  );
  if (checks.length) out.push('Extra checks:', ...checks, '');
  const emulations = new Map<string, string>();
  for (const b of r.blocks)
    for (const o of b.ops)
      if (o.emulation && !emulations.has(o.emulation.label))
        emulations.set(
          o.emulation.label,
          `  ${o.emulation.label}: executes ${fixed(o.emulation.executedMacs)} MACs for ${fixed(o.macs)} in the formula; ${o.emulation.note}`,
        );
  if (emulations.size)
    out.push('Emulations (TensorFlow.js has no kernel for these):', ...emulations.values(), '');
  const t = r.totals;
  out.push(
    `Parameters: analysis ${exact(t.analyticalParams)}, built ${exact(t.builtParams)} (${t.paramsOk ? 'equal' : 'DIFFERENT'}); buffers ${exact(t.analyticalBuffers)} / ${exact(t.builtBuffers)}. Shapes: ${t.shapesOk ? 'all equal' : 'DIFFERENT'}.`,
  );
  if (t.timing)
    out.push(
      `Whole design: ${ms(t.timing.medianMs)} ms median (±${ms(t.timing.madMs)}, ${t.timing.runs} runs), ${t.gflops?.toFixed(1)} GFLOP/s on ${fixed(t.macs)} MACs; sum of block medians ${ms(t.sumOfBlocksMs)} ms.`,
      '"vs MACs": measured time / the time the block would take if time were proportional to MACs at the design\'s rate; "!" marks blocks off by more than 2x.',
    );
  if (r.calibration) {
    out.push(
      `Latency model (${r.calibration.source}): ${(100 * r.calibration.within15).toFixed(0)}% of blocks within ±15%, median error ${(100 * r.calibration.medianAbsError).toFixed(1)}%.`,
    );
    for (const [cls, p] of Object.entries(r.calibration.model.classes))
      out.push(`  ${describeParams(cls, p)}`);
  }
  out.push(
    'Timings are medians of repeated runs after warm-up; other processes on the machine add noise.',
    r.ok ? 'All checks passed.' : `${r.failures.length} check(s) FAILED:`,
    ...r.failures.map((f) => `  ${f}`),
  );
  return out;
}

/** --runtime, and the options that only TensorFlow.js has refused when it does not run. */
function runtimeOf(p: ParsedArgs): Runtime {
  const runtime = choice(p, 'runtime', RUNTIMES, 'tfjs');
  if (runtime === 'ort')
    for (const [flag, why] of [
      ['grouped', "chooses TensorFlow.js's emulation of grouped convs; ONNX Runtime runs them natively"],
      ['hetconv', "chooses TensorFlow.js's emulation of HetConv; the ONNX export writes its own form"],
      ['ops', "gives TensorFlow.js's per-op rows; ONNX Runtime is timed per block"],
    ])
      if (p.flags.has(flag)) throw new UsageError(`--${flag} ${why} (use --runtime tfjs or both)`);
  return runtime;
}

async function verify(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, BOOLEANS);
  const options = runOptions(p);
  const runtime = runtimeOf(p);
  if (p.positional.length !== 1) throw new UsageError('give one preset id, design file or share link');
  const design = loadDesignOrLink(p.positional[0], { input: p.flags.get('input') });
  let result: RunResult | null = null;
  let ort: OrtRunResult | null = null;
  try {
    const started = runtime === 'tfjs' ? null : await startOrtFor(runtime, design, options);
    if (runtime !== 'ort') {
      // TensorFlow.js loads only when a run is asked for.
      const { startWasm } = await import('../../exec/backend.ts');
      const { runDesign } = await import('../../exec/run.ts');
      const { NODE_LIMITS } = await import('../../exec/limits.ts');
      const backend = await startWasm({ threads: false });
      result = await runDesign(
        design,
        { ...options, ort: runtime === 'both' },
        { backend, limits: NODE_LIMITS },
      );
    }
    if (started) ort = await runOnOrt(design, options, started, runtime === 'both');
  } catch (e) {
    if (e instanceof RunRefused) throw new UsageError(`${design.name}: ${e.message}`);
    if (e instanceof ExecError) {
      io.err(`convcost verify: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (flagOn(p, 'json'))
    io.out(JSON.stringify(result ? (ort ? { ...result, ort } : result) : { ort }, null, 2));
  else {
    const lines = [
      ...(result ? formatRun(result, flagOn(p, 'ops')) : []),
      ...(result && ort ? [''] : []),
      ...(ort ? formatOrt(ort, result) : []),
    ];
    for (const line of lines) io.out(line);
  }
  return (result?.ok ?? true) && (ort?.ok ?? true) ? 0 : 1;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: `build the design from TensorFlow.js tensors (wasm backend), compare built parameters and shapes with the analysis, check ACB fusion and the emulations, time every block; --runtime ort runs the design exported to ONNX on ONNX Runtime Web (wasm, 1 thread) instead, --runtime both runs both and compares times per block and outputs (within ${sci(RUNTIME_AGREEMENT, 0)}); exit 1 if a check fails`,
  usage:
    'convcost verify <preset|design.json|model file|link> [--runtime tfjs|ort|both] [--json] [--check-only] [--ops] [--repeats N] [--warmup N] [--min-time MS] [--seed N] [--grouped auto|dw-sum|split] [--hetconv auto|masked|grouped]',
  run: verify,
};
