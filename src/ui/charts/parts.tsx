/** What the charts share: colours, axes, the tooltip, per-block bars, and the note on grouped blocks. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { exact, si } from '../../core/format.ts';
import type { Analysis } from '../../core/index.ts';
import type { Design } from '../../design/index.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { groupSize } from './data.ts';

/** What every chart is given. */
export interface ChartProps {
  a: Analysis;
  design: Design;
  /** The analysis is the last valid one (the design has an error). */
  stale: boolean;
}

export const COLORS = {
  macs: '#1d4ed8',
  params: '#b45309',
  compare: '#be185d',
  het: '#047857',
  gw: '#7c3aed',
  dw: '#dc2626',
  grid: '#e5e7eb',
  axis: '#374151',
  flag: '#dc2626',
  ok: '#2563eb',
};

export const TICK = { fontSize: 11, fill: COLORS.axis };
export const H = 250;
export const MARGIN = { top: 8, right: 16, bottom: 24, left: 12 };

/** The title under an x axis. */
export const xLabel = (value: string) =>
  ({ value, position: 'insideBottom', offset: -12, fill: COLORS.axis, fontSize: 12 }) as const;
/** The title left of a y axis, rotated. */
export const yLabel = (value: string) =>
  ({ value, angle: -90, position: 'insideLeft', fill: COLORS.axis, fontSize: 12 }) as const;
/** X axis props of the per-block charts: one category per block, titled "block #". */
/** Most block labels under an axis. */
const MAX_TICKS = 16;

/**
 * X axis props of the per-block charts: one category per row, titled "block #". A fixed label
 * interval, so recharts does not measure every label's text to space them (a layout per label).
 */
export const blockXAxis = (dataKey: string, rows: number) =>
  ({
    dataKey,
    tick: TICK,
    interval: Math.max(0, Math.ceil(rows / MAX_TICKS) - 1),
    label: xLabel('block #'),
  }) as const;
/** Props of a cumulative / depth line: a step at each block, no dots. */
export const STEP_LINE = { strokeWidth: 2, dot: false, type: 'stepAfter', isAnimationActive: false } as const;

export function NameTooltip({
  active,
  payload,
  label,
  fmt,
  nameKey = 'name',
  note,
}: {
  active?: boolean;
  payload?: readonly { name?: string; value?: number; color?: string; payload?: Record<string, unknown> }[];
  label?: string | number;
  fmt: (name: string, v: number) => string;
  nameKey?: string;
  /** A last line computed from the row (e.g. "B / A: 0.25x"). */
  note?: (row: Record<string, unknown>) => string | undefined;
}) {
  if (!active || !payload?.length) return null;
  const row = payload[0].payload ?? {};
  return (
    <div className="tip">
      <div className="tip-title">
        {label !== undefined ? `#${label} ` : ''}
        {String(row[nameKey] ?? '')}
      </div>
      {payload.map((p) => (
        <div key={p.name} style={{ color: p.color }}>
          {p.name}: {fmt(p.name ?? '', Number(p.value))}
        </div>
      ))}
      {note?.(row) ? <div className="tip-note">{note(row)}</div> : null}
    </div>
  );
}

export interface BarSeries {
  /** The row field drawn. */
  key: string;
  /** Legend and tooltip label. */
  label: string;
  color: string;
}

/** A titled per-block bar chart (bars side by side per block) with an SI-formatted y axis. */
export function BlockBars({
  id,
  title,
  caption,
  rows,
  bars,
  unit,
  fmt,
  nameKey,
  note,
  barGap,
}: {
  id: string;
  title: string;
  caption?: string;
  rows: readonly object[];
  bars: readonly BarSeries[];
  /** Y axis title. */
  unit: string;
  /** Tooltip value text. */
  fmt: (v: number) => string;
  /** Row field naming the block in the tooltip. */
  nameKey?: string;
  /** A last tooltip line from the row. */
  note?: (row: Record<string, unknown>) => string | undefined;
  barGap?: number;
}) {
  return (
    <ChartFrame id={id} title={title} series={bars} caption={caption}>
      <ResponsiveContainer width="100%" height={H}>
        <BarChart data={rows} margin={MARGIN} barGap={barGap}>
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis {...blockXAxis('label', rows.length)} />
          <YAxis tick={TICK} tickFormatter={(v: number) => si(v, 3)} width={56} label={yLabel(unit)} />
          <Tooltip content={<NameTooltip nameKey={nameKey} fmt={(_n, v) => fmt(v)} note={note} />} />
          {bars.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={b.label} fill={b.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export const siExact = (v: number) => `${si(v)} (${exact(v)})`;

/** Said under a chart that draws runs of blocks: how many per bar, and where the exact rows are. */
export function groupNote(blocks: number): string {
  const size = groupSize(blocks);
  return size === 1
    ? ''
    : ` Each bar or point is a run of ${size} consecutive blocks (${exact(blocks)} blocks in all); the table has every block.`;
}
