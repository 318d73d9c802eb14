import { execFile, spawn } from 'node:child_process';
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

  it('gives the same report from the sources through tsx (CONVCOST_FROM_SOURCE=1) as from the build', async () => {
    const args = ['bin/convcost.mjs', 'report', 'mobilenet-v2', '--json'];
    const [fromSource, asInstalled] = await Promise.all([
      exec(process.execPath, args, { cwd: ROOT, env: { ...process.env, CONVCOST_FROM_SOURCE: '1' } }),
      exec(process.execPath, args, { cwd: ROOT }),
    ]);
    expect(JSON.parse(fromSource.stdout).totals.params).toBe(3504872);
    expect(fromSource.stdout).toBe(asInstalled.stdout);
  }, 60_000);

  it('stops quietly with exit 0 when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, ['bin/convcost.mjs', 'report', 'vgg16', '--json', '--ops'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
