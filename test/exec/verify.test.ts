import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/types.ts';
import type { BatchNormSpec } from '../../src/core/index.ts';
import { parseDesign } from '../../src/design/schema.ts';
import { OP_BUILDERS } from '../../src/exec/ops/index.ts';
import type { OpBuilder } from '../../src/exec/ops/types.ts';
import { encodeDesign } from '../../src/share/codec.ts';
import { wasm } from './setup.ts';

beforeAll(async () => {
  await wasm();
});

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s) };
}

const dir = mkdtempSync(join(tmpdir(), 'convcost-verify-'));
const small = {
  version: 2,
  name: 'small mix',
  input: { h: 8, w: 8, c: 16 },
  blocks: [
    { kind: 'conv', params: { filters: 16 } },
    { kind: 'acb', params: { filters: 16 } },
    { kind: 'hetconv', params: { filters: 16, part: 4 } },
    { kind: 'gwpw', params: { filters: 32, groups: 4 } },
    { kind: 'head', params: { classes: 10 } },
  ],
};
const file = join(dir, 'small.json');
writeFileSync(file, JSON.stringify(small));

const original = OP_BUILDERS.batchnorm;
afterEach(() => {
  OP_BUILDERS.batchnorm = original;
});

describe('convcost verify', () => {
  it('checks a design file and prints per-block params, shapes, ACB fusion and timings; exit 0', async () => {
    const io = capture();
    const code = await main(['verify', file, '--repeats', '2', '--warmup', '1', '--min-time', '1'], io);
    const text = io.stdout.join('\n');
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(text).toMatch(/acb-2 +acb +8x8x16/);
    expect(text).toMatch(/ACB fused = training form: max \|deploy - training\| = \d/);
    expect(text).toMatch(/het_?\w*: hetconv:\S+ = hetconv:\S+/);
    expect(text).toMatch(/group conv G=4/);
    expect(text).toMatch(/Whole design: [\d.]+ ms median/);
    expect(text).toMatch(/All checks passed/);
  }, 60_000);

  it('--json gives the full result; a share link works as the argument', async () => {
    const io = capture();
    const link = `https://example.org/#d=${encodeDesign(parseDesign(small))}`;
    const code = await main(['verify', link, '--json', '--check-only'], io);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout.join('\n'));
    expect(r.ok).toBe(true);
    expect(r.blocks).toHaveLength(5);
    expect(r.totals.builtParams).toBe(r.totals.analyticalParams);
    expect(r.backend.name).toBe('wasm');
    expect(r.blocks[1].extraChecks[0].value).toBeLessThan(1e-4);
  }, 60_000);

  it('exit 1 when a built tensor disagrees with the analysis', async () => {
    // A BN builder that creates one parameter too many per layer.
    OP_BUILDERS.batchnorm = ((s: BatchNormSpec, ctx) => {
      ctx.param('extra', [1], { kind: 'uniform', lo: 0, hi: 1 });
      return (original as OpBuilder<BatchNormSpec>)(s, ctx);
    }) as OpBuilder<BatchNormSpec>;
    const io = capture();
    const code = await main(['verify', file, '--check-only'], io);
    expect(code).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/FAIL/);
    expect(io.stdout.join('\n')).toMatch(/check\(s\) FAILED/);
  }, 60_000);

  it('exit 2 on bad input, with one line', async () => {
    for (const args of [
      ['verify', 'no-such-net'],
      ['verify', file, '--grouped', 'magic'],
      ['verify', 'https://example.org/#d=broken'],
      ['verify'],
    ]) {
      const io = capture();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^convcost verify: /);
    }
  });

  it('exit 2 for a design too large to run, saying why', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(
      big,
      JSON.stringify({
        name: 'big',
        input: { h: 8192, w: 8192, c: 64 },
        blocks: [{ kind: 'conv', params: { filters: 64 } }],
      }),
    );
    const io = capture();
    expect(await main(['verify', big], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/too large to run here/);
  });
});
