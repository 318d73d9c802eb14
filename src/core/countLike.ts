/**
 * "Count like": the figure another counter prints for the same network, from each tool's own
 * counting rules, op class by op class. Every rule below was read in that tool's source (file
 * named in `source`); the golden tests check the figures the tools print for ResNet-18 and
 * MobileNetV2. The units are each tool's own: most print multiply-accumulates (one per fused
 * multiply-add) whatever they call them, plus their own per-element charges for other ops.
 */
import type { ActivationFn } from './convention.ts';
import type { OpNode } from './graph.ts';
import { elements } from './shape.ts';

export const COUNT_LIKE_TOOLS = ['torchvision', 'fvcore', 'ptflops', 'thop', 'onnx-tool'] as const;
export type CountLikeTool = (typeof COUNT_LIKE_TOOLS)[number];

/** The op classes where the tools part ways. */
export const OP_CLASSES = ['conv', 'dense', 'bias', 'bn', 'act', 'pool', 'add', 'multiply'] as const;
export type OpClass = (typeof OP_CLASSES)[number];

export const OP_CLASS_LABELS: Record<OpClass, string> = {
  conv: 'conv (all kinds)',
  dense: 'dense / linear',
  bias: 'bias adds',
  bn: 'BatchNorm',
  act: 'activations',
  pool: 'pooling',
  add: 'residual adds',
  multiply: 'channel multiply (SE)',
};

export interface ToolRule {
  tool: CountLikeTool;
  label: string;
  /** What the tool calls its number and the unit it prints it in. */
  prints: string;
  /** The version and files the rules were read from. */
  source: string;
  /** One line per op class: how the tool counts it. */
  classes: Record<OpClass, string>;
  params: string;
  /** What the rule assumes about how the PyTorch model is written, where the tool depends on it. */
  assumes?: string;
}

