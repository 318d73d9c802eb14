/**
 * `npm run bench`, third part: importing a 100 MB ONNX model in Node. The ResNet-50 fixture
 * (weights stripped) gets zero weights written back, about 102 MB, at bench time; a child process
 * (bench/importRun.ts) reads it, then times importModel (read, shapes, design) and records its
 * peak resident memory above what it held before the import (the file's bytes included there).
 * Targets: under 0.5 s and under 50 MB above the file's size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillWeights } from '../test/import/onnxTools.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIME_TARGET_MS = 500;
const MEMORY_TARGET_MB = 50;

export function runImportBench(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'convcost-bench-'));
  try {
    const file = join(dir, 'resnet50.onnx');
    const stripped = readFileSync(join(ROOT, 'test/fixtures/import/torch/resnet50-bnkept.onnx'));
    writeFileSync(file, fillWeights(new Uint8Array(stripped)));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/importRun.ts', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`bench/importRun.ts failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      fileBytes: number;
      medianMs: number;
      readMs: number;
      firstMs: number;
      runs: number;
      peakAboveMb: number;
      blocks: number;
    };
    const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
    const timeOk = m.medianMs < TIME_TARGET_MS;
    const memOk = m.peakAboveMb < MEMORY_TARGET_MB;
    console.log(
      `\nImport: ResNet-50 ONNX with weights (${mb(m.fileBytes)}, ${m.blocks} blocks), in a fresh Node process\n`,
    );
    console.log(`case                           measured  target`);
    console.log(`read the file (readFileSync)   ${`${m.readMs.toFixed(0)} ms`.padStart(8)}`);
    console.log(`import, first run              ${`${m.firstMs.toFixed(0)} ms`.padStart(8)}`);
    console.log(
      `import, median of ${String(m.runs).padEnd(2)} runs       ${`${m.medianMs.toFixed(0)} ms`.padStart(8)}  < ${TIME_TARGET_MS} ms  ${timeOk ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `peak memory above the file     ${`${m.peakAboveMb.toFixed(1)} MB`.padStart(8)}  < ${MEMORY_TARGET_MB} MB  ${memOk ? 'ok' : 'MISSED'}`,
    );
    return timeOk && memOk;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
