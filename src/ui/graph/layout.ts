/**
 * Positions for a GraphStructure, computed by dagre (layered layout, top to bottom: the data flows
 * down, parallel branches sit side by side, an expanded block's ops inside its frame). Runs in the
 * layout worker; the page falls back to calling it directly where workers are not available.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { GraphStructure } from './model.ts';

export interface Box {
  /** Top-left corner and size, px at zoom 1. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Record<string, Box>;
  clusters: Record<string, Box>;
  /**
   * One polyline per edge of the structure, in its order. Skip edges are drawn beside the
   * layering: out of the source's left side to a lane left of everything they pass, down, and
   * into the target's left side (one lane per source, so a source's skips share it).
   */
  edges: { from: string; to: string; points: [number, number][]; skip?: boolean; hidden?: boolean }[];
  /** Time dagre took, ms. */
  ms: number;
}

/** Space between boxes side by side, between layers, and around the drawing (px). */
export const SPACING = { node: 18, rank: 30, margin: 12, lane: 7, laneGap: 14 } as const;

export function layoutGraph(s: GraphStructure): GraphLayout {
  const t0 = performance.now();
  const compound = s.clusters.length > 0;
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound, multigraph: false });
  g.setGraph({
    rankdir: 'TB',
    nodesep: SPACING.node,
    ranksep: SPACING.rank,
    edgesep: 8,
    marginx: SPACING.margin,
    marginy: SPACING.margin,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of s.clusters) g.setNode(c, { width: 0, height: 0 });
  for (const n of s.nodes) {
    g.setNode(n.id, { width: n.w, height: n.h });
    if (n.parent) g.setParent(n.id, n.parent);
  }
  // Edges go in last first: dagre's ordering then puts a block's readers left to right in design
  // order (an Inception module's branches read 1, 2, 3, 4 across).
  for (let k = s.edges.length - 1; k >= 0; k--)
    if (!s.edges[k].skip) g.setEdge(s.edges[k].from, s.edges[k].to);
  dagre.layout(g);

  const nodes: Record<string, Box> = {};
  for (const n of s.nodes) {
    const l = g.node(n.id);
    nodes[n.id] = { x: l.x! - n.w / 2, y: l.y! - n.h / 2, w: n.w, h: n.h };
  }
  const clusters: Record<string, Box> = {};
  for (const c of s.clusters) {
    const l = g.node(c);
    clusters[c] = { x: l.x! - l.width / 2, y: l.y! - l.height / 2, w: l.width, h: l.height };
  }
  const edges: GraphLayout['edges'] = s.edges.map((e) => {
    if (e.skip) return { from: e.from, to: e.to, points: [], skip: true };
    const l = g.edge(e.from, e.to);
    const points = (l?.points ?? []).map((p: { x: number; y: number }) => [p.x, p.y] as [number, number]);
    return e.hidden ? { from: e.from, to: e.to, points, hidden: true } : { from: e.from, to: e.to, points };
  });
  const gl = g.graph();
  let width = Math.ceil(gl.width ?? 0);
  const height = Math.ceil(gl.height ?? 0);
  const shift = routeSkips(edges, nodes, clusters);
  if (shift > 0) {
    const move = (b: Box) => {
      b.x += shift;
    };
    Object.values(nodes).forEach(move);
    Object.values(clusters).forEach(move);
    for (const e of edges) for (const p of e.points) p[0] += shift;
    width += shift;
  }
  return { width, height, nodes, clusters, edges, ms: performance.now() - t0 };
}

/**
 * Points for the skip edges (see GraphLayout.edges): down out of the source's bottom into the gap
 * below it, left to the source's lane, down to the gap above the target, right and down into the
 * target's top. The runs across lie in the gaps between layers, so they cross arrows, never boxes.
 * Lanes are given to sources in order of their top, the lowest lane free over the source's span.
 * Returns how far everything must move right for the leftmost lane to stay inside the margin.
 */
function routeSkips(
  edges: GraphLayout['edges'],
  nodes: Record<string, Box>,
  clusters: Record<string, Box>,
): number {
  const bySource = new Map<string, GraphLayout['edges']>();
  for (const e of edges) {
    if (!e.skip) continue;
    const list = bySource.get(e.from);
    if (list) list.push(e);
    else bySource.set(e.from, [e]);
  }
  if (!bySource.size) return 0;
  const boxes = [...Object.values(nodes), ...Object.values(clusters)];
  const gap = SPACING.rank / 2;
  const spans = [...bySource].map(([from, list]) => {
    const src = nodes[from];
    const top = src.y;
    const bottom = Math.max(...list.map((e) => nodes[e.to].y));
    let left = src.x;
    for (const b of boxes) if (b.y < bottom && b.y + b.h > top && b.x < left) left = b.x;
    return { src, list, top, bottom, left };
  });
  spans.sort((a, b) => a.top - b.top);
  const laneEnds: number[] = [];
  let minX = Number.POSITIVE_INFINITY;
  for (const sp of spans) {
    let lane = laneEnds.findIndex((end) => end < sp.top);
    if (lane < 0) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = sp.bottom;
    const x = sp.left - SPACING.laneGap - lane * SPACING.lane;
    minX = Math.min(minX, x);
    const sx = sp.src.x + 10 + Math.min(lane, 4) * 3;
    const sy = sp.src.y + sp.src.h;
    for (const e of sp.list) {
      const t = nodes[e.to];
      const tx = t.x + 10 + Math.min(lane, 4) * 3;
      e.points = [
        [sx, sy],
        [sx, sy + gap * 0.6],
        [x, sy + gap * 0.6],
        [x, t.y - gap * 0.6],
        [tx, t.y - gap * 0.6],
        [tx, t.y],
      ];
    }
  }
  return Math.max(0, SPACING.margin - minX);
}
