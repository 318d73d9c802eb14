/**
 * One Python class from every instance of a block kind (or conv kind): the instances' items (ops,
 * or sub-modules of conv-kind classes) are merged by name into one item list; an item some
 * instances lack becomes nn.Identity() there (or a flag around an expression), numbers that differ
 * between instances become constructor arguments (the block's own input and output channels are
 * always in_channels and out_channels), and forward is written from the merged wiring. Instances
 * whose wiring cannot be merged that way get a class of their own (Kind2, Kind3...).
 */

import { attrName } from './names.ts';
import { type Lit, py, type Rank } from './ops.ts';

/** A reference to a value inside an instance: 'in:<k>' (the k-th input), 'in:*' (all inputs), or an item key. */
export type Ref = string;

export interface ItemSlot {
  value: Lit;
  channels?: boolean;
}

export interface Item {
  /** Unique in its instance; becomes the attribute name. */
  key: string;
  /** Items of one type are the same code with other numbers. */
  type: string;
  ins: Ref[];
  slots: Record<string, ItemSlot>;
  outRank: Rank;
  needs: string[];
  /** A module item's constructor, from each slot's code (argument name or literal) and literal. */
  module?: (code: (slot: string) => string, lit: (slot: string) => Lit | undefined) => string;
  /** A module item's call input. */
  input?: (x: string) => string;
  /** A functional item's expression. */
  expr?: (ins: string[], code: (slot: string) => string) => string;
}

export interface Instance {
  items: Item[];
  arity: number;
  out: Ref;
  /** The instance's own input and output channel counts. */
  inC: number;
  outC: number;
  /** What a failure names (the design's block). */
  label: string;
}

export interface PyArg {
  name: string;
  /** The slot it was first made for (arguments of one slot name merge when their values agree). */
  slot?: string;
  /** Per instance (undefined where the instance does not use it). */
  values: (Lit | undefined)[];
  channels?: boolean;
  flag?: boolean;
}

export interface PyClass {
  name: string;
  /** Python source of the class. */
  source: string;
  args: PyArg[];
  /** Constructor call for instance k: Name(64, 128, stride=2). */
  call(k: number): string;
  needs: Set<string>;
  /** Attribute of an item, by its key (for per-kind methods such as ACB's fuse()). */
  attrOf(key: string): string | undefined;
}

