import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importModel } from '../../src/import/index.ts';
import { reportJson, run } from '../cli/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('convcost export', () => {
  it('writes model.py for a transformed preset and says what it wrote', async () => {
    const f = join(dir, 'model.py');
    const r = await run('export', 'resnet34', '--transform', 'hetconv:p=4', '--format', 'pytorch', '-o', f);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Transform hetconv:p=4: replaced 16 layer\(s\) \(layer1\.0, /);
    expect(r.err).toContain("block 1 (stem): the network's first conv");
    expect(r.err).toMatch(
      /Wrote .*model\.py: a PyTorch module: class ResNet34, 5 block classes \(Conv, Hetconv, Pool, ResnetBasic, Head\)/,
    );
    const text = readFileSync(f, 'utf8');
    expect(text).toContain('class HetConv2d(nn.Module):');
    expect(text).toContain("CONVCOST = {'params': 7740200,");
  });

  it('writes an ONNX file, seeded or structure only, that reads back with the same costs', async () => {
    const f = join(dir, 'r18.onnx');
    const s = join(dir, 'r18-structure.onnx');
    expect((await run('export', 'resnet18', '--format', 'onnx', '-o', f)).code).toBe(0);
    const r = await run('export', 'resnet18', '--format=onnx', '--weights=none', `-o=${s}`);
    expect(r.err).toMatch(/weights none: structure only\), \d{2},\d{3} bytes/);
    expect(readFileSync(f).length).toBeGreaterThan(4 * 11_689_512);
    expect(readFileSync(s).length).toBeLessThan(200_000);
    const back = await reportJson(s);
    const orig = await reportJson('resnet18');
    expect(back.totals.macs).toBe(orig.totals.macs);
    expect(back.totals.params).toBe(orig.totals.params);
    expect(importModel(new Uint8Array(readFileSync(f))).summary.notes).not.toContain(
      'the file holds no weight values (only their dims, which is all costs need)',
    );
  });

  it('says how HetConv is written in the ONNX file, on stderr', async () => {
    const r = await run(
      'export',
      'vgg16-cifar-hetconv-p4',
      '--format',
      'onnx',
      '--weights',
      'none',
      '-o',
      join(dir, 'h.onnx'),
    );
    expect(r.err).toMatch(
      /HetConv layers \(12\) are written as grouped \+ pointwise .* MACs more than the paper's layer/,
    );
  });

  it.each([
    [
      ['resnet18', '--format', 'keras', '-o', 'x'],
      'convcost export: --format must be one of pytorch, onnx, got "keras"',
    ],
    [['resnet18', '-o', 'x'], 'convcost export: --format must be given: pytorch or onnx'],
    [['resnet18', '--format', 'onnx'], 'convcost export: -o FILE must name the file to write'],
    [
      ['resnet18', '--format', 'pytorch', '--weights', 'none', '-o', 'x'],
      'convcost export: --weights and --seed apply to --format onnx (model.py builds its own weights)',
    ],
    [
      ['resnet18', '--format', 'onnx', '--weights', 'random', '-o', 'x'],
      'convcost export: --weights must be one of seeded, none, got "random"',
    ],
    [['--format', 'onnx', '-o', 'x'], 'convcost export: give a design to export (a preset id or a file)'],
  ])('bad input %j: exit 2, one line', async (args, line) => {
    const r = await run('export', ...args);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(line);
  });
});
