/** Messages between the page (client.ts) and the Web Worker (worker.ts). Plain data only. */
import type { Design } from '../design/schema.ts';
import type { OrtRunResult } from './ort/types.ts';
import type { BackendInfo, RunOptions, RunProgress, RunResult } from './types.ts';

export type ToWorker =
  | { type: 'start'; threads: boolean; fallbackReason?: string; timeoutMs: number }
  | { type: 'run'; design: Design; options: Partial<RunOptions> }
  | { type: 'cancel' };

export type FailureKind = 'backend' | 'refused' | 'cancelled' | 'exec' | 'internal';

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'progress'; progress: RunProgress }
  | { type: 'result'; result: RunResult; ort?: OrtRunResult }
  | { type: 'error'; kind: FailureKind; message: string };
