/**
 * The import worker: reads a model file in chunks (reporting the fraction read), then turns it
 * into a design document off the page's thread, so a 100 MB model never freezes the page. Its
 * chunk, with every reader, loads only when a model is opened.
 */
import { ImportError, NeedsInputError } from './errors.ts';
import { importModel } from './index.ts';
import type { ImportMessage, ImportRequest } from './protocol.ts';

const post = (m: ImportMessage) => (self as unknown as Worker).postMessage(m);

/** The whole file in one buffer, read chunk by chunk with progress. */
async function readAll(file: Blob): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  let at = 0;
  let last = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    if (at - last > 1 << 22 || at === file.size) {
      last = at;
      post({ type: 'progress', stage: 'reading', fraction: file.size ? at / file.size : 1 });
    }
  }
  return at === out.length ? out : out.subarray(0, at);
}

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { file, name, input } = e.data;
  try {
    const bytes = await readAll(file);
    post({ type: 'progress', stage: 'read', fraction: 1 });
    const r = importModel(bytes, {
      input,
      name: name.replace(/\.(onnx|tflite|h5|keras|json)$/i, ''),
      progress: (stage) => post({ type: 'progress', stage, fraction: 1 }),
    });
    post({ type: 'done', design: r.design, summary: r.summary, bytes: bytes.length });
  } catch (err) {
    if (err instanceof NeedsInputError)
      post({
        type: 'error',
        message: err.message,
        needsInput: { name: err.input, dims: [...err.dims], example: err.example },
      });
    else if (err instanceof ImportError) post({ type: 'error', message: err.message });
    else
      post({
        type: 'error',
        message: `the model could not be read (${err instanceof Error ? err.message : String(err)})`,
      });
  }
};
