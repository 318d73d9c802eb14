import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConvention } from '../../src/core/index.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { reportJson, run } from './run.ts';

const within1pc = (value: number, target: number) => expect(Math.abs(value / target - 1)).toBeLessThan(0.01);

describe('convcost presets', () => {
  it('lists every preset with its id, title and source', async () => {
    const r = await run('presets');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+title\s+source$/);
    expect(lines).toHaveLength(PRESETS.length + 1);
    for (const p of PRESETS) {
      const line = lines.find((l) => l.startsWith(`${p.id} `));
      expect(line).toBeDefined();
      expect(line).toContain(p.title);
      expect(line).toContain(p.source);
    }
  });

  it('prints the same list as JSON with --json', async () => {
    const r = await run('presets', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(PRESETS.map(({ id, title, source }) => ({ id, title, source })));
  });
});

describe('convcost help', () => {
  it('lists the presets and report commands with their usage', async () => {
    const r = await run('help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('convcost presets');
    expect(r.out).toContain('convcost report <preset|design.json|model file>');
  });
});

describe('convcost report --json', () => {
  it('reproduces ResNet-50: 4.09 G MACs and 25.56 M params within 1%', async () => {
    const j = await reportJson('resnet50');
    expect(Object.keys(j)).toEqual(['totals', 'blocks', 'layers']);
    within1pc(j.totals.macs, 4.09e9);
    within1pc(j.totals.params, 25.56e6);
    expect(j.totals.macs).toBe(4089184256);
    expect(j.totals.params).toBe(25557032);
    expect(j.totals.flops).toBe(2 * j.totals.macs);
    expect(j.totals.latencyDepth).toBe(50);
  });

  it('has the stable totals keys and per-block and per-op rows that add up to them', async () => {
    const j = await reportJson('resnet18');
    for (const k of [
      'macs',
      'flops',
      'params',
      'activations',
      'peakActivations',
      'weightBytes',
      'bytesMoved',
      'latencyDepth',
    ]) {
      expect(typeof j.totals[k], k).toBe('number');
    }
    expect(j.totals.macs).toBe(1814073344);
    expect(j.totals.params).toBe(11689512);
    expect(j.totals.latencyDepth).toBe(18);
    expect(j.blocks).toHaveLength(11);
    expect(j.blocks[0]).toMatchObject({
      index: 0,
      name: 'stem',
      kind: 'conv',
      out: { n: 1, h: 112, w: 112, c: 64 },
      macs: 118013952, // 112 * 112 * 64 * 3 * 49
      latencyDepth: 1,
    });
    const sum = (rows: { [k: string]: number }[], k: string) => rows.reduce((s, r) => s + r[k], 0);
    for (const k of ['macs', 'flops', 'params', 'activations', 'weightBytes', 'bytesMoved']) {
      expect(sum(j.blocks, k), k).toBe(j.totals[k]);
      expect(sum(j.layers, k), k).toBe(j.totals[k]);
    }
    expect(j.layers[0]).toMatchObject({ block: 0, blockName: 'stem', name: 'conv', kind: 'conv2d' });
    expect(j.totals.convention).toMatchObject({
      bn: 'counted',
      includeExtras: false,
      precision: 'fp32',
      batch: 1,
    });
  });

  it('--batch N multiplies MACs and activations by N and keeps the parameters', async () => {
    const one = await reportJson('resnet18');
    const four = await reportJson('resnet18', '--batch', '4');
    expect(four.totals.macs).toBe(4 * one.totals.macs);
    expect(four.totals.activations).toBe(4 * one.totals.activations);
    expect(four.totals.params).toBe(one.totals.params);
    expect(four.totals.input).toEqual({ n: 4, h: 224, w: 224, c: 3 });
  });

  it('--precision scales the bytes: fp16 halves them, binary is 1/32 of fp32', async () => {
    const fp32 = await reportJson('resnet18');
    const fp16 = await reportJson('resnet18', '--precision', 'fp16');
    const int8 = await reportJson('resnet18', '--precision=int8');
    const bin = await reportJson('resnet18', '--precision', 'binary');
    expect(fp32.totals.weightBytes).toBe((11689512 + 9600) * 4);
    expect(fp16.totals.weightBytes).toBe(fp32.totals.weightBytes / 2);
    expect(int8.totals.bytesMoved).toBe(fp32.totals.bytesMoved / 4);
    expect(bin.totals.weightBytes).toBe(fp32.totals.weightBytes / 32);
    expect(fp16.totals.macs).toBe(fp32.totals.macs);
  });

  it('--bn fused folds every BN into its conv: C parameters instead of 2C, no buffers', async () => {
    const counted = await reportJson('resnet18');
    const fused = await reportJson('resnet18', '--bn', 'fused');
    // Buffers are 2C per BN, so the BN channels total buffers / 2 = 4800.
    expect(counted.totals.buffers).toBe(9600);
    expect(fused.totals.buffers).toBe(0);
    expect(fused.totals.params).toBe(counted.totals.params - counted.totals.buffers / 2);
    expect(fused.layers.filter((l: { fused?: boolean }) => l.fused)).toHaveLength(20);
  });

  it('--extras adds bias, BN, activation, pooling and add FLOPs to the headline (as MACs = FLOPs / 2)', async () => {
    const off = await reportJson('resnet18');
    const on = await reportJson('resnet18', '--extras');
    expect(off.totals.macs).toBe(off.totals.convMacs);
    expect(on.totals.convMacs).toBe(off.totals.convMacs);
    expect(on.totals.macs).toBe(off.totals.convMacs + off.totals.extraFlops / 2);
    expect(on.totals.flops).toBe(2 * on.totals.macs);
    expect(on.totals.convention.includeExtras).toBe(true);
  });

  it('reads a design file: examples/tiny.json', async () => {
    const j = await reportJson('examples/tiny.json');
    expect(j.totals.name).toBe('Tiny CIFAR net');
    expect(j.blocks.map((b: { kind: string }) => b.kind)).toEqual([
      'conv',
      'hetconv',
      'dwpw',
      'resnet-basic',
      'head',
    ]);
    // stem 3x3, 3 -> 16 at 32x32: 32*32 * 16*3*9 = 442368
    // het P = 4, 16 -> 32, stride 2 (16x16 out): 16*16 * 32*(16/4 * 9 + 12) = 393216
    // sep dw 3x3 stride 2 on 32 ch (8x8 out) + pw 32 -> 64: 8*8*32*9 + 8*8*32*64 = 18432 + 131072 = 149504
    expect(j.blocks.slice(0, 3).map((b: { macs: number }) => b.macs)).toEqual([442368, 393216, 149504]);
    expect(j.totals.output).toEqual({ n: 1, h: 1, w: 1, c: 10 });
    expect(j.totals.latencyDepth).toBe(7);
  });
});

describe('convcost report (table)', () => {
  it('prints humanised MACs and FLOPs, labelled, and the convention lines', async () => {
    const r = await run('report', 'resnet18');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ResNet-18: input 224x224x3, batch 1, output 1x1x1000, 11 blocks/);
    expect(r.out).toMatch(/ {2}MACs +1\.81 G {2}\(1,814,073,344\)/);
    expect(r.out).toMatch(/ {2}FLOPs +3\.63 G {2}\(= 2 x MACs\)/);
    expect(r.out).toMatch(/ {2}params +11\.69 M/);
    expect(r.out).toMatch(/ {2}latency depth +18 sequential layers/);
    for (const line of describeConvention({ bn: 'counted', includeExtras: false, precision: 'fp32' }))
      expect(r.out).toContain(line);
    // The stem row: 118.01 M MACs, 6.5% of the total, depth 1.
    expect(r.out).toMatch(/ 1 {2}stem +conv +112x112x64 +118\.01 M +6\.5% .* 1\n/);
  });

  it('lists the ops under each block with --ops', async () => {
    const r = await run('report', 'resnet18', '--ops', '--bn=fused');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/conv2d 7x7 s2 +112x112x64 +118\.01 M/);
    expect(r.out).toContain('batchnorm (fused)');
    expect(r.out).toContain('maxpool 3x3 s2');
    expect(r.out).toContain('BatchNorm fused into the preceding conv');
  });

  it('states the convention the flags chose', async () => {
    const r = await run('report', 'mobilenet-v1', '--extras', '--precision', 'int8', '--batch', '2');
    expect(r.code).toBe(0);
    expect(r.out).toContain('batch 2');
    expect(r.out).toContain('Headline totals include bias, BN, activation');
    expect(r.out).toContain('Memory at int8');
    expect(r.out).toMatch(/conv\/dense MACs +1\.14 G/);
  });
});

