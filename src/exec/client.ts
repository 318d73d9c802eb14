/**
 * The page side of a run: starts the worker, falls back to single-threaded wasm when the threaded
 * build does not start in time, relays progress, and cancels by terminating the worker (which
 * always works, even in the middle of a long kernel). No TensorFlow.js here.
 */
import type { Design } from '../design/schema.ts';
import type { OrtRunResult } from './ort/types.ts';
import type { FailureKind, FromWorker, ToWorker } from './protocol.ts';
import type { BackendInfo, RunOptions, RunProgress, RunResult } from './types.ts';

export type RunOutcome =
  | { status: 'done'; result: RunResult; ort?: OrtRunResult }
  | { status: 'cancelled' }
  | { status: 'failed'; kind: FailureKind; message: string };

export interface RunHandle {
  cancel(): void;
  done: Promise<RunOutcome>;
}

export interface ClientHooks {
  onProgress?: (p: RunProgress) => void;
  onBackend?: (b: BackendInfo) => void;
  /** How long the threaded backend may take to start before falling back (ms). */
  startTimeoutMs?: number;
}

/** Multi-threaded wasm needs SharedArrayBuffer, which needs a cross-origin isolated page. */
export function canUseThreads(): { ok: boolean; reason?: string } {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (!g.crossOriginIsolated)
    return { ok: false, reason: 'single-threaded: the page is not cross-origin isolated' };
  if (typeof SharedArrayBuffer === 'undefined')
    return { ok: false, reason: 'single-threaded: no SharedArrayBuffer' };
  return { ok: true };
}

function spawn(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'convcost-run' });
}

export function runInWorker(
  design: Design,
  options: Partial<RunOptions>,
  hooks: ClientHooks = {},
): RunHandle {
  let worker: Worker | undefined;
  let finished = false;
  let resolveDone!: (o: RunOutcome) => void;
  const done = new Promise<RunOutcome>((r) => {
    resolveDone = r;
  });
  const finish = (o: RunOutcome) => {
    if (finished) return;
    finished = true;
    worker?.terminate();
    worker = undefined;
    resolveDone(o);
  };
  const timeout = hooks.startTimeoutMs ?? 20000;

  const attempt = (threads: boolean, fallbackReason?: string) => {
    const w = spawn();
    worker = w;
    let started = false;
    // The worker's own timeout covers a hanging setBackend; this one also covers a worker that never answers.
    const timer = setTimeout(() => {
      if (started || finished || worker !== w) return;
      w.terminate();
      if (threads)
        attempt(false, `single-threaded: the threaded wasm backend did not start within ${timeout / 1000} s`);
      else finish({ status: 'failed', kind: 'backend', message: 'the wasm backend did not start' });
    }, timeout + Math.min(2000, timeout));
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      if (worker !== w || finished) return;
      const m = ev.data;
      if (m.type === 'ready') {
        started = true;
        clearTimeout(timer);
        hooks.onBackend?.(m.backend);
        w.postMessage({ type: 'run', design, options } satisfies ToWorker);
      } else if (m.type === 'progress') hooks.onProgress?.(m.progress);
      else if (m.type === 'result')
        finish({ status: 'done', result: m.result, ...(m.ort ? { ort: m.ort } : {}) });
      else if (m.type === 'error') {
        clearTimeout(timer);
        if (m.kind === 'backend' && threads && !started) {
          w.terminate();
          attempt(false, `single-threaded: the threaded wasm backend failed (${m.message})`);
        } else if (m.kind === 'cancelled') finish({ status: 'cancelled' });
        else finish({ status: 'failed', kind: m.kind, message: m.message });
      }
    };
    w.onerror = (ev) => {
      if (worker !== w || finished) return;
      clearTimeout(timer);
      ev.preventDefault();
      if (threads && !started) {
        w.terminate();
        attempt(false, `single-threaded: the threaded worker failed (${ev.message})`);
      } else finish({ status: 'failed', kind: 'internal', message: ev.message || 'the run worker failed' });
    };
    w.postMessage({
      type: 'start',
      threads,
      timeoutMs: timeout,
      ...(fallbackReason ? { fallbackReason } : {}),
    } satisfies ToWorker);
  };

  const t = canUseThreads();
  if (t.ok) attempt(true);
  else attempt(false, t.reason);

  return {
    cancel: () => finish({ status: 'cancelled' }),
    done,
  };
}
