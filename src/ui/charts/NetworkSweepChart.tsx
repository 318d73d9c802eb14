/**
 * Whole-network sweep: one transform across a list or range of values (src/transforms/sweep.ts),
 * the design's MACs, parameters, peak activation memory and latency depth at each value, with the
 * original design, DW+PW and GW+PW as reference lines and the design's current choice marked.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { blockDef } from '../../blocks/registry.ts';
import { CostError } from '../../core/errors.ts';
import { bytes, si } from '../../core/format.ts';
import type { Convention, Totals } from '../../core/index.ts';
import type { Design } from '../../design/index.ts';
import { parseSweepSpec, runSweep, type SweepResult } from '../../transforms/sweep.ts';
import { ChartFrame } from './ChartFrame.tsx';

const METRICS: { key: keyof Totals; label: string; fmt: (v: number) => string; color: string }[] = [
  { key: 'macs', label: 'MACs', fmt: (v) => si(v, 3), color: '#1d4ed8' },
  { key: 'params', label: 'Parameters', fmt: (v) => si(v, 3), color: '#b45309' },
  { key: 'peakActivationBytes', label: 'Peak activation memory', fmt: (v) => bytes(v), color: '#047857' },
  { key: 'latencyDepth', label: 'Latency depth (layers)', fmt: (v) => String(v), color: '#7c3aed' },
];

const REF_STYLE = [
  { stroke: '#111827', dash: '2 0' },
  { stroke: '#dc2626', dash: '6 4' },
  { stroke: '#7c3aed', dash: '2 3' },
];

/** The value of the swept option in the design's first block built with that conv kind, if any. */
function currentValue(design: Design, kind: string, key: string): number | undefined {
  for (const b of design.blocks) {
    const choice = blockDef(b.kind)?.convSlots?.get(b.params as never);
    if (choice?.kind === kind && typeof choice.options[key] === 'number')
      return choice.options[key] as number;
  }
  return undefined;
}

export function NetworkSweepChart({ design, convention }: { design: Design; convention: Convention }) {
  const [text, setText] = useState('hetconv:p=1..64');
  const spec = useDeferredValue(text);
  const result = useMemo((): { ok: true; r: SweepResult } | { ok: false; error: string } => {
    try {
      return { ok: true, r: runSweep(design, parseSweepSpec(spec), convention) };
    } catch (e) {
      return {
        ok: false,
        error: e instanceof CostError ? e.describe() : e instanceof Error ? e.message : String(e),
      };
    }
  }, [design, spec, convention]);
  const rows = useMemo(
    () => (result.ok ? result.r.points.map((p) => ({ x: p.value, ...p.totals, spec: p.spec })) : []),
    [result],
  );
  const current = result.ok ? currentValue(design, result.r.sweep.base.kind, result.r.sweep.key) : undefined;
  const positive = rows.length > 0 && rows[0].x > 0;
  return (
    <section className="network-sweep" data-testid="network-sweep" aria-label="Whole-network sweep">
      <label className="row wrap">
        <span>Sweep the whole design:</span>
        <input
          className="sweep-spec"
          data-testid="sweep-spec"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="sweep-help"
        />
      </label>
      <p className="muted small" id="sweep-help">
        A transform with one option given a list (hetconv:p=1,2,4,8) or a range (hetconv:p=1..64,
        gwpw:g=1..64*2); the same as <code>convcost sweep</code>.
      </p>
      {!result.ok ? (
        <p className="field-error" data-testid="sweep-error" role="alert">
          {result.error}
        </p>
      ) : (
        <div className="sweep-grid">
          {METRICS.map((m) => (
            <ChartFrame
              key={m.key}
              id={`sweep-${m.key}`}
              title={`${m.label} vs ${result.r.sweep.keyText}`}
              series={[
                { label: result.r.sweep.base.kind, color: m.color },
                ...result.r.references.map((r, i) => ({
                  label: r.label,
                  color: REF_STYLE[i].stroke,
                  dashed: i > 0,
                })),
              ]}
              caption={
                current !== undefined ? (
                  <span data-testid={`sweep-current-${m.key}`}>
                    Current choice: {result.r.sweep.keyText} = {current}
                  </span>
                ) : (
                  'The design has no conv of this kind yet: the original line is the current design.'
                )
              }
            >
              <ResponsiveContainer width="100%" height={200}>
                <LineChart data={rows} margin={{ top: 8, right: 18, bottom: 18, left: 8 }}>
                  <CartesianGrid stroke="#e5e7eb" />
                  <XAxis
                    dataKey="x"
                    type="number"
                    scale={positive && rows.length > 2 ? 'log' : 'auto'}
                    domain={['dataMin', 'dataMax']}
                    tick={{ fontSize: 11 }}
                    allowDecimals={false}
                  />
                  <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => m.fmt(v)} width={58} />
                  <Tooltip
                    labelFormatter={(x) => `${result.r.sweep.keyText} = ${x}`}
                    formatter={(v) => [m.fmt(Number(v)), m.label]}
                  />
                  {result.r.references.map((r, i) => (
                    <ReferenceLine
                      key={r.label}
                      y={r.totals[m.key] as number}
                      stroke={REF_STYLE[i].stroke}
                      strokeDasharray={REF_STYLE[i].dash}
                      ifOverflow="extendDomain"
                    />
                  ))}
                  <Line
                    dataKey={m.key}
                    stroke={m.color}
                    strokeWidth={2}
                    dot={rows.length <= 16}
                    isAnimationActive={false}
                  />
                  {current !== undefined && rows.some((r) => r.x === current) ? (
                    <ReferenceDot
                      x={current}
                      y={rows.find((r) => r.x === current)![m.key] as number}
                      r={6}
                      fill="#facc15"
                      stroke="#111827"
                      strokeWidth={2}
                    />
                  ) : null}
                </LineChart>
              </ResponsiveContainer>
            </ChartFrame>
          ))}
        </div>
      )}
    </section>
  );
}