describe('bad input exits 2 with one clear line', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'convcost-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function bad(args: string[], expected: string | RegExp) {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    if (typeof expected === 'string') expect(lines[0]).toBe(expected);
    else expect(lines[0]).toMatch(expected);
  }

  it('a block with a negative filter count', async () => {
    const p = file(
      'negative.json',
      JSON.stringify({
        input: { h: 32, w: 32, c: 3 },
        blocks: [
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'conv', params: { filters: 8 } },
          { kind: 'conv', name: 'conv2', params: { filters: -4 } },
        ],
      }),
    );
    await bad(['report', p], 'convcost report: block 3 (conv2): filters must be a positive integer (got -4)');
  });

  it('an impossible setting found when the design is built', async () => {
    const p = file(
      'kernel.json',
      JSON.stringify({
        input: { h: 4, w: 4, c: 3 },
        blocks: [{ kind: 'conv', name: 'big', params: { filters: 8, kernel: 7, padding: 'valid' } }],
      }),
    );
    await bad(
      ['report', p],
      'convcost report: block 1 (big): conv: kernel 7 (dilated span 7) is larger than the padded input 4',
    );
    const q = file(
      'part.json',
      JSON.stringify({
        input: { h: 8, w: 8, c: 6 },
        blocks: [{ kind: 'hetconv', params: { filters: 8, part: 4 } }],
      }),
    );
    await bad(
      ['report', q],
      'convcost report: block 1 (hetconv-1): hetconv: input channels 6 not divisible by P = 4',
    );
  });

  it('an unknown block kind', async () => {
    const p = file('kind.json', JSON.stringify({ input: { h: 8, w: 8, c: 3 }, blocks: [{ kind: 'warp' }] }));
    await bad(['report', p], 'convcost report: block 1: unknown block kind "warp"');
  });

  it('a file that is not JSON, not a design, or missing', async () => {
    await bad(
      ['report', file('broken.json', '{"input": ')],
      /^convcost report: .*broken\.json is not valid JSON: /,
    );
    await bad(
      ['report', file('other.json', '{"hello": 1}')],
      /^convcost report: .*other\.json is not a convcost design: unknown field hello \(known: version, name, input, batch, blocks, outputs\)$/,
    );
    await bad(
      ['report', file('array.json', '[1, 2]')],
      /^convcost report: .*array\.json is not a convcost design: /,
    );
    await bad(
      ['report', join(dir, 'missing.json')],
      /^convcost report: ".*missing\.json" is neither a preset \(resnet18, /,
    );
    await bad(['report', dir], /^convcost report: ".*" is a directory, not a design file$/);
  });

  it('an unknown preset', async () => {
    await bad(
      ['report', 'resnet19'],
      /^convcost report: "resnet19" is neither a preset \(resnet18, resnet34, .*\) nor an existing file$/,
    );
  });

  it('an unknown flag', async () => {
    await bad(
      ['report', 'resnet18', '--fast'],
      /^convcost report: unknown option --fast \(allowed: --json, /,
    );
    await bad(['presets', '--all'], /^convcost presets: unknown option --all/);
  });

  it('a bad flag value', async () => {
    await bad(
      ['report', 'resnet18', '--batch', '0'],
      'convcost report: --batch must be an integer from 1 to 4096, got "0"',
    );
    await bad(
      ['report', 'resnet18', '--batch', 'two'],
      'convcost report: --batch must be an integer from 1 to 4096, got "two"',
    );
    await bad(['report', 'resnet18', '--batch'], 'convcost report: --batch needs a value');
    await bad(
      ['report', 'resnet18', '--precision', 'fp8'],
      'convcost report: --precision must be one of fp32, fp16, int8, binary, got "fp8"',
    );
    await bad(
      ['report', 'resnet18', '--bn', 'folded'],
      'convcost report: --bn must be one of counted, fused, got "folded"',
    );
    await bad(
      ['report', 'resnet18', '--extras=maybe'],
      'convcost report: --extras takes no value (or =true / =false), got "maybe"',
    );
  });

  it('a transform spec that cannot be applied', async () => {
    await bad(['report', 'resnet18', '--transform', 'nosuchkind:zz=1'], /^convcost report: \S.*/);
    await bad(['report', 'resnet18', '--transform'], 'convcost report: --transform needs a value');
  });

  it('a missing design argument, or an unknown command', async () => {
    await bad(['report'], 'convcost report: needs a preset id or a design file (see: convcost presets)');
    await bad(['frobnicate'], /^convcost: unknown command "frobnicate" \(try: presets, report/);
  });
});

describe('convcost report --transform (the real transform)', () => {
  it("reproduces the HetConv paper's VGG-16 on CIFAR-10 with P = 4: 106.0 M MACs within 1%", async () => {
    const r = await run('report', 'vgg16-cifar', '--transform', 'hetconv:p=4', '--json');
    expect(r.code).toBe(0);
    within1pc(JSON.parse(r.out).totals.macs, 106.0e6);
    expect(r.err).toContain('Transform hetconv:p=4: replaced 12 layer(s)');
    expect(r.err).toContain('block 1 (conv1_1): ');
  });
});
