/**
 * `npm run bench`, fourth part: exporting, and the second runtime in Node.
 * - ONNX export of ResNet-50 with seeded weights (25.6 M values drawn, transposed and written into
 *   one 102 MB buffer): median after a warm-up, target under 1 s; PyTorch and structure-only
 *   exports beside it, and the largest structure-only file of any preset (target under 200 kB).
 * - A 3x3 conv, GW+PW (G = 4), DW+PW and HetConv P = 4 on 56x56x128 (BN and activation off), each
 *   timed on TensorFlow.js (wasm) and on ONNX Runtime Web (wasm), one thread each in Node:
 *   printed figures, not pass/fail.
 */
import * as ort from 'onnxruntime-web';
import { parseDesign } from '../src/design/schema.ts';
import { startWasm } from '../src/exec/backend.ts';
import { NODE_LIMITS } from '../src/exec/limits.ts';
import { runOrt } from '../src/exec/ort/run.ts';
import { runDesign } from '../src/exec/run.ts';
import { exportOnnx } from '../src/export/onnx/index.ts';
import { exportPytorch } from '../src/export/pytorch/index.ts';
import { PRESETS, preset } from '../src/presets/index.ts';

const ONNX_TARGET_MS = 1000;
const STRUCTURE_TARGET_BYTES = 200_000;

function median(f: () => void, runs: number): { first: number; median: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  const rest = t.slice(1).sort((a, b) => a - b);
  return { first: t[0], median: rest[Math.floor(rest.length / 2)] };
}

export const FOUR_LAYERS = parseDesign({
  name: 'four layers',
  input: { h: 56, w: 56, c: 128 },
  blocks: [
    { id: 'conv3x3', kind: 'conv', inputs: ['input'], params: { filters: 128, bn: false, act: 'none' } },
    {
      id: 'gwpw_g4',
      kind: 'gwpw',
      inputs: ['input'],
      params: { filters: 128, groups: 4, bn: false, act: 'none' },
    },
    { id: 'dwpw', kind: 'dwpw', inputs: ['input'], params: { filters: 128, bn: false, act: 'none' } },
    {
      id: 'hetconv_p4',
      kind: 'hetconv',
      inputs: ['input'],
      params: { filters: 128, part: 4, bn: false, act: 'none' },
    },
    { id: 'all', kind: 'concat', inputs: ['conv3x3', 'gwpw_g4', 'dwpw', 'hetconv_p4'], params: {} },
  ],
});

export async function runExportBench(): Promise<boolean> {
  const r50 = preset('resnet50')!.build();
  const seeded = median(() => exportOnnx(r50, { weights: 'seeded' }), 6);
  const none = median(() => exportOnnx(r50, { weights: 'none' }), 6);
  const py = median(() => exportPytorch(r50), 6);
  let largest = { id: '', bytes: 0 };
  for (const p of PRESETS) {
    const n = exportOnnx(p.build(), { weights: 'none' }).bytes.length;
    if (n > largest.bytes) largest = { id: p.id, bytes: n };
  }
  const onnxOk = seeded.median < ONNX_TARGET_MS;
  const sizeOk = largest.bytes < STRUCTURE_TARGET_BYTES;
  const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(8);
  console.log('\nExport: ResNet-50 (median of 5 after one run)\n');
  console.log('case                                   first   median  target');
  console.log(
    `ONNX, seeded weights (102 MB)       ${ms(seeded.first)} ${ms(seeded.median)}  < ${ONNX_TARGET_MS} ms  ${onnxOk ? 'ok' : 'MISSED'}`,
  );
  console.log(`ONNX, structure only                ${ms(none.first)} ${ms(none.median)}`);
  console.log(`PyTorch model.py                    ${ms(py.first)} ${ms(py.median)}`);
  console.log(
    `largest structure-only preset: ${largest.id}, ${(largest.bytes / 1000).toFixed(1)} kB  < ${STRUCTURE_TARGET_BYTES / 1000} kB  ${sizeOk ? 'ok' : 'MISSED'}`,
  );

  // The four layers on both runtimes.
  const backend = await startWasm({ threads: false });
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const timing = { warmup: 3, repeats: 9, minTimeMs: 300, maxRepeats: 40 };
  const tf = await runDesign(FOUR_LAYERS, { ...timing, calibrate: false }, { backend, limits: NODE_LIMITS });
  const o = await runOrt(FOUR_LAYERS, timing, {
    ort,
    backend: {
      name: 'onnxruntime-web',
      version: ort.env.versions.web ?? '',
      environment: 'node',
      threads: 1,
    },
  });
  console.log(
    `\nThe same layers on two runtimes, 56x56x128 -> 128, Node ${process.version}, one thread each (median ms)\n`,
  );
  console.log('layer          MACs      TF.js ms  vs MACs   ORT ms  vs MACs');
  for (const b of o.blocks.slice(0, 4)) {
    const t = tf.blocks[b.index];
    console.log(
      `${b.name.padEnd(12)} ${`${(b.macs / 1e6).toFixed(1)} M`.padStart(8)} ${(t.timing?.medianMs ?? 0).toFixed(2).padStart(9)} ${`${(t.ratio ?? 0).toFixed(2)}x`.padStart(8)} ${(b.timing?.medianMs ?? 0).toFixed(2).padStart(8)} ${`${(b.ratio ?? 0).toFixed(2)}x`.padStart(8)}`,
    );
  }
  return onnxOk && sizeOk;
}
