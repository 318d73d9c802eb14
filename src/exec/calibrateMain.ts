/**
 * Measures presets on the Node wasm backend and evaluates the latency model on held-out presets:
 *   npx tsx src/exec/calibrateMain.ts [--fit a,b,c] [--eval d,e] [--json out.json]
 * Defaults: fit on ResNet-18, MobileNetV1, VGG-16 (CIFAR), ResNet-56 (CIFAR), IGCV3-D; evaluate on
 * ResNet-34, MobileNetV2, ShuffleNet V2, EffNet (CIFAR), ACNet ResNet-56 (training form).
 */
import { writeFileSync } from 'node:fs';
import { buildGraph } from '../design/analyze.ts';
import { preset } from '../presets/index.ts';
import { startWasm } from './backend.ts';
import { describeParams } from './calibrate.ts';
import { holdout, type Measured } from './holdout.ts';
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

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const fitIds = (arg('fit') ?? DEFAULT_FIT.join(',')).split(',').filter(Boolean);
const evalIds = (arg('eval') ?? DEFAULT_EVAL.join(',')).split(',').filter(Boolean);
const backend = await startWasm({ threads: false });
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
    { warmup: 1, repeats: 5, minTimeMs: 40, maxRepeats: 15, calibrate: false, wholeDesign: false },
    { backend, limits: NODE_LIMITS },
  );
  console.error(
    `measured ${id}: ${result.blocks.length} blocks in ${((performance.now() - t0) / 1000).toFixed(1)} s, checks ${result.ok ? 'ok' : 'FAILED'}`,
  );
  measured.push({ id, graph: buildGraph(design), result });
}
const r = holdout(measured, fitIds);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
console.log(
  `Latency model, ${backend.name} in ${backend.environment} (SIMD ${backend.simd ? 'on' : 'off'}, ${backend.threads} thread)`,
);
console.log(`Fitted on: ${r.fitOn.join(', ')}`);
console.log(`Held out:  ${r.evaluateOn.join(', ')}`);
console.log(
  `Blocks within ±15%: holdout ${pct(r.holdout.within)} of ${r.holdout.count} (median error ${pct(r.holdout.medianAbsError)}); in-sample ${pct(r.inSample.within)} of ${r.inSample.count} (median error ${pct(r.inSample.medianAbsError)})`,
);
for (const d of r.perDesign)
  console.log(
    `  ${d.id.padEnd(28)} ${d.split.padEnd(8)} ${pct(d.accuracy.within).padStart(4)} within ±15% of ${d.accuracy.count} blocks, median error ${pct(d.accuracy.medianAbsError)}`,
  );
for (const [cls, p] of Object.entries(r.model.classes)) console.log(`  ${describeParams(cls, p)}`);
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify(r, null, 2));
