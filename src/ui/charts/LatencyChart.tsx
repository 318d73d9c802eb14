/** Latency depth along the critical path, and the layers each block adds. */
import { useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useAb } from '../../state/derived.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { latencyCompareRows, latencyRows } from './data.ts';
import {
  blockXAxis,
  type ChartProps,
  COLORS,
  groupNote,
  H,
  MARGIN,
  NameTooltip,
  STEP_LINE,
  TICK,
  yLabel,
} from './parts.tsx';

export function LatencyChart({ a: current }: ChartProps) {
  // With a comparison active, both designs: B's depth beside A's at the same block positions.
  const pair = useAb();
  const a = pair?.a.analysis ?? current;
  const b = pair?.b.analysis ?? null;
  const rows = useMemo(() => (b ? latencyCompareRows(a, b) : latencyRows(a)), [a, b]);
  const labelA = pair ? `A: ${pair.a.label}` : '';
  const labelB = pair ? `B: ${pair.b.label}` : '';
  return (
    <ChartFrame
      id="latency"
      title={`Latency depth along the critical path (total ${a.totals.latencyDepth} layers${b ? `; B ${b.totals.latencyDepth}` : ''})`}
      series={[
        { label: `Depth at block output (critical path)${b ? `, ${labelA}` : ''}`, color: COLORS.macs },
        ...(b ? [{ label: `Depth at block output, ${labelB}`, color: COLORS.compare, dashed: true }] : []),
        { label: 'Layers the block adds', color: COLORS.params },
      ]}
      caption={`Sequential conv/dense layers from the input (OpRow.depth); parallel branches count once. DW+PW and GW+PW add one layer per conv they replace, HetConv none.${groupNote(Math.max(a.blocks.length, b?.blocks.length ?? 0))}`}
    >
      <ResponsiveContainer width="100%" height={H + 40}>
        <ComposedChart data={rows} margin={MARGIN}>
          <CartesianGrid stroke={COLORS.grid} />
          <XAxis {...blockXAxis('label', rows.length)} />
          <YAxis tick={TICK} allowDecimals={false} width={40} label={yLabel('layers')} />
          <Tooltip content={<NameTooltip fmt={(_n, v) => `${v} layers`} />} />
          <Bar dataKey="own" name="Layers the block adds" fill={COLORS.params} isAnimationActive={false} />
          <Line
            dataKey="depth"
            name={b ? 'Depth, A' : 'Depth at block output'}
            stroke={COLORS.macs}
            {...STEP_LINE}
          />
          {b ? (
            <Line
              dataKey="depthB"
              name="Depth, B"
              stroke={COLORS.compare}
              strokeDasharray="6 4"
              {...STEP_LINE}
              data-testid="latency-b"
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
