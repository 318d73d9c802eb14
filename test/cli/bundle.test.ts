/**
 * What the built command line loads: lib/cli.js is bundled by bin/cli-bundle.mjs (the options
 * bin/build-package.mjs uses), built here into a folder of its own so the lib/ other tests run
 * stays untouched. `report` must start without ONNX Runtime Web (or TensorFlow.js), which only
 * lazily loaded chunks import, and `verify --runtime ort` must still find it from the bundle.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

interface Meta {
  outputs: Record<
    string,
    { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }
  >;
}

// Inside node_modules, so that the bundle's external packages resolve as they do from lib/.
const cache = join(ROOT, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'convcost-bundle-'));
let meta: Meta;

beforeAll(async () => {
  const script = `
    import { build } from 'esbuild';
    import { writeFileSync } from 'node:fs';
    import { cliBundle } from ${JSON.stringify(join(ROOT, 'bin', 'cli-bundle.mjs'))};
    const r = await build({ ...cliBundle(process.argv[1]), metafile: true, logLevel: 'error' });
    writeFileSync(process.argv[1] + '/meta.json', JSON.stringify(r.metafile));`;
  await exec(process.execPath, ['--input-type=module', '-e', script, out], { cwd: ROOT });
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the bundle's `main` as bin/convcost.mjs does. */
const cli = (...args: string[]) =>
  exec(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(join(out, 'cli.js'))}); process.exitCode = await main(process.argv.slice(1));`,
      ...args,
    ],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  );

/** Every output file cli.js loads at start-up: itself and its static imports, transitively. */
function startupFiles(): string[] {
  const rel = (p: string) => p.slice(p.indexOf(out.slice(ROOT.length + 1)));
  const outputs = new Map(Object.entries(meta.outputs).map(([k, v]) => [rel(k), v]));
  const entry = [...outputs.keys()].find((k) => k.endsWith('/cli.js'))!;
  const seen = new Set([entry]);
  for (const f of seen)
    for (const i of outputs.get(f)!.imports)
      if (i.kind === 'import-statement' && !i.external) seen.add(rel(i.path));
  return [...seen];
}

describe('the built CLI (lib/cli.js) keeps ONNX Runtime Web out of start-up', () => {
  it("report's bundle (cli.js and every chunk it imports statically) does not contain onnxruntime", () => {
    const files = startupFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(text, f).not.toMatch(/onnxruntime/i);
      expect(text, f).not.toMatch(/@tensorflow\//);
      const sources = Object.keys(meta.outputs[Object.keys(meta.outputs).find((k) => k.endsWith(f))!].inputs);
      expect(
        sources.filter(
          (s) => /^src\/exec\/ort\/(start|run|reference)\.ts$/.test(s) || s.includes('onnxruntime'),
        ),
        f,
      ).toEqual([]);
    }
  });

  it('onnxruntime-web stays an external package, imported only dynamically from a lazily loaded chunk', () => {
    const imports = Object.values(meta.outputs).flatMap((o) => o.imports);
    const ort = imports.filter((i) => i.path.startsWith('onnxruntime-web'));
    expect(ort).toEqual([{ path: 'onnxruntime-web/wasm', kind: 'dynamic-import', external: true }]);
    // Nothing of the package itself is bundled.
    const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(inputs.filter((s) => s.includes('onnxruntime'))).toEqual([]);
  });

  it('the built bundle runs report, and verify --runtime ort loads ONNX Runtime from the installed package', async () => {
    const report = await cli('report', 'resnet18', '--json');
    expect(JSON.parse(report.stdout).totals.macs).toBe(1814073344);

    const design = join(out, 'small.json');
    writeFileSync(
      design,
      JSON.stringify({
        input: { h: 8, w: 8, c: 8 },
        blocks: [
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'hetconv', params: { filters: 8, part: 4 } },
        ],
      }),
    );
    const v = await cli('verify', design, '--runtime', 'ort', '--check-only', '--json');
    const { ort } = JSON.parse(v.stdout);
    expect(ort.ok).toBe(true);
    expect(ort.backend.environment).toBe('node');
    expect(ort.blocks.map((b: { shape: number[] }) => b.shape)).toEqual([
      [1, 8, 8, 8],
      [1, 8, 8, 8],
    ]);
  }, 60_000);
});
