/**
 * The library entry of the `convcost` package (`import { ... } from 'convcost'`): validate a
 * design, analyse it under a counting convention, the preset networks, read a model file into a
 * design, and write a design as ONNX or PyTorch. Everything here is pure TypeScript (no DOM, no
 * TensorFlow.js); the README's "Library" section has an example.
 */
export type {
  Analysis,
  BlockSummary,
  BnMode,
  Convention,
  OpRow,
  Precision,
  Shape,
  Sums,
  Totals,
} from './core/index.ts';
export { CostError, DEFAULT_CONVENTION, describeConvention } from './core/index.ts';
export { analyzeDesign, buildGraph, tryAnalyze } from './design/analyze.ts';
export { type BlockInstance, type Design, parseDesign } from './design/schema.ts';
export { ExportError } from './export/graph.ts';
export { exportOnnx, type OnnxExport, type OnnxExportOptions } from './export/onnx/index.ts';
export { exportPytorch, type PytorchExport } from './export/pytorch/index.ts';
export { ImportError, NeedsInputError } from './import/errors.ts';
export { type ImportOptions, type ImportResult, importModel } from './import/index.ts';
export { PRESETS as presets, type Preset, preset } from './presets/index.ts';
