import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeDesignFile } from '../../src/share/codec.ts';
import { reportJson, run } from '../cli/run.ts';
import { FIXTURES, OCR_CLS, TORCH_REFERENCE } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'convcost-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const torch = (f: string) => join(FIXTURES, 'torch', f);
const ocr = join(import.meta.dirname, '..', '..', 'node_modules', OCR_CLS);

describe('convcost with model files', () => {
  it('reports an ONNX model like a design: report model.onnx --json gives PyTorch figures, the import note on stderr', async () => {
    const r = await run('report', torch('resnet50-bnkept.onnx'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['totals', 'blocks', 'layers']);
    expect(j.totals.macs).toBe(TORCH_REFERENCE.nets.resnet50.macs);
    expect(j.totals.params).toBe(TORCH_REFERENCE.nets.resnet50.params);
    expect(r.err).toMatch(
      /^Imported resnet50-bnkept\.onnx \(ONNX, pytorch 1\.13\.0, opset 17\): \d+ ops as 88 blocks/,
    );
  });

  it('asks for the input shape of a model with dynamic dims, and uses --input', async () => {
    const bad = await run('report', ocr);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(
      /input "x" has dynamic dimensions \[p2o\.DynamicDimension\.0, 3, .*\]: give the input shape \(e\.g\. --input 1x3x224x224\)/,
    );
    const j = await reportJson(ocr, '--input', '1x3x48x192');
    expect(j.totals.input).toMatchObject({ h: 48, w: 192, c: 3 });
    const wrong = await run('report', ocr, '--input', '1x4x48x192');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/dimension 2 fixed to 3 in the file/);
    const junk = await run('report', ocr, '--input', 'big');
    expect(junk.err).toMatch(/the input shape must be sizes joined by "x"/);
  });

  it('takes the batch from a dynamic batch dimension as 1, and --batch scales it', async () => {
    const j = await reportJson(torch('resnet18-bnfolded.onnx'), '--batch', '8');
    expect(j.totals.macs).toBe(8 * TORCH_REFERENCE.nets.resnet18.macs);
  });

  it('compares a model with a transform of it: compare model.onnx hetconv:p=4', async () => {
    const r = await run('compare', torch('resnet18-bnkept.onnx'), 'hetconv:p=4', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(JSON.stringify(j)).toMatch(/hetconv/);
    expect(r.err).toMatch(/^Imported resnet18-bnkept\.onnx/);
  });

  it('writes the design of a TFLite model with import -o, a file that opens as any design file', async () => {
    const out = join(dir, 'tiny.json');
    const r = await run('import', join(FIXTURES, 'tflite', 'tiny-mobilenet.tflite'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Wrote .*tiny\.json \(9 blocks/);
    const d = decodeDesignFile(readFileSync(out, 'utf8'));
    expect(d.ok).toBe(true);
    const j = await reportJson(out);
    expect(j.totals.params).toBe(2074);
  });

  it('shares a model as a link of its topology only', async () => {
    const r = await run('share', torch('mobilenet_v2-bnfolded.onnx'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^http:\/\/127\.0\.0\.1:5173\/#d=e[\w-]+\n$/);
    expect(r.out.length).toBeLessThan(32_768);
  });

  it('rejects a broken model file with one line and exit 2, and --input on a design', async () => {
    const broken = join(dir, 'broken.onnx');
    writeFileSync(broken, readFileSync(torch('resnet18-bnkept.onnx')).subarray(0, 5000));
    const r = await run('report', broken);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^convcost report: .*broken\.onnx: this is not a valid ONNX file: the data ends early at byte \d+/,
    );
    expect(r.err.trim().split('\n')).toHaveLength(1);
    const p = await run('report', 'resnet18', '--input', '1x3x224x224');
    expect(p.err).toBe('convcost report: --input applies to model files only\n');
  });
});
