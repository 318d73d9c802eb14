/**
 * Loading ONNX Runtime Web (its wasm-only build) in the run worker, on the first run that asks
 * for the second runtime: about 25 kB of JavaScript (gzip) and one 14 MB wasm file (about 3.5 MB
 * over the wire compressed), never part of the page's initial load.
 */
import type { OrtModule } from './run.ts';
import type { OrtBackendInfo } from './types.ts';

export async function startOrt(
  wasmUrl: string,
  threads: number,
): Promise<{ ort: OrtModule; backend: OrtBackendInfo }> {
  const ort = (await import('onnxruntime-web/wasm')) as unknown as OrtModule;
  ort.env.wasm.wasmPaths = { wasm: wasmUrl };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  return {
    ort,
    backend: {
      name: 'onnxruntime-web',
      version: ort.env.versions?.web ?? '',
      environment: 'browser',
      threads,
    },
  };
}
