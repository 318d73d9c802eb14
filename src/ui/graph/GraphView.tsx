/**
 * The design as a graph: boxes (name, kind, output shape, share of the MACs as a colour) and
 * arrows, laid out by dagre in a worker once per structural change (graphModel's key), redrawn
 * without a new layout for every other edit. Click a box to select its block; the selection made
 * elsewhere shows here and is scrolled into view. Composite blocks expand to their primitive ops.
 * Scroll or drag to pan, the zoom buttons or Ctrl+wheel to zoom; SVG / PNG export of the whole graph.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import { blockDef } from '../../blocks/registry.ts';
import { pct, shapeText } from '../../core/format.ts';
import type { Analysis } from '../../core/index.ts';
import { blockLabel, buildGraph, type Design, outputsOf } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { download, exportSvg, type Series, svgToPng } from '../charts/exportImage.ts';
import { focusBlockForm } from '../focus.ts';
import { handleBlockKey } from '../keyboard.ts';
import { fileStem } from '../share/download.ts';
import { INK, SHARE_BUCKETS, shareBucket } from './colors.ts';
import type { Box, GraphLayout } from './layout.ts';
import { requestLayout } from './layoutClient.ts';
import {
  compositeBlocks,
  type GraphModel,
  graphModel,
  type NodeRef,
  nodeOfBlock,
  type OpsSource,
} from './model.ts';
import './graph.css';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const ZOOM_MIN = 0.25;
const ZOOM_MAX = 2;
/** Fit-to-width never shrinks text below this. */
const FIT_MIN = 0.75;

/** Screen state of the graph (kept while the list is shown instead; not part of a design or link). */
interface GraphUi {
  expanded: ReadonlySet<string>;
  /** null: fit the width of the pane. */
  zoom: number | null;
}
const useGraphUi = create<GraphUi>(() => ({ expanded: new Set(), zoom: null }));

function toggleExpanded(id: string): void {
  const next = new Set(useGraphUi.getState().expanded);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  useGraphUi.setState({ expanded: next });
}

function opsOf(design: Design): OpsSource | undefined {
  try {
    return buildGraph(design);
  } catch {
    // The design does not build (its error is shown elsewhere): blocks stay collapsed until it does.
    return undefined;
  }
}

/** The element id of a block's box (the listbox's active descendant). */
const optionId = (blockId: string) => `gnode-${blockId}`;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** d3's curveBasis through the points: smooth, passing through the ends. */
function smoothPath(pts: readonly (readonly [number, number])[]): string {
  if (pts.length < 3)
    return pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  const f = (v: number) => v.toFixed(1);
  let [x0, y0] = pts[0];
  let [x1, y1] = pts[1];
  let d = `M${f(x0)},${f(y0)}L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`;
  const seg = (x: number, y: number) => {
    d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)},${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)},${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`;
    x0 = x1;
    y0 = y1;
    x1 = x;
    y1 = y;
  };
  for (let i = 2; i < pts.length; i++) seg(pts[i][0], pts[i][1]);
  seg(x1, y1);
  return `${d}L${f(x1)},${f(y1)}`;
}

/** An orthogonal path with rounded corners (skip edges). */
function lanePath(pts: readonly (readonly [number, number])[]): string {
  const r = 6;
  let d = `M${pts[0][0]},${pts[0][1]}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [px, py] = pts[i - 1];
    const [x, y] = pts[i];
    const [nx, ny] = pts[i + 1];
    const a = Math.min(r, Math.hypot(x - px, y - py) / 2);
    const b = Math.min(r, Math.hypot(nx - x, ny - y) / 2);
    const ux = Math.sign(x - px);
    const uy = Math.sign(y - py);
    const vx = Math.sign(nx - x);
    const vy = Math.sign(ny - y);
    d += `L${x - ux * a},${y - uy * a}Q${x},${y},${x + vx * b},${y + vy * b}`;
  }
  const last = pts[pts.length - 1];
  return `${d}L${last[0]},${last[1]}`;
}

interface Label {
  title: string;
  line1: string;
  line2: string;
  share: number;
  shareText: string;
}