export const TOOL_RULES: Record<CountLikeTool, ToolRule> = {
  torchvision: {
    tool: 'torchvision',
    label: 'torchvision model tables',
    prints: 'GFLOPS (really multiply-accumulates)',
    source:
      "torchvision's model docs (e.g. resnet18: 1.81 GFLOPS, mobilenet_v2: 0.30); the same as fvcore's conv and linear counts (fvcore/nn/jit_handles.py conv_flop_jit, linear_flop_jit)",
    classes: {
      conv: 'K·K·C_in/g per output element (one per multiply-add)',
      dense: 'in_features per output element',
      bias: 'not counted',
      bn: 'not counted',
      act: 'not counted',
      pool: 'not counted',
      add: 'not counted',
      multiply: 'not counted',
    },
    params: 'every parameter (BN gamma and beta included)',
  },
  fvcore: {
    tool: 'fvcore',
    label: 'fvcore FlopCountAnalysis',
    prints: 'flops (one per fused multiply-add)',
    source:
      'fvcore (facebookresearch/fvcore) fvcore/nn/flop_count.py _DEFAULT_SUPPORTED_OPS and fvcore/nn/jit_handles.py, model in eval mode',
    classes: {
      conv: 'K·K·C_in/g per output element (conv_flop_count: bias ignored)',
      dense: 'in_features per output element (addmm / linear: bias ignored)',
      bias: 'not counted',
      bn: '2 per element with affine, eval mode (batchnorm_flop_jit; 5 per element in train mode)',
      act: 'not counted (no handle: skipped with a warning)',
      pool: 'adaptive average pool 1 per input element; max and avg_pool2d not counted',
      add: 'not counted',
      multiply: 'not counted',
    },
    params: 'every parameter (parameter_count)',
  },
  ptflops: {
    tool: 'ptflops',
    label: 'ptflops (pytorch backend)',
    prints: 'MACs ("GMac")',
    source:
      'ptflops 0.7.6 (sovrasov/flops-counter.pytorch) ptflops/pytorch_ops.py MODULES_MAPPING and FUNCTIONAL_MAPPING, ptflops/pytorch_engine.py patch_functional (count_functional on, the default)',
    classes: {
      conv: 'K·K·C_in/g per output element (conv_flops_counter_hook)',
      dense: 'in_features per output element, plus the bias (linear_flops_counter_hook)',
      bias: 'conv bias: 1 per output element; linear bias: in the dense count',
      bn: '2 per element with affine (bn_flops_counter_hook)',
      act: 'ReLU 2 per element (the nn.ReLU hook and the patched F.relu it calls both count); ReLU6, LeakyReLU 1; SiLU 1 (through F.silu); sigmoid, tanh, hard-swish not counted',
      pool: '2 per input element for max, average and adaptive pools (module hook plus the patched functional)',
      add: 'not counted (x + y and += are not patched)',
      multiply: 'not counted (x * s is not patched)',
    },
    params: 'every trainable parameter',
    assumes:
      'activations and pools written as nn modules (torchvision ResNet); a pool called as a function (torchvision MobileNetV2) counts once, 0.02% of its total',
  },
  thop: {
    tool: 'thop',
    label: 'thop (pytorch-OpCounter)',
    prints: 'MACs',
    source:
      'thop 0.1.1 (Lyken17/pytorch-OpCounter) thop/profile.py register_hooks, thop/vision/basic_hooks.py, thop/vision/calc_func.py',
    classes: {
      conv: 'K·K·C_in/g per output element (calculate_conv2d_flops: bias excluded)',
      dense: 'in_features per output element (count_linear: bias excluded)',
      bias: 'not counted',
      bn: '4 per element with affine (calculate_norm gives 2 per element, doubled for affine)',
      act: 'not counted (ReLU, ReLU6: zero_ops; LeakyReLU: 0)',
      pool: 'max pools 0; average pool 1 per output element; adaptive average pool (H·W/h·w + 1) per output element',
      add: 'not counted (not a module)',
      multiply: 'not counted (not a module)',
    },
    params: 'every parameter of the counted modules',
    assumes:
      'the global pool written as nn.AdaptiveAvgPool2d (torchvision ResNet); as a function (torchvision MobileNetV2) thop skips it, 0.02% of its total',
  },
  'onnx-tool': {
    tool: 'onnx-tool',
    label: 'onnx-tool',
    prints: 'MACs (one per elementary instruction)',
    source:
      'onnx-tool (ThanatosShinji/onnx-tool) onnx_tool/node.py: ConvNode, GemmNode, PWNode, PoolBase, GlobalAveragePoolNode, BatchNormalizationNode, and the *_MACS constants; on the ONNX graph PyTorch exports in eval mode',
    classes: {
      conv: 'K·K·C_in/g per output element (MUL_MACS)',
      dense: 'in_features per output element, plus 1 per output element for the bias',
      bias: '1 per output element (ADD_MACS); the export folds every BN that follows a conv into its bias',
      bn: 'folded into the conv before it; a BN on its own 31 per element (add, sqrt 24, div 4, add, mul)',
      act: 'ReLU 1, ReLU6 (Clip) 2, LeakyReLU 2, hard-sigmoid 4, hard-swish 5, sigmoid 32, swish 33 (sigmoid + mul), tanh 76 per element',
      pool: 'max and average pools K·K per output element; global average pool 1 per input element + 4 per output element',
      add: '1 per output element per extra input (Add)',
      multiply: '1 per output element (Mul)',
    },
    params: 'the exported initialisers: conv weights and folded biases (no BN parameters left)',
  },
};

export interface CountLikeResult {
  tool: CountLikeTool;
  /** The figure the tool prints, in its own unit (see TOOL_RULES[tool].prints). */
  macs: number;
  params: number;
  byClass: Record<OpClass, number>;
  rule: ToolRule;
}

type Counts = Partial<Record<OpClass, number>>;

const PTFLOPS_ACT: Record<ActivationFn, number> = {
  relu: 2,
  relu6: 1,
  leaky_relu: 1,
  swish: 1,
  sigmoid: 0,
  tanh: 0,
  hard_sigmoid: 0,
  hard_swish: 0,
  linear: 0,
};

const ONNX_ACT: Record<ActivationFn, number> = {
  relu: 1,
  relu6: 2,
  leaky_relu: 2,
  hard_sigmoid: 4,
  hard_swish: 5,
  sigmoid: 32,
  swish: 33,
  tanh: 76,
  linear: 0,
};

/** The weight layer a BN folds into on export (its only reader), if any. */
function foldTarget(n: OpNode, nodes: readonly OpNode[], readers: Int32Array): OpNode | undefined {
  const p = n.inputs[0] >= 0 ? nodes[n.inputs[0]] : undefined;
  return p?.cost.layer && readers[p.id] === 1 ? p : undefined;
}

const hasBias = (n: OpNode): boolean => 'bias' in n.spec && n.spec.bias === true;

