/**
 * Starting TensorFlow.js on the wasm backend, in Node or in a browser (Web Worker), and saying
 * which variant actually runs: SIMD or not, threaded or not, how many threads.
 */

import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo } from './types.ts';

export interface WasmStartOptions {
  /** Try the multi-threaded build (browser only, needs cross-origin isolation). */
  threads: boolean;
  /** Threads to ask for; default: every logical core. */
  threadCount?: number;
  /** URLs of the three .wasm files (browser), keyed by file name, or a folder prefix. */
  wasmPaths?: Record<string, string> | string;
  /** Give up on setBackend after this long (the threaded build can hang). */
  timeoutMs?: number;
  /** Recorded in the result when a threaded start was wanted but not used. */
  fallbackReason?: string;
}

export class BackendStartError extends Error {
  override readonly name = 'BackendStartError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

const isNode = () =>
  typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

/** Starts the wasm backend (once per realm) and describes it. Throws BackendStartError on failure or timeout. */
export async function startWasm(o: WasmStartOptions): Promise<BackendInfo> {
  const node = isNode();
  if (tf.getBackend() !== 'wasm') {
    if (o.wasmPaths) setWasmPaths(o.wasmPaths as never);
    if (!o.threads || node) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (o.threads && !node) {
      const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
      const want = Math.max(1, Math.min(8, o.threadCount ?? cores));
      // tfjs-backend-wasm caps its thread pool at half of navigator.hardwareConcurrency (it assumes
      // two hardware threads per core), which is 1 thread on a 2-core machine. The run worker does
      // nothing else, so ask for every logical core: the cap reads hardwareConcurrency in this
      // worker when the wasm module starts, so report twice the wanted count here.
      try {
        Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 * want, configurable: true });
      } catch {
        // Not redefinable: keep tfjs's own cap.
      }
      setThreadsCount(want);
    }
    const timeout = o.timeoutMs ?? 20000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ok = await Promise.race([
      tf.setBackend('wasm'),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeout);
      }),
    ]);
    clearTimeout(timer);
    if (ok === 'timeout')
      throw new BackendStartError(`the wasm backend did not start within ${timeout / 1000} s`, true);
    if (!ok)
      throw new BackendStartError(
        'setBackend("wasm") returned false: the wasm backend failed to start',
        false,
      );
    await tf.ready();
  }
  const simd = !!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threadedBuild = !!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  let threads = 1;
  try {
    threads = threadedBuild ? getThreadsCount() : 1;
  } catch {
    threads = 1;
  }
  return {
    name: tf.getBackend(),
    environment: node ? 'node' : 'browser',
    simd,
    threads,
    threaded: threadedBuild && simd,
    ...(o.fallbackReason ? { fallbackReason: o.fallbackReason } : {}),
    tfjsVersion: tf.version_core,
  };
}