/** What a box says, from the design and its analysis (no shapes past a block that does not analyse). */
function labelOf(ref: NodeRef, design: Design, analysis: Analysis | null, upTo: number): Label | null {
  const total = analysis?.totals.macs ?? 0;
  if (ref.type === 'input') {
    const s = design.input;
    return { title: 'design input', line1: 'input', line2: shapeText(s), share: 0, shareText: '' };
  }
  if (ref.type === 'op') {
    const row = analysis?.ops[ref.op];
    if (!row) return null;
    const out = shapeText(row.out);
    return {
      title: `${row.name}: ${row.kind}, output ${out}, ${pct(row.totalMacs, total)} of the MACs`,
      line1: row.name,
      line2: `${out} · ${row.kind}`,
      share: total ? row.totalMacs / total : 0,
      shareText: row.totalMacs ? pct(row.totalMacs, total) : '',
    };
  }
  const b = design.blocks[ref.index];
  const name = blockLabel(b, ref.index);
  const kind = blockDef(b.kind)?.label ?? b.kind;
  const row = ref.index < upTo ? analysis?.blocks[ref.index] : undefined;
  const macs = row?.sums.macs ?? 0;
  const out = row ? shapeText(row.out) : '—';
  return {
    title: `${name}: ${kind}, output ${out}${row ? `, ${pct(macs, total)} of the MACs` : ''}`,
    line1: name,
    line2: `${out} · ${b.kind}`,
    share: total ? macs / total : 0,
    shareText: macs ? pct(macs, total) : '',
  };
}

interface BoxProps extends Label {
  id: string;
  box: Box;
  blockId: string;
  selected: boolean;
  output: boolean;
  error: boolean;
  small: boolean;
  /** 'expand' / 'collapse' when the box has a toggle. */
  toggle?: 'expand' | 'collapse';
  opCount?: number;
}

const NodeBox = memo(function NodeBox({
  id,
  box,
  blockId,
  selected,
  output,
  error,
  small,
  toggle,
  opCount,
  ...label
}: BoxProps) {
  const bucket = shareBucket(label.share);
  const fill = bucket.fill;
  const ink = bucket.ink;
  const size = small ? 11 : 12;
  const chars = Math.floor((box.w - (label.shareText ? 48 : 16)) / (size * 0.62));
  return (
    <g
      transform={`translate(${box.x} ${box.y})`}
      id={optionId(blockId)}
      data-testid="graph-node"
      data-node={id}
      data-block-id={blockId}
      data-selected={selected ? 'true' : undefined}
      role="option"
      aria-label={label.title}
      aria-selected={selected}
      className="graph-node"
    >
      <title>{label.title}</title>
      <rect
        width={box.w}
        height={box.h}
        rx={small ? 4 : 6}
        fill={fill}
        stroke={selected ? INK.selected : error ? INK.error : INK.stroke}
        strokeWidth={selected ? 3 : error ? 2 : 1}
        strokeDasharray={error && !selected ? '4 2' : undefined}
      />
      {output ? <rect x={0} y={0} width={5} height={box.h} rx={2} fill={INK.output} /> : null}
      <text x={8} y={small ? 15 : 17} fontSize={size} fontWeight={600} fill={ink}>
        {clip(label.line1, chars)}
      </text>
      {label.shareText ? (
        <text x={box.w - 7} y={small ? 15 : 17} fontSize={size - 1} textAnchor="end" fill={ink}>
          {label.shareText}
        </text>
      ) : null}
      <text x={8} y={small ? 31 : 35} fontSize={size - 1} fill={ink}>
        {clip(label.line2, Math.floor((box.w - (toggle ? 30 : 14)) / ((size - 1) * 0.6)))}
      </text>
      {toggle ? (
        <g
          transform={`translate(${box.w - 21} ${box.h - 19})`}
          data-toggle={blockId}
          data-testid="graph-toggle"
          className="graph-toggle graph-button"
        >
          <title>{toggle === 'expand' ? `Show its ${opCount ?? ''} primitive ops` : 'Collapse'}</title>
          <rect width={16} height={16} rx={3} fill="#ffffff" stroke={INK.frame} />
          <text x={8} y={12.5} fontSize={14} textAnchor="middle" fill="#111827">
            {toggle === 'expand' ? '+' : '−'}
          </text>
        </g>
      ) : null}
    </g>
  );
});

