/**
 * Plain rows for the charts, computed from an Analysis (and the design for per-block params).
 * Charts take these rows and nothing else.
 */
import { blockDef } from '../../blocks/registry.ts';
import { type Analysis, dwpwRatio, gwpwRatio, hetconvRatio } from '../../core/index.ts';
import { dataflowTable } from '../../design/dataflow.ts';
import type { Design } from '../../design/index.ts';

export interface LayerBarRow {
  index: number;
  label: string;
  name: string;
  macs: number;
  params: number;
}

export function layerRows(a: Analysis): LayerBarRow[] {
  return a.blocks.map((b) => ({
    index: b.index + 1,
    label: String(b.index + 1),
    name: b.name,
    macs: b.sums.macs,
    params: b.sums.params,
  }));
}

export interface CumulativeRow {
  index: number;
  name: string;
  macs: number;
  params: number;
  macsPct: number;
  paramsPct: number;
}

export function cumulativeRows(a: Analysis): CumulativeRow[] {
  let m = 0;
  let p = 0;
  const tm = a.totals.macs || 1;
  const tp = a.totals.params || 1;
  return a.blocks.map((b) => {
    m += b.sums.macs;
    p += b.sums.params;
    return {
      index: b.index + 1,
      name: b.name,
      macs: m,
      params: p,
      macsPct: (100 * m) / tm,
      paramsPct: (100 * p) / tp,
    };
  });
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
export function compareRows(a: Analysis, b: Analysis): CompareRow[] {
  const n = Math.max(a.blocks.length, b.blocks.length);
  const out: CompareRow[] = [];
  for (let i = 0; i < n; i++) {
    const x = a.blocks[i];
    const y = b.blocks[i];
    const macsA = x?.sums.macs ?? 0;
    const macsB = y?.sums.macs ?? 0;
    out.push({
      index: i + 1,
      label: String(i + 1),
      nameA: x?.name ?? '—',
      nameB: y?.name ?? '—',
      macsA,
      macsB,
      paramsA: x?.sums.params ?? 0,
      paramsB: y?.sums.params ?? 0,
      ratio: macsA ? macsB / macsA : Number.NaN,
    });
  }
  return out;
}

export interface TotalsCompareRow {
  metric: string;
  a: number;
  b: number;
  /** b / a */
  ratio: number;
  unit: string;
}

export function totalsCompare(a: Analysis, b: Analysis): TotalsCompareRow[] {
  const rows: [string, number, number, string][] = [
    ['MACs', a.totals.macs, b.totals.macs, 'MACs'],
    ['FLOPs', a.totals.flops, b.totals.flops, 'FLOPs'],
    ['Parameters', a.totals.params, b.totals.params, ''],
    ['Weight memory', a.totals.weightBytes, b.totals.weightBytes, 'B'],
    ['Peak activations', a.totals.peakActivationBytes, b.totals.peakActivationBytes, 'B'],
    ['Bytes moved', a.totals.bytesMoved, b.totals.bytesMoved, 'B'],
    ['Latency depth', a.totals.latencyDepth, b.totals.latencyDepth, 'layers'],
  ];
  return rows.map(([metric, x, y, unit]) => ({ metric, a: x, b: y, ratio: x ? y / x : Number.NaN, unit }));
}

/** What the sweep chart needs about the selected block's KxK conv. */
export interface SweepInput {
  name: string;
  M: number;
  N: number;
  /** Kernel side (sqrt of the kernel area for non-square kernels). */
  K: number;
  kernelText: string;
  current: { kind: string; value?: number };
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
  const o = choice.options;
  const value = typeof o.part === 'number' ? o.part : typeof o.groups === 'number' ? o.groups : undefined;
  return {
    name: row.name,
    M,
    N,
    K: Math.sqrt(kh * kw),
    kernelText: `${kh}x${kw}`,
    current: { kind: choice.kind, ...(value !== undefined ? { value } : {}) },
  };
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
  if (s.current.value && !xs.includes(s.current.value) && s.current.value <= s.M) xs.push(s.current.value);
  xs.sort((a, b) => a - b);
  const dw = dwpwRatio(s.N, s.K);
  return xs.map((x) => ({ x, hetconv: hetconvRatio(x, s.K), gwpw: gwpwRatio(x, s.K), dwpw: dw }));
}

export interface DataflowRow {
  index: number;
  name: string;
  elementsIn: number;
  elementsOut: number;
  /** elements in / elements out. */
  factor: number;
  flagged: boolean;
}

/** EffNet's data compression factor per block (src/design/dataflow.ts), as chart rows. */
export function dataflowRows(a: Analysis): DataflowRow[] {
  return dataflowTable(a).rows.map((r) => ({
    index: r.index + 1,
    name: r.name,
    elementsIn: r.elementsIn,
    elementsOut: r.elementsOut,
    factor: r.compression,
    flagged: r.flagged,
  }));
}

export interface LatencyRow {
  index: number;
  name: string;
  /** Sequential layers this block adds on its own critical path. */
  own: number;
  /** Depth of the network at the block's output (critical path from the input). */
  depth: number;
}

export function latencyRows(a: Analysis): LatencyRow[] {
  return a.blocks.map((b) => ({
    index: b.index + 1,
    name: b.name,
    own: b.latencyDepth,
    depth: b.opCount ? a.ops[b.firstOp + b.opCount - 1].depth : 0,
  }));
}
