/**
 * The Web Worker that writes an export (ONNX with ResNet-50's 100 MB of seeded weights takes about
 * half a second), so the page stays responsive; the exporters load here only, when asked for.
 */
import type { Design } from '../design/schema.ts';
import { ExportError } from './graph.ts';
import { exportOnnx, hetconvSentence, type OnnxWeights } from './onnx/index.ts';
import { exportPytorch } from './pytorch/index.ts';

export type ExportFormat = 'pytorch' | 'onnx';

export interface ExportRequest {
  design: Design;
  format: ExportFormat;
  weights: OnnxWeights;
}

export type ExportReply =
  | { ok: true; data: Uint8Array | string; summary: string; hetconv: string }
  | { ok: false; message: string };

/** The export itself, shared with the tests (the worker only posts its result). */
export function runExport(r: ExportRequest): ExportReply {
  try {
    if (r.format === 'pytorch') {
      const e = exportPytorch(r.design);
      return {
        ok: true,
        data: e.text,
        summary: `class ${e.modelClass} (${e.classes.join(', ')})`,
        hetconv: '',
      };
    }
    const e = exportOnnx(r.design, { weights: r.weights });
    return {
      ok: true,
      data: e.bytes,
      summary: `opset 17, NCHW, weights ${r.weights === 'seeded' ? 'seeded' : 'none (structure only)'}`,
      hetconv: hetconvSentence(e.hetconv),
    };
  } catch (e) {
    return { ok: false, message: e instanceof ExportError || e instanceof Error ? e.message : String(e) };
  }
}

const ctx = self as unknown as Worker;
ctx.onmessage = (ev: MessageEvent<ExportRequest>) => {
  const reply = runExport(ev.data);
  if (reply.ok && typeof reply.data !== 'string') ctx.postMessage(reply, [reply.data.buffer as ArrayBuffer]);
  else ctx.postMessage(reply);
};
