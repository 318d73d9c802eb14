/** The command line on inputs that are large, empty or odd: it answers, in one line when it refuses. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BYTES_PER_ELEMENT } from '../../src/core/convention.ts';
import { fixed, fixedBytes } from '../../src/core/format.ts';
import { reportJson, run } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
};

describe('big and empty designs', () => {
  it('reports 4,000 classifier heads with 16 hidden layers each, op by op (nothing recurses on size)', async () => {
    // Each head: global pool, 16 x (dense + relu), classifier = 34 ops; 136,000 ops in all.
    const blocks = Array.from({ length: 4000 }, () => ({
      kind: 'head',
      params: { hidden: Array(16).fill(8), classes: 8 },
    }));
    const path = file('heads4000.json', { version: 2, name: 'heads', input: { h: 4, w: 4, c: 8 }, blocks });
    const r = await run('report', path, '--ops');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('heads: input 4x4x8, batch 1, output 1x1x8, 4000 blocks, 136000 ops');
    // One row per block and one per op between the header and the totals.
    expect(lines.filter((l) => /^\s*\d+\s+head-\d+\s+head\s/.test(l))).toHaveLength(4000);
    expect(lines.filter((l) => /^\s+fc16\s+dense\s/.test(l))).toHaveLength(4000);
  });

  it('says that a design with no blocks is empty, and still exits 0 with zero totals', async () => {
    const path = file('empty.json', { version: 2, name: 'nothing', input: { h: 8, w: 8, c: 3 }, blocks: [] });
    const r = await run('report', path);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The design has no blocks: there is nothing to cost, so every total is 0.');
    expect(r.out).toMatch(/^ {2}MACs +0 {2}\(0\)$/m);
    const j = await reportJson(path);
    expect(j.totals.macs).toBe(0);
    expect(j.blocks).toEqual([]);
  });
});

describe('activation bytes are the activations times the bytes per element, everywhere', () => {
  it('in the JSON and the text report alike (the network input excluded from both)', async () => {
    for (const precision of ['fp32', 'fp16', 'int8', 'binary'] as const) {
      const j = await reportJson('resnet18', '--precision', precision);
      const t = j.totals;
      expect(t.activationBytes).toBe(t.activations * BYTES_PER_ELEMENT[precision]);
      // The sum of every op's new tensor: the input (224 x 224 x 3) is in neither figure.
      expect(t.activations).toBe(
        j.layers.reduce((s: number, r: { activations: number }) => s + r.activations, 0),
      );
      const text = await run('report', 'resnet18', '--precision', precision);
      expect(text.out).toContain(
        `  activations           ${fixed(t.activations)} elements, ${fixedBytes(t.activationBytes)}`,
      );
    }
  });
});
