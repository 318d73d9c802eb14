/**
 * Runs exported model.py files through Debian's PyTorch (/usr/bin/python3, torch_check.py) in as
 * few processes as possible, and compares what PyTorch counts with convcost, block by block.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDesign } from '../../src/design/analyze.ts';
import type { Design } from '../../src/design/schema.ts';
import { exportPytorch, type PytorchExport } from '../../src/export/pytorch/index.ts';

export const PYTHON = '/usr/bin/python3';
const CHECKER = join(import.meta.dirname, 'torch_check.py');

export interface TorchBlock {
  params: number;
  buffers: number;
  macs: number;
}

export interface TorchResult {
  path: string;
  error?: string;
  params: number;
  blocks: Record<string, TorchBlock>;
  outputs: number[][];
  fused: { module: string; error: number }[];
}

/** Runs the checker on the files; one JSON line per file. */
export function runChecker(jobs: { path: string; attrs: string[] }[]): Promise<TorchResult[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, [CHECKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0)
        reject(
          new Error(
            `${PYTHON} torch_check.py exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      else
        resolve(
          out
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as TorchResult),
        );
    });
    p.stdin.end(JSON.stringify(jobs));
  });
}

export interface Exported {
  design: Design;
  path: string;
  py: PytorchExport;
}

export function writeModels(dir: string, designs: Design[]): Exported[] {
  mkdirSync(dir, { recursive: true });
  return designs.map((design, k) => {
    const py = exportPytorch(design);
    const path = join(dir, `model_${k}.py`);
    writeFileSync(path, py.text);
    return { design, path, py };
  });
}

/** NCHW (or N x F) as convcost's N x H x W x C. */
const nhwc = (s: number[]) =>
  s.length === 4 ? [s[0], s[2], s[3], s[1]] : [s[0], 1, 1, s.slice(1).reduce((a, b) => a * b, 1)];

/** Every difference between PyTorch's counts and convcost's, naming the block. */
export function differences(e: Exported, r: TorchResult): string[] {
  if (r.error) return [`${e.design.name}: PyTorch could not run the file: ${r.error}`];
  const a = analyzeDesign(e.design);
  const out: string[] = [];
  a.blocks.forEach((b, i) => {
    const t = r.blocks[e.py.blockAttrs[i]];
    const where = `${e.design.name}: block ${i + 1} (${b.name}, ${b.kind})`;
    if (!t) {
      out.push(`${where}: no attribute ${e.py.blockAttrs[i]} in the module`);
      return;
    }
    if (t.params !== b.sums.params)
      out.push(`${where}: PyTorch ${t.params} params, convcost ${b.sums.params}`);
    if (t.buffers !== b.sums.buffers)
      out.push(`${where}: PyTorch ${t.buffers} BN buffers, convcost ${b.sums.buffers}`);
    if (t.macs !== b.sums.convMacs)
      out.push(`${where}: PyTorch hooks ${t.macs} MACs, convcost ${b.sums.convMacs}`);
  });
  if (r.params !== a.totals.params)
    out.push(`${e.design.name}: PyTorch ${r.params} params in all, convcost ${a.totals.params}`);
  const want = a.outputs.map((s) => [s.n, s.h, s.w, s.c]);
  const got = r.outputs.map(nhwc);
  if (JSON.stringify(got) !== JSON.stringify(want))
    out.push(
      `${e.design.name}: PyTorch output ${JSON.stringify(got)}, convcost ${JSON.stringify(want)} (N, H, W, C)`,
    );
  for (const f of r.fused)
    if (!(f.error < 1e-4))
      out.push(`${e.design.name}: ${f.module}.fuse() differs from the three branches by ${f.error}`);
  return out;
}
