/** The graph view's boxes and arrows, the skip connections it draws aside, and dagre's layout of them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDesign, buildGraph, type Design, parseDesign } from '../../src/design/index.ts';
import { preset } from '../../src/presets/index.ts';
import { layoutGraph } from '../../src/ui/graph/layout.ts';
import {
  blockNode,
  clusterNode,
  compositeBlocks,
  type GraphEdge,
  type GraphNode,
  graphModel,
  INPUT_NODE,
  markSkips,
  opNode,
} from '../../src/ui/graph/model.ts';

const googlenet = () => preset('googlenet')!.build();

describe('the graph model of a design', () => {
  it('has one box per block plus the input, and one arrow per input read (GoogLeNet: 80 blocks, 107 reads)', () => {
    const d = googlenet();
    const m = graphModel(d, new Set());
    expect(m.structure.nodes).toHaveLength(81);
    expect(m.structure.edges).toHaveLength(107);
    const into3a = m.structure.edges.filter((e) => e.to === blockNode('3a')).map((e) => e.from);
    expect(into3a).toEqual(['b:3a.b1', 'b:3a.b2', 'b:3a.b3', 'b:3a.b4']);
    const outOfPool = m.structure.edges.filter((e) => e.from === blockNode('maxpool2')).map((e) => e.to);
    expect(outOfPool).toEqual(['b:3a.b1', 'b:3a.b2r', 'b:3a.b3r', 'b:3a.pool']);
    expect(m.structure.edges[0]).toEqual({ from: INPUT_NODE, to: blockNode('conv1') });
    // Parallel branches are not skip connections.
    expect(m.structure.edges.some((e) => e.skip)).toBe(false);
  });

  it('keeps its key for an edit that keeps the structure, and changes it when the wiring changes', () => {
    const d = googlenet();
    const key = graphModel(d, new Set()).key;
    const edited: Design = {
      ...d,
      blocks: d.blocks.map((b) =>
        b.id === '3a.b2' ? { ...b, name: 'renamed', params: { ...b.params, filters: 99 } } : b,
      ),
    };
    expect(graphModel(edited, new Set()).key).toBe(key);
    const rewired: Design = {
      ...d,
      blocks: d.blocks.map((b) => (b.id === '3a' ? { ...b, inputs: ['3a.b1', '3a.b2', '3a.b3'] } : b)),
    };
    expect(graphModel(rewired, new Set()).key).not.toBe(key);
    const shorter: Design = { ...d, blocks: d.blocks.slice(0, -1) };
    expect(graphModel(shorter, new Set()).key).not.toBe(key);
  });

  it('draws an expanded ResNet basic block as its seven ops in a frame, the shortcut as a skip into its add', () => {
    const d = preset('resnet18')!.build();
    const built = buildGraph(d);
    const m = graphModel(d, new Set(['resnet-basic-3']), built);
    expect(m.expanded).toEqual(new Set(['resnet-basic-3']));
    expect(m.structure.clusters).toEqual([clusterNode('resnet-basic-3')]);
    const ops = m.structure.nodes.filter(
      (n) => n.parent === clusterNode('resnet-basic-3') && n.id.startsWith('o:'),
    );
    expect(ops).toHaveLength(7);
    const skips = m.structure.edges.filter((e) => e.skip);
    // pool-2 feeds conv1 directly and the add through the shortcut.
    expect(skips).toEqual([{ from: blockNode('pool-2'), to: opNode('resnet-basic-3', 5), skip: true }]);
    // The next block reads the expanded block's last op.
    expect(m.structure.edges).toContainEqual({
      from: opNode('resnet-basic-3', 6),
      to: blockNode('resnet-basic-4'),
    });
    // Param edits elsewhere leave the op boxes' ids and the key alone.
    const edited: Design = {
      ...d,
      blocks: d.blocks.map((b) => (b.id === 'conv-1' ? { ...b, params: { ...b.params, bn: false } } : b)),
    };
    expect(graphModel(edited, new Set(['resnet-basic-3']), buildGraph(edited)).key).toBe(m.key);
  });

  it('marks the 21 earlier-feature reads of a 6-layer dense block as skips (each concat reads its input and every layer so far)', () => {
    const d = preset('densenet121')!.build();
    const m = graphModel(d, new Set(['dense-block-3']), buildGraph(d));
    // Layer i's concat reads i + 1 tensors, of which only the newest is not implied: 1 + 2 + ... + 6.
    expect(m.structure.edges.filter((e) => e.skip)).toHaveLength(21);
  });

  it('offers expansion for composite blocks only, not for a conv with its BN and ReLU', () => {
    const d = preset('densenet121')!.build();
    const a = analyzeDesign(d);
    const kinds = compositeBlocks(a.blocks, a.ops)
      .map((c, i) => (c ? d.blocks[i].kind : null))
      .filter(Boolean);
    expect(kinds).toEqual(['dense-block', 'dense-block', 'dense-block', 'dense-block', 'head']);
  });
});

/** Reachability by depth-first search, to check markSkips' bitsets independently. */
function reaches(edges: readonly GraphEdge[], from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length) {
    const v = stack.pop()!;
    if (v === to) return true;
    if (seen.has(v)) continue;
    seen.add(v);
    stack.push(...(out.get(v) ?? []));
  }
  return false;
}

