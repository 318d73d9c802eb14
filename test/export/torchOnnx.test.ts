/**
 * The path a user takes after exporting: train the model.py in PyTorch, export it with
 * torch.onnx.export, and open that ONNX file in convcost again. The file PyTorch writes is not
 * convcost's own export (its "same" padding is an F.pad whose pads are shape arithmetic, a max
 * pool pads with -inf, BN is folded into the convs in eval mode), so this checks the importer on
 * real PyTorch output of convcost's own designs: the MACs come back exactly, and the parameters
 * as convcost counts them with BN folded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONVENTION } from '../../src/core/convention.ts';
import { analyzeDesign } from '../../src/design/analyze.ts';
import { exportPytorch } from '../../src/export/pytorch/index.ts';
import { importModel } from '../../src/import/index.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { decodeDocument } from '../../src/share/codec.ts';
import { PYTHON } from './torchRun.ts';

// ResNet-34: a stride-2 "same" stem and max pool (F.pad before the conv, -inf before the pool);
// MobileNetV2: relu6 as Clip, depthwise convs; GoogLeNet: branches and concats.
const IDS = ['resnet34', 'mobilenet-v2', 'googlenet'];
const dir = mkdtempSync(join(tmpdir(), 'convcost-torch-onnx-'));

const EXPORT = `
import importlib.util, sys, torch
for path in sys.argv[1:]:
    spec = importlib.util.spec_from_file_location('m', path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    torch.manual_seed(0)
    torch.onnx.export(m.Model().eval(), torch.randn(*m.INPUT_SHAPE), path[:-3] + '.onnx', opset_version=17)
`;

beforeAll(() => {
  const paths = IDS.map((id) => {
    const path = join(dir, `${id}.py`);
    writeFileSync(path, exportPytorch(PRESETS.find((p) => p.id === id)!.build()).text);
    return path;
  });
  const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', EXPORT, ...paths], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`torch.onnx.export failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PyTorch's own ONNX export of convcost's model.py opens with the same costs", () => {
  it.each(IDS.map((id) => [id]))('%s', (id) => {
    const d = PRESETS.find((p) => p.id === id)!.build();
    const imported = importModel(new Uint8Array(readFileSync(join(dir, `${id}.onnx`))));
    expect(imported.summary.dropped).toBeUndefined();
    expect(imported.summary.unsupported).toEqual([]);
    const decoded = decodeDocument(imported.design);
    if (!decoded.ok) throw new Error(decoded.error);
    const fused = { ...DEFAULT_CONVENTION, bn: 'fused' as const };
    const want = analyzeDesign(d, fused).totals;
    const got = analyzeDesign(decoded.design, fused).totals;
    expect(got.convMacs).toBe(want.convMacs);
    expect(got.params).toBe(want.params);
    expect(analyzeDesign(decoded.design).outputs).toEqual(analyzeDesign(d).outputs);
  });
});
