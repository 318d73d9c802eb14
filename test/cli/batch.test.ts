import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportJson, run } from './run.ts';

describe('convcost report with several designs (batch mode)', () => {
  let dir: string;
  let tiny: string;
  let broken: string;
  let impossible: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'convcost-batch-'));
    tiny = join(dir, 'tiny.json');
    writeFileSync(
      tiny,
      JSON.stringify({
        name: 'two convs',
        input: { h: 8, w: 8, c: 3 },
        blocks: [
          { kind: 'conv', params: { filters: 4, kernel: 3, bn: false, act: 'linear', bias: false } },
          { kind: 'conv', params: { filters: 8, kernel: 1, bn: false, act: 'linear', bias: false } },
        ],
      }),
    );
    broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"input": ');
    impossible = join(dir, 'impossible.json');
    writeFileSync(
      impossible,
      JSON.stringify({
        input: { h: 4, w: 4, c: 3 },
        blocks: [{ kind: 'conv', name: 'big', params: { filters: 8, kernel: 7, padding: 'valid' } }],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object per line with --json, in argument order, each equal to the single report', async () => {
    const r = await run('report', tiny, 'resnet18', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l));
    for (const j of [a, b]) expect(Object.keys(j)).toEqual(['totals', 'blocks', 'layers']);
    // 8x8 "same": 3x3x3x4 then 1x1x4x8 MACs per position, 64 positions.
    expect(a.totals.name).toBe('two convs');
    expect(a.totals.macs).toBe(64 * (27 * 4 + 4 * 8));
    expect(a.totals.params).toBe(27 * 4 + 4 * 8);
    expect(b.totals.macs).toBe(1814073344);
    expect(b).toEqual(await reportJson('resnet18'));
  });

  it('applies the options to every design of the batch', async () => {
    const r = await run('report', 'resnet18', 'resnet34', '--json', '--batch', '2');
    const [a, b] = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a.totals.macs).toBe(2 * 1814073344);
    expect(b.totals.macs).toBe(2 * 3663761408);
  });

  it('prints the text reports one after another without --json', async () => {
    const r = await run('report', tiny, 'resnet18');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^two convs: input 8x8x3/);
    expect(r.out).toContain('\n\nResNet-18: input 224x224x3');
  });

  it('stops on a bad argument with one line naming it, exit 2 and nothing on stdout', async () => {
    for (const [args, expected] of [
      [
        ['resnet18', broken, tiny],
        new RegExp(`^convcost report: ${broken} \\(design 2 of 3\\): ${broken} is not valid JSON: `),
      ],
      [
        [tiny, 'no-such-net'],
        /^convcost report: no-such-net \(design 2 of 2\): "no-such-net" is neither a preset \(resnet18, /,
      ],
      [
        [impossible, 'resnet18'],
        `convcost report: ${impossible} (design 1 of 2): block 1 (big): conv: kernel 7 (dilated span 7) is larger than the padded input 4`,
      ],
    ] as const) {
      const r = await run('report', ...args, '--json');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      const lines = r.err.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      if (typeof expected === 'string') expect(lines[0]).toBe(expected);
      else expect(lines[0]).toMatch(expected);
    }
  });
});