const dagArb = fc
  .array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 24 })
  .map((reads) => {
    const nodes: GraphNode[] = [{ id: 'n0', w: 10, h: 10 }];
    const edges: GraphEdge[] = [];
    reads.forEach((picks, i) => {
      const id = `n${i + 1}`;
      nodes.push({ id, w: 40 + (i % 3) * 20, h: 20 });
      for (const from of new Set(picks.map((p) => `n${p % (i + 1)}`))) edges.push({ from, to: id });
    });
    return { nodes, edges };
  });

describe('skip connections', () => {
  it('are exactly the edges u -> v where u reaches another input of v', () => {
    fc.assert(
      fc.property(dagArb, ({ nodes, edges }) => {
        markSkips(nodes, edges);
        for (const e of edges) {
          const others = edges.filter((x) => x.to === e.to && x.from !== e.from);
          const implied = others.some((x) => reaches(edges, e.from, x.from));
          expect(!!e.skip).toBe(implied);
        }
      }),
      { numRuns: 200 },
    );
  });
});

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the layout', () => {
  it('puts GoogLeNet branches side by side in design order, below their source and above their concat', () => {
    const l = layoutGraph(graphModel(googlenet(), new Set()).structure);
    const x = (id: string) => l.nodes[blockNode(id)].x;
    const y = (id: string) => l.nodes[blockNode(id)].y;
    expect(x('3a.b1')).toBeLessThan(x('3a.b2r'));
    expect(x('3a.b2r')).toBeLessThan(x('3a.b3r'));
    expect(x('3a.b3r')).toBeLessThan(x('3a.pool'));
    for (const b of ['3a.b1', '3a.b2', '3a.b3', '3a.b4']) {
      expect(y(b)).toBeGreaterThan(y('maxpool2'));
      expect(y(b)).toBeLessThan(y('3a'));
    }
    expect(l.width).toBeGreaterThan(4 * 150);
  });

  it('never overlaps two boxes, keeps every box inside the drawing and starts every arrow at its source', () => {
    fc.assert(
      fc.property(dagArb, ({ nodes, edges }) => {
        markSkips(nodes, edges);
        const l = layoutGraph({ nodes, clusters: [], edges });
        const boxes = nodes.map((n) => l.nodes[n.id]);
        for (let i = 0; i < boxes.length; i++) {
          const b = boxes[i];
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.w).toBeLessThanOrEqual(l.width + 0.5);
          expect(b.y + b.h).toBeLessThanOrEqual(l.height + 0.5);
          for (let j = i + 1; j < boxes.length; j++) expect(overlap(b, boxes[j])).toBe(false);
        }
        for (const e of l.edges) {
          const s = l.nodes[e.from];
          const [px, py] = e.points[0];
          expect(px).toBeGreaterThanOrEqual(s.x - 0.5);
          expect(px).toBeLessThanOrEqual(s.x + s.w + 0.5);
          expect(py).toBeGreaterThanOrEqual(s.y - 0.5);
          expect(py).toBeLessThanOrEqual(s.y + s.h + 0.5);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps an expanded block ops inside its frame, and routes its shortcut left of everything it passes', () => {
    const d = parseDesign({
      input: { h: 8, w: 8, c: 16 },
      blocks: [
        { id: 'stem', kind: 'conv', params: { filters: 16 } },
        { id: 'res', kind: 'resnet-basic', params: { filters: 16 } },
        { id: 'out', kind: 'conv', params: { filters: 16 } },
      ],
    });
    const m = graphModel(d, new Set(['res']), buildGraph(d));
    const l = layoutGraph(m.structure);
    const frame = l.clusters[clusterNode('res')];
    for (const n of m.structure.nodes.filter((x) => x.parent)) {
      const b = l.nodes[n.id];
      expect(b.x).toBeGreaterThanOrEqual(frame.x);
      expect(b.y).toBeGreaterThanOrEqual(frame.y);
      expect(b.x + b.w).toBeLessThanOrEqual(frame.x + frame.w);
      expect(b.y + b.h).toBeLessThanOrEqual(frame.y + frame.h);
    }
    const skip = l.edges.find((e) => e.skip)!;
    const laneX = skip.points[2][0];
    expect(laneX).toBeLessThan(frame.x);
    expect(skip.points.at(-1)![1]).toBe(l.nodes[skip.to].y);
  });
});
