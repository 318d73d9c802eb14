import * as ort from 'onnxruntime-web';
import { fillWeights, withOutputs } from './onnxTools.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

/**
 * ONNX Runtime Web (wasm) as a shape oracle: every named value is made a graph output, the model
 * runs once on zeros, and the dims of every value come back. Weights the file lacks are
 * zero-filled first.
 */
export async function ortShapes(
  bytes: Uint8Array,
  values: readonly string[],
  inputs: Readonly<Record<string, readonly number[]>>,
): Promise<Map<string, number[]>> {
  const model = withOutputs(fillWeights(bytes), values);
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'disabled' });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, dims] of Object.entries(inputs))
      feeds[name] = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), [...dims]);
    const out = await session.run(feeds);
    return new Map(Object.entries(out).map(([k, v]) => [k, [...v.dims]]));
  } finally {
    await session.release();
  }
}
