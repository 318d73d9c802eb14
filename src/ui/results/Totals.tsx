/** Headline totals with units and the counting convention, switchable. */

import { useState } from 'react';
import { bytes, exact, si } from '../../core/format.ts';
import { type BnMode, BYTES_PER_ELEMENT, describeConvention, type Precision } from '../../core/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { useStore } from '../../state/store.ts';
import { useLayout } from '../layout.ts';

function Stat({
  label,
  value,
  unit,
  title,
  testId,
  sub,
}: {
  label: string;
  value: string;
  unit?: string;
  title?: string;
  testId: string;
  sub?: string;
}) {
  return (
    <div className="stat" title={title}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
        {unit ? <span className="unit"> {unit}</span> : null}
      </div>
      {sub ? <div className="stat-sub">{sub}</div> : null}
    </div>
  );
}

export function Totals() {
  const { analysis, stale, error } = useAnalysis();
  const t = analysis?.totals;
  const c = useStore((s) => s.view.convention);
  const narrow = useLayout((s) => s.mode === 'narrow');
  const [more, setMore] = useState(false);
  // Narrow screens keep the four headline figures on top of every view; the rest on demand.
  const compact = narrow && !more;
  return (
    <section
      className={`totals${stale ? ' stale' : ''}${compact ? ' compact' : ''}`}
      aria-label="Totals"
      data-testid="totals"
      data-stale={stale ? 'true' : 'false'}
    >
      {error ? <AnalysisError /> : null}
      {t ? (
        <div className="stat-grid">
          <Stat
            label={c.includeExtras ? 'MACs (incl. extra ops)' : 'MACs'}
            value={si(t.macs)}
            sub={exact(t.macs)}
            title="Multiply-accumulates (what most papers call FLOPs)"
            testId="total-macs"
          />
          <Stat
            label={compact ? 'FLOPs' : 'FLOPs = 2 × MACs'}
            value={si(t.flops)}
            sub={exact(t.flops)}
            title="Floating-point operations: 2 per MAC"
            testId="total-flops"
          />
          <Stat
            label={compact ? 'Params' : 'Parameters'}
            value={si(t.params)}
            sub={exact(t.params)}
            title="Parameters"
            testId="total-params"
          />
          <Stat
            label={compact ? 'Depth' : 'Latency depth'}
            value={String(t.latencyDepth)}
            title="Latency depth: sequential conv/dense layers on the critical path"
            unit=""
            sub="conv/dense layers"
            testId="total-latency"
          />
          {compact ? null : (
            <>
              <Stat
                label={`Weights (${c.precision})`}
                value={bytes(t.weightBytes)}
                sub={`+ ${si(t.buffers)} buffers`}
                testId="total-weight-bytes"
              />
              <Stat
                label="Extra ops"
                value={si(t.extraFlops)}
                unit="FLOPs"
                sub={c.includeExtras ? 'in the totals' : 'not in the totals'}
                title={`bias ${si(t.extra.bias)}, BN ${si(t.extra.bn)}, activations ${si(t.extra.act)}, pooling ${si(t.extra.pool)}, adds/other ${si(t.extra.other)}`}
                testId="total-extra"
              />
              <Stat
                label="Activations"
                value={bytes(t.activationBytes)}
                sub={`${si(t.activationBytes / BYTES_PER_ELEMENT[c.precision])} elements`}
                title="Every tensor written by an op, plus the input: the bytes and the element count are the same tensors"
                testId="total-activation-bytes"
              />
              <Stat
                label="Peak activations"
                value={bytes(t.peakActivationBytes)}
                sub={`${si(t.peakActivations)} elements`}
                testId="total-peak-bytes"
              />
              <Stat
                label="Bytes moved"
                value={bytes(t.bytesMoved)}
                sub="reads + writes"
                testId="total-bytes-moved"
              />
              <Stat
                label="Arithmetic intensity"
                value={t.arithmeticIntensity.toFixed(2)}
                unit="FLOP/B"
                testId="total-intensity"
              />
            </>
          )}
        </div>
      ) : (
        <p className="muted">Add blocks to see what the network costs.</p>
      )}
      {narrow ? (
        <button
          type="button"
          className="link totals-more"
          aria-expanded={more}
          onClick={() => setMore(!more)}
          data-testid="totals-more"
        >
          {more ? 'Fewer totals' : 'All totals and the convention'}
        </button>
      ) : null}
      {compact ? null : <ConventionBar />}
    </section>
  );
}

function AnalysisError() {
  const { error } = useAnalysis();
  if (!error) return null;
  const go = () => {
    const st = useStore.getState();
    const b = error.blockIndex !== undefined ? st.design.blocks[error.blockIndex] : undefined;
    if (b) st.select(b.id);
  };
  return (
    <div className="analysis-error" role="alert" data-testid="analysis-error">
      <strong>Not updated:</strong> {error.describe()}. Showing the last valid numbers.{' '}
      {error.blockIndex !== undefined ? (
        <button type="button" className="link" onClick={go}>
          Go to block {error.blockIndex + 1}
        </button>
      ) : null}
    </div>
  );
}

export function ConventionBar() {
  const c = useStore((s) => s.view.convention);
  const batch = useStore((s) => s.design.batch);
  const st = useStore.getState();
  const lines = describeConvention(c);
  return (
    <div className="convention" data-testid="convention">
      <fieldset className="row wrap convention-switches">
        <legend className="sr-only">Counting convention</legend>
        <fieldset className="seg">
          <legend className="sr-only">BatchNorm</legend>
          {(['counted', 'fused'] as BnMode[]).map((m) => (
            <label key={m} className={c.bn === m ? 'on' : ''}>
              <input
                type="radio"
                name="bn-mode"
                value={m}
                checked={c.bn === m}
                onChange={() => st.setConvention({ bn: m })}
                data-testid={`bn-${m}`}
              />
              BN {m}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={c.includeExtras}
            onChange={(e) => st.setConvention({ includeExtras: e.target.checked })}
            data-testid="include-extras"
          />
          extras in totals
        </label>
        <label>
          precision{' '}
          <select
            value={c.precision}
            onChange={(e) => st.setConvention({ precision: e.target.value as Precision })}
            data-testid="precision"
          >
            {(['fp32', 'fp16', 'int8', 'binary'] as Precision[]).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          batch{' '}
          <select
            value={batch}
            onChange={(e) => st.setBatch(Number(e.target.value))}
            data-testid="batch-select"
          >
            {[...new Set([1, 2, 4, 8, 16, 32, 64, 128, 256, batch])]
              .sort((a, b) => a - b)
              .map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
          </select>
        </label>
      </fieldset>
      <details className="convention-notes" data-testid="convention-notes">
        <summary>
          <span className="convention-summary">Convention: {lines[0]}</span>
        </summary>
        <ul className="convention-text" data-testid="convention-text" aria-label="Counting convention in use">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
