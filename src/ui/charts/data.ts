/**
 * Plain rows for the charts, computed from an Analysis (and the design for per-block params).
 * Charts take these rows and nothing else.
 *
 * A chart draws at most MAX_POINTS bars or points: a bigger design is drawn in runs of consecutive
 * blocks (sums for costs, the maximum for a compression factor, the value at the run's end for a
 * running total), so a 5,000-block design charts as fast as a 120-block one; the table keeps every
 * block.
 */
import { convKind } from '../../blocks/convKinds.ts';
import { choiceLabel, sweepAxis } from '../../blocks/convMeta.ts';
import { blockDef } from '../../blocks/registry.ts';
import type { ConvCore } from '../../blocks/types.ts';
import { type Analysis, dwpwRatio, gwpwRatio, hetconvRatio } from '../../core/index.ts';
import { isApproximate, METRICS, type Metric, metricRatio, metricValue } from '../../core/metrics.ts';
import { dataflowTable } from '../../design/dataflow.ts';

type DataflowTableRow = ReturnType<typeof dataflowTable>['rows'][number];

import type { Design } from '../../design/index.ts';

/** Most bars or points one chart draws. */
export const MAX_POINTS = 120;

/** Blocks per bar or point so that `n` blocks take at most `max` of them (1 when they fit). */
export function groupSize(n: number, max = MAX_POINTS): number {
  return Math.max(1, Math.ceil(n / max));
}

/** Runs of `size` consecutive indices covering 0..n-1: [first, end) pairs. */
function runs(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i += size) out.push([i, Math.min(n, i + size)]);
  return out;
}

/** "7" for one block, "7–12" for a run (1-based block numbers). */
function runLabel(first: number, end: number): string {
  return end - first === 1 ? String(first + 1) : `${first + 1}–${end}`;
}

export interface LayerBarRow {
  index: number;
  label: string;
  name: string;
  macs: number;
  params: number;
}

export function layerRows(a: Analysis, max = MAX_POINTS): LayerBarRow[] {
  const size = groupSize(a.blocks.length, max);
  return runs(a.blocks.length, size).map(([i, end]) => {
    const bs = a.blocks.slice(i, end);
    return {
      index: i + 1,
      label: runLabel(i, end),
      name: size === 1 ? bs[0].name : `blocks ${runLabel(i, end)}`,
      macs: bs.reduce((s, b) => s + b.sums.macs, 0),
      params: bs.reduce((s, b) => s + b.sums.params, 0),
    };
  });
}

export interface CumulativeRow {
  index: number;
  name: string;
  macs: number;
  params: number;
  macsPct: number;
  paramsPct: number;
}

/** The running totals at the end of each block (or of each run of blocks: exact there). */
export function cumulativeRows(a: Analysis, max = MAX_POINTS): CumulativeRow[] {
  let m = 0;
  let p = 0;
  const tm = a.totals.macs || 1;
  const tp = a.totals.params || 1;
  const size = groupSize(a.blocks.length, max);
  const out: CumulativeRow[] = [];
  a.blocks.forEach((b, i) => {
    m += b.sums.macs;
    p += b.sums.params;
    if ((i + 1) % size && i !== a.blocks.length - 1) return;
    out.push({
      index: b.index + 1,
      name: b.name,
      macs: m,
      params: p,
      macsPct: (100 * m) / tm,
      paramsPct: (100 * p) / tp,
    });
  });
  return out;
}

export interface CompareRow {
  index: number;
  label: string;
  nameA: string;
  nameB: string;
  macsA: number;
  macsB: number;
  paramsA: number;
  paramsB: number;
  /** B / A MACs, NaN where undefined. */
  ratio: number;
}