function InputBox({ box, text }: { box: Box; text: string }) {
  return (
    <g transform={`translate(${box.x} ${box.y})`} data-node="in" className="graph-input">
      <title>{`design input, ${text}`}</title>
      <rect width={box.w} height={box.h} rx={box.h / 2} fill={INK.input} stroke={INK.stroke} />
      <text x={box.w / 2} y={box.h / 2 + 4} fontSize={12} textAnchor="middle" fill={INK.muted}>
        {`input ${text}`}
      </text>
    </g>
  );
}

const Edges = memo(function Edges({ layout }: { layout: GraphLayout }) {
  return (
    <g className="graph-edges" fill="none">
      {layout.edges.map((e) =>
        e.hidden || e.points.length < 2 ? null : (
          <path
            key={`${e.from}>${e.to}`}
            d={e.skip ? lanePath(e.points) : smoothPath(e.points)}
            stroke={e.skip ? INK.skip : INK.edge}
            strokeWidth={1.3}
            markerEnd={e.skip ? 'url(#graph-arrow-skip)' : 'url(#graph-arrow)'}
          />
        ),
      )}
    </g>
  );
});

function Frames({
  model,
  layout,
  design,
  selectedId,
}: {
  model: GraphModel;
  layout: GraphLayout;
  design: Design;
  selectedId: string | null;
}) {
  return (
    <g className="graph-frames">
      {model.structure.clusters.map((c) => {
        const box = layout.clusters[c];
        const ref = model.refs.get(c);
        if (!box || ref?.type !== 'block') return null;
        const b = design.blocks[ref.index];
        const selected = b.id === selectedId;
        return (
          <rect
            key={c}
            x={box.x}
            y={box.y}
            width={box.w}
            height={box.h}
            rx={8}
            fill="#f3f4f6"
            fillOpacity={0.7}
            stroke={selected ? INK.selected : INK.frame}
            strokeWidth={selected ? 2.5 : 1}
            strokeDasharray="5 3"
            data-testid="graph-frame"
            data-block-id={b.id}
          />
        );
      })}
    </g>
  );
}

function Header({ box, design, index }: { box: Box; design: Design; index: number }) {
  const b = design.blocks[index];
  const name = blockLabel(b, index);
  const kind = blockDef(b.kind)?.label ?? b.kind;
  return (
    <g
      transform={`translate(${box.x} ${box.y})`}
      data-node={`h:${b.id}`}
      data-block-id={b.id}
      data-toggle={b.id}
      data-testid="graph-toggle"
      className="graph-toggle"
    >
      <title>{`${name} (${kind}): click to collapse`}</title>
      <rect width={box.w} height={box.h} rx={4} fill="#ffffff" stroke={INK.frame} />
      <text x={6} y={16} fontSize={13} fontWeight={600} fill="#111827" className="graph-button">
        −
      </text>
      <text x={18} y={16} fontSize={11} fontWeight={600} fill="#111827">
        {clip(`${name} · ${b.kind}`, Math.floor((box.w - 24) / 6.4))}
      </text>
    </g>
  );
}

/** The legend entries, also drawn into exported pictures. */
const LEGEND: Series[] = [
  ...SHARE_BUCKETS.map((b) => ({ label: b.label, color: b.fill === '#ffffff' ? '#d1d5db' : b.fill })),
  { label: 'design output', color: INK.output },
  { label: 'skip connection', color: INK.skip },
];

/** Largest PNG side and area (px) a browser canvas takes reliably. */
const PNG_MAX_SIDE = 16000;
const PNG_MAX_AREA = 64e6;

