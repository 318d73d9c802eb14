/**
 * The exported model.py checked by the real framework: Debian's PyTorch (python3-torch, installed by
 * .ci/run) builds every preset and 60 random graph designs of every block kind, and what it
 * counts must be what convcost counts, block by block (parameters with BN, BN buffers, MACs by
 * forward hooks, output shapes). All files run in one Python process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/schema.ts';
import { ExportError } from '../../src/export/graph.ts';
import { exportPytorch } from '../../src/export/pytorch/index.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { RANDOM_KINDS, randomDesigns } from './randomDesigns.ts';
import { differences, type Exported, runChecker, type TorchResult, writeModels } from './torchRun.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-torch-'));
const designs = [...PRESETS.map((p) => p.build()), ...randomDesigns(60)];
let exported: Exported[];
let results: TorchResult[];

beforeAll(async () => {
  exported = writeModels(dir, designs);
  results = await runChecker(exported.map((e) => ({ path: e.path, attrs: e.py.blockAttrs })));
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PyTorch counts what convcost counts', () => {
  it('runs every file: one result per model, none failed to build or run', () => {
    expect(results).toHaveLength(designs.length);
    expect(results.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  });

  it.each(PRESETS.map((p, i) => [p.id, i]))(
    '%s: sum(p.numel()), BN buffers and hook MACs equal convcost per block, and the output shape',
    (_id, i) => {
      expect(differences(exported[i as number], results[i as number])).toEqual([]);
    },
  );

  it('60 random graph designs covering every block kind: no difference in any block', () => {
    const kinds = new Set(designs.slice(PRESETS.length).flatMap((d) => d.blocks.map((b) => b.kind)));
    expect([...RANDOM_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
    const diffs = exported
      .slice(PRESETS.length)
      .flatMap((e, k) => differences(e, results[PRESETS.length + k]));
    expect(diffs).toEqual([]);
  });

  it("ACB's fuse() returns the deploy conv: equal to the three branches (BN in eval mode) within 1e-4", () => {
    const fused = results.flatMap((r) => r.fused);
    // ACNet's ResNet-56 alone has 54 ACBs (27 blocks x 2).
    expect(fused.length).toBeGreaterThan(54);
    expect(Math.max(...fused.map((f) => f.error))).toBeLessThan(1e-4);
  });

  it('a wrong count fails naming the block', () => {
    const i = PRESETS.findIndex((p) => p.id === 'resnet18');
    const r = structuredClone(results[i]);
    r.blocks.layer2_0.params += 1;
    r.blocks.layer2_0.macs -= 9;
    expect(differences(exported[i], r)).toEqual([
      'ResNet-18: block 5 (layer2.0, resnet-basic): PyTorch 230145 params, convcost 230144',
      // 28 x 28 x 128 x (64 x 9 + 128 x 9 + 64): conv1 (stride 2), conv2 and the 1x1 projection.
      'ResNet-18: block 5 (layer2.0, resnet-basic): PyTorch hooks 179830775 MACs, convcost 179830784',
    ]);
  });
});

describe('the model.py file', () => {
  const resnet18 = () => exportPytorch(PRESETS.find((p) => p.id === 'resnet18')!.build());

  it('has one class per block kind used, the network as one class built with no arguments, and a __main__', () => {
    const e = resnet18();
    expect(e.classes).toEqual(['Conv', 'Pool', 'ResnetBasic', 'Head']);
    expect(e.modelClass).toBe('ResNet18');
    expect(e.text).toContain('class ResNet18(nn.Module):\n');
    expect(e.text).toContain(
      '    def __init__(self):\n        super().__init__()\n        self.stem = Conv(3, 64, kernel_size=7, stride=2, relu=True)',
    );
    expect(e.text).toContain('        self.layer2_0 = ResnetBasic(64, 128, stride=2, down_conv=True)');
    expect(e.text).toContain("if __name__ == '__main__':");
    // torch only: no other import.
    expect(e.text.match(/^import .*$/gm)).toEqual([
      'import torch',
      'import torch.nn as nn',
      'import torch.nn.functional as F',
    ]);
  });

  it('names attributes after the blocks, as Python identifiers', () => {
    expect(resnet18().blockAttrs.slice(0, 4)).toEqual(['stem', 'maxpool', 'layer1_0', 'layer1_1']);
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [
        { kind: 'conv', name: '1st conv', params: { filters: 8 } },
        { kind: 'conv', name: 'class', params: { filters: 8 } },
        { kind: 'conv', name: 'class', params: { filters: 8 } },
      ],
    });
    expect(exportPytorch(d).blockAttrs).toEqual(['b1st_conv', 'class_', 'class__2']);
  });

  it('writes HetConv as HetConv2d with weights only where the layer has them', () => {
    const e = exportPytorch(PRESETS.find((p) => p.id === 'vgg16-cifar-hetconv-p4')!.build());
    expect(e.text).toContain('class HetConv2d(nn.Module):');
    expect(e.text).toContain('self.weight_kxk = nn.Parameter(torch.empty(N, M // P, *self.kernel_size))');
    expect(e.text).toContain('self.weight_1x1 = nn.Parameter(torch.empty(N, M - M // P))');
  });

  it('refuses an op without a cost model, naming the block', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 8 },
      blocks: [{ kind: 'unsupported', name: 'up', params: { type: 'Resize' } }],
    });
    expect(() => exportPytorch(d)).toThrow(ExportError);
    expect(() => exportPytorch(d)).toThrow('block 1 (up) is a "Resize" op');
  });
});