/** Rows matched by block position (a transform keeps positions; a preset is compared side by side). */
export function compareRows(a: Analysis, b: Analysis, max = MAX_POINTS): CompareRow[] {
  const n = Math.max(a.blocks.length, b.blocks.length);
  const size = groupSize(n, max);
  const sum = (x: Analysis, i: number, end: number, k: 'macs' | 'params') =>
    x.blocks.slice(i, end).reduce((s, blk) => s + blk.sums[k], 0);
  return runs(n, size).map(([i, end]) => {
    const macsA = sum(a, i, end, 'macs');
    const macsB = sum(b, i, end, 'macs');
    const group = `blocks ${runLabel(i, end)}`;
    return {
      index: i + 1,
      label: runLabel(i, end),
      nameA: size === 1 ? (a.blocks[i]?.name ?? '—') : group,
      nameB: size === 1 ? (b.blocks[i]?.name ?? '—') : group,
      macsA,
      macsB,
      paramsA: sum(a, i, end, 'params'),
      paramsB: sum(b, i, end, 'params'),
      ratio: macsA ? macsB / macsA : Number.NaN,
    };
  });
}

export interface TotalsCompareRow {
  metric: Metric;
  a: number;
  b: number;
  /** B / A by METRICS' zero rule; undefined where there is none (A = 0 < B). */
  ratio: number | undefined;
  /** Which side's figure is past 2^53 (approximate). */
  approxA: boolean;
  approxB: boolean;
}

/** Every metric of the one list, A beside B. */
export function totalsCompare(a: Analysis, b: Analysis): TotalsCompareRow[] {
  return METRICS.map((m) => {
    const x = metricValue(m, a.totals);
    const y = metricValue(m, b.totals);
    return {
      metric: m,
      a: x,
      b: y,
      ratio: metricRatio(x, y),
      approxA: isApproximate(m, a.totals),
      approxB: isApproximate(m, b.totals),
    };
  });
}

/** What the sweep chart needs about the selected block's KxK conv. */
export interface SweepInput {
  name: string;
  M: number;
  N: number;
  /** Kernel side (sqrt of the kernel area for non-square kernels). */
  K: number;
  kernelText: string;
  /**
   * The block's conv as it is: its kind, its label ("Standard conv G=4"), where it sits on the x
   * axis (its P or G, 1 for kinds with neither) and its ratio to a standard conv, which its kind
   * computes (ConvKindDef.explain) rather than the chart guessing it from the kind.
   */
  current: { kind: string; label: string; x: number; ratio?: number };
}

/** The selected block's spatial conv, or a reason the sweep does not apply. */
export function sweepInput(design: Design, a: Analysis, index: number): SweepInput | { reason: string } {
  const block = design.blocks[index];
  const row = a.blocks[index];
  if (!block || !row) return { reason: 'Select a block to sweep its conv.' };
  const def = blockDef(block.kind);
  const choice = def?.convSlots?.get(block.params as never);
  if (!def || !choice) return { reason: `${def?.label ?? block.kind} has no KxK conv to swap.` };
  const p = block.params as Record<string, unknown>;
  const kernel = p.kernel ?? 3;
  const [kh, kw] = Array.isArray(kernel) ? (kernel as number[]) : [kernel as number, kernel as number];
  if (kh * kw === 1) return { reason: 'A 1x1 conv has no spatial kernel to make cheaper.' };
  const width = typeof p.width === 'number' ? p.width : undefined;
  const M = width ?? row.in.c;
  const N = width ?? (typeof p.filters === 'number' ? p.filters : row.out.c);
  const axis = sweepAxis(choice.kind);
  const at = axis ? choice.options[axis.option] : undefined;
  return {
    name: row.name,
    M,
    N,
    K: Math.sqrt(kh * kw),
    kernelText: `${kh}x${kw}`,
    current: {
      kind: choice.kind,
      label: choiceLabel(choice.kind, choice.options),
      x: typeof at === 'number' ? at : 1,
      ratio: kindRatio(choice, { n: 1, h: row.in.h, w: row.in.w, c: M }, N, [kh, kw]),
    },
  };
}

/** The conv kind's own ratio to a standard conv of this shape (stride 1, "same"), if it can say. */
function kindRatio(
  choice: { kind: string; options: Record<string, unknown> },
  input: { n: number; h: number; w: number; c: number },
  filters: number,
  kernel: [number, number],
): number | undefined {
  const kind = convKind(choice.kind);
  if (!kind) return undefined;
  try {
    const core: ConvCore = {
      filters,
      kernel,
      stride: [1, 1],
      padding: 'same',
      dilation: [1, 1],
      bias: false,
    };
    const r = kind.explain(input, core, choice.options).ratio;
    return r && Number.isFinite(r.value) ? r.value : undefined;
  } catch {
    // The kind cannot take this shape (channels not divisible by P, ...): no point to mark.
    return undefined;
  }
}