/** One op's counts under `tool`. `folded` says whether a BN follows (and folds into) this weight layer. */
function countOp(tool: CountLikeTool, n: OpNode, folded: boolean, standaloneBn: boolean): Counts {
  const s = n.spec;
  const out = elements(n.cost.out);
  const inE = n.inShapes.length ? elements(n.inShapes[0]) : 0;
  switch (s.op) {
    case 'conv2d':
    case 'hetconv': {
      const bias = hasBias(n) ? out : 0;
      if (tool === 'ptflops') return { conv: n.cost.macs, bias };
      if (tool === 'onnx-tool') return { conv: n.cost.macs, bias: bias || folded ? out : 0 };
      return { conv: n.cost.macs };
    }
    case 'dense': {
      const bias = hasBias(n) ? out : 0;
      if (tool === 'ptflops') return { dense: n.cost.macs + bias };
      if (tool === 'onnx-tool') return { dense: n.cost.macs + (bias || folded ? out : 0) };
      return { dense: n.cost.macs };
    }
    case 'batchnorm':
      if (tool === 'fvcore' || tool === 'ptflops') return { bn: 2 * out };
      if (tool === 'thop') return { bn: 4 * out };
      if (tool === 'onnx-tool') return { bn: standaloneBn ? 31 * out : 0 };
      return {};
    case 'activation':
      if (tool === 'ptflops') return { act: PTFLOPS_ACT[s.fn] * out };
      if (tool === 'onnx-tool') return { act: ONNX_ACT[s.fn] * out };
      return {};
    case 'pool': {
      const k = s.kernel[0] * s.kernel[1];
      if (tool === 'ptflops') return { pool: 2 * inE };
      if (tool === 'thop') return { pool: s.mode === 'avg' ? out : 0 };
      if (tool === 'onnx-tool') return { pool: k * out };
      return {};
    }
    case 'globalpool': {
      const window = n.inShapes[0].h * n.inShapes[0].w;
      if (tool === 'ptflops') return { pool: 2 * inE };
      if (s.mode !== 'avg') return {};
      if (tool === 'fvcore') return { pool: inE };
      if (tool === 'thop') return { pool: (window + 1) * out };
      if (tool === 'onnx-tool') return { pool: inE + 4 * out };
      return {};
    }
    case 'add':
      return tool === 'onnx-tool' ? { add: out * (n.inputs.length - 1) } : {};
    case 'multiply':
      return tool === 'onnx-tool' ? { multiply: out } : {};
    default:
      return {};
  }
}

/**
 * The figure `tool` prints for the network of `nodes` (batch included), by op class:
 * total = sum over ops of that tool's per-op count (TOOL_RULES[tool] states each rule), in the
 * tool's unit. Parameters as the tool counts them: all parameters, or for onnx-tool the exported
 * initialisers (conv/dense weights, biases, a BN folded into the bias before it, 4 per channel for a
 * BN left on its own).
 */
export function countLike(nodes: readonly OpNode[], tool: CountLikeTool): CountLikeResult {
  const readers = new Int32Array(nodes.length);
  for (const n of nodes) for (const i of n.inputs) if (i >= 0) readers[i]++;
  const foldsInto = new Set<number>();
  for (const n of nodes)
    if (n.spec.op === 'batchnorm') {
      const t = foldTarget(n, nodes, readers);
      if (t) foldsInto.add(t.id);
    }
  const byClass = Object.fromEntries(OP_CLASSES.map((c) => [c, 0])) as Record<OpClass, number>;
  let params = 0;
  for (const n of nodes) {
    const standalone = n.spec.op === 'batchnorm' && !foldTarget(n, nodes, readers);
    const c = countOp(tool, n, foldsInto.has(n.id), standalone);
    for (const k of OP_CLASSES) byClass[k] += c[k] ?? 0;
    if (tool !== 'onnx-tool') params += n.cost.params;
    else if (n.spec.op === 'batchnorm') params += standalone ? 4 * n.cost.out.c : 0;
    else params += n.cost.params + (foldsInto.has(n.id) && !hasBias(n) ? n.cost.out.c : 0);
  }
  const macs = OP_CLASSES.reduce((s, k) => s + byClass[k], 0);
  return { tool, macs, params, byClass, rule: TOOL_RULES[tool] };
}

/** Every tool's figure for the same network, for the table of where they part. */
export function countLikeAll(nodes: readonly OpNode[]): CountLikeResult[] {
  return COUNT_LIKE_TOOLS.map((t) => countLike(nodes, t));
}
