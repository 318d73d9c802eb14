/**
 * EffNet's data-flow view (src/design/dataflow.ts), readable on any network: compression factors
 * on a log scale (expansions below 1 and a 25x classifier on one chart), the classifier (the blocks
 * from the first 1x1 output on) set apart, and the table across blocks with factors of 4 or more
 * flagged.
 */
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { exact } from '../../core/format.ts';
import { formatShape } from '../../core/shape.ts';
import { COMPRESSION_FLAG, dataflowTable } from '../../design/dataflow.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { dataflowBars, MAX_POINTS } from './data.ts';
import { blockXAxis, type ChartProps, groupNote, NameTooltip } from './parts.tsx';

const OK = '#2563eb';
const FLAG = '#dc2626';

/** Flagged blocks named under the chart before "and N more". */
const FLAGS_LISTED = 20;

export function DataflowChart({ a }: ChartProps) {
  const { table, cut, body, head, rows, bodyFlags, listed } = useMemo(() => {
    const table = dataflowTable(a);
    // The classifier: from the first block whose output is 1x1 spatially (global pool or flatten) on.
    const cut = table.rows.findIndex((r) => r.out.h === 1 && r.out.w === 1 && (r.in.h > 1 || r.in.w > 1));
    const body = cut >= 0 ? table.rows.slice(0, cut) : table.rows;
    return {
      table,
      cut,
      body,
      head: cut >= 0 ? table.rows.slice(cut) : [],
      // A big design is drawn in runs of blocks (each at its strongest compression).
      rows: dataflowBars(body),
      bodyFlags: body.filter((r) => r.flagged),
      // Every block in the table when it is short; on a big design the flagged ones (the cost table has all).
      listed: table.rows.length > MAX_POINTS ? table.rows.filter((r) => r.flagged) : table.rows,
    };
  }, [a]);
  const factors = rows.map((r) => r.factor).filter((f) => f > 0);
  const lo = Math.min(0.5, ...factors) / 1.5;
  const hi = Math.max(COMPRESSION_FLAG * 1.5, ...factors) * 1.5;
  return (
    <>
      <ChartFrame
        id="dataflow"
        title="Data compression factor per block (elements in / elements out, log scale)"
        series={[
          { label: 'factor < 4', color: OK },
          { label: 'factor ≥ 4 (flagged)', color: FLAG },
          { label: '4x line', color: '#111827', dashed: true },
        ]}
        caption={`EffNet (Freeman et al. 2018): squeezing the data by 4x or more in one step hurts small models. Below 1 a block expands the data. ${head.length ? `The classifier (${head.map((r) => r.name).join(', ')}) is set apart below: it squeezes everything into the class scores by design.` : ''}${groupNote(body.length)}`}
      >
        <ResponsiveContainer width="100%" height={250}>
          <BarChart data={rows} margin={{ top: 8, right: 30, bottom: 24, left: 12 }}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis {...blockXAxis('label', rows.length)} />
            <YAxis
              scale="log"
              domain={[lo, hi]}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              width={48}
              tickFormatter={(v: number) => `${Number(v.toPrecision(2))}x`}
            />
            <Tooltip content={<NameTooltip fmt={(_n, v) => `${v.toFixed(2)}x`} />} />
            <ReferenceLine y={1} stroke="#9ca3af" />
            <ReferenceLine
              y={COMPRESSION_FLAG}
              stroke="#111827"
              strokeDasharray="6 4"
              label={{ value: '4x', position: 'right', fontSize: 12 }}
            />
            <Bar dataKey="factor" isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.index} fill={r.flagged ? FLAG : OK} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </ChartFrame>
      <div className="roofline-table-wrap">
        <table className="compare-table" data-testid="dataflow-table" aria-label="Data flow across blocks">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Block</th>
              <th scope="col">In</th>
              <th scope="col">Out</th>
              <th scope="col" className="num">
                Factor
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.map((r) => (
              <tr
                key={r.index}
                className={r.flagged ? 'flagged' : ''}
                data-testid={r.flagged ? 'dataflow-flagged' : undefined}
              >
                <td className="num">{r.index + 1}</td>
                <th scope="row">
                  {r.name}
                  {cut >= 0 && r.index >= table.rows[cut].index ? ' (classifier)' : ''}
                </th>
                <td>{formatShape(r.in)}</td>
                <td>{formatShape(r.out)}</td>
                <td className={`num ${r.flagged ? 'bad' : ''}`}>
                  {r.compression.toFixed(2)}x{r.flagged ? ' ⚑ ≥ 4' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listed !== table.rows ? (
        <p className="muted small" data-testid="dataflow-listed">
          {`The table lists the ${exact(listed.length)} flagged of ${exact(table.rows.length)} blocks; the cost table has them all.`}
        </p>
      ) : null}
      <p className={bodyFlags.length ? 'field-error' : 'muted'} data-testid="dataflow-flags">
        {bodyFlags.length
          ? `Flagged (≥ 4x): ${bodyFlags
              .slice(0, FLAGS_LISTED)
              .map((r) => `#${r.index + 1} ${r.name} ${r.compression.toFixed(1)}x`)
              .join(
                ', ',
              )}${bodyFlags.length > FLAGS_LISTED ? `, and ${bodyFlags.length - FLAGS_LISTED} more` : ''}`
          : 'No block before the classifier compresses the data by 4x or more.'}
      </p>
    </>
  );
}
