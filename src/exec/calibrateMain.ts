/**
 * Measures presets on the Node wasm backend and evaluates the latency model on held-out presets:
 *   npx tsx src/exec/calibrateMain.ts [--fit a,b,c] [--eval d,e] [--json out.json]
 *     [--passes N] [--save-samples s.json | --samples s.json]   (keep the measurements / refit without measuring)
 * Defaults: fit on ResNet-18, MobileNetV1, VGG-16 (CIFAR), ResNet-56 (CIFAR), IGCV3-D; evaluate on
 * ResNet-34, MobileNetV2, ShuffleNet V2, EffNet (CIFAR), ACNet ResNet-56 (training form).
 * Both the median and the fastest (min) of the repeated runs are evaluated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildGraph } from '../design/analyze.ts';
import { preset } from '../presets/index.ts';
import { startWasm } from './backend.ts';
import { describeParams } from './calibrate.ts';
import {
  type HoldoutReport,
  holdoutFromSamples,
  type Measured,
  type SampleSet,
  type Statistic,
  sampleSet,
} from './holdout.ts';
import { NODE_LIMITS } from './limits.ts';
import { runDesign } from './run.ts';

const DEFAULT_FIT = ['resnet18', 'mobilenet-v1', 'vgg16-cifar', 'resnet56-cifar', 'igcv3-d'];
const DEFAULT_EVAL = [
  'resnet34',
  'mobilenet-v2',
  'shufflenet-v2',
  'effnet-cifar',
  'acnet-resnet56-cifar-train',
];
const STATS: Statistic[] = ['median', 'min'];

interface Saved {
  where: string;
  /** Per pass (the presets are measured round-robin, pass after pass, so load drift spreads out). */
  passes: Record<Statistic, SampleSet[]>[];
}

/** Geometric mean of the passes, op by op and block by block (the sets line up: same designs, same order). */
function combine(passes: SampleSet[][]): SampleSet[] {
  const gm = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  return passes[0].map((set, i) => ({
    id: set.id,
    ops: set.ops.map((o, k) => ({ ...o, ms: gm(passes.map((p) => p[i].ops[k].ms)) })),
    blocks: set.blocks.map((b, k) => ({ ...b, ms: gm(passes.map((p) => p[i].blocks[k].ms)) })),
  }));
}

/** Share of blocks whose time in pass 2 is within ±15 % of pass 1: the noise floor of the metric. */
function repeatability(
  a: SampleSet[],
  b: SampleSet[],
): { within: number; count: number; medianAbsError: number } {
  const errs: number[] = [];
  a.forEach((set, i) => {
    set.blocks.forEach((blk, k) => {
      errs.push(Math.abs(b[i].blocks[k].ms / blk.ms - 1));
    });
  });
  errs.sort((x, y) => x - y);
  return {
    within: errs.filter((e) => e <= 0.15).length / errs.length,
    count: errs.length,
    medianAbsError: errs[errs.length >> 1],
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const fitIds = (arg('fit') ?? DEFAULT_FIT.join(',')).split(',').filter(Boolean);
const evalIds = (arg('eval') ?? DEFAULT_EVAL.join(',')).split(',').filter(Boolean);
const wanted = (x: { id: string }) => fitIds.includes(x.id) || evalIds.includes(x.id);

async function measure(passes: number): Promise<Saved> {
  const backend = await startWasm({ threads: false });
  const where = `${backend.name} in ${backend.environment} (SIMD ${backend.simd ? 'on' : 'off'}, ${backend.threads} thread)`;
  const out: Saved['passes'] = [];
  for (let pass = 0; pass < passes; pass++) {
    const measured: Measured[] = [];
    for (const id of [...fitIds, ...evalIds]) {
      const p = preset(id);
      if (!p) {
        console.error(`unknown preset ${id}`);
        process.exit(2);
      }
      const design = p.build();
      const t0 = performance.now();
      const result = await runDesign(
        design,
        { warmup: 2, repeats: 7, minTimeMs: 60, maxRepeats: 21, calibrate: false, wholeDesign: false },
        { backend, limits: NODE_LIMITS },
      );
      console.error(
        `pass ${pass + 1}: measured ${id}: ${result.blocks.length} blocks in ${((performance.now() - t0) / 1000).toFixed(1)} s, checks ${result.ok ? 'ok' : 'FAILED'}`,
      );
      measured.push({ id, graph: buildGraph(design), result });
    }
    out.push({
      median: measured.map((m) => sampleSet(m, 'median')),
      min: measured.map((m) => sampleSet(m, 'min')),
    });
  }
  return { where, passes: out };
}

const from = arg('samples');
const saved: Saved = from
  ? (JSON.parse(readFileSync(from, 'utf8')) as Saved)
  : await measure(Number(arg('passes') ?? 2));
const save = arg('save-samples');
if (save) writeFileSync(save, JSON.stringify(saved));

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const reports: Partial<Record<Statistic, HoldoutReport>> = {};
console.log(`Latency model, ${saved.where}`);
console.log(`Fitted on: ${fitIds.join(', ')}`);
console.log(`Held out:  ${evalIds.join(', ')}`);
for (const stat of STATS) {
  const sets = combine(saved.passes.map((p) => p[stat].filter(wanted)));
  const r = holdoutFromSamples(sets, fitIds);
  reports[stat] = r;
  if (saved.passes.length > 1) {
    const rep = repeatability(saved.passes[0][stat].filter(wanted), saved.passes[1][stat].filter(wanted));
    console.log(
      `\nNoise floor (${stat}): the same blocks measured twice agree within ±15% for ${pct(rep.within)} of ${rep.count} blocks (median difference ${pct(rep.medianAbsError)}).`,
    );
  }
  console.log(
    `\n"measured" = ${stat} of the repeated runs. Blocks within ±15%: holdout ${pct(r.holdout.within)} of ${r.holdout.count} (median error ${pct(r.holdout.medianAbsError)}); in-sample ${pct(r.inSample.within)} of ${r.inSample.count} (median error ${pct(r.inSample.medianAbsError)})`,
  );
  for (const d of r.perDesign)
    console.log(
      `  ${d.id.padEnd(28)} ${d.split.padEnd(8)} ${pct(d.accuracy.within).padStart(4)} within ±15% of ${d.accuracy.count} blocks, median error ${pct(d.accuracy.medianAbsError)}`,
    );
  for (const [cls, p] of Object.entries(r.model.classes)) console.log(`  ${describeParams(cls, p)}`);
}
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify({ where: saved.where, fitIds, evalIds, reports }, null, 2));
