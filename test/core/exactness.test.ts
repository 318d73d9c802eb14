/**
 * Totals stay exact integers while they fit a double's 53-bit mantissa, and say when they do not:
 * a total past 2^53 is listed in totals.approximate and marked "~" in the text report, the JSON and
 * the app (test/e2e/integrity.e2e.test.ts). Before, such totals were printed digit by digit as if
 * exact.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { preset } from '../../src/presets/index.ts';
import { designToJson } from '../../src/share/codec.ts';
import { run } from '../cli/run.ts';

const vgg16 = preset('vgg16')!.build();
const at = (d: Design, batch: number, side: number): Design => ({
  ...d,
  batch,
  input: { ...d.input, h: side, w: side },
});

/** Each sum of the op rows in BigInt: the exact integer the totals should hold. */
function exactSums(d: Design) {
  const a = analyzeDesign(d);
  const sum = (get: (r: (typeof a.ops)[number]) => number) => a.ops.reduce((s, r) => s + BigInt(get(r)), 0n);
  return {
    a,
    macs: sum((r) => r.totalMacs),
    params: sum((r) => r.params),
    activations: sum((r) => r.activations),
    bytesMoved: sum((r) => r.bytesMoved),
  };
}

const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

const dir = mkdtempSync(join(tmpdir(), 'convcost-exact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('totals past 2^53', () => {
  it('VGG-16 at batch 4096 stays exact: 4096 x 15,470,264,320 = 63,366,202,654,720 MACs, nothing approximate', () => {
    const one = analyzeDesign(vgg16).totals;
    const big = exactSums(at(vgg16, 4096, 224));
    expect(one.macs).toBe(15_470_264_320);
    expect(big.a.totals.macs).toBe(63_366_202_654_720);
    expect(BigInt(big.a.totals.macs)).toBe(big.macs);
    expect(BigInt(big.a.totals.activations)).toBe(big.activations);
    expect(BigInt(big.a.totals.bytesMoved)).toBe(big.bytesMoved);
    expect(big.a.totals.activations).toBe(4096 * one.activations);
    expect(big.a.totals.approximate).toEqual([]);
  });

  it('VGG-16 on a 32768x32768 input stays exact at batch 1 and agrees with a BigInt sum of its rows', () => {
    const s = exactSums(at(vgg16, 1, 32768));
    expect(s.a.totals.macs).toBe(330_609_423_450_112);
    expect(BigInt(s.a.totals.macs)).toBe(s.macs);
    expect(BigInt(s.a.totals.bytesMoved)).toBe(s.bytesMoved);
    expect(s.a.totals.approximate).toEqual([]);
  });

  it('flags exactly the totals past 2^53 when VGG-16 takes a 32768x32768 input at batch 4096', () => {
    const s = exactSums(at(vgg16, 4096, 32768));
    const t = s.a.totals;
    // The BigInt sums say which totals a double cannot hold exactly.
    expect(s.macs > LIMIT).toBe(true);
    expect(s.bytesMoved > LIMIT).toBe(true);
    expect(s.activations > LIMIT).toBe(false);
    expect(s.params > LIMIT).toBe(false);
    expect(t.approximate).toEqual(['macs', 'flops', 'convMacs', 'bytesMoved']);
    // Approximate, but close: within a part in 10^12 of the exact sum.
    expect(Math.abs(Number(s.macs - BigInt(t.macs)) / t.macs)).toBeLessThan(1e-12);
  });

  it('marks them "~" in the text report and lists them in the JSON', async () => {
    const file = join(dir, 'vgg-huge.json');
    writeFileSync(file, designToJson(at(vgg16, 4096, 32768)));
    const text = await run('report', file);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines).toContain(
      'Approximate (past 2^53, marked ~): macs, flops, convMacs, bytesMoved; the other figures are exact.',
    );
    expect(lines.find((l) => l.startsWith('  MACs '))).toMatch(/^ {2}MACs +~1\.35 E {2}\(~1,354,176,/);
    expect(lines.find((l) => l.startsWith('  bytes moved '))).toMatch(/~20\.13 PB$/);
    // An exact total is not marked.
    expect(lines.find((l) => l.startsWith('  params '))).toMatch(
      /^ {2}params +2\.20 T {2}\(2,199,058,852,648\)$/,
    );
    // A block row past 2^53 is marked too; one below it is not.
    expect(lines.find((l) => /^\s*12\s+conv4_2 /.test(l))).toContain('~162.13 P');
    expect(lines.find((l) => /^\s*1\s+conv1_1 /.test(l))).not.toContain('~');
    const json = JSON.parse((await run('report', file, '--json')).out);
    expect(json.totals.approximate).toEqual(['macs', 'flops', 'convMacs', 'bytesMoved']);
  });
});
