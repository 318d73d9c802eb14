/**
 * Loading ONNX Runtime Web (its wasm-only build), on the first run that asks for the second
 * runtime: in the browser's run worker about 25 kB of JavaScript (gzip) and one 14 MB wasm file
 * (about 3.5 MB over the wire compressed), never part of the page's initial load; in Node
 * (`convcost verify --runtime ort|both`) the installed package, whose wasm file it finds itself.
 */
import type { OrtModule } from './run.ts';
import type { OrtBackendInfo } from './types.ts';

/** ONNX Runtime Web could not be loaded (in Node: the optional package is not installed). */
export class OrtMissing extends Error {
  override readonly name = 'OrtMissing';
}

/**
 * Starts ONNX Runtime Web on `threads` wasm threads; `wasmUrl` is where the page serves its wasm
 * file (in Node there is none: the package reads the file next to itself).
 */
export async function startOrt(
  wasmUrl: string | undefined,
  threads: number,
): Promise<{ ort: OrtModule; backend: OrtBackendInfo }> {
  let ort: OrtModule;
  try {
    ort = (await import('onnxruntime-web/wasm')) as unknown as OrtModule;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new OrtMissing(
        'ONNX Runtime Web is not installed (an optional peer dependency of convcost): run `npm install onnxruntime-web`',
      );
    throw e;
  }
  if (wasmUrl) ort.env.wasm.wasmPaths = { wasm: wasmUrl };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  return {
    ort,
    backend: {
      name: 'onnxruntime-web',
      version: ort.env.versions?.web ?? '',
      environment: wasmUrl ? 'browser' : 'node',
      threads,
    },
  };
}
