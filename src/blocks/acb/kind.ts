import { z } from 'zod';
import type { GraphBuilder, Padding, Shape, TensorRef } from '../../core/index.ts';
import { fail, num } from '../../core/index.ts';
import { measure, standardCost } from '../common.ts';
import type { ConvCore, ConvKindDef, PostOps } from '../types.ts';
import { acbPicture } from './picture.ts';
import { acbFuseMethod } from './pytorch.ts';

const optionsSchema = z.object({
  /** train: three parallel branches KxK, 1xK, Kx1, each with its own BN, summed; deploy: the fused KxK conv. */
  form: z.enum(['train', 'deploy']).default('train'),
});
type Options = z.infer<typeof optionsSchema>;

/**
 * Where the 1xK and Kx1 branches sit inside the KxK kernel: the centre row and column,
 * (kh - 1)/2 and (kw - 1)/2, in pixels (times the dilation).
 */
function centreOffsets(core: ConvCore): { row: number; col: number } {
  return {
    row: ((core.kernel[0] - 1) / 2) * core.dilation[0],
    col: ((core.kernel[1] - 1) / 2) * core.dilation[1],
  };
}

/**
 * Paddings of the 1xK (horizontal) and Kx1 (vertical) branches that make them see exactly the
 * centre row / column of the KxK window, so the three outputs line up and can be summed (and the
 * kernels later fused). "same" stays "same" (TensorFlow pads each branch to ceil(in/stride));
 * explicit padding [t, b, l, r] loses the centre offset on the collapsed axis.
 */
export function branchPaddings(core: ConvCore): { hor: Padding; ver: Padding } | string {
  if (core.padding === 'same') return { hor: 'same', ver: 'same' };
  const { row, col } = centreOffsets(core);
  const [t, b, l, r] = core.padding === 'valid' ? [0, 0, 0, 0] : core.padding;
  if (t < row || b < row || l < col || r < col) {
    return `padding ${core.padding === 'valid' ? '"valid"' : `[${core.padding.join(', ')}]`} is smaller than the kernel's half-width, so the 1xK and Kx1 branches would need their input cropped to line up with the KxK kernel's centre (ACNet's CropLayer); convcost models ACB on padded convs only`;
  }
  return { hor: [t - row, b - row, l, r], ver: [t, b, l - col, r - col] };
}

function why(core: ConvCore): string | undefined {
  const [kh, kw] = core.kernel;
  if (kh === 1 || kw === 1)
    return `a ${kh}x${kw} kernel has no separate 1xK and Kx1 skeleton to strengthen (ACB needs both sides > 1)`;
  if (kh % 2 === 0 || kw % 2 === 0)
    return `a ${kh}x${kw} kernel has no centre row and column to add the 1xK and Kx1 kernels into (ACB needs odd sides)`;
  const pads = branchPaddings(core);
  return typeof pads === 'string' ? pads : undefined;
}

/** Training form: KxK, 1xK and Kx1 convs on the same input, each with its own BN, summed, then the activation. */
function buildTrain(g: GraphBuilder, x: TensorRef, core: ConvCore, p: PostOps, name: string): TensorRef {
  const pads = branchPaddings(core);
  if (typeof pads === 'string') fail(`ACB: ${pads}`, 'padding', core.padding);
  const [kh, kw] = core.kernel;
  const branch = (kernel: [number, number], padding: Padding, suffix: string) => {
    const y = g.conv(x, { ...core, kernel, padding, groups: 1 }, `${name}_${suffix}`);
    return p.bn ? g.bn(y, `bn_${suffix}`) : y;
  };
  const square = branch([kh, kw], core.padding, 'square');
  const hor = branch([1, kw], pads.hor, 'hor');
  const ver = branch([kh, 1], pads.ver, 'ver');
  const sum = g.add([square, hor, ver], `${name}_sum`);
  return g.act(sum, p.act, p.act === 'none' ? undefined : p.act);
}

/** Deploy form: BN folded into each branch and the branches added into one KxK kernel, with a bias. */
function buildDeploy(g: GraphBuilder, x: TensorRef, core: ConvCore, p: PostOps, name: string): TensorRef {
  const y = g.conv(x, { ...core, groups: 1, bias: core.bias || p.bn }, `${name}_fused`);
  return g.act(y, p.act, p.act === 'none' ? undefined : p.act);
}

function costs(input: Shape, core: ConvCore) {
  const withBn: PostOps = { bn: true, act: 'none' };
  return {
    train: measure(input, (g, x) => buildTrain(g, x, core, withBn, 'acb')),
    deploy: measure(input, (g, x) => buildDeploy(g, x, core, withBn, 'acb')),
  };
}

/**
 * ACNet's asymmetric convolution block (Ding et al., ICCV 2019, arXiv 1908.03930). Training form:
 * KxK + 1xK + Kx1 branches with their own BN, summed; deploy form: one KxK conv with a bias,
 * exactly the cost of the conv it replaced. The weight fusion itself is `fuseAcb` in fuse.ts.
 */
