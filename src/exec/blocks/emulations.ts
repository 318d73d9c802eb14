import * as tf from '@tensorflow/tfjs-core';
import type { ExecNetwork } from '../network.ts';
import { buildOp, disposeOp, randomInput, runOp, shapeArray } from '../network.ts';
import { hashSeed } from '../rng.ts';
import type { ExtraCheck, RunOptions } from '../types.ts';
import type { BlockCheck } from './types.ts';

/** Ops whose cross-check would cost more than this many MACs are skipped (the check runs both forms once). */
export const CROSS_CHECK_MAX_MACS = 3e8;
export const CROSS_CHECK_TOLERANCE = 1e-4;

/** The other emulation of an emulated op, with the same weights (same seeds, same tensor names). */
function alternative(net: ExecNetwork, k: number): Partial<RunOptions> | undefined {
  const e = net.ops[k].built.emulation;
  if (!e) return undefined;
  if (e.method === 'grouped:dw-sum') return { grouped: 'split' };
  if (e.method === 'grouped:split') return { grouped: 'dw-sum' };
  if (e.method === 'hetconv:masked') return { hetconv: 'grouped' };
  if (e.method === 'hetconv:grouped') return { hetconv: 'masked' };
  return undefined;
}

/** max |a - b| / max(1, max |a|), computed on the backend and read after the tidy. */
export function relativeMaxError(a: tf.Tensor, b: tf.Tensor): number {
  const r = tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.maximum(tf.max(tf.abs(a)), 1)));
  const v = r.dataSync()[0];
  r.dispose();
  return v;
}

/**
 * Every emulated op (grouped conv, HetConv) is run in both of its emulations on the same random
 * input and the outputs compared: the two constructions are independent, so agreement checks both.
 */
export const emulationCrossCheck: BlockCheck = {
  name: 'emulations agree',
  applies: (net, b) => {
    const r = net.blocks[b];
    for (let k = r.first; k < r.first + r.count; k++) if (alternative(net, k)) return true;
    return false;
  },
  run({ net, block }) {
    const r = net.blocks[block];
    const out: ExtraCheck[] = [];
    for (let k = r.first; k < r.first + r.count; k++) {
      const alt = alternative(net, k);
      const op = net.ops[k];
      if (!alt || !op.built.emulation) continue;
      if (op.built.emulation.executedMacs > CROSS_CHECK_MAX_MACS) continue;
      const other = buildOp(op.node, { ...net.options, ...alt });
      const x = randomInput(shapeArray(op.node.inShapes[0]), hashSeed(net.options.seed, 'cross', k));
      const a = runOp(op, [x]);
      const b = runOp(other, [x]);
      const err = relativeMaxError(a, b);
      out.push({
        name: `${op.node.name}: ${op.built.emulation.method} = ${other.built.emulation?.method}`,
        ok: err < CROSS_CHECK_TOLERANCE,
        value: err,
        tolerance: CROSS_CHECK_TOLERANCE,
        detail: `max |difference| / max(1, max |output|) = ${err.toExponential(2)} between the two independent constructions`,
      });
      for (const t of [x, a, b]) t.dispose();
      disposeOp(other);
    }
    return out;
  },
};
