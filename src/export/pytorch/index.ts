/**
 * A design as one self-contained PyTorch file (torch only): a class per conv kind used inside
 * blocks and per block kind, generated from the primitive-op graph convcost costs (so the module's
 * parameters and MACs are convcost's by construction), the network as one class that builds with
 * no arguments, wired as the design says, attributes named after the design's blocks, and a
 * __main__ that prints the parameters and the output shape.
 */

import { convKind } from '../../blocks/convKinds.ts';
import { blockDef } from '../../blocks/registry.ts';
import { exact } from '../../core/format.ts';
import { analyzeGraph, DEFAULT_CONVENTION, type OpNode } from '../../core/index.ts';
import type { Design } from '../../design/schema.ts';
import { type ExportModel, type ExportSite, prepareExport } from '../graph.ts';
import { buildClasses, type Instance, type Item, type PyClass } from './classes.ts';
import { attrName, className, unique } from './names.ts';
import { planOp, py, type Rank } from './ops.ts';
import { helperCode } from './prelude.ts';

export interface PytorchExport {
  text: string;
  /** The network's class name. */
  modelClass: string;
  /** The attribute of each block, in design order. */
  blockAttrs: string[];
  /** Class name of each block. */
  blockClasses: string[];
  /** Every class written, in file order. */
  classes: string[];
}

/** Names inside a site: the site's own name becomes the conv kind's, "<site>_dw" becomes "dw". */
function siteLocal(site: ExportSite, name: string): string {
  if (name === site.name) return site.kind;
  if (name.startsWith(`${site.name}_`)) return name.slice(site.name.length + 1);
  return name;
}

/** Keys unique inside an instance: the second "bn" is "bn_2". */
function keyer() {
  const seen = new Map<string, number>();
  return (base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  };
}

function opItem(node: OpNode, key: string, ins: string[], rank: (id: number) => Rank): Item {
  const p = planOp(
    node,
    node.inputs.map((i) => rank(i)),
  );
  return {
    key,
    type: p.type,
    ins,
    slots: p.slots,
    outRank: p.outRank,
    needs: p.needs,
    ...(p.module ? { module: p.module } : {}),
    ...(p.input ? { input: p.input } : {}),
    ...(p.expr ? { expr: p.expr } : {}),
  };
}

/** Refs of a node's inputs: 'in:k' for the instance's k-th input, else the producing item's key. */
function refsOf(
  inputs: readonly number[],
  externals: readonly number[],
  keyOf: Map<number, string>,
): string[] {
  const refs = inputs.map((i) => keyOf.get(i) ?? `in:${externals.indexOf(i)}`);
  const all = externals.map((_, k) => `in:${k}`);
  return externals.length > 1 && refs.length === all.length && refs.every((r, k) => r === all[k])
    ? ['in:*']
    : refs;
}

const doc = (kind: string) => {
  const def = blockDef(kind);
  return def
    ? `${def.label}: ${def.summary.replace(/\.$/, '')} (convcost kind "${kind}").`
    : `convcost kind "${kind}".`;
};

export function exportPytorch(design: Design): PytorchExport {
  return writePytorch(prepareExport(design));
}