export const acb: ConvKindDef<Options> = {
  kind: 'acb',
  label: 'ACB (ACNet)',
  summary:
    'ACNet block: KxK + 1xK + Kx1 branches with their own BN while training, one fused KxK conv at deploy (Ding et al. 2019).',
  picture: acbPicture,
  pythonMethods: acbFuseMethod,
  optionsSchema,
  defaultOptions: { form: 'train' },
  build(g, x, core, p, o, name) {
    const reason = why(core);
    if (reason) fail(`ACB: ${reason}`, 'kernel', core.kernel.join('x'));
    return o.form === 'deploy' ? buildDeploy(g, x, core, p, name) : buildTrain(g, x, core, p, name);
  },
  ineligible(_inC, core) {
    return why(core);
  },
  explain(input, core, o) {
    const [kh, kw] = core.kernel;
    const reason = why(core);
    const std = standardCost(input, core);
    const M = input.c;
    const N = core.filters;
    const kArea = kh * kw;
    const extra = kh + kw;
    const square = kh === kw;
    if (reason) {
      return {
        title: 'ACB (ACNet): not applicable here',
        summary: reason,
        formulas: [],
        conditions: [{ name: 'Kernel and padding fit an ACB', ok: false, detail: reason }],
        notes: [],
      };
    }
    const { train, deploy } = costs(input, core);
    const D = `${std.out.h}\\cdot ${std.out.w}`;
    const b = input.n > 1 ? ` \\cdot ${input.n}_{\\text{batch}}` : '';
    const trainRatio = train.macs / std.macs;
    return {
      title: `ACB (ACNet), ${o.form === 'train' ? 'training' : 'deploy'} form`,
      summary: `During training a ${kh}x${kw} conv is helped by parallel 1x${kw} and ${kh}x1 convs, each with its own BN, and the three outputs are summed: ${(trainRatio * 100).toFixed(1)}% of the conv's MACs plus two extra BNs. After training each BN is folded into its branch and the 1x${kw} and ${kh}x1 kernels are added into the centre row and column of the ${kh}x${kw} kernel, so the deployed network is exactly the original one, at exactly its cost.`,
      formulas: [
        {
          label: 'MACs, training form (three branches)',
          symbolic: square
            ? 'D_o^2 \\cdot M \\cdot N \\cdot (K^2 + 2K)'
            : 'D_o^2 \\cdot M \\cdot N \\cdot (k_h k_w + k_h + k_w)',
          substituted: `${D} \\cdot ${M} \\cdot ${N} \\cdot (${kArea} + ${extra})${b}`,
          value: train.macs,
          unit: 'MACs',
        },
        {
          label: 'MACs, deploy form (one fused conv = the baseline)',
          symbolic: 'D_o^2 \\cdot M \\cdot N \\cdot K^2',
          substituted: `${D} \\cdot ${M} \\cdot ${N} \\cdot ${kArea}${b}`,
          value: deploy.macs,
          unit: 'MACs',
        },
        {
          label: 'Parameters, training form (3 kernels + 3 BNs)',
          symbolic: square ? 'M N (K^2 + 2K) + 3 \\cdot 2N' : 'M N (k_h k_w + k_h + k_w) + 3 \\cdot 2N',
          substituted: `${M}\\cdot ${N}\\cdot (${kArea} + ${extra}) + 3 \\cdot 2 \\cdot ${N}${core.bias ? ` + 3 \\cdot ${N}` : ''}`,
          value: train.params,
          unit: 'params',
        },
        {
          label: 'Parameters, deploy form (fused kernel + bias)',
          symbolic: 'M N K^2 + N',
          substituted: `${M}\\cdot ${N}\\cdot ${kArea} + ${N}`,
          value: deploy.params,
          unit: 'params',
        },
        {
          label: 'Fused kernel (BN folded, branches added at the centre)',
          symbolic:
            "F' = \\tfrac{\\gamma}{\\sigma} F \\oplus \\tfrac{\\bar\\gamma}{\\bar\\sigma} \\bar F \\oplus \\tfrac{\\hat\\gamma}{\\hat\\sigma} \\hat F,\\quad b' = \\textstyle\\sum_{\\text{branches}} \\left(\\beta - \\tfrac{\\mu \\gamma}{\\sigma}\\right),\\quad \\sigma = \\sqrt{\\text{var} + \\epsilon}",
          substituted: `\\bar F\\ (1\\times ${kw}) \\to \\text{row } ${(kh - 1) / 2},\\ \\hat F\\ (${kh}\\times 1) \\to \\text{column } ${(kw - 1) / 2}\\ \\text{of the } ${kh}\\times ${kw}\\ \\text{kernel}`,
          value: deploy.params,
          unit: 'params',
        },
      ],
      ratio: {
        label: 'Training MACs / standard conv',
        symbolic: square ? '\\frac{K^2 + 2K}{K^2}' : '\\frac{k_h k_w + k_h + k_w}{k_h k_w}',
        substituted: `\\frac{${kArea} + ${extra}}{${kArea}}`,
        value: trainRatio,
        unit: 'ratio',
      },
      conditions: [
        {
          name: 'Deploy form costs exactly the baseline conv',
          ok: deploy.macs === std.macs,
          detail: `deploy ${num(deploy.macs)} MACs vs standard ${num(std.macs)} MACs`,
        },
      ],
      notes: [
        `Training form: latency depth 1 (the branches run in parallel), ${num(train.macs - std.macs)} extra MACs and two extra BNs (${num(2 * 2 * N)} parameters, ${num(2 * 2 * std.out.h * std.out.w * N * input.n)} FLOPs).`,
        `Deploy form: one ${kh}x${kw} conv with a bias; with BN fused (deploy convention) its parameters equal the baseline's exactly.`,
        "With TensorFlow 'same' padding at stride 2 on an even input, the top/left pad is smaller than K/2, so 'same'-padded 1xK and Kx1 branches line up with row/column 0 of the KxK window, not its centre: fuse into that row and column (fuseAcb takes them as options). Symmetric padding (PyTorch, ACNet's code) always lines up with the centre.",
      ],
    };
  },
};
