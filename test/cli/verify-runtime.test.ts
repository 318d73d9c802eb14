/**
 * `convcost verify --runtime tfjs|ort|both`: the design exported to ONNX and run on ONNX Runtime
 * Web (wasm, one thread, in Node), alone or beside TensorFlow.js with the outputs compared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ONNX_OPS } from '../../src/export/onnx/ops.ts';
import { run } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-verify-runtime-'));
const file = join(dir, 'small.json');
writeFileSync(
  file,
  JSON.stringify({
    version: 2,
    name: 'small',
    input: { h: 16, w: 16, c: 16 },
    blocks: [
      { kind: 'conv', params: { filters: 32 } },
      { kind: 'gwpw', params: { filters: 32, groups: 4 } },
      { kind: 'hetconv', params: { filters: 32, part: 4 } },
      { kind: 'head', params: { classes: 10 } },
    ],
  }),
);
// Output shapes by hand (NHWC): three 3x3 "same" layers keep 16x16 at 32 filters, the head gives 10.
const SHAPES = [
  [1, 16, 16, 32],
  [1, 16, 16, 32],
  [1, 16, 16, 32],
  [1, 1, 1, 10],
];
// HetConv P=4 on M=32 inputs, N=32 filters: per position and filter M/P*K^2 + (M - M/P) = 8*9 + 24 = 96
// MACs; the grouped + pointwise form adds N*M/P = 32*8 per position.
const HET_MACS = 16 * 16 * 32 * 96;
const HET_EXTRA = 16 * 16 * 32 * 8;
// Two 3x3 convs: any H x W goes through them, so a wrong shape reaches the output.
const twoConvs = join(dir, 'two-convs.json');
writeFileSync(
  twoConvs,
  JSON.stringify({
    name: 'two convs',
    input: { h: 16, w: 16, c: 8 },
    blocks: [
      { kind: 'conv', params: { filters: 32 } },
      { kind: 'conv', params: { filters: 32 } },
    ],
  }),
);
const QUICK = ['--repeats', '2', '--warmup', '1', '--min-time', '1'];

const original = { ...ONNX_OPS };
afterEach(() => {
  Object.assign(ONNX_OPS, original);
});

describe('convcost verify --runtime', () => {
  it('tfjs (the default) prints and returns exactly what verify did before: no ONNX Runtime part', async () => {
    const plain = await run('verify', file, '--check-only', '--json');
    const tfjs = await run('verify', file, '--check-only', '--json', '--runtime', 'tfjs');
    expect([plain.code, tfjs.code]).toEqual([0, 0]);
    const [a, b] = [JSON.parse(plain.out), JSON.parse(tfjs.out)];
    expect(a.ort).toBeUndefined();
    expect(a.options.ort).toBe(false);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b.blocks.map((x: { builtShape: number[] }) => x.builtShape)).toEqual(SHAPES);
    const text = await run('verify', file, '--check-only');
    expect(text.out).not.toMatch(/ONNX Runtime/);
  }, 60_000);

  it('ort runs the exported design on ONNX Runtime Web alone: shapes, executed MACs, per-block times', async () => {
    const r = await run('verify', file, '--runtime', 'ort', ...QUICK);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^small: exported to ONNX with the seeded weights, run on ONNX Runtime Web 1\.\d+\.\d+ \(wasm, node, 1 thread\)$/m,
    );
    // No TensorFlow.js part and no agreement column: TF.js did not run.
    expect(r.out).not.toMatch(/TensorFlow\.js 4|TF\.js ms|agreement/);
    expect(r.out).toMatch(
      /^#\s+block\s+kind\s+output \(ORT\)\s+MACs\s+ORT executes\s+ORT ms\s+±MAD\s+ORT GFLOP\/s\s+ORT vs MACs\s+check$/m,
    );
    // HetConv: the paper's 786.43 k MACs, 851.97 k executed by the grouped + pointwise form.
    expect(r.out).toMatch(
      /^3\s+hetconv-3\s+hetconv\s+16x16x32\s+786\.43 k\s+851\.97 k\s+\d+\.\d+\s+\d+\.\d+\s+\d+\.\d\s+\d+\.\d+x\s+ok$/m,
    );
    expect(r.out).toContain(
      `they execute 65,536 MACs more than the paper's layer (786,432 MACs, 8.3% extra)`,
    );
    expect(r.out).toMatch(/Whole design on ONNX Runtime: [\d.]+ ms median \(±[\d.]+, \d+ runs\)/);
    expect(r.out).toMatch(/^ONNX Runtime: all checks passed\.$/m);

    const j = await run('verify', file, '--runtime', 'ort', '--check-only', '--json');
    expect(j.code).toBe(0);
    const { ort, ...rest } = JSON.parse(j.out);
    expect(rest).toEqual({});
    expect(ort.backend).toEqual({
      name: 'onnxruntime-web',
      version: expect.stringMatching(/^1\./),
      environment: 'node',
      threads: 1,
    });
    expect(ort.blocks.map((b: { shape: number[] }) => b.shape)).toEqual(SHAPES);
    expect(ort.blocks[2].macs).toBe(HET_MACS);
    expect(ort.blocks[2].executedMacs - ort.blocks[2].macs).toBe(HET_EXTRA);
    // Checks only: nothing timed; TF.js did not run, so nothing compared.
    expect(ort.totals.timing).toBeNull();
    expect(
      ort.blocks.every(
        (b: { timing: unknown; maxError: unknown }) => b.timing === null && b.maxError === null,
      ),
    ).toBe(true);
    expect(ort.ok).toBe(true);
  }, 60_000);

  it('both runs TensorFlow.js and ONNX Runtime side by side: both times, both ratios, agreement within 1e-4', async () => {
    const r = await run('verify', file, '--runtime', 'both', ...QUICK);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // The TensorFlow.js report as before, then the comparison.
    expect(r.out).toMatch(/^small: input 1x16x16x16 \(NHWC\), TensorFlow\.js 4\.\d+\.\d+ on wasm/m);
    expect(r.out.indexOf('All checks passed.')).toBeLessThan(r.out.indexOf('exported to ONNX'));
    expect(r.out).toMatch(
      /^#\s+block\s+kind\s+output \(ORT\)\s+MACs\s+ORT executes\s+TF\.js ms\s+TF\.js vs MACs\s+ORT ms\s+±MAD\s+ORT GFLOP\/s\s+ORT vs MACs\s+agreement\s+check$/m,
    );
    const rows = r.out.split('\n').filter((l) => /^[1-4] {2}/.test(l));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const cells = row.trim().split(/ {2,}/);
      // #, block, kind, output, MACs, executes, TF ms, TF ratio, ORT ms, MAD, GFLOP/s, ORT ratio, agreement, check
      expect(cells).toHaveLength(14);
      expect(Number(cells[6])).toBeGreaterThan(0);
      expect(cells[7]).toMatch(/^\d+\.\d+x$/);
      expect(Number(cells[8])).toBeGreaterThan(0);
      expect(cells[11]).toMatch(/^\d+\.\d+x$/);
      expect(Number(cells[12])).toBeLessThan(1e-4);
      expect(cells[13]).toBe('ok');
    }
    expect(r.out).toMatch(
      /Agreement with TensorFlow\.js on the same weights and inputs: whole design \d\.\de-\d+, worst block \d\.\de-\d+ .*the check is 1e-4\)\./,
    );
    expect(r.out).toMatch(
      /; TensorFlow\.js [\d.]+ ms, ONNX Runtime ([\d.]+x as fast|takes [\d.]+x as long)\./,
    );

    const j = await run('verify', file, '--runtime', 'both', '--check-only', '--json');
    expect(j.code).toBe(0);
    const res = JSON.parse(j.out);
    // The TensorFlow.js result as --runtime tfjs gives it, plus the ONNX Runtime result.
    expect(res.backend.name).toBe('wasm');
    expect(res.options.ort).toBe(true);
    expect(res.ok).toBe(true);
    expect(res.blocks.map((b: { builtShape: number[] }) => b.builtShape)).toEqual(SHAPES);
    const { ort } = res;
    expect(ort.blocks.map((b: { shape: number[] }) => b.shape)).toEqual(SHAPES);
    for (const b of ort.blocks) expect(b.maxError, b.name).toBeLessThan(1e-4);
    expect(ort.totals.maxError).toBeLessThan(1e-4);
    expect(ort.totals.maxBlockError).toBe(
      Math.max(...ort.blocks.map((b: { maxError: number }) => b.maxError)),
    );
    expect(ort.totals.executedMacs - ort.totals.macs).toBe(HET_EXTRA);
    expect(ort.ok).toBe(true);
  }, 90_000);

  it('exit 1 when ONNX Runtime and TensorFlow.js disagree by more than 1e-4', async () => {
    // An ONNX writer that writes ReLU as a sigmoid: same shapes, other numbers.
    ONNX_OPS.activation = (s, ctx) =>
      original.activation({ ...s, fn: s.fn === 'relu' ? 'sigmoid' : s.fn }, ctx);
    const r = await run('verify', file, '--runtime', 'both', '--check-only');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^All checks passed\.$/m); // TensorFlow.js's own checks
    expect(r.out).toMatch(/^1\s+conv-1\s+conv\s+16x16x32\s.*\s\d\.\de-\d+\s+FAIL$/m);
    expect(r.out).toMatch(
      /^ {2}conv-1: ONNX Runtime and TensorFlow\.js differ by \d\.\d+e-\d+ \(relative\), above 0\.0001$/m,
    );
    expect(r.out).toMatch(/^ONNX Runtime: \d+ check\(s\) FAILED:$/m);
  }, 60_000);

  it("exit 1 when an ONNX Runtime output shape differs from convcost's", async () => {
    // An ONNX writer that reshapes every activation's 4-D output N x C x H x W to N x C x H/2 x 2W,
    // the new dims plus a zero read from the data (0 x max, cast), so ONNX Runtime cannot know the
    // shape before it runs and reports what it computed.
    ONNX_OPS.activation = (s, ctx) => {
      const v = original.activation(s, ctx);
      const out = 'out' in v ? v.out : v;
      if (out.rank !== 4) return v;
      const { h, w, c } = ctx.node.cost.out;
      const n = (op: string, ins: string[], attrs = {}) => ctx.g.node(op, `${ctx.scope}/${op}`, ins, attrs);
      const max = n('ReduceMax', [out.name], { keepdims: 0 });
      const zero = n('Cast', [n('Mul', [max, ctx.g.scalar(`${ctx.scope}.zero`, 0)])], { to: 7 });
      const dims = n('Add', [ctx.g.int64s(`${ctx.scope}.dims`, [1, c, h / 2, 2 * w]), zero]);
      return { ...out, name: n('Reshape', [out.name, dims]) };
    };
    const r = await run('verify', twoConvs, '--runtime', 'ort', '--check-only');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    // Each block is fed convcost's 16 x 16 input, so each gives 8 x 32, and so does the design (the
    // second reshape's dims are convcost's too).
    expect(r.out).toMatch(/^1\s+conv-1\s+conv\s+8x32x32 != 16x16x32\s.*FAIL$/m);
    expect(r.out).toMatch(/^2\s+conv-2\s+conv\s+8x32x32 != 16x16x32\s.*FAIL$/m);
    expect(r.out).toMatch(/^Shapes: DIFFERENT\.$/m);
    expect(r.out).toMatch(/^ {2}whole design: ONNX Runtime output 1x8x32x32, convcost says 1x16x16x32$/m);
    expect(r.out).toMatch(/^ {2}conv-1: ONNX Runtime output 1x8x32x32, convcost says 1x16x16x32$/m);
  }, 60_000);

  it('exit 1 with one line when ONNX Runtime itself refuses the exported model (its shape inference)', async () => {
    // A MaxPool after every activation: ONNX Runtime sees the declared output shape cannot hold.
    ONNX_OPS.activation = (s, ctx) => {
      const v = original.activation(s, ctx);
      const out = 'out' in v ? v.out : v;
      const name = ctx.g.node('MaxPool', `${ctx.scope}/MaxPool`, [out.name], {
        kernel_shape: [2, 2],
        strides: [2, 2],
      });
      return { ...out, name };
    };
    const r = await run('verify', twoConvs, '--runtime', 'ort', '--check-only');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /^convcost verify: ONNX Runtime could not run the exported design: Can't create a session\..*ShapeInferenceError/,
    );
  }, 60_000);

  it('exit 2 with one line for a bad --runtime and for TensorFlow.js-only options with ort', async () => {
    const cases: [string[], RegExp][] = [
      [['--runtime', 'gpu'], /^convcost verify: --runtime must be one of tfjs, ort, both, got "gpu"$/],
      [['--runtime'], /^convcost verify: --runtime needs a value$/],
      [
        ['--runtime', 'ort', '--grouped', 'split'],
        /^convcost verify: --grouped chooses TensorFlow\.js's emulation/,
      ],
      [
        ['--runtime', 'ort', '--hetconv', 'masked'],
        /^convcost verify: --hetconv chooses TensorFlow\.js's emulation/,
      ],
      [['--runtime', 'ort', '--ops'], /^convcost verify: --ops gives TensorFlow\.js's per-op rows/],
    ];
    for (const [args, message] of cases) {
      const r = await run('verify', file, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err.trimEnd()).toMatch(message);
    }
  });

  it('exit 2 for a design too large to run on ONNX Runtime, saying why', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(
      big,
      JSON.stringify({
        name: 'big',
        input: { h: 8192, w: 8192, c: 64 },
        blocks: [{ kind: 'conv', params: { filters: 64 } }],
      }),
    );
    const r = await run('verify', big, '--runtime', 'ort');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^convcost verify: big: .*too large to run here/);
  });
});
