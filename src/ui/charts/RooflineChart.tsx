/**
 * Roofline of the design on a device (src/core/roofline.ts): every op's arithmetic intensity
 * against the FLOP/s it can attain, the roof min(peak, intensity x bandwidth) with its ridge point,
 * measured points from the last run beside the predicted ones, and which ops are memory-bound.
 */
import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { si } from '../../core/format.ts';
import { type Analysis, DEVICES, type Device, measuredDevice, roofline } from '../../core/index.ts';
import type { Design } from '../../design/index.ts';
import { designKey } from '../../exec/runState.ts';
import { useStore } from '../../state/store.ts';
import { ChartFrame } from './ChartFrame.tsx';

const flopsText = (v: number) => `${si(v, 3)}FLOP/s`;
const MEMORY = '#dc2626';
const COMPUTE = '#2563eb';
const MEASURED = '#111827';

export function RooflineChart({ a, design }: { a: Analysis; design: Design }) {
  const run = useStore((s) => s.run);
  const measured = useMemo(() => {
    const r = run.result;
    if (!r || run.designKey !== designKey(design)) return [];
    return r.blocks.flatMap((b) =>
      b.ops.flatMap((o) => {
        const row = a.ops[o.id];
        const t = o.minMs ?? o.medianMs;
        if (!row || !t) return [];
        return [
          {
            id: o.id,
            flops: 2 * row.macs + row.extraFlops,
            bytes: o.bytes,
            seconds: t / 1000,
            name: row.name,
          },
        ];
      }),
    );
  }, [run, design, a]);
  const browser = useMemo(() => measuredDevice(measured), [measured]);
  const devices: Device[] = browser ? [browser, ...DEVICES] : [...DEVICES];
  const [id, setId] = useState(DEVICES[0].id);
  const device = devices.find((d) => d.id === id) ?? devices[0];
  const rl = useMemo(() => roofline(a.ops, device), [a, device]);
  const xs = rl.points.map((p) => p.intensity);
  const xMin = Math.max(1e-3, Math.min(rl.ridge / 10, ...xs) / 2);
  const xMax = Math.max(rl.ridge * 10, ...xs) * 2;
  const roof = [
    { x: xMin, roof: xMin * device.bandwidth },
    { x: rl.ridge, roof: device.peakFlops },
    { x: xMax, roof: device.peakFlops },
  ];
  const predicted = rl.points.map((p) => ({
    x: p.intensity,
    y: p.attainable,
    name: `${a.blocks[p.block]?.name} / ${p.name}`,
    bound: p.bound,
  }));
  const achieved = measured
    .filter((m) => m.flops > 0 && m.bytes > 0)
    .map((m) => ({ x: m.flops / m.bytes, y: m.flops / m.seconds, name: `${m.name} (measured)` }));
  const heaviest = [...rl.points].sort((p, q) => q.seconds - p.seconds);
  return (
    <>
      <p className="row wrap">
        <label>
          Device{' '}
          <select value={device.id} onChange={(e) => setId(e.target.value)} data-testid="roofline-device">
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" data-testid="roofline-source">
          {flopsText(device.peakFlops)} peak, {si(device.bandwidth, 3)}B/s: {device.source}.
        </span>
      </p>
      <ChartFrame
        id="roofline"
        title={`Roofline on ${device.label}: ridge at ${rl.ridge.toFixed(1)} FLOPs/byte`}
        series={[
          { label: 'roof: min(peak, intensity × bandwidth)', color: '#6b7280' },
          { label: 'memory-bound op (predicted)', color: MEMORY },
          { label: 'compute-bound op (predicted)', color: COMPUTE },
          ...(achieved.length ? [{ label: 'measured in the last run', color: MEASURED }] : []),
        ]}
        caption={
          <span data-testid="roofline-summary">
            {rl.memoryBound} of {rl.points.length} ops are memory-bound on this device (left of the ridge);
            predicted time {si(rl.seconds, 3)}s, the sum of max(FLOPs / peak, bytes / bandwidth) per op.
            Intensity counts every op's FLOPs (conv/dense and the extra ops) over the bytes it moves at{' '}
            {a.convention.precision}.
            {achieved.length
              ? ' Measured points use the run’s fastest time of each op.'
              : ' Run the design (Run tab) to add measured points and a “this browser” device.'}
          </span>
        }
      >
        <ResponsiveContainer width="100%" height={300}>
          <ComposedChart margin={{ top: 8, right: 20, bottom: 22, left: 10 }}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis
              dataKey="x"
              type="number"
              scale="log"
              domain={[xMin, xMax]}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => si(v, 3)}
              label={{
                value: 'arithmetic intensity, FLOPs/byte (log)',
                position: 'insideBottom',
                offset: -12,
                fontSize: 12,
              }}
            />
            <YAxis
              type="number"
              scale="log"
              domain={['auto', device.peakFlops * 2]}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => si(v, 3)}
              width={56}
              label={{ value: 'FLOP/s (log)', angle: -90, position: 'insideLeft', fontSize: 12 }}
            />
            <Tooltip
              formatter={(v, n) => [
                n === 'y' || n === 'roof' ? flopsText(Number(v)) : Number(v).toFixed(2),
                n === 'x' ? 'FLOPs/byte' : 'FLOP/s',
              ]}
              labelFormatter={() => ''}
            />
            <Line
              data={roof}
              dataKey="roof"
              stroke="#6b7280"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <ReferenceLine
              x={rl.ridge}
              stroke="#6b7280"
              strokeDasharray="4 4"
              label={{ value: 'ridge', fontSize: 11, position: 'top' }}
            />
            <Scatter
              data={predicted.filter((p) => p.bound === 'memory')}
              dataKey="y"
              fill={MEMORY}
              isAnimationActive={false}
            />
            <Scatter
              data={predicted.filter((p) => p.bound === 'compute')}
              dataKey="y"
              fill={COMPUTE}
              isAnimationActive={false}
            />
            {achieved.length ? (
              <Scatter data={achieved} dataKey="y" fill={MEASURED} shape="cross" isAnimationActive={false} />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="roofline-table-wrap">
        <table
          className="compare-table"
          data-testid="roofline-table"
          aria-label="Ops on the roofline, slowest first"
        >
          <thead>
            <tr>
              <th scope="col">Block / op</th>
              <th scope="col" className="num">
                FLOPs/byte
              </th>
              <th scope="col">Bound</th>
              <th scope="col" className="num">
                Predicted
              </th>
            </tr>
          </thead>
          <tbody>
            {heaviest.slice(0, 60).map((p) => (
              <tr key={p.id} data-testid="roofline-row">
                <th scope="row">
                  {a.blocks[p.block]?.name} / {p.name}
                </th>
                <td className="num">{p.intensity.toFixed(1)}</td>
                <td className={p.bound === 'memory' ? 'bad' : 'good'}>{p.bound}</td>
                <td className="num">{si(p.seconds, 3)}s</td>
              </tr>
            ))}
          </tbody>
        </table>
        {heaviest.length > 60 ? (
          <p className="muted small">The 60 slowest of {heaviest.length} ops.</p>
        ) : null}
      </div>
    </>
  );
}
