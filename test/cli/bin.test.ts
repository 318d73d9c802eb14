import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('runs lib/cli.js while it is newer than every file under src/, and the sources otherwise', async () => {
    // A stand-in checkout: the real bin, a "built" CLI and a "source" CLI that say which one ran.
    const dir = mkdtempSync(join(tmpdir(), 'convcost-bin-'));
    try {
      for (const d of ['bin', 'lib', 'src/cli']) mkdirSync(join(dir, d), { recursive: true });
      copyFileSync(join(ROOT, 'bin', 'convcost.mjs'), join(dir, 'bin', 'convcost.mjs'));
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const cli = (who: string) =>
        `export async function main(argv${who === 'source' ? ': string[]' : ''}) { console.log('${who}', argv.join(' ')); return 0; }\n`;
      writeFileSync(join(dir, 'lib', 'cli.js'), cli('built'));
      writeFileSync(join(dir, 'src', 'cli', 'main.ts'), cli('source'));
      const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);
      for (const p of ['src', 'src/cli', 'src/cli/main.ts']) at(p, 1_000_000);
      at('lib/cli.js', 2_000_000);
      const which = async (env: Record<string, string> = {}) =>
        (
          await exec(process.execPath, [join(dir, 'bin', 'convcost.mjs'), 'report', 'x'], {
            env: { ...process.env, CONVCOST_FROM_SOURCE: '', ...env },
          })
        ).stdout.trim();

      expect(await which()).toBe('built report x');
      expect(await which({ CONVCOST_FROM_SOURCE: '1' })).toBe('source report x');
      at('src/cli/main.ts', 3_000_000); // an edit after the build
      expect(await which()).toBe('source report x');
      at('src/cli/main.ts', 1_000_000);
      at('src/cli', 3_000_000); // a file added or deleted after the build
      expect(await which()).toBe('source report x');
      rmSync(join(dir, 'src'), { recursive: true }); // a packed install has no sources
      expect(await which()).toBe('built report x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
