/** Apply a transform to the whole design, or compare against it, and list what it replaced and skipped. */
import { useState } from 'react';
import { ratio, si } from '../../core/format.ts';
import type { Design } from '../../design/index.ts';
import { analyzeCached } from '../../state/derived.ts';
import type { TransformReport } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import {
  appReason,
  safeParseSpec,
  specString,
  transformDesign,
  transformSummary,
} from '../../state/transforms.ts';
import type { TransformResult } from '../../transforms/index.ts';
import { showPane } from '../layout.ts';
import { defaultPick, type PickerValue, TransformPicker } from './TransformPicker.tsx';

/**
 * What the panel knows about the report it wrote: the counted summary, the skips with their causes
 * and the design the transform produced (the report is stale once the design is another one:
 * after an Undo or an edit).
 */
const details = new WeakMap<
  TransformReport,
  {
    summary: { changed: boolean; text: string };
    skipped: TransformResult['skipped'];
    before: Design;
    after: Design;
  }
>();

export function TransformPanel() {
  const [pick, setPick] = useState<PickerValue>(defaultPick);
  const [first, setFirst] = useState(false);
  const [delta, setDelta] = useState<Delta | null>(null);
  const report = useStore((s) => s.lastTransform);
  const compare = useStore((s) => s.view.compare || s.baseline);

  const run = (mode: 'apply' | 'compare') => {
    const st = useStore.getState();
    const parsed = safeParseSpec(specString(pick.id, pick.value, first));
    if (!parsed.ok) {
      st.setLastTransform({ label: pick.id, replaced: [], skipped: [], error: parsed.error });
      return;
    }
    if (mode === 'compare') {
      st.setBaseline(null);
      st.setView({ compare: { kind: 'transform', spec: parsed.spec }, tab: 'charts', chart: 'compare' });
      showPane('results');
      return;
    }
    const r = transformDesign(st.design, parsed.spec);
    if (!r.ok) {
      st.setLastTransform({ label: r.label, replaced: [], skipped: [], error: r.error });
      return;
    }
    const summary = transformSummary(r.label, r.result);
    const before = analyzeCached(st.design, st.view.convention);
    const after = analyzeCached(r.result.design, st.view.convention);
    setDelta(
      summary.changed && before.ok && after.ok
        ? {
            macs: [before.analysis.totals.macs, after.analysis.totals.macs],
            params: [before.analysis.totals.params, after.analysis.totals.params],
            depth: [before.analysis.totals.latencyDepth, after.analysis.totals.latencyDepth],
          }
        : null,
    );
    // A transform that replaces nothing leaves the design (and the undo history) alone and says why.
    if (summary.changed) st.setDesign(r.result.design);
    const report: TransformReport = {
      label: r.label,
      replaced: r.result.replaced,
      skipped: r.result.skipped,
    };
    details.set(report, {
      summary,
      skipped: r.result.skipped,
      before: st.design,
      after: summary.changed ? r.result.design : st.design,
    });
    st.setLastTransform(report);
  };

  return (
    <section className="panel transform-panel" aria-label="Transform the design">
      <h2 className="panel-title">Transform every conv</h2>
      <div className="row wrap">
        <TransformPicker pick={pick} onPick={setPick} testPrefix="transform" />
      </div>
      <div className="row wrap">
        <label className="check">
          <input type="checkbox" checked={first} onChange={(e) => setFirst(e.target.checked)} />
          first conv too
        </label>
        <button type="button" className="primary" onClick={() => run('apply')} data-testid="transform-apply">
          Apply
        </button>
        <button type="button" onClick={() => run('compare')} data-testid="transform-compare">
          Compare
        </button>
        {compare ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              const st = useStore.getState();
              st.setBaseline(null);
              st.setView({ compare: null });
            }}
          >
            clear comparison
          </button>
        ) : null}
      </div>
      {report ? <TransformReportView delta={report.error ? null : delta} /> : null}
    </section>
  );
}

/** Totals before and after the last design-wide transform. */
interface Delta {
  macs: [number, number];
  params: [number, number];
  depth: [number, number];
}

function DeltaLine({ label, v, fmt }: { label: string; v: [number, number]; fmt(n: number): string }) {
  return (
    <li>
      {label}: {fmt(v[0])} → <strong>{fmt(v[1])}</strong>{' '}
      <span className="muted">({v[0] ? ratio(v[1] / v[0]) : '—'})</span>
    </li>
  );
}

export function TransformReportView({ delta }: { delta?: Delta | null }) {
  const report = useStore((s) => s.lastTransform);
  const design = useStore((s) => s.design);
  if (!report) return null;
  const d = details.get(report);
  const stale = !!d && d.after !== design;
  // The panel's own skips carry their cause (said in the app's words); others keep their text.
  const skipped = d?.skipped.map((s) => ({ ...s, reason: appReason(s) })) ?? report.skipped;
  return (
    <div
      className={`transform-report${stale ? ' stale' : ''}`}
      data-testid="transform-report"
      data-stale={stale ? 'true' : 'false'}
      role="status"
    >
      {report.error ? (
        <p className="field-error">
          {report.label}: {report.error}
        </p>
      ) : (
        <p className={d && !d.summary.changed ? 'field-error' : ''} data-testid="transform-summary">
          {d ? d.summary.text : report.label}
          {report.skipped.length && d?.summary.changed ? `, ${report.skipped.length} skipped` : ''}.{' '}
          <button type="button" className="link" onClick={() => useStore.getState().setLastTransform(null)}>
            dismiss
          </button>
        </p>
      )}
      {stale ? (
        <p className="muted small" data-testid="transform-stale">
          About an earlier version of the design (undone or edited since).
        </p>
      ) : null}
      {d?.summary.changed && !stale ? (
        <p>
          <button
            type="button"
            className="link"
            data-testid="compare-before"
            onClick={() => {
              const st = useStore.getState();
              st.setBaseline({ design: d.before, label: `before ${report.label}` });
              st.setView({ tab: 'charts', chart: 'compare' });
              showPane('results');
            }}
          >
            Compare with the design before this transform
          </button>
        </p>
      ) : null}
      {delta && !stale ? (
        <ul className="delta" data-testid="transform-delta">
          <DeltaLine label="MACs" v={delta.macs} fmt={si} />
          <DeltaLine label="Params" v={delta.params} fmt={si} />
          <DeltaLine label="Latency depth" v={delta.depth} fmt={String} />
        </ul>
      ) : null}
      {report.skipped.length ? (
        <details>
          <summary>Skipped layers and why</summary>
          <ul className="skipped" data-testid="transform-skipped">
            {skipped.map((s) => (
              <li key={`${s.index}-${s.name}`}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    const st = useStore.getState();
                    const b = st.design.blocks[s.index];
                    if (b) st.select(b.id);
                  }}
                >
                  #{s.index + 1} {s.name}
                </button>
                : {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