export interface SweepRow {
  x: number;
  hetconv: number;
  gwpw: number;
  dwpw: number;
}

/** Ratio to a standard conv for P (HetConv) and G (GW+PW) over powers of two up to M, from the closed forms. */
export function sweepRows(s: SweepInput): SweepRow[] {
  const xs: number[] = [];
  for (let x = 1; x <= s.M; x *= 2) xs.push(x);
  if (xs[xs.length - 1] !== s.M) xs.push(s.M);
  if (!xs.includes(s.current.x) && s.current.x <= s.M) xs.push(s.current.x);
  xs.sort((a, b) => a - b);
  const dw = dwpwRatio(s.N, s.K);
  return xs.map((x) => ({ x, hetconv: hetconvRatio(x, s.K), gwpw: gwpwRatio(x, s.K), dwpw: dw }));
}

export interface DataflowRow {
  index: number;
  label: string;
  name: string;
  elementsIn: number;
  elementsOut: number;
  /** elements in / elements out. */
  factor: number;
  flagged: boolean;
}

/**
 * EffNet's data compression factor per block (src/design/dataflow.ts), as chart rows; a run of
 * blocks shows its strongest compression (and is flagged when any of its blocks is).
 */
export function dataflowBars(rows: readonly DataflowTableRow[], max = MAX_POINTS): DataflowRow[] {
  const size = groupSize(rows.length, max);
  return runs(rows.length, size).map(([i, end]) => {
    const run = rows.slice(i, end);
    const top = run.reduce((m, r) => (r.compression > m.compression ? r : m), run[0]);
    const first = run[0].index;
    const label = runLabel(first, first + run.length);
    return {
      index: first + 1,
      label,
      name: size === 1 ? top.name : `blocks ${label} (strongest: #${top.index + 1} ${top.name})`,
      elementsIn: top.elementsIn,
      elementsOut: top.elementsOut,
      factor: top.compression,
      flagged: run.some((r) => r.flagged),
    };
  });
}

/** dataflowBars of every block of an analysis. */
export function dataflowRows(a: Analysis, max = MAX_POINTS): DataflowRow[] {
  return dataflowBars(dataflowTable(a).rows, max);
}

export interface LatencyRow {
  index: number;
  label: string;
  name: string;
  /** Sequential layers this block adds on its own critical path. */
  own: number;
  /** Depth of the network at the block's output (critical path from the input). */
  depth: number;
}

/**
 * Depth at the output of each block (or of each run's last block), and the layers the block (run)
 * adds. `positions` sets the run length (to line two designs up: the longer one's block count).
 */
export function latencyRows(a: Analysis, max = MAX_POINTS, positions = a.blocks.length): LatencyRow[] {
  const size = groupSize(positions, max);
  let depth = 0;
  return runs(positions, size).map(([i, end]) => {
    const bs = a.blocks.slice(i, end);
    for (const b of bs) if (b.opCount) depth = a.ops[b.firstOp + b.opCount - 1].depth;
    return {
      index: i + 1,
      label: runLabel(i, end),
      name: size === 1 ? (bs[0]?.name ?? '—') : `blocks ${runLabel(i, end)}`,
      own: bs.reduce((s, b) => s + b.latencyDepth, 0),
      depth,
    };
  });
}

export interface LatencyCompareRow extends LatencyRow {
  /** Depth of design B at the same position (undefined past B's last block). */
  depthB?: number;
}

/** Latency rows of A with B's depth at the same block positions beside them. */
export function latencyCompareRows(a: Analysis, b: Analysis, max = MAX_POINTS): LatencyCompareRow[] {
  const n = Math.max(a.blocks.length, b.blocks.length);
  const rowsA = latencyRows(a, max, n);
  const rowsB = latencyRows(b, max, n);
  return rowsA.map((r, i) => ({
    ...r,
    ...(i * groupSize(n, max) < b.blocks.length ? { depthB: rowsB[i].depth } : {}),
  }));
}
