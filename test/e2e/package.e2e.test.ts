/**
 * The npm package as someone else gets it: `npm pack` (which builds lib/), then the tarball
 * installed into an empty folder with `npm ci --offline` (a lockfile made from this repo's, so the
 * same versions come from the npm cache), then its `convcost` bin, its library entry from a .mjs,
 * and a TypeScript consumer type-checked against the shipped declarations. Runs after the unit
 * tests (npm test), so packing cannot rewrite lib/ under a test that is running the bin.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './paths.ts';

const exec = promisify(execFile);
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

interface Packed {
  filename: string;
  integrity: string;
  files: { path: string }[];
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [k: string]: unknown;
}

/** A consumer's lockfile: the tarball plus the non-dev packages of this repo's lockfile. */
function consumerLock(tarball: string, integrity: string) {
  const repo = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { convcost: `file:${tarball}` } },
    'node_modules/convcost': {
      version: pkg.version,
      resolved: `file:${tarball}`,
      integrity,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [k, v] of Object.entries(repo.packages))
    if (k !== '' && !v.dev && !v.devOptional && !v.link) packages[k] = v;
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const CONSUMER_MJS = `
import { analyzeDesign, CostError, DEFAULT_CONVENTION, parseDesign, preset, presets } from 'convcost';
const r50 = analyzeDesign(preset('resnet50').build()).totals;
const design = parseDesign({
  input: { h: 8, w: 8, c: 3 },
  blocks: [{ kind: 'conv', params: { filters: 4, kernel: 3, bias: false, bn: true, act: 'linear' } }],
});
const fused = analyzeDesign(design, { ...DEFAULT_CONVENTION, bn: 'fused' }).totals;
let error;
try {
  parseDesign({ input: { h: 8, w: 8, c: 3 }, blocks: [{ kind: 'conv', params: { filters: -4 } }] });
} catch (e) {
  error = e instanceof CostError ? e.describe() : 'not a CostError: ' + e;
}
console.log(JSON.stringify({ ids: presets.map((p) => p.id), r50: [r50.macs, r50.params], fused: [fused.macs, fused.params], error }));
`;

// Export ResNet-18 to ONNX and PyTorch, read the ONNX back, and a file that is not a model.
const CONSUMER_IO_MJS = `
import { analyzeDesign, exportOnnx, exportPytorch, ImportError, importModel, parseDesign, preset } from 'convcost';
const r18 = preset('resnet18').build();
const onnx = exportOnnx(r18, { weights: 'none' });
const back = importModel(onnx.bytes);
const t = analyzeDesign(parseDesign(back.design)).totals;
let error;
try {
  importModel(new TextEncoder().encode('not a model'));
} catch (e) {
  error = e instanceof ImportError ? e.message : 'not an ImportError: ' + e;
}
const py = exportPytorch(r18).text;
console.log(JSON.stringify({ format: back.summary.format, back: [t.macs, t.params], bytes: onnx.bytes.length, cls: /^class ResNet18\\(nn\\.Module\\)/m.test(py), error }));
`;

const CONSUMER_TS = `
import { type Analysis, analyzeDesign, type Design, exportOnnx, type ImportResult, importModel, parseDesign, type Preset, presets } from 'convcost';
const design: Design = parseDesign({ input: { h: 8, w: 8, c: 3 }, blocks: [] });
const analysis: Analysis = analyzeDesign(design, { bn: 'fused', includeExtras: false, precision: 'fp16' });
const macs: number = analysis.totals.macs;
const first: Preset | undefined = presets[0];
// @ts-expect-error the totals are numbers: a declaration that lost its types would make this pass
const wrong: string = analysis.totals.params;
// @ts-expect-error 'fp8' is not a precision
analyzeDesign(design, { bn: 'counted', includeExtras: false, precision: 'fp8' });
export function load(bytes: Uint8Array): number {
  const r: ImportResult = importModel(bytes, { input: [1, 3, 224, 224] });
  return exportOnnx(parseDesign(r.design), { weights: 'none' }).bytes.length;
}
export { first, macs, wrong };
`;

