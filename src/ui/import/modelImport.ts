/**
 * Opening a model file in the app: the file goes to the import worker (src/import/worker.ts,
 * loaded only now), which reads and converts it off the page's thread; the design document it
 * sends back enters through the same door as every file and link (decodeDocument), then replaces
 * the design, one Undo away. State of the import UI (progress, input prompt) lives here, never in
 * the undoable store.
 */
import { create } from 'zustand';
import type { ImportSummary } from '../../import/map/index.ts';
import type { ImportMessage, ImportRequest } from '../../import/protocol.ts';
import { decodeDocument } from '../../share/codec.ts';
import { useStore } from '../../state/store.ts';
import { setNotice } from '../share/shareState.ts';

export type ImportPhase = 'reading' | 'read' | 'shapes' | 'design';

export interface ImportUiState {
  /** The model being imported, or null when no import is running or waiting. */
  file: File | null;
  phase: ImportPhase | null;
  fraction: number;
  /** The model needs its input shape: the file's dims and a shape to start from. */
  needsInput: { name: string; dims: (number | string)[]; example: string } | null;
  error: string | null;
}

export const useImportUi = create<ImportUiState>(() => ({
  file: null,
  phase: null,
  fraction: 0,
  needsInput: null,
  error: null,
}));

/** The file types "Import model" offers (any file is still read by its content, not its name). */
export const MODEL_FILE_ACCEPT = '.onnx,.tflite,.h5,.hdf5,.keras,.json,application/json';

/** What a stage is called in the progress line. */
export const PHASE_LABEL: Record<ImportPhase, string> = {
  reading: 'Reading the file',
  read: 'Parsing the model',
  shapes: 'Inferring every shape',
  design: 'Building the design',
};

let worker: Worker | null = null;

function stop(): void {
  worker?.terminate();
  worker = null;
}

/** Cancels a running import (the design is untouched). */
export function cancelImport(): void {
  stop();
  useImportUi.setState({ file: null, phase: null, fraction: 0, needsInput: null, error: null });
}

/** One line for the banner: where the design came from and what has no cost model. */
export function importedLine(s: ImportSummary): string {
  const from = [s.format, s.producer, s.opset ? `opset ${s.opset}` : ''].filter(Boolean).join(', ');
  const missing = s.unsupported.reduce((a, u) => a + u.count, 0);
  const lower = missing
    ? ` Totals are a lower bound: ${missing} op(s) have no cost model (${s.unsupported.map((u) => `${u.type} x${u.count}`).join(', ')}).`
    : '';
  const dropped = s.dropped
    ? ` ${s.dropped.count} op(s) after a shape that cannot be inferred are not costed.`
    : '';
  return `Imported from ${from}: ${s.ops} ops as ${s.blocks} blocks.${lower}${dropped}`;
}

/** Imports a model file; `input` answers the prompt for a model with dynamic dimensions. */
export function importModelFile(file: File, input?: number[]): Promise<boolean> {
  stop();
  useImportUi.setState({ file, phase: 'reading', fraction: 0, needsInput: null, error: null });
  const w = new Worker(new URL('../../import/worker.ts', import.meta.url), {
    type: 'module',
    name: 'convcost-import',
  });
  worker = w;
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      if (worker === w) stop();
      resolve(ok);
    };
    w.onerror = (e) => {
      useImportUi.setState({ phase: null, error: `the import stopped (${e.message || 'worker error'})` });
      setNotice({
        kind: 'error',
        source: 'model',
        message: `the import stopped (${e.message || 'worker error'})`,
      });
      finish(false);
    };
    w.onmessage = (e: MessageEvent<ImportMessage>) => {
      const m = e.data;
      if (m.type === 'progress') {
        useImportUi.setState({ phase: m.stage, fraction: m.fraction });
        return;
      }
      if (m.type === 'error') {
        if (m.needsInput) useImportUi.setState({ phase: null, needsInput: m.needsInput, error: null });
        else {
          useImportUi.setState({ file: null, phase: null, needsInput: null, error: null });
          setNotice({ kind: 'error', source: 'model', message: `${file.name}: ${m.message}` });
        }
        finish(false);
        return;
      }
      // The one door: the worker's document is untrusted like any file.
      const d = decodeDocument(m.design);
      useImportUi.setState({ file: null, phase: null, needsInput: null, error: null });
      if (!d.ok) {
        setNotice({ kind: 'error', source: 'model', message: `${file.name}: ${d.error}` });
        finish(false);
        return;
      }
      useStore.getState().hydrate({ design: d.design, view: { selectedBlockId: null } });
      setNotice({ kind: 'opened', source: 'model', name: d.design.name, detail: importedLine(m.summary) });
      finish(true);
    };
    const request: ImportRequest = { file, name: file.name, ...(input ? { input } : {}) };
    w.postMessage(request);
  });
}

/** A parsed JSON that is a model topology (TensorFlow.js model.json, a Keras config), not a design. */
export function isModelJson(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    ('modelTopology' in json || ('class_name' in json && 'config' in json && !('blocks' in json)))
  );
}

/**
 * Whether a file is a model rather than a design file: by its first bytes (binary formats),
 * then, for JSON, by what it holds.
 */
export async function isModelFile(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  let i = 0;
  while (
    i < head.length &&
    (head[i] === 0x20 ||
      head[i] === 0x0a ||
      head[i] === 0x0d ||
      head[i] === 0x09 ||
      head[i] === 0xef ||
      head[i] === 0xbb ||
      head[i] === 0xbf)
  )
    i++;
  if (head[i] !== 0x7b && head[i] !== 0x5b) return head.length > 0;
  if (file.size > 64 << 20) return true;
  try {
    return isModelJson(JSON.parse(await file.text()));
  } catch {
    return false;
  }
}
