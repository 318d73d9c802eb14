import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

describe('bin/convcost.mjs as a real process', () => {
  it('runs `report resnet18 --json` and prints the published ResNet-18 totals', async () => {
    const { stdout } = await exec(process.execPath, ['bin/convcost.mjs', 'report', 'resnet18', '--json'], {
      cwd: ROOT,
    });
    const j = JSON.parse(stdout);
    expect(j.totals.macs).toBe(1814073344);
    expect(j.totals.params).toBe(11689512);
  }, 60_000);

  it('exits 2 with one line and no stack trace on bad input', async () => {
    const err = await exec(process.execPath, ['bin/convcost.mjs', 'report', 'no-such-net'], {
      cwd: ROOT,
    }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stdout).toBe('');
    expect(err?.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(err?.stderr).toMatch(/^convcost report: "no-such-net" is neither a preset/);
  }, 60_000);
});
