/**
 * The sweep view: the whole network's totals against a transform's value (NetworkSweepChart), then
 * the selected block's conv: cost ratio to a standard conv against P (HetConv) and G (GW+PW).
 */
import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ratio } from '../../core/format.ts';
import { selectedIndex, useStore } from '../../state/store.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { sweepInput, sweepRows } from './data.ts';
import { NetworkSweepChart } from './NetworkSweepChart.tsx';
import { type ChartProps, COLORS, H, MARGIN, TICK, xLabel, yLabel } from './parts.tsx';

export function SweepViews(props: ChartProps) {
  const convention = useStore((s) => s.view.convention);
  return (
    <>
      <NetworkSweepChart design={props.design} convention={convention} />
      <SweepChart {...props} />
    </>
  );
}

export function SweepChart({ a, design, stale }: ChartProps) {
  const index = useStore(selectedIndex);
  const input = useMemo(
    () =>
      stale
        ? { reason: 'Fix the error first: the sweep needs a valid analysis.' }
        : sweepInput(design, a, index),
    [design, a, index, stale],
  );
  const rows = useMemo(() => ('reason' in input ? [] : sweepRows(input)), [input]);
  if ('reason' in input)
    return (
      <p className="muted" data-testid="sweep-reason">
        {input.reason} The sweep plots a block's cost ratio to a standard conv against P (HetConv) and G
        (GW+PW).
      </p>
    );
  const cur = input.current;
  const curRatio = cur.ratio;
  const curX = cur.x;
  return (
    <ChartFrame
      id="sweep"
      title={`Cost ratio to a standard conv — ${input.name} (M = ${input.M}, N = ${input.N}, K = ${input.kernelText})`}
      series={[
        { label: 'HetConv vs P: 1/P + (1 − 1/P)/K²', color: COLORS.het },
        { label: 'GW+PW vs G: 1/G + 1/K²', color: COLORS.gw },
        { label: 'DW+PW: 1/N + 1/K²', color: COLORS.dw, dashed: true },
      ]}
      caption={
        <>
          From the closed forms (MACs ratio, independent of the output size).{' '}
          {curRatio !== undefined ? (
            <strong data-testid="sweep-current">
              Current: {cur.label} → {ratio(curRatio)} of standard
            </strong>
          ) : (
            <span>Current kind: {cur.label}.</span>
          )}{' '}
          HetConv stays one layer deep; GW+PW and DW+PW add one sequential layer.
        </>
      }
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <LineChart data={rows} margin={{ ...MARGIN, right: 24 }}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={[1, input.M]}
            ticks={rows.map((r) => r.x).filter((x) => (x & (x - 1)) === 0 || x === input.M)}
            tick={TICK}
            label={xLabel('P (HetConv) or G (GW+PW), log scale')}
          />
          <YAxis
            tick={TICK}
            domain={[0, (max: number) => Math.max(1, Math.ceil(max * 10) / 10)]}
            tickFormatter={(v: number) => v.toFixed(2)}
            width={48}
            label={yLabel('MACs / standard')}
          />
          <Tooltip labelFormatter={(x) => `P or G = ${x}`} formatter={(v, n) => [ratio(Number(v)), n]} />
          <Line
            dataKey="hetconv"
            name="HetConv"
            stroke={COLORS.het}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            dataKey="gwpw"
            name="GW+PW"
            stroke={COLORS.gw}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
          <Line
            dataKey="dwpw"
            name="DW+PW"
            stroke={COLORS.dw}
            strokeDasharray="5 4"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {curRatio !== undefined ? (
            <ReferenceDot
              x={curX}
              y={curRatio}
              r={7}
              fill="#facc15"
              stroke="#111827"
              strokeWidth={2}
              label={{ value: 'current', position: 'top', fill: '#111827', fontSize: 12 }}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
