import type { IrGraph } from '../ir.ts';
import { type InferOptions, type Inferred, inferShapes as run } from './engine.ts';
import { ONNX_RULES } from './rules.ts';

export type { InferOptions, Inferred, TensorInfo } from './engine.ts';
export { spatialAxes } from './rules.ts';

/** Shapes of every value of an intermediate graph (see engine.ts). Throws an ImportError. */
export function inferShapes(g: IrGraph, opts: InferOptions = {}): Inferred {
  return run(g, ONNX_RULES, opts);
}
