/**
 * `convcost verify --runtime ort|both`: the design exported to ONNX and run on ONNX Runtime Web's
 * wasm build in Node (one thread), alone or beside TensorFlow.js with its outputs compared. ONNX
 * Runtime (and the runner and exporter) load only here, so `report` never pays for them.
 */
import { fixed, ratio, sci } from '../../core/format.ts';
import { buildGraph } from '../../design/analyze.ts';
import type { Design } from '../../design/schema.ts';
import { ExecError, RunRefused } from '../../exec/errors.ts';
import {
  ortSpeedup,
  type RuntimeRow,
  runtimeRows,
  speedupPhrase,
  worstError,
} from '../../exec/ort/compare.ts';
import { type OrtRunResult, RUNTIME_AGREEMENT } from '../../exec/ort/types.ts';
import type { RunOptions, RunResult } from '../../exec/types.ts';
import { escapeText } from '../escape.ts';
import { type Column, table } from '../format.ts';
import { UsageError } from '../types.ts';

export const RUNTIMES = ['tfjs', 'ort', 'both'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Threads ONNX Runtime gets in Node: one, like TensorFlow.js's wasm backend there. */
const ORT_THREADS = 1;

export type StartedOrt = Awaited<ReturnType<typeof import('../../exec/ort/start.ts').startOrt>>;

/**
 * Loads ONNX Runtime Web, before any run starts, so a missing package is said at once (exit 2),
 * and refuses a design too large to run here as TensorFlow.js's run does.
 */
export async function startOrtFor(
  runtime: Runtime,
  design: Design,
  options: Partial<RunOptions>,
): Promise<StartedOrt> {
  const [{ limitProblem, NODE_LIMITS }, { startOrt, OrtMissing }] = await Promise.all([
    import('../../exec/limits.ts'),
    import('../../exec/ort/start.ts'),
  ]);
  const problem = limitProblem(
    buildGraph(design),
    { grouped: 'auto', hetconv: 'auto', ...options },
    NODE_LIMITS,
  );
  if (problem) throw new RunRefused(problem);
  try {
    return await startOrt(undefined, ORT_THREADS);
  } catch (e) {
    if (e instanceof OrtMissing) throw new UsageError(`--runtime ${runtime}: ${e.message}`);
    throw e;
  }
}

/**
 * Runs the design on ONNX Runtime; with `compare`, TensorFlow.js (already started) builds the same
 * seeded network as the reference its outputs are compared with.
 */
export async function runOnOrt(
  design: Design,
  options: Partial<RunOptions>,
  started: StartedOrt,
  compare: boolean,
): Promise<OrtRunResult> {
  const { runOrt } = await import('../../exec/ort/run.ts');
  const reference = compare
    ? await (await import('../../exec/ort/reference.ts')).tfReference(design, options)
    : undefined;
  try {
    return await runOrt(design, options, { ...started, reference });
  } catch (e) {
    // ONNX Runtime refusing a model (its own shape inference) or failing a run is a failed check
    // (exit 1) with ORT's reason, not an internal error.
    if (e instanceof Error && /OrtRun|session/i.test(e.message))
      throw new ExecError(`ONNX Runtime could not run the exported design: ${e.message.trim()}`);
    throw e;
  } finally {
    reference?.dispose();
  }
}

/** A run's milliseconds in the verify tables: three decimals under 10 ms, one above. */
export const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : v < 10 ? v.toFixed(3) : v.toFixed(1);
/** An NHWC shape without the batch: [1, 56, 56, 64] -> "56x56x64". */
export const shape = (s: readonly number[] | null) => (s ? s.slice(1).join('x') : 'none');
/** Like `ms`, a figure that does not exist is "-" in the verify tables. */
const orMissing = <T>(v: T | null, f: (v: T) => string) => (v === null ? '-' : f(v));

/**
 * The ONNX Runtime part of a verify report: one row per block (ORT's output shape, MACs and the
 * MACs its ONNX form executes, its median, GFLOP/s and ratio to the MAC-proportional time, and with
 * `tf` the TensorFlow.js time and ratio of the same block and the outputs' agreement), then the
 * whole-design figures, how HetConv was written and the verdict.
 */
export function formatOrt(ort: OrtRunResult, tf: RunResult | null): string[] {
  const rows = runtimeRows(tf, ort);
  const both = tf !== null;
  const timed = ort.totals.sumOfBlocksMs !== null;
  const cols: (Column & { cell: (r: RuntimeRow) => string; tf?: true; timed?: true })[] = [
    { title: '#', align: 'right', cell: (r) => String(r.index + 1) },
    { title: 'block', align: 'left', cell: (r) => r.name },
    { title: 'kind', align: 'left', cell: (r) => r.kind },
    {
      title: 'output (ORT)',
      align: 'left',
      cell: (r) => {
        const b = ort.blocks[r.index];
        return b.shapeOk ? shape(b.shape) : `${shape(b.shape)} != ${shape(b.expectedShape)}`;
      },
    },
    { title: 'MACs', align: 'right', cell: (r) => fixed(r.macs) },
    { title: 'ORT executes', align: 'right', cell: (r) => fixed(r.executedMacs) },
    { title: 'TF.js ms', align: 'right', tf: true, timed: true, cell: (r) => ms(r.tfMs) },
    {
      title: 'TF.js vs MACs',
      align: 'right',
      tf: true,
      timed: true,
      cell: (r) => orMissing(r.tfRatio, ratio),
    },
    { title: 'ORT ms', align: 'right', timed: true, cell: (r) => ms(r.ortMs) },
    { title: '±MAD', align: 'right', timed: true, cell: (r) => ms(ort.blocks[r.index].timing?.madMs) },
    {
      title: 'ORT GFLOP/s',
      align: 'right',
      timed: true,
      cell: (r) => orMissing(ort.blocks[r.index].gflops, (g) => g.toFixed(1)),
    },
    { title: 'ORT vs MACs', align: 'right', timed: true, cell: (r) => orMissing(r.ortRatio, ratio) },
    { title: 'agreement', align: 'right', tf: true, cell: (r) => orMissing(r.maxError, (e) => sci(e)) },
    { title: 'check', align: 'left', cell: (r) => (r.ok ? 'ok' : 'FAIL') },
  ];
  const shown = cols.filter((c) => (both || !c.tf) && (timed || !c.timed));
  const b = ort.backend;
  const t = ort.totals;
  const out = [
    `${escapeText(ort.designName)}: exported to ONNX with the seeded weights, run on ONNX Runtime Web ${b.version} (wasm, ${b.environment}, ${b.threads} thread${b.threads === 1 ? '' : 's'})`,
    '',
    ...table(
      shown,
      rows.map((r) => shown.map((c) => c.cell(r))),
    ),
    '',
  ];
  if (ort.hetconv) out.push(ort.hetconv);
  out.push(`Shapes: ${t.shapesOk ? "all equal to convcost's" : 'DIFFERENT'}.`);
  if (both) {
    const e = worstError(ort);
    out.push(
      `Agreement with TensorFlow.js on the same weights and inputs: whole design ${orMissing(t.maxError, (v) => sci(v))}, worst block ${orMissing(t.maxBlockError, (v) => sci(v))} (max |ORT - TF.js| / max(1, max |TF.js|); the check is ${sci(RUNTIME_AGREEMENT, 0)})${e !== null && e > RUNTIME_AGREEMENT ? ': OVER' : ''}.`,
    );
  }
  if (t.timing) {
    const speedup = ortSpeedup(tf, ort);
    const tfWhole = tf?.totals.timing;
    out.push(
      `Whole design on ONNX Runtime: ${ms(t.timing.medianMs)} ms median (±${ms(t.timing.madMs)}, ${t.timing.runs} runs), ${orMissing(t.gflops, (g) => g.toFixed(1))} GFLOP/s on ${fixed(t.macs)} MACs (${fixed(t.executedMacs)} executed); sum of block medians ${ms(t.sumOfBlocksMs)} ms${tfWhole ? `; TensorFlow.js ${ms(tfWhole.medianMs)} ms${speedup === null ? '' : `, ONNX Runtime ${speedupPhrase(speedup)}`}` : ''}.`,
      `Per-block ONNX Runtime times: ${ort.perBlockSource}.`,
      `"vs MACs": measured time / the block's share of the design's time if time were proportional to MACs, on each runtime (its own ms per MAC).`,
    );
  }
  out.push(
    ort.ok ? 'ONNX Runtime: all checks passed.' : `ONNX Runtime: ${ort.failures.length} check(s) FAILED:`,
    ...ort.failures.map((f) => `  ${f}`),
  );
  return out;
}
