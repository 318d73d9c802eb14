import * as tf from '@tensorflow/tfjs-core';
import { type AcbBranch, fuseAcb, sameAlignment } from '../../blocks/acb/fuse.ts';
import type { Conv2dSpec, OpNode } from '../../core/index.ts';
import type { ExecNetwork, ExecOp } from '../network.ts';
import { randomInput, runOp, shapeArray } from '../network.ts';
import { BN_EPSILON } from '../ops/elementwise.ts';
import { convPadding } from '../ops/padding.ts';
import { hashSeed } from '../rng.ts';
import type { ExtraCheck } from '../types.ts';
import type { BlockCheck } from './types.ts';

/** ACNet's claim: the deployed conv reproduces the training-form block to float precision. */
export const ACB_FUSION_TOLERANCE = 1e-4;

interface AcbMatch {
  add: ExecOp;
  /** [square, hor, ver], each a conv and the BN after it (if any). */
  branches: { conv: ExecOp; bn?: ExecOp }[];
}

const isConv = (n: OpNode) => n.spec.op === 'conv2d' && n.spec.groups === 1;

/**
 * Finds ACBs structurally: an add of three branches, each a conv (groups 1) optionally followed by
 * a BN, all reading the same tensor, with kernels kh x kw, 1 x kw and kh x 1. Names do not matter,
 * so the check follows ACB wherever the conv kind is used (layer, ResNet block, ...).
 */
export function findAcbs(net: ExecNetwork, block: number): AcbMatch[] {
  const r = net.blocks[block];
  const out: AcbMatch[] = [];
  for (let k = r.first; k < r.first + r.count; k++) {
    const add = net.ops[k];
    if (add.node.spec.op !== 'add' || add.node.inputs.length !== 3) continue;
    const branches = add.node.inputs.map((i) => {
      if (i < 0) return undefined;
      const op = net.ops[i];
      if (op.node.spec.op === 'batchnorm') {
        const c = op.node.inputs[0];
        return c >= 0 && isConv(net.ops[c].node) ? { conv: net.ops[c], bn: op } : undefined;
      }
      return isConv(op.node) ? { conv: op } : undefined;
    });
    if (branches.some((b) => !b)) continue;
    const bs = branches as { conv: ExecOp; bn?: ExecOp }[];
    const src = bs[0].conv.node.inputs[0];
    if (bs.some((b) => b.conv.node.inputs[0] !== src)) continue;
    const [sq, hor, ver] = bs.map((b) => (b.conv.node.spec as Conv2dSpec).kernel);
    const [kh, kw] = sq;
    if (kh < 2 || kw < 2 || hor[0] !== 1 || hor[1] !== kw || ver[0] !== kh || ver[1] !== 1) continue;
    out.push({ add, branches: bs });
  }
  return out;
}

const tensorOf = (op: ExecOp | undefined, name: string) => op?.tensors.find((t) => t.name === name)?.tensor;

function branchWeights(b: { conv: ExecOp; bn?: ExecOp }, cout: number): AcbBranch {
  const kernel = tensorOf(b.conv, 'kernel')!.dataSync();
  const bias = tensorOf(b.conv, 'bias')?.dataSync();
  const bn = b.bn
    ? {
        gamma: tensorOf(b.bn, 'gamma')!.dataSync(),
        beta: tensorOf(b.bn, 'beta')!.dataSync(),
        mean: tensorOf(b.bn, 'running_mean')!.dataSync(),
        variance: tensorOf(b.bn, 'running_var')!.dataSync(),
      }
    : {
        // No BN: an identity one (sigma = 1).
        gamma: new Float32Array(cout).fill(1),
        beta: new Float32Array(cout),
        mean: new Float32Array(cout),
        variance: new Float32Array(cout).fill(1 - BN_EPSILON),
      };
  return { kernel, ...(bias ? { bias } : {}), bn };
}

/**
 * Runs the three-branch training form (BN in inference mode) and the deploy conv built by
 * fuseAcb (src/blocks/acb/fuse.ts) on the same random input and weights; max |difference| must be
 * below 1e-4.
 */
export function checkAcbFusion(m: AcbMatch, seed: number): ExtraCheck {
  const sqNode = m.branches[0].conv.node;
  const s = sqNode.spec as Conv2dSpec;
  const x = sqNode.inShapes[0];
  const [kh, kw] = s.kernel;
  const cout = s.filters;
  const align = s.padding === 'same' ? sameAlignment(x, s.kernel, s.stride) : {};
  const fused = fuseAcb(
    {
      square: branchWeights(m.branches[0], cout),
      hor: branchWeights(m.branches[1], cout),
      ver: branchWeights(m.branches[2], cout),
    },
    { kh, kw, cin: x.c, cout, eps: BN_EPSILON, ...align },
  );
  const input = randomInput(shapeArray(x), hashSeed(seed, 'acb', sqNode.id));
  const outs: tf.Tensor[] = [];
  const train = (() => {
    const ys = m.branches.map((b) => {
      const y = runOp(b.conv, [input]);
      outs.push(y);
      if (!b.bn) return y;
      const z = runOp(b.bn, [y]);
      outs.push(z);
      return z;
    });
    return runOp(m.add, ys);
  })();
  const deploy = tf.tidy(() =>
    tf.add(
      tf.conv2d(
        input as tf.Tensor4D,
        tf.tensor4d(fused.kernel, [kh, kw, x.c, cout]),
        [s.stride[0], s.stride[1]],
        convPadding(s.padding, x, s.kernel, s.stride, s.dilation),
        'NHWC',
        [s.dilation[0], s.dilation[1]],
      ),
      tf.tensor1d(fused.bias),
    ),
  );
  const errT = tf.tidy(() => tf.max(tf.abs(tf.sub(train, deploy))));
  const err = errT.dataSync()[0];
  for (const t of [input, train, deploy, errT, ...outs]) t.dispose();
  return {
    name: `${m.add.node.name}: ACB fused = training form`,
    ok: err < ACB_FUSION_TOLERANCE,
    value: err,
    tolerance: ACB_FUSION_TOLERANCE,
    detail: `max |deploy - training| = ${err.toExponential(2)} (BN in inference mode, ${kh}x${kw} + 1x${kw} + ${kh}x1 folded by fuseAcb)`,
  };
}

export const acbFusionCheck: BlockCheck = {
  name: 'ACB fusion',
  applies: (net, b) => findAcbs(net, b).length > 0,
  run: ({ net, block }) => findAcbs(net, block).map((m) => checkAcbFusion(m, net.options.seed)),
};