describe('the packed npm package, installed into an empty folder', () => {
  let dir: string;
  let packed: Packed;
  const bin = () => join(dir, 'node_modules', '.bin', 'convcost');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'convcost-pack-'));
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir, ...NPM_QUIET], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    [packed] = JSON.parse(stdout) as Packed[];
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        dependencies: { convcost: `file:${packed.filename}` },
      }),
    );
    writeFileSync(
      join(dir, 'package-lock.json'),
      JSON.stringify(consumerLock(packed.filename, packed.integrity)),
    );
    await exec('npm', ['ci', '--offline', '--ignore-scripts', ...NPM_QUIET], { cwd: dir });
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the built CLI, the library and its declarations, and no sources or tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of [
      'bin/convcost.mjs',
      'lib/cli.js',
      'lib/index.js',
      'lib/types/index.d.ts',
      'package.json',
    ])
      expect(paths).toContain(p);
    expect(
      paths.filter(
        (p) => /^(src|test|bench|examples)\//.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')),
      ),
    ).toEqual([]);
  });

  it('runs its convcost bin: a preset report, a batch and a bad argument', async () => {
    const one = await exec(bin(), ['report', 'resnet50', '--json'], { cwd: dir });
    const j = JSON.parse(one.stdout);
    expect(Object.keys(j)).toEqual(['totals', 'blocks', 'layers']);
    expect([j.totals.macs, j.totals.params]).toEqual([4089184256, 25557032]);

    const batch = await exec(bin(), ['report', 'resnet18', 'resnet34', '--json'], { cwd: dir });
    const rows = batch.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.totals.macs, r.totals.params])).toEqual([
      [1814073344, 11689512],
      [3663761408, 21797672],
    ]);

    const err = await exec(bin(), ['report', 'resnet18', 'nope'], { cwd: dir }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stdout).toBe('');
    expect(err?.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(err?.stderr).toMatch(/^convcost report: nope \(design 2 of 2\): "nope" is neither a preset/);
  }, 60_000);

  it('runs `npx convcost` and the lazily loaded verify command (TensorFlow.js from the installed dependencies)', async () => {
    const list = await exec('npx', ['--offline', 'convcost', 'presets', '--json'], { cwd: dir });
    expect(JSON.parse(list.stdout).map((p: { id: string }) => p.id)).toContain('resnet18');

    const design = join(dir, 'small.json');
    writeFileSync(
      design,
      JSON.stringify({
        input: { h: 8, w: 8, c: 4 },
        blocks: [
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'hetconv', params: { filters: 8, part: 4 } },
        ],
      }),
    );
    const v = await exec(bin(), ['verify', design, '--check-only', '--json'], {
      cwd: dir,
      maxBuffer: 1 << 24,
    });
    const run = JSON.parse(v.stdout);
    expect(run.ok).toBe(true);
    expect(run.backend.name).toBe('wasm');

    // ONNX Runtime Web is an optional peer: not installed here, so --runtime ort says how to get it.
    const ort = await exec(bin(), ['verify', design, '--runtime', 'ort'], { cwd: dir }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(ort?.code).toBe(2);
    expect(ort?.stdout).toBe('');
    expect(ort?.stderr.trimEnd()).toBe(
      'convcost verify: --runtime ort: ONNX Runtime Web is not installed (an optional peer dependency of convcost): run `npm install onnxruntime-web`',
    );
  }, 120_000);

  it('imports analyzeDesign, parseDesign and presets from a plain .mjs', async () => {
    writeFileSync(join(dir, 'use.mjs'), CONSUMER_MJS);
    const { stdout } = await exec(process.execPath, ['use.mjs'], { cwd: dir });
    const r = JSON.parse(stdout);
    expect(r.ids).toContain('resnet50');
    expect(r.r50).toEqual([4089184256, 25557032]);
    // 8x8 positions x 3x3x3 x 4 filters; fused BN: 108 weights + 4 biases.
    expect(r.fused).toEqual([64 * 27 * 4, 27 * 4 + 4]);
    expect(r.error).toMatch(/^block 1\b.*: filters must be a positive integer \(got -4\)$/);
  });

  it('exports a preset to ONNX and PyTorch and imports the ONNX back with the same costs, from a plain .mjs', async () => {
    writeFileSync(join(dir, 'io.mjs'), CONSUMER_IO_MJS);
    const { stdout } = await exec(process.execPath, ['io.mjs'], { cwd: dir });
    const r = JSON.parse(stdout);
    expect(r.format).toBe('ONNX');
    expect(r.back).toEqual([1814073344, 11689512]);
    expect(r.bytes).toBeLessThan(200_000);
    expect(r.cls).toBe(true);
    expect(r.error).toBe('this is not a valid ONNX file: unsupported wire type 6 at byte 1');
  });

  it('type-checks a TypeScript consumer against the shipped declarations (node16 resolution, strict)', async () => {
    writeFileSync(join(dir, 'use.ts'), CONSUMER_TS);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await exec(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
      (o) => ({ code: 0, out: o.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});
