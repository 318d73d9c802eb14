/**
 * Export entries of the Import / Export menu: the design as a PyTorch module (model.py) or an ONNX
 * model (seeded weights, or structure only for viewers such as Netron), written in a Web Worker
 * that loads the exporters on first use. Says what it wrote, and how HetConv is written in ONNX.
 */
import { useState } from 'react';
import { exact } from '../../core/format.ts';
import type { ExportFormat, ExportReply, ExportRequest } from '../../export/worker.ts';
import { useStore } from '../../state/store.ts';
import { downloadText, fileStem } from './download.ts';

interface Choice {
  id: string;
  label: string;
  format: ExportFormat;
  weights: ExportRequest['weights'];
  file: (stem: string) => string;
  type: string;
}

const CHOICES: Choice[] = [
  {
    id: 'export-pytorch',
    label: 'PyTorch module (model.py)',
    format: 'pytorch',
    weights: 'none',
    file: () => 'model.py',
    type: 'text/x-python',
  },
  {
    id: 'export-onnx',
    label: 'ONNX, seeded weights',
    format: 'onnx',
    weights: 'seeded',
    file: (s) => `${s}.onnx`,
    type: 'application/octet-stream',
  },
  {
    id: 'export-onnx-structure',
    label: 'ONNX, structure only (Netron)',
    format: 'onnx',
    weights: 'none',
    file: (s) => `${s}-structure.onnx`,
    type: 'application/octet-stream',
  },
];

function exportInWorker(req: ExportRequest): Promise<ExportReply> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('../../export/worker.ts', import.meta.url), {
      type: 'module',
      name: 'convcost-export',
    });
    w.onmessage = (ev: MessageEvent<ExportReply>) => {
      w.terminate();
      resolve(ev.data);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      w.terminate();
      resolve({ ok: false, message: ev.message || 'the export worker failed' });
    };
    w.postMessage(req);
  });
}

export function ModelExport({ disabled }: { disabled: boolean }) {
  const design = useStore((s) => s.design);
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const go = async (c: Choice) => {
    setBusy(c.id);
    setSaid(null);
    const r = await exportInWorker({ design, format: c.format, weights: c.weights });
    setBusy(null);
    if (!r.ok) {
      setSaid({ ok: false, text: `Cannot export: ${r.message}` });
      return;
    }
    const name = c.file(fileStem(design.name));
    downloadText(name, r.data, c.type);
    const size = typeof r.data === 'string' ? new TextEncoder().encode(r.data).length : r.data.length;
    setSaid({
      ok: true,
      text: `Wrote ${name}: ${r.summary}, ${exact(size)} bytes.${r.hetconv ? ` ${r.hetconv}` : ''}`,
    });
  };
  return (
    <>
      {CHOICES.map((c) => (
        <button
          key={c.id}
          type="button"
          role="menuitem"
          disabled={disabled || busy !== null}
          onClick={() => void go(c)}
          data-testid={c.id}
        >
          {busy === c.id ? `${c.label}: writing…` : c.label}
        </button>
      ))}
      {said ? (
        <p className={said.ok ? 'why' : 'why bad'} role="status" data-testid="export-model-status">
          {said.text}
        </p>
      ) : (
        <p className="why">
          Both are built from the ops convcost counts; HetConv's ONNX form (grouped + pointwise) executes more
          MACs than the paper's layer, and says how many.
        </p>
      )}
    </>
  );
}
