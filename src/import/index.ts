import { ImportError } from './errors.ts';
import { inferShapes } from './infer/index.ts';
import type { IrGraph } from './ir.ts';
import { type ImportResult, irToDesign } from './map/index.ts';
import { readModelFile } from './read.ts';

export { ImportError, NeedsInputError } from './errors.ts';
export { parseInputShape } from './inputShape.ts';
export type { IrGraph } from './ir.ts';
export type { DesignDocument, ImportResult, ImportSummary } from './map/index.ts';
export { detectFormat, looksLikeText, type ModelFormat } from './read.ts';

export interface ImportOptions {
  /** Dims of the model's input ("1x3x224x224" order: the file's own), for dynamic dimensions. */
  input?: readonly number[];
  /** The design's name (default: the graph's or the file's). */
  name?: string;
  /** Reports progress through the stages (read, shapes, design) for a progress bar. */
  progress?: (stage: 'read' | 'shapes' | 'design') => void;
}

/** The intermediate graph's design, shapes inferred from `input` (or the file's own). */
export function designOfGraph(g: IrGraph, opts: ImportOptions = {}): ImportResult {
  opts.progress?.('shapes');
  const inferred = inferShapes(g, opts.input ? { inputs: new Map([['', opts.input]]) } : {});
  opts.progress?.('design');
  return irToDesign(g, inferred, opts.name);
}

/**
 * A model file (ONNX, TFLite, Keras .h5 / .keras, TensorFlow.js model.json) as a convcost design
 * document and a summary of what was imported. The document is untrusted like any file: it must
 * still go through the share decoder (decodeDocument) to become a design. Throws an ImportError.
 */
export function importModel(bytes: Uint8Array, opts: ImportOptions = {}): ImportResult {
  opts.progress?.('read');
  return designOfGraph(readModelFile(bytes), opts);
}
