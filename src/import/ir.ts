/**
 * The intermediate graph every model reader produces: format-neutral, validated (see
 * validate.ts), and free of weight bytes. Op types and attributes follow ONNX (its operator
 * set is the neutral vocabulary: a TFLite CONV_2D or a Keras Conv2D is written as a Conv with
 * ONNX's attribute names), with two differences a reader may use:
 * - `layout` says where the channels of 4-D activations are: NCHW (ONNX) or NHWC (TFLite,
 *   Keras, TensorFlow.js). Weight constants are always given in ONNX's order (a conv weight is
 *   [M, C/group, kH, kW]).
 * - A Conv, ConvTranspose or Gemm whose weights are not in the file (a Keras topology) names
 *   its output width in the attribute `filters` (Conv) or `units` (Gemm; it then applies to the
 *   last axis, as a Keras Dense does) and says whether it has a bias with `bias` = 0 or 1,
 *   instead of a weight input. A depthwise one names `depth_multiplier` (group = channels).
 * - A Conv with `group` = 0 has as many groups as its weight's input channels go into the
 *   input's (TensorFlow's implicit grouping).
 * - A BatchNormalization without inputs other than X says which of its scale (gamma) and
 *   center (beta) it has with `scale` and `center` = 0 or 1 (default 1); a PRelu without a
 *   slope input names the axes its slope is shared over (`shared_axes`, Keras numbering).
 */

export type Layout = 'NCHW' | 'NHWC';

export type DType =
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float64'
  | 'float8'
  | 'int4'
  | 'uint4'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'complex64'
  | 'complex128'
  | 'unknown';

/** Bits per element of each dtype (strings and unknowns: 0, they are never costed). */
export const DTYPE_BITS: Readonly<Record<DType, number>> = {
  float32: 32,
  float16: 16,
  bfloat16: 16,
  float64: 64,
  float8: 8,
  int4: 4,
  uint4: 4,
  int8: 8,
  uint8: 8,
  int16: 16,
  uint16: 16,
  int32: 32,
  uint32: 32,
  int64: 64,
  uint64: 64,
  bool: 8,
  string: 0,
  complex64: 64,
  complex128: 128,
  unknown: 0,
};

/** A dimension: a size, or the name of a dynamic one ("batch_size", "?" when unnamed). */
export type Dim = number | string;

/** Integer tensors with at most this many elements keep their values (shapes, axes, pads, indices). */
export const SMALL_TENSOR = 1024;
/** Floating-point tensors with at most this many elements keep theirs (Clip bounds, the 3 and 6 of hard-swish). */
export const SMALL_FLOAT_TENSOR = 16;

/** Whether a constant of this dtype and size keeps its values. */
export function keepsValues(dtype: DType, n: number): boolean {
  return n <= (dtype.startsWith('float') || dtype === 'bfloat16' ? SMALL_FLOAT_TENSOR : SMALL_TENSOR);
}

/** A constant tensor (an initializer, a Constant node, a stored weight): dims and dtype, never the weight bytes. */
export interface IrTensor {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** The values of a small tensor (see keepsValues) when the file has them. */
  readonly values?: readonly number[];
  /** Where its bytes are: in the file, in an external file (not needed, not read), or nowhere. */
  readonly data: 'inline' | 'external' | 'none';
}

/** A graph input or a declared intermediate value: dtype and, when known, dims. */
export interface IrValue {
  readonly name: string;
  readonly dtype: DType;
  readonly dims?: readonly Dim[];
}

export type IrAttr =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | { readonly tensor: IrTensor }
  | { readonly graphs: number };

export interface IrNode {
  readonly name: string;
  readonly op: string;
  /** "" is the default (ONNX) domain. */
  readonly domain: string;
  /** Value names; "" marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, IrAttr>>;
}

export type IrFormat = 'ONNX' | 'TFLite' | 'Keras' | 'TensorFlow.js';

export interface IrGraph {
  readonly format: IrFormat;
  /** What made the file, e.g. "pytorch 1.13.0" (may be empty). */
  readonly producer: string;
  readonly name: string;
  readonly layout: Layout;
  /** Version of the default ONNX operator set the op semantics follow (other formats: 21). */
  readonly opset: number;
  readonly inputs: readonly IrValue[];
  readonly outputs: readonly string[];
  readonly constants: ReadonlyMap<string, IrTensor>;
  /** Shapes the file declares for intermediate values (often none): a fallback, never trusted over inference. */
  readonly valueInfo: ReadonlyMap<string, IrValue>;
  /** In topological order. */
  readonly nodes: readonly IrNode[];
  /** Facts about the file worth telling the user (external weights not read, weights absent...). */
  readonly notes: readonly string[];
}

/** Elements of a tensor with known dims: the product of its dims (1 for a scalar). */
export function numel(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function isTensorAttr(a: IrAttr | undefined): a is { tensor: IrTensor } {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'tensor' in a;
}
