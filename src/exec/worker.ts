/**
 * The Web Worker that runs a design on TensorFlow.js, so the page never freezes. TensorFlow.js
 * and its wasm files load here only, when a run is asked for.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { BackendStartError, startWasm } from './backend.ts';
import { ExecError, RunCancelled, RunRefused } from './errors.ts';
import { BROWSER_LIMITS } from './limits.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { runDesign } from './run.ts';
import type { BackendInfo, RunProgress } from './types.ts';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

let backend: BackendInfo | undefined;
let cancelled = false;

async function start(m: Extract<ToWorker, { type: 'start' }>) {
  try {
    backend = await startWasm({
      threads: m.threads,
      timeoutMs: m.timeoutMs,
      ...(m.fallbackReason ? { fallbackReason: m.fallbackReason } : {}),
      wasmPaths: {
        'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
        'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
        'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
      },
    });
    post({ type: 'ready', backend });
  } catch (e) {
    post({
      type: 'error',
      kind: 'backend',
      message: e instanceof BackendStartError || e instanceof Error ? e.message : String(e),
    });
  }
}

async function run(m: Extract<ToWorker, { type: 'run' }>) {
  if (!backend) {
    post({ type: 'error', kind: 'backend', message: 'the backend has not started' });
    return;
  }
  cancelled = false;
  let last = 0;
  const both = !!m.options.ort;
  // With the second runtime, TensorFlow.js takes the first 60% of the bar and ONNX Runtime the rest.
  const relay = (from: number, span: number, prefix: string) => (progress: RunProgress) => {
    const now = performance.now();
    if (now - last > 50 || progress.fraction >= 1) {
      last = now;
      post({
        type: 'progress',
        progress: {
          ...progress,
          fraction: from + span * progress.fraction,
          message: prefix + progress.message,
        },
      });
    }
  };
  try {
    const result = await runDesign(m.design, m.options, {
      backend,
      limits: BROWSER_LIMITS,
      isCancelled: () => cancelled,
      onProgress: relay(0, both ? 0.6 : 1, both ? 'TensorFlow.js: ' : ''),
    });
    if (!both) {
      post({ type: 'result', result });
      return;
    }
    relay(
      0.6,
      0.4,
      '',
    )({ phase: 'starting', fraction: 0, message: 'loading ONNX Runtime Web (14 MB wasm, once)' });
    const [{ startOrt }, { runOrt }, { tfReference }] = await Promise.all([
      import('./ort/start.ts'),
      import('./ort/run.ts'),
      import('./ort/reference.ts'),
    ]);
    const threads = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated
      ? Math.max(1, backend.threads)
      : 1;
    const { ort, backend: ortBackend } = await startOrt(new URL(ortWasm, self.location.href).href, threads);
    const reference = await tfReference(m.design, m.options);
    try {
      const ortResult = await runOrt(m.design, m.options, {
        ort,
        backend: ortBackend,
        reference,
        isCancelled: () => cancelled,
        onProgress: relay(0.6, 0.4, 'ONNX Runtime: '),
      });
      post({ type: 'result', result, ort: ortResult });
    } finally {
      reference.dispose();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const kind =
      e instanceof RunCancelled
        ? 'cancelled'
        : e instanceof RunRefused
          ? 'refused'
          : e instanceof ExecError
            ? 'exec'
            : 'internal';
    post({ type: 'error', kind, message });
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'start') void start(m);
  else if (m.type === 'run') void run(m);
  else if (m.type === 'cancel') cancelled = true;
};