export default function GraphView() {
  const design = useStore((s) => s.design);
  const selectedId = useStore((s) => s.view.selectedBlockId);
  const { analysis, error, stale } = useAnalysis();
  const expanded = useGraphUi((s) => s.expanded);
  const zoomSetting = useGraphUi((s) => s.zoom);
  const wantOps = expanded.size > 0;
  const ops = useMemo(() => (wantOps ? opsOf(design) : undefined), [design, wantOps]);
  const model = useMemo(() => graphModel(design, expanded, ops), [design, expanded, ops]);
  const latest = useRef(model);
  latest.current = model;

  const [laid, setLaid] = useState<{ key: string; layout: GraphLayout; at: number } | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const stats = useRef({ layouts: 0 });

  // One layout per structure: the key changes only when the boxes or arrows do.
  const key = model.key;
  useEffect(() => {
    const structure = latest.current.structure;
    requestLayout(structure, (r) => {
      if ('error' in r) {
        setLayoutError(r.error);
        return;
      }
      stats.current.layouts++;
      setLayoutError(null);
      const root = rootRef.current;
      if (root) {
        root.dataset.layoutMs = r.layout.ms.toFixed(1);
        root.dataset.roundtripMs = r.roundTripMs.toFixed(1);
        root.dataset.layouts = String(stats.current.layouts);
      }
      setLaid({ key, layout: r.layout, at: performance.now() });
    });
  }, [key]);

  // Drawing time: from the layout's arrival to the first frame that shows it.
  useEffect(() => {
    if (!laid) return;
    const at = laid.at;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (rootRef.current) rootRef.current.dataset.drawMs = (performance.now() - at).toFixed(1);
      }, 0),
    );
  }, [laid]);

  // Fit-to-width follows the pane's width.
  const [paneWidth, setPaneWidth] = useState(0);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      if (el.clientWidth > 0) setPaneWidth(el.clientWidth);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const layout = laid?.layout ?? null;
  const fit = layout && paneWidth ? Math.max(FIT_MIN, Math.min(1, (paneWidth - 4) / layout.width)) : 1;
  const zoom = zoomSetting ?? fit;

  const setZoom = useCallback(
    (z: number | null) => {
      const el = scrollRef.current;
      const next = z === null ? null : Math.max(ZOOM_MIN, Math.min(ZOOM_MAX, z));
      if (el) {
        // Keep the point at the middle of the view where it is.
        const cx = (el.scrollLeft + el.clientWidth / 2) / zoom;
        const cy = (el.scrollTop + el.clientHeight / 2) / zoom;
        pendingCenter.current = { cx, cy };
      }
      useGraphUi.setState({ zoom: next });
    },
    [zoom],
  );
  const pendingCenter = useRef<{ cx: number; cy: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const c = pendingCenter.current;
    if (!el || !c) return;
    pendingCenter.current = null;
    el.scrollLeft = c.cx * zoom - el.clientWidth / 2;
    el.scrollTop = c.cy * zoom - el.clientHeight / 2;
  }, [zoom]);

  // Ctrl/Cmd + wheel zooms (a non-passive listener, so the page itself does not zoom).
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      setZoomRef.current(zoomRef.current * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);
  const setZoomRef = useRef(setZoom);
  setZoomRef.current = setZoom;

  // The selection made elsewhere is scrolled into view (once per selection or new layout).
  const selectedNode = selectedId ? nodeOfBlock(model, selectedId) : null;
  const selectedBox =
    selectedNode && layout ? (layout.nodes[selectedNode] ?? layout.clusters[selectedNode]) : null;
  const revealed = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !selectedBox || !laid) return;
    const tag = `${selectedNode}@${laid.key}`;
    if (revealed.current === tag) return;
    revealed.current = tag;
    // Where the drawing starts inside the scrolled area (it is centred when narrower).
    const r = svgRef.current?.getBoundingClientRect();
    const p = el.getBoundingClientRect();
    const ox = r ? r.left - p.left + el.scrollLeft : 0;
    const oy = r ? r.top - p.top + el.scrollTop : 0;
    const x0 = ox + selectedBox.x * zoom;
    const y0 = oy + selectedBox.y * zoom;
    const x1 = ox + (selectedBox.x + selectedBox.w) * zoom;
    const y1 = oy + (selectedBox.y + Math.min(selectedBox.h, 120)) * zoom;
    const inView =
      x0 >= el.scrollLeft &&
      x1 <= el.scrollLeft + el.clientWidth &&
      y0 >= el.scrollTop &&
      y1 <= el.scrollTop + el.clientHeight;
    if (!inView) {
      el.scrollLeft = (x0 + x1) / 2 - el.clientWidth / 2;
      el.scrollTop = (y0 + y1) / 2 - el.clientHeight / 2;
    }
  });

  // Mouse drag on the background pans (touch scrolls natively).
  const drag = useRef<{ x: number; y: number; left: number; top: number; moved: boolean } | null>(null);
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.pointerType !== 'mouse' || e.button !== 0) return;
    const el = scrollRef.current;
    if (!el) return;
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    const el = scrollRef.current;
    if (!d || !el) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    d.moved = true;
    el.scrollLeft = d.left - dx;
    el.scrollTop = d.top - dy;
  };
  const onPointerUp = () => {
    // A drag that moved is not a click.
    if (drag.current?.moved) suppressClick.current = true;
    drag.current = null;
  };
  const suppressClick = useRef(false);

  const onClick = (e: React.MouseEvent) => {
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    const t = e.target as Element;
    const toggle = t.closest('[data-toggle]')?.getAttribute('data-toggle');
    const st = useStore.getState();
    if (toggle) {
      toggleExpanded(toggle);
      st.select(toggle);
      return;
    }
    const id = t.closest('[data-block-id]')?.getAttribute('data-block-id');
    if (id) st.select(id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (useStore.getState().view.selectedBlockId) focusBlockForm();
      return;
    }
    const sel = useStore.getState().view.selectedBlockId;
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && sel && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const open = useGraphUi.getState().expanded.has(sel);
      const i = design.blocks.findIndex((b) => b.id === sel);
      if (e.key === 'ArrowRight' ? !open && expandable(i) > 1 : open) toggleExpanded(sel);
      return;
    }
    if ((e.key === '+' || e.key === '=') && !e.ctrlKey) {
      e.preventDefault();
      setZoom(zoom * 1.25);
      return;
    }
    if (e.key === '-' && !e.ctrlKey) {
      e.preventDefault();
      setZoom(zoom / 1.25);
      return;
    }
    if (handleBlockKey(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const title = `${design.name}: graph`;
  const file = `convcost-${fileStem(design.name)}-graph`;
  const exportText = () => {
    const svg = svgRef.current;
    if (!svg || !layout) return null;
    // The drawing without its buttons, as wide as its legend needs.
    const clone = svg.cloneNode(true) as SVGSVGElement;
    for (const b of clone.querySelectorAll('.graph-button')) b.remove();
    const legendWidth = LEGEND.reduce((w, l) => w + 42 + l.label.length * 6.6, 12);
    return exportSvg(clone, title, LEGEND, {
      width: Math.ceil(Math.max(layout.width, legendWidth)),
      height: layout.height,
    });
  };

  const upTo = stale && error?.blockIndex !== undefined ? error.blockIndex : design.blocks.length;
  const outputs = useMemo(() => new Set(outputsOf(design)), [design]);
  const ready = !!laid && laid.key === model.key;
  const composite = useMemo(
    () => (analysis ? compositeBlocks(analysis.blocks, analysis.ops) : []),
    [analysis],
  );
  /** The op count of a block worth expanding, else 0. */
  const expandable = (i: number) => (analysis && i < upTo && composite[i] ? analysis.blocks[i].opCount : 0);

  return (
    <div
      ref={rootRef}
      className="graph-view"
      data-testid="graph-view"
      data-state={layoutError ? 'error' : ready ? 'ready' : 'laying-out'}
      data-nodes={model.structure.nodes.length}
      data-edges={model.structure.edges.filter((e) => !e.hidden).length}
    >
      <div className="graph-toolbar" role="toolbar" aria-label="Graph">
        <span className="seg graph-zoom">
          <button
            type="button"
            onClick={() => setZoom(zoom / 1.25)}
            aria-label="Zoom out"
            title="Zoom out (-)"
          >
            −
          </button>
          <button
            type="button"
            onClick={() => setZoom(null)}
            className={zoomSetting === null ? 'on' : ''}
            title="Fit the width of the pane (not below 75%, to keep the text readable)"
            data-testid="graph-fit"
          >
            {Math.round(zoom * 100)}%
          </button>
          <button type="button" onClick={() => setZoom(zoom * 1.25)} aria-label="Zoom in" title="Zoom in (+)">
            +
          </button>
        </span>
        <button
          type="button"
          className="small"
          data-testid="graph-expand-all"
          onClick={() => {
            const all = new Set<string>();
            design.blocks.forEach((b, i) => {
              if (expandable(i) > 1) all.add(b.id);
            });
            useGraphUi.setState({ expanded: expanded.size ? new Set() : all });
          }}
          title={
            expanded.size ? 'Draw every block as one box' : 'Draw every composite block as its primitive ops'
          }
        >
          {expanded.size ? 'Collapse all' : 'Expand all'}
        </button>
        <span className="chart-actions">
          <button
            type="button"
            className="small"
            data-testid="graph-export-svg"
            disabled={!layout}
            onClick={() => {
              const text = exportText();
              if (text) download(new Blob([text], { type: 'image/svg+xml' }), `${file}.svg`);
            }}
          >
            SVG
          </button>
          <button
            type="button"
            className="small"
            data-testid="graph-export-png"
            disabled={!layout}
            onClick={async () => {
              const text = exportText();
              if (!text || !layout) return;
              const w = Math.max(layout.width, 900);
              const h = layout.height + 60;
              const scale = Math.min(2, PNG_MAX_SIDE / Math.max(w, h), Math.sqrt(PNG_MAX_AREA / (w * h)));
              download(await svgToPng(text, scale), `${file}.png`);
            }}
          >
            PNG
          </button>
        </span>
        <span className="graph-status muted" aria-live="polite">
          {layoutError
            ? `Could not lay out the graph: ${layoutError}`
            : ready
              ? `${design.blocks.length} block${design.blocks.length === 1 ? '' : 's'}`
              : 'Laying out…'}
        </span>
      </div>
      <ul className="legend graph-legend" aria-label="Box colour: share of the MACs">
        {LEGEND.map((l, i) => (
          <li key={l.label}>
            <span
              className={`swatch${i >= SHARE_BUCKETS.length ? ' line' : ''}`}
              style={{ background: i < SHARE_BUCKETS.length ? SHARE_BUCKETS[i].fill : l.color }}
              aria-hidden="true"
            />
            {l.label}
          </li>
        ))}
      </ul>
      <div
        ref={scrollRef}
        className="graph-scroll"
        tabIndex={0}
        data-block-list
        data-testid="graph-scroll"
        role="listbox"
        aria-activedescendant={selectedId && selectedBox ? optionId(selectedId) : undefined}
        aria-label="Graph of the design (click a box to select it; arrows select, Enter edits, Right expands, Left collapses, Delete removes, + and - zoom)"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onClick={onClick}
      >
        {design.blocks.length === 0 ? (
          <p className="muted empty-list">No blocks yet: add one from the palette below, or load a preset.</p>
        ) : null}
        {layout ? (
          <svg
            ref={svgRef}
            width={Math.ceil(layout.width * zoom)}
            height={Math.ceil(layout.height * zoom)}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            fontFamily={FONT}
            className={ready ? undefined : 'stale'}
          >
            <title>{title}</title>
            <defs>
              <marker
                id="graph-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={INK.edge} />
              </marker>
              <marker
                id="graph-arrow-skip"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={INK.skip} />
              </marker>
            </defs>
            <Frames model={model} layout={layout} design={design} selectedId={selectedId} />
            <Edges layout={layout} />
            <g className="graph-nodes">
              {model.structure.nodes.map((n) => {
                const box = layout.nodes[n.id];
                const ref = model.refs.get(n.id);
                if (!box || !ref) return null;
                if (ref.type === 'header')
                  return <Header key={n.id} box={box} design={design} index={ref.index} />;
                const label = labelOf(ref, design, analysis, upTo);
                if (!label) return null;
                if (ref.type === 'input') return <InputBox key={n.id} box={box} text={label.line2} />;
                const b = design.blocks[ref.index];
                const count = ref.type === 'block' ? expandable(ref.index) : 0;
                return (
                  <NodeBox
                    key={n.id}
                    id={n.id}
                    box={box}
                    {...label}
                    blockId={b.id}
                    selected={ref.type === 'block' && b.id === selectedId}
                    output={ref.type === 'block' && outputs.has(b.id)}
                    error={error?.blockIndex === ref.index}
                    small={ref.type === 'op'}
                    toggle={count > 1 ? 'expand' : undefined}
                    opCount={count}
                  />
                );
              })}
            </g>
          </svg>
        ) : layoutError ? null : (
          <p className="muted graph-wait">Laying out the graph…</p>
        )}
      </div>
    </div>
  );
}
