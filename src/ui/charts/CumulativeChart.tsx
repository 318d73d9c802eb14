/** Share of the total MACs and parameters reached along the depth. */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { si } from '../../core/format.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { cumulativeRows } from './data.ts';
import {
  type ChartProps,
  COLORS,
  groupNote,
  H,
  MARGIN,
  NameTooltip,
  STEP_LINE,
  TICK,
  xLabel,
  yLabel,
} from './parts.tsx';

export function CumulativeChart({ a }: ChartProps) {
  const rows = useMemo(() => cumulativeRows(a), [a]);
  return (
    <ChartFrame
      id="cumulative"
      title="Cumulative cost along depth"
      series={[
        { label: 'MACs (% of total)', color: COLORS.macs },
        { label: 'Parameters (% of total)', color: COLORS.params },
      ]}
      caption={`Share of the network's ${si(a.totals.macs)} MACs and ${si(a.totals.params)} parameters reached by the end of each block.${groupNote(a.blocks.length)}`}
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <LineChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis
            dataKey="index"
            type="number"
            domain={[1, Math.max(1, rows.length)]}
            allowDecimals={false}
            tick={TICK}
            label={xLabel('block #')}
          />
          <YAxis
            tick={TICK}
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            width={48}
            label={yLabel('% of total')}
          />
          <Tooltip content={<NameTooltip fmt={(_n, v) => `${v.toFixed(1)}%`} />} />
          <Line dataKey="macsPct" name="MACs (% of total)" stroke={COLORS.macs} {...STEP_LINE} />
          <Line dataKey="paramsPct" name="Parameters (% of total)" stroke={COLORS.params} {...STEP_LINE} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
