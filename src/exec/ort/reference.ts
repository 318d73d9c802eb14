/**
 * TensorFlow.js as the reference ONNX Runtime is compared against: the same design built with the
 * same seeded weights (ExecNetwork), run on the inputs ONNX Runtime got. Loads TensorFlow.js, so
 * it is used where that is loaded anyway (the run worker, Node tests).
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildGraph } from '../../design/analyze.ts';
import type { Design } from '../../design/schema.ts';
import { ExecNetwork, shapeArray } from '../network.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../types.ts';
import type { RuntimeReference } from './run.ts';

export interface TfReference extends RuntimeReference {
  dispose(): void;
}

/** Copies a tensor's data out, then frees it. */
function take(t: tf.Tensor): Float32Array {
  const d = (t.dataSync() as Float32Array).slice();
  t.dispose();
  return d;
}

export async function tfReference(design: Design, opts: Partial<RunOptions> = {}): Promise<TfReference> {
  const graph = buildGraph(design);
  const net = await ExecNetwork.build(graph, { ...DEFAULT_RUN_OPTIONS, ...opts });
  const outId = graph.outputs[0];
  return {
    whole(input) {
      const x = tf.tensor(input, shapeArray(graph.input));
      let out: Float32Array | undefined;
      try {
        take(
          net.forward(x, (k, y) => {
            if (k === outId) out = (y.dataSync() as Float32Array).slice();
          }),
        );
      } finally {
        x.dispose();
      }
      return out ?? input;
    },
    block(b, inputs) {
      const m = new Map<number, tf.Tensor>();
      for (const [id, d] of inputs) m.set(id, tf.tensor(d, net.shapeOf(id)));
      try {
        return take(net.runBlock(b, m));
      } finally {
        for (const t of m.values()) t.dispose();
      }
    },
    dispose: () => net.dispose(),
  };
}
