/** Predicted vs measured time per block (recharts). */
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { si } from '../../core/format.ts';
import type { RunResult } from '../../exec/types.ts';
import { ChartFrame, type Series } from '../charts/ChartFrame.tsx';
import { ms, runChartRows } from './data.ts';

const COLORS = { measured: '#1d4ed8', outlier: '#dc2626', proportional: '#6b7280', model: '#047857' };

export function RunChart({ result }: { result: RunResult }) {
  const rows = runChartRows(result);
  const hasModel = rows.some((r) => r.model !== null);
  const series: Series[] = [
    { label: 'measured (median)', color: COLORS.measured },
    { label: 'if time ∝ MACs', color: COLORS.proportional, dashed: true },
    ...(hasModel ? [{ label: 'latency model', color: COLORS.model }] : []),
  ];
  return (
    <ChartFrame
      id="run-time"
      title="Measured time per block vs predicted"
      series={series}
      caption={
        <>
          Bars: median measured time. Dashed: the time each block would take if time were proportional to its
          MACs (at this design's overall rate). Green: the calibrated model, max(FLOPs/peak, bytes/bandwidth)
          + per-op overhead per op class. Red bars: blocks more than 2x off the MAC-proportional time.
        </>
      }
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 11 }} />
          <YAxis
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => ms(v)}
            label={{ value: 'ms', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(v, name) => [`${ms(Number(v))} ms`, String(name)]}
            labelFormatter={(_l, p) => {
              const r = p?.[0]?.payload as (typeof rows)[number] | undefined;
              return r ? `${r.index}. ${r.name} (${r.kind}), ${si(r.macs)} MACs` : '';
            }}
          />
          <Bar dataKey="measured" name="measured" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.index} fill={r.outlier ? COLORS.outlier : COLORS.measured} />
            ))}
          </Bar>
          <Line
            dataKey="proportional"
            name="if time ∝ MACs"
            stroke={COLORS.proportional}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
          {hasModel && (
            <Line
              dataKey="model"
              name="latency model"
              stroke={COLORS.model}
              dot={false}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
