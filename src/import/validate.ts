import { exact } from '../core/format.ts';
import { ImportError, quote } from './errors.ts';
import type { IrGraph, IrNode } from './ir.ts';

/** At most this many named values (node outputs, constants, inputs) in one graph. */
const MAX_VALUES = 1_000_000;

function describe(n: IrNode): string {
  return `node ${quote(n.name)} (${n.op})`;
}

/**
 * Checks the structure every reader's graph must have, whatever its format, and returns it with
 * its nodes in topological order:
 * - every input of every node is a graph input, a constant or the output of a node ("" = omitted);
 * - every value is defined once (a node output may not shadow a constant, an input or another output);
 * - the graph has no cycle, at least one input and one output, and every output is defined;
 * - graph input dims are positive sizes or names.
 * Throws an ImportError naming the node and the value.
 */
export function validateGraph(g: IrGraph, otherDomains: readonly string[] = []): IrGraph {
  const F = g.format;
  const producer = new Map<string, number>();
  const defined = new Set<string>();
  for (const c of g.constants.keys()) defined.add(c);
  for (const v of g.inputs) {
    if (!v.name) throw new ImportError('a graph input has no name', F);
    if (defined.has(v.name)) throw new ImportError(`graph input ${quote(v.name)} is declared twice`, F);
    defined.add(v.name);
    for (const d of v.dims ?? []) {
      if (typeof d === 'number' && (!Number.isInteger(d) || d <= 0))
        throw new ImportError(`graph input ${quote(v.name)} has an impossible dimension ${d}`, F);
    }
  }
  g.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (!o) continue;
      if (defined.has(o) || producer.has(o)) {
        const other = producer.get(o);
        throw new ImportError(
          `value ${quote(o)} is defined twice (by ${describe(n)}${other === undefined ? ' and as a constant or graph input' : ` and by ${describe(g.nodes[other])}`})`,
          F,
        );
      }
      producer.set(o, i);
    }
    if (producer.size + defined.size > MAX_VALUES)
      throw new ImportError(`the graph has more than ${exact(MAX_VALUES)} values`, F);
  });
  for (const n of g.nodes) {
    for (const x of n.inputs) {
      if (x && !defined.has(x) && !producer.has(x))
        throw new ImportError(
          `${describe(n)} reads ${quote(x)}, which no node, constant or graph input defines`,
          F,
        );
    }
  }
  if (g.inputs.length === 0 && g.nodes.length > 0)
    throw new ImportError('the graph has no input (every value is a constant)', F);
  if (g.outputs.length === 0) throw new ImportError('the graph declares no output', F);
  for (const o of g.outputs) {
    if (!defined.has(o) && !producer.has(o))
      throw new ImportError(`graph output ${quote(o)} is not produced by any node`, F);
  }

  // Kahn's algorithm, keeping the file's order among ready nodes (files are usually sorted already).
  const n = g.nodes.length;
  const pending = new Int32Array(n);
  const consumers: number[][] = Array.from({ length: n }, () => []);
  g.nodes.forEach((node, i) => {
    const seen = new Set<number>();
    for (const x of node.inputs) {
      const p = producer.get(x);
      if (p === undefined || seen.has(p)) continue;
      if (p === i) throw new ImportError(`${describe(node)} reads its own output ${quote(x)}`, F);
      seen.add(p);
      pending[i]++;
      consumers[p].push(i);
    }
  });
  const order: number[] = [];
  const ready: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (pending[i] === 0) ready.push(i);
  while (ready.length) {
    const i = ready.pop()!;
    order.push(i);
    const next: number[] = [];
    for (const c of consumers[i]) if (--pending[c] === 0) next.push(c);
    for (let k = next.length - 1; k >= 0; k--) ready.push(next[k]);
  }
  if (order.length < n) {
    const stuck = g.nodes.findIndex((_, i) => pending[i] > 0);
    throw new ImportError(`the graph has a cycle through ${describe(g.nodes[stuck])}`, F);
  }
  const sorted = order.every((v, i) => v === i) ? g.nodes : order.map((i) => g.nodes[i]);
  const notes = [...g.notes];
  for (const d of otherDomains) {
    if (g.nodes.some((x) => x.domain === d)) notes.push(`ops of the domain ${quote(d)} have no cost model`);
  }
  return { ...g, nodes: sorted, notes };
}