interface UItem {
  key: string;
  type: string;
  attr: string;
  present: boolean[];
  /** Each instance's item (undefined where absent). */
  of: (Item | undefined)[];
  /** Canonical inputs (union refs: 'in:*' or attr). */
  ins: Ref[];
  /** Input index passed through where the item is absent. */
  through: number;
  proto: Item;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Merges the instances' item lists by (key, type), keeping every instance's order. */
function mergeItems(instances: Instance[]): UItem[] | undefined {
  const U: UItem[] = [];
  instances.forEach((inst, k) => {
    let pos = -1;
    for (const it of inst.items) {
      let at = U.findIndex((u) => u.key === it.key && u.type === it.type && !u.present[k]);
      if (at < 0) {
        const u: UItem = {
          key: it.key,
          type: it.type,
          attr: '',
          present: instances.map(() => false),
          of: instances.map(() => undefined),
          ins: [],
          through: 0,
          proto: it,
        };
        U.splice(pos + 1, 0, u);
        at = pos + 1;
      } else if (at < pos) return;
      U[at].present[k] = true;
      U[at].of[k] = it;
      pos = at;
    }
  });
  // Every instance's items must appear in its own order (a later item never before an earlier one).
  for (let k = 0; k < instances.length; k++) {
    const seq = U.filter((u) => u.present[k]).map((u) => u.of[k]!);
    if (
      !same(
        seq.map((i) => i.key),
        instances[k].items.map((i) => i.key),
      )
    )
      return undefined;
  }
  const taken = new Set<string>();
  for (const u of U) {
    let a = attrName(u.key);
    for (let n = 2; taken.has(a); n++) a = `${attrName(u.key)}_${n}`;
    taken.add(a);
    u.attr = a;
  }
  return U;
}

/** Resolves the merged wiring; undefined when some instance cannot be written by it. */
function wire(instances: Instance[], U: UItem[]): { out: Ref } | undefined {
  const maps = instances.map((_, k) => new Map(U.filter((u) => u.present[k]).map((u) => [u.of[k]!.key, u])));
  const toUnion = (k: number, r: Ref): Ref => (r.startsWith('in:') ? r : maps[k].get(r)!.attr);
  const byAttr = new Map(U.map((u) => [u.attr, u]));
  /** What a union ref is in instance k (absent items pass their chosen input through). */
  const resolve = (k: number, r: Ref): Ref => {
    let cur = r;
    for (let guard = 0; guard <= U.length; guard++) {
      if (cur.startsWith('in:')) return cur;
      const u = byAttr.get(cur)!;
      if (u.present[k]) return cur;
      cur = u.ins[u.through];
      if (cur === undefined) return '?';
    }
    return '?';
  };
  /** Absent items a ref passes through in instance k. */
  const hops = (k: number, r: Ref): number => {
    let n = 0;
    let cur = r;
    while (!cur.startsWith('in:') && n <= U.length) {
      const u = byAttr.get(cur)!;
      if (u.present[k]) break;
      cur = u.ins[u.through];
      n++;
      if (cur === undefined) break;
    }
    return n;
  };
  const actual = (u: UItem, k: number) => u.of[k]!.ins.map((r) => toUnion(k, r));
  /**
   * Each input of an item is the ref that resolves, in every instance, to what that instance reads
   * there: a shortcut's "down_bn" where one instance has it and another reads its input directly.
   */
  let chain = false;
  const chooseInputs = () => {
    for (const [i, u] of U.entries()) {
      const ks = instances.map((_, k) => k).filter((k) => u.present[k]);
      const width = actual(u, ks[0]).length;
      if (ks.some((k) => actual(u, k).length !== width)) return false;
      // Alternatives (a max pool in one instance, an average pool in another) chain: each reads the
      // one before it, which passes its input through where it is absent.
      const earlier = U.slice(0, i)
        .map((x) => x.attr)
        .reverse();
      u.ins = [];
      for (let j = 0; j < width; j++) {
        const own = ks.map((k) => actual(u, k)[j]);
        const cands = [...new Set(chain ? [...earlier, ...own] : [...own, ...earlier])];
        // A chained alternative skips one absent item, never a whole absent branch.
        const c = cands.find(
          (cand) =>
            ks.every((k) => resolve(k, cand) === actual(u, k)[j]) &&
            (own.includes(cand) || ks.every((k) => hops(k, cand) <= 1)),
        );
        if (c === undefined) return false;
        u.ins.push(c);
      }
    }
    return true;
  };
  const attempt = (): { out: Ref } | undefined => {
    let consistent = chooseInputs();
    // An absent item with several inputs passes through the one that makes every instance agree.
    for (const u of U) {
      if (consistent) break;
      if (u.present.every(Boolean) || u.ins.length < 2) continue;
      for (let t = 1; t < u.ins.length && !consistent; t++) {
        u.through = t;
        consistent = chooseInputs();
      }
      if (!consistent) u.through = 0;
    }
    if (!consistent) return undefined;
    // Inputs come before their readers.
    const order = new Map(U.map((u, i) => [u.attr, i]));
    if (U.some((u, i) => u.ins.some((r) => !r.startsWith('in:') && order.get(r)! >= i))) return undefined;
    const outs = [
      ...new Set([...instances.map((inst, k) => toUnion(k, inst.out)), ...U.map((u) => u.attr).reverse()]),
    ];
    for (const cand of outs) {
      if (instances.every((inst, k) => resolve(k, cand) === toUnion(k, inst.out))) return { out: cand };
    }
    return undefined;
  };
  // nn.Identity() stands in for an absent module only when the module is called on its input as is.
  if (U.some((u) => u.proto.module && u.proto.input && !u.present.every(Boolean))) return undefined;
  // Each item reads what its instances read; failing that, alternatives are chained.
  const plain = attempt();
  if (plain) return plain;
  // Chaining is for one-item alternatives (ReLU or swish, max or average pool), not for branches
  // that one instance has and another lacks (ACB's three branches and its fused form).
  if (U.some((u) => u.ins.length > 1 && !u.present.every(Boolean))) return undefined;
  chain = true;
  for (const u of U) u.through = 0;
  return attempt();
}

/** Chooses literals and arguments for every slot; merges arguments with equal values. */
function argsOf(instances: Instance[], U: UItem[]) {
  const args: PyArg[] = [];
  const inC = instances.map((i) => i.inC);
  const outC = instances.map((i) => i.outC);
  const matches = (v: (Lit | undefined)[], w: (Lit | undefined)[]) =>
    v.some((x, k) => x !== undefined && w[k] !== undefined) &&
    v.every((x, k) => x === undefined || w[k] === undefined || same(x, w[k]));
  const argFor = new Map<string, string>();
  const literal = new Map<string, Lit>();
  const channelArg = (name: string, values: number[]) => {
    let a = args.find((x) => x.name === name);
    if (!a) {
      a = { name, values, channels: true };
      args.push(a);
    }
    return a.name;
  };
  for (const u of U) {
    for (const [slot, proto] of Object.entries(u.proto.slots)) {
      const id = `${u.attr}.${slot}`;
      const values = u.of.map((it) => it?.slots[slot]?.value);
      const defined = values.filter((v) => v !== undefined);
      const constant = defined.every((v) => same(v, defined[0]));
      if (proto.channels && matches(values, inC) && values.every((v, k) => v === undefined || v === inC[k])) {
        argFor.set(id, channelArg('in_channels', inC));
        continue;
      }
      if (proto.channels && values.every((v, k) => v === undefined || v === outC[k])) {
        argFor.set(id, channelArg('out_channels', outC));
        continue;
      }
      // An argument of the same slot whose values agree wherever both are used reads better than a literal.
      const sameSlot = args.find((a) => !a.flag && a.slot === slot && matches(values, a.values));
      if (sameSlot && !(constant && sameSlot.values.every((v) => v === undefined || same(v, defined[0])))) {
        sameSlot.values = sameSlot.values.map((v, k) => v ?? values[k]);
        argFor.set(id, sameSlot.name);
        continue;
      }
      if (constant) {
        literal.set(id, defined[0]!);
        continue;
      }
      const existing = args.find(
        (a) =>
          !a.flag && matches(values, a.values) && (a.slot === slot || (!!a.channels && !!proto.channels)),
      );
      if (existing) {
        existing.values = existing.values.map((v, k) => v ?? values[k]);
        argFor.set(id, existing.name);
        continue;
      }
      // in_channels / out_channels are the block's own; other channel counts are named after their item.
      const io = slot === 'in_channels' || slot === 'out_channels';
      let name = attrName(io ? `${u.attr}_${slot}` : slot);
      if (args.some((a) => a.name === name) || name === 'in_channels' || name === 'out_channels')
        name = attrName(`${u.attr}_${slot}`);
      args.push({ name, slot, values, ...(proto.channels ? { channels: true } : {}) });
      argFor.set(id, name);
    }
  }
  // A flag per distinct set of instances that lack some items.
  const flagFor = new Map<string, string>();
  for (const u of U) {
    if (u.present.every(Boolean)) continue;
    const v = u.present;
    const existing = args.find((a) => a.flag && same(a.values, v));
    if (existing) {
      flagFor.set(u.attr, existing.name);
      continue;
    }
    let name = attrName(u.attr);
    while (args.some((a) => a.name === name)) name = `${name}_on`;
    args.push({ name, values: [...v], flag: true });
    flagFor.set(u.attr, name);
  }
  // in_channels, out_channels first, flags last.
  const rank = (a: PyArg) => (a.name === 'in_channels' ? 0 : a.name === 'out_channels' ? 1 : a.flag ? 3 : 2);
  args.sort((a, b) => rank(a) - rank(b));
  return { args, argFor, literal, flagFor };
}

/** Forward, with single-use values inlined into the item that reads them next. */
function forwardOf(
  U: UItem[],
  out: Ref,
  arity: number | 'var',
  code: (u: UItem) => (slot: string) => string,
  flagFor: Map<string, string>,
): string[] {
  const uses = new Map<string, number>();
  for (const u of U) for (const r of u.ins) uses.set(r, (uses.get(r) ?? 0) + 1);
  uses.set(out, (uses.get(out) ?? 0) + 1);
  const inputExpr = (r: Ref): string => {
    if (r === 'in:*')
      return arity === 'var' ? '*xs' : Array.from({ length: arity as number }, (_, k) => `x${k}`).join(', ');
    const k = Number(r.slice(3));
    if (arity === 'var') return `xs[${k}]`;
    return arity === 1 ? 'x' : `x${k}`;
  };
  const lines: string[] = [];
  const exprOf = new Map<string, string>();
  const exprFor = (r: Ref) => (r.startsWith('in:') ? inputExpr(r) : exprOf.get(r)!);
  U.forEach((u, i) => {
    const ins = u.ins.flatMap((r) =>
      r === 'in:*' && arity !== 'var' ? inputExpr(r).split(', ') : [exprFor(r)],
    );
    const p = u.proto;
    let e: string;
    if (p.module) e = `self.${u.attr}(${p.input ? p.input(ins[0]) : ins[0]})`;
    else e = p.expr!(ins, code(u));
    const flag = flagFor.get(u.attr);
    if (flag && !p.module) e = `${e} if self.${flag} else ${ins[u.through] ?? ins[0]}`;
    const next = U[i + 1];
    const single = (uses.get(u.attr) ?? 0) === 1 && u.attr !== out;
    const depth = (e.match(/\(/g) ?? []).length;
    if (single && next?.ins.includes(u.attr) && !(flag && !p.module) && depth < 4 && e.length < 70) {
      exprOf.set(u.attr, e);
      return;
    }
    if (u.attr === out && i === U.length - 1) {
      exprOf.set(u.attr, e);
      return;
    }
    lines.push(`${u.attr} = ${e}`);
    exprOf.set(u.attr, u.attr);
  });
  lines.push(`return ${exprFor(out)}`);
  return lines;
}

export interface ClassSpec {
  name: string;
  doc: string;
  instances: Instance[];
  /** Extra methods (per-kind Python, e.g. ACB's fuse()), from the attributes of its items. */
  methods?: (attrOf: (key: string) => string | undefined) => string | undefined;
}

const indent = (s: string, n: number) =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** The class of these instances, or undefined when their wiring cannot be merged. */
export function buildClass(spec: ClassSpec): PyClass | undefined {
  const { instances } = spec;
  const U = mergeItems(instances);
  if (!U) return undefined;
  const w = wire(instances, U);
  if (!w) return undefined;
  const { args, argFor, literal, flagFor } = argsOf(instances, U);
  const arities = new Set(instances.map((i) => i.arity));
  const arity: number | 'var' = arities.size === 1 ? instances[0].arity : 'var';
  const needs = new Set(U.flatMap((u) => u.of.flatMap((it) => it?.needs ?? [])));
  const initCode = (u: UItem) => (slot: string) => {
    const id = `${u.attr}.${slot}`;
    return argFor.get(id) ?? py(literal.get(id) ?? null);
  };
  const fwdCode = (u: UItem) => (slot: string) => {
    const id = `${u.attr}.${slot}`;
    const a = argFor.get(id);
    return a ? `self.${a}` : py(literal.get(id) ?? null);
  };
  const litOf = (u: UItem) => (slot: string) => literal.get(`${u.attr}.${slot}`);
  const init: string[] = ['super().__init__()'];
  // Arguments forward reads are kept as attributes.
  const kept = new Set<string>();
  for (const u of U) {
    if (u.proto.module) {
      const ctor = u.proto.module(initCode(u), litOf(u));
      const flag = flagFor.get(u.attr);
      init.push(`self.${u.attr} = ${flag ? `${ctor} if ${flag} else nn.Identity()` : ctor}`);
    } else {
      for (const s of Object.keys(u.proto.slots)) {
        const a = argFor.get(`${u.attr}.${s}`);
        if (a) kept.add(a);
      }
      const flag = flagFor.get(u.attr);
      if (flag) kept.add(flag);
    }
  }
  // A flag forward reads must not share its name with a module attribute.
  const attrs = new Set(U.map((u) => u.attr));
  for (const a of [...kept]) {
    if (!attrs.has(a)) continue;
    const arg = args.find((x) => x.name === a)!;
    let name = `use_${a}`;
    while (args.some((x) => x.name === name)) name = `${name}_`;
    arg.name = name;
    for (const [k, v] of flagFor) if (v === a) flagFor.set(k, name);
    kept.delete(a);
    kept.add(name);
    for (let i = 0; i < init.length; i++)
      init[i] = init[i].replace(new RegExp(`\\bif ${a} else`), `if ${name} else`);
  }
  for (const a of kept) init.splice(1, 0, `self.${a} = ${a}`);
  const sig =
    arity === 'var'
      ? 'self, *xs'
      : arity === 1
        ? 'self, x'
        : `self, ${Array.from({ length: arity }, (_, k) => `x${k}`).join(', ')}`;
  const fwd = forwardOf(U, w.out, arity, fwdCode, flagFor);
  const attrOf = (key: string) => U.find((u) => u.key === key)?.attr;
  const extra = spec.methods?.(attrOf);
  const source = [
    `class ${spec.name}(nn.Module):`,
    indent(`"""${spec.doc}"""`, 4),
    '',
    `    def __init__(${['self', ...args.map((a) => a.name)].join(', ')}):`,
    indent(init.join('\n'), 8),
    '',
    `    def forward(${sig}):`,
    indent(fwd.join('\n'), 8),
    ...(extra ? ['', indent(extra, 4)] : []),
  ].join('\n');
  return {
    name: spec.name,
    source,
    args,
    needs,
    attrOf,
    call: (k) => {
      const parts: string[] = [];
      for (const a of args) {
        const v = a.values[k];
        const lit = v === undefined ? (a.flag ? false : null) : v;
        parts.push(a.name === 'in_channels' || a.name === 'out_channels' ? py(lit) : `${a.name}=${py(lit)}`);
      }
      return `${spec.name}(${parts.join(', ')})`;
    },
  };
}

/**
 * Classes for all instances of a kind: one when their wiring merges, else the fewest groups that
 * do (greedily, in design order), named Name, Name2, Name3... Returns the class of each instance.
 */
export function buildClasses(
  spec: ClassSpec,
  taken: Set<string>,
): { classes: PyClass[]; classOf: number[]; indexIn: number[] } {
  const groups: number[][] = [];
  const built: PyClass[] = [];
  const name = (g: number) => {
    let n = g === 0 ? spec.name : `${spec.name}_${g + 1}`;
    while (taken.has(n)) n = `${n}_`;
    return n;
  };
  const make = (g: number, members: number[]) =>
    buildClass({
      ...spec,
      name: name(g),
      doc:
        g === 0
          ? spec.doc
          : `${spec.doc}\n\nA structure variant (${g + 1}) of the same kind: its ops are wired differently.`,
      instances: members.map((i) => spec.instances[i]),
    });
  spec.instances.forEach((_, i) => {
    for (let g = 0; g < groups.length; g++) {
      const c = make(g, [...groups[g], i]);
      if (c) {
        groups[g].push(i);
        built[g] = c;
        return;
      }
    }
    const c = make(groups.length, [i]);
    if (!c) throw new Error(`${spec.instances[i].label}: its ops cannot be written as a class`);
    groups.push([i]);
    built.push(c);
  });
  for (const c of built) taken.add(c.name);
  const classOf: number[] = [];
  const indexIn: number[] = [];
  groups.forEach((members, g) => {
    members.forEach((m, j) => {
      classOf[m] = g;
      indexIn[m] = j;
    });
  });
  return { classes: built, classOf, indexIn };
}