function writePytorch(m: ExportModel): PytorchExport {
  const { graph, design } = m;
  const nodes = graph.nodes;
  // Ranks as the file will have them (2-D after dense and flatten).
  const ranks = new Map<number, Rank>([[-1, 4]]);
  for (const n of nodes)
    ranks.set(
      n.id,
      planOp(
        n,
        n.inputs.map((i) => ranks.get(i)!),
      ).outRank,
    );
  const rank = (id: number) => ranks.get(id)!;
  const taken = new Set(['Conv2dTF', 'Pool2dTF', 'HetConv2d', 'ConvTranspose2dTF', 'Model']);
  const needs = new Set<string>();

  // 1. Conv-kind classes, from every site of each kind.
  const siteOf = new Map<number, ExportSite>();
  for (const s of m.sites) for (let k = s.first; k < s.end; k++) siteOf.set(k, s);
  const siteCall = new Map<ExportSite, { cls: PyClass; k: number }>();
  const kinds = [...new Set(m.sites.map((s) => s.kind))];
  const classesInOrder: PyClass[] = [];
  for (const kind of kinds) {
    const sites = m.sites.filter((s) => s.kind === kind);
    const instances: Instance[] = sites.map((s) => {
      const key = keyer();
      const keyOf = new Map<number, string>();
      const items: Item[] = [];
      for (let k = s.first; k < s.end; k++) {
        const n = nodes[k];
        const kk = key(siteLocal(s, n.name));
        items.push(opItem(n, kk, refsOf(n.inputs, [s.input], keyOf), rank));
        keyOf.set(n.id, kk);
      }
      return {
        items,
        arity: 1,
        out: keyOf.get(s.output)!,
        inC: s.inC,
        outC: nodes[s.output].cost.out.c,
        label: `block ${graph.blocks[s.block].name}, ${s.name}`,
      };
    });
    const def = convKind(kind);
    const built = buildClasses(
      {
        name: className(kind),
        doc: doc(kind),
        instances,
        ...(def?.pythonMethods ? { methods: def.pythonMethods } : {}),
      },
      taken,
    );
    classesInOrder.push(...built.classes);
    sites.forEach((s, i) => {
      siteCall.set(s, { cls: built.classes[built.classOf[i]], k: built.indexIn[i] });
    });
  }

  // 2. Block-kind classes. A layer block (one site covering all its ops) is an instance of its conv kind's class.
  const blockCall: string[] = [];
  const blockClass: string[] = [];
  const byKind = new Map<string, number[]>();
  graph.blocks.forEach((meta, b) => {
    const own = nodes.filter((n) => n.block === b);
    const site = own.length ? siteOf.get(own[0].id) : undefined;
    if (
      site &&
      site.first === own[0].id &&
      site.end === own[own.length - 1].id + 1 &&
      site.kind === meta.kind
    ) {
      const { cls, k } = siteCall.get(site)!;
      blockCall[b] = cls.call(k);
      blockClass[b] = cls.name;
      return;
    }
    byKind.set(meta.kind, [...(byKind.get(meta.kind) ?? []), b]);
  });
  for (const [kind, members] of byKind) {
    const instances: Instance[] = members.map((b) => {
      const meta = graph.blocks[b];
      const externals = [...(meta.inputs ?? [])];
      const key = keyer();
      const keyOf = new Map<number, string>();
      const items: Item[] = [];
      for (const n of nodes.filter((x) => x.block === b)) {
        const site = siteOf.get(n.id);
        if (site) {
          if (n.id !== site.first) continue;
          const { cls, k } = siteCall.get(site)!;
          const kk = key(site.name);
          const slots: Item['slots'] = {};
          for (const a of cls.args) {
            const v = a.values[k];
            slots[a.name] = {
              value: v === undefined ? (a.flag ? false : null) : v,
              ...(a.channels ? { channels: true } : {}),
            };
          }
          items.push({
            key: kk,
            type: `class:${cls.name}`,
            ins: refsOf([site.input], externals, keyOf),
            slots,
            outRank: rank(site.output),
            needs: [],
            module: (code) =>
              `${cls.name}(${cls.args
                .map((a) =>
                  a.name === 'in_channels' || a.name === 'out_channels'
                    ? code(a.name)
                    : `${a.name}=${code(a.name)}`,
                )
                .join(', ')})`,
          });
          for (let j = site.first; j < site.end; j++) keyOf.set(j, kk);
          continue;
        }
        const kk = key(n.name);
        items.push(opItem(n, kk, refsOf(n.inputs, externals, keyOf), rank));
        keyOf.set(n.id, kk);
      }
      const outId = meta.output ?? externals[0];
      const inShape = (id: number) => (id < 0 ? graph.input : nodes[id].cost.out);
      return {
        items,
        arity: externals.length,
        out: keyOf.get(outId!) ?? `in:${externals.indexOf(outId!)}`,
        inC: externals.length ? inShape(externals[0]).c : graph.input.c,
        outC: inShape(outId ?? -1).c,
        label: `block ${meta.name}`,
      };
    });
    const built = buildClasses({ name: className(kind), doc: doc(kind), instances }, taken);
    classesInOrder.push(...built.classes);
    members.forEach((b, i) => {
      const cls = built.classes[built.classOf[i]];
      blockCall[b] = cls.call(built.indexIn[i]);
      blockClass[b] = cls.name;
    });
  }
  for (const c of classesInOrder) for (const n of c.needs) needs.add(n);

  // 3. The network.
  const attrs: string[] = [];
  const attrTaken = new Set<string>();
  for (const meta of graph.blocks) attrs.push(unique(attrName(meta.name), attrTaken));
  let modelClass = className(design.name);
  if (taken.has(modelClass)) modelClass = `${modelClass}Net`;
  const consumers = new Map<string, number[]>();
  graph.blocks.forEach((meta, b) => {
    for (const id of meta.inputIds ?? []) consumers.set(id, [...(consumers.get(id) ?? []), b]);
  });
  const outputIds = graph.outputIds;
  const chain = (id: string, b: number) =>
    (consumers.get(id) ?? []).length === 1 && consumers.get(id)![0] === b + 1 && !outputIds.includes(id);
  const inputVar = chain('input', -1) ? 'x' : 'image';
  const varOf = new Map<string, string>([['input', inputVar]]);
  const fwd: string[] = [];
  graph.blocks.forEach((meta, b) => {
    const ins = (meta.inputIds ?? []).map((id) => varOf.get(id)!);
    const v = chain(meta.id, b) ? 'x' : attrs[b];
    fwd.push(`${v} = self.${attrs[b]}(${ins.join(', ')})`);
    varOf.set(meta.id, v);
  });
  const outs = outputIds.map((id) => varOf.get(id)!);
  // "x = self.head(x)" then "return x" reads better as one return.
  const last = fwd[fwd.length - 1];
  if (
    outs.length === 1 &&
    last?.startsWith(`${outs[0]} = `) &&
    outs[0] === (varOf.get(graph.blocks[graph.blocks.length - 1]?.id) ?? '')
  )
    fwd[fwd.length - 1] = `return ${last.slice(outs[0].length + 3)}`;
  else fwd.push(`return ${outs.length === 1 ? outs[0] : outs.join(', ')}`);

  const totals = analyzeGraph(graph, DEFAULT_CONVENTION).totals;
  const outShapes = graph.outputs.map((id) => {
    const s = id < 0 ? graph.input : nodes[id].cost.out;
    return rank(id) === 4 ? [s.n, s.c, s.h, s.w] : [s.n, s.h * s.w * s.c];
  });
  const inputShape = [graph.input.n, graph.input.c, graph.input.h, graph.input.w];
  const net = [
    `class ${modelClass}(nn.Module):`,
    `    """${design.name}: ${graph.blocks.length} blocks, built with no arguments; input ${inputShape.join(' x ')} (N, C, H, W)."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...graph.blocks.map((_, b) => `        self.${attrs[b]} = ${blockCall[b]}`),
    '',
    `    def forward(self, ${inputVar}):`,
    ...fwd.map((l) => `        ${l}`),
  ].join('\n');

  const hetconvNote = nodes.some((n) => n.spec.op === 'hetconv')
    ? "\nHetConv layers are HetConv2d (below): the paper's layer, with weights only where it has them."
    : '';
  const header = `"""${design.name}, exported by convcost as a PyTorch module (torch only).

convcost counts ${exact(totals.convMacs)} conv/dense MACs and ${exact(totals.params)} parameters
(BatchNorm gamma/beta counted, running mean/var are buffers) for an input of ${inputShape.join(' x ')}.
Layout NCHW; padding follows convcost (TensorFlow's "same": the odd pixel at the bottom/right).${hetconvNote}
Each block of the design is an attribute of ${modelClass}, named after the block.

    python3 model.py            # prints the parameters and the output shape
"""`;
  const methodsUseCopy = classesInOrder.some((c) => c.source.includes('copy.deepcopy'));
  const text = [
    header,
    '',
    ...(methodsUseCopy ? ['import copy', ''] : []),
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    `INPUT_SHAPE = ${py(inputShape)}`,
    `CONVCOST = {'params': ${totals.params}, 'macs': ${totals.convMacs}, 'output_shapes': [${outShapes.map((s) => py(s)).join(', ')}]}`,
    '',
    ...helperCode(needs).flatMap((c) => ['', c, '']),
    ...classesInOrder.flatMap((c) => ['', c.source, '']),
    '',
    net,
    '',
    '',
    `Model = ${modelClass}`,
    '',
    '',
    "if __name__ == '__main__':",
    `    model = ${modelClass}().eval()`,
    '    with torch.no_grad():',
    '        y = model(torch.randn(*INPUT_SHAPE))',
    '    print(f\'params: {sum(p.numel() for p in model.parameters()):,} (convcost: {CONVCOST["params"]:,})\')',
    '    for out in y if isinstance(y, tuple) else (y,):',
    "        print('output shape:', tuple(out.shape))",
    '',
  ].join('\n');
  return {
    text: text.replace(/\n{4,}/g, '\n\n\n'),
    modelClass,
    blockAttrs: attrs,
    blockClasses: blockClass,
    classes: classesInOrder.map((c) => c.name),
  };
}
