import { startWasm } from '../../src/exec/backend.ts';
import type { BackendInfo } from '../../src/exec/types.ts';

let started: Promise<BackendInfo> | undefined;

/** Starts the wasm backend once per test file (startWasm throws if setBackend returns false). */
export function wasm(): Promise<BackendInfo> {
  started ??= startWasm({ threads: false });
  return started;
}
