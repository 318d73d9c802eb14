import type { DesignDocument, ImportSummary } from './map/index.ts';

/** Page -> import worker: the file itself (read in the worker, so the page never holds its bytes). */
export interface ImportRequest {
  file: Blob;
  name: string;
  /** Input dims in the file's order, for a model with dynamic dimensions. */
  input?: number[];
}

/** Import worker -> page. */
export type ImportMessage =
  | { type: 'progress'; stage: 'reading' | 'read' | 'shapes' | 'design'; fraction: number }
  | { type: 'done'; design: DesignDocument; summary: ImportSummary; bytes: number }
  | {
      type: 'error';
      message: string;
      /** Set when the model needs its input shape: the file's dims and a shape that would do. */
      needsInput?: { name: string; dims: (number | string)[]; example: string };
    };
