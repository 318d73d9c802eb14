/**
 * Run results as app state. They are INPUTS of the store (measurements cannot be derived from the
 * design), kept out of undo history and autosave; `designKey` says which design they belong to.
 */
import type { Design } from '../design/schema.ts';
import type { OrtRunResult } from './ort/types.ts';
import type { FailureKind } from './protocol.ts';
import type { BackendInfo, RunOptions, RunProgress, RunResult } from './types.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RunState {
  status: RunStatus;
  progress: RunProgress | null;
  backend: BackendInfo | null;
  result: RunResult | null;
  /** The same design on ONNX Runtime Web, when the run asked for the second runtime. */
  ort: OrtRunResult | null;
  error: { kind: FailureKind; message: string } | null;
  /** Key of the design the result (or the run under way) is for. */
  designKey: string | null;
  /** Options of the next run (speed/accuracy, emulations). */
  options: Partial<RunOptions>;
}

export const INITIAL_RUN: RunState = {
  status: 'idle',
  progress: null,
  backend: null,
  result: null,
  ort: null,
  error: null,
  designKey: null,
  options: {},
};

/** A stable key of what a run depends on (input, batch, blocks; not the name). */
export function designKey(d: Design): string {
  return JSON.stringify([d.input, d.batch, d.blocks.map((b) => [b.kind, b.params])]);
}
