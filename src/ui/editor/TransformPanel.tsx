/** Apply a transform to the whole design, or compare against it, and list what it replaced and skipped. */
import { useState } from 'react';
import { useStore } from '../../state/store.ts';
import { safeParseSpec, specString, transformDesign } from '../../state/transforms.ts';
import { defaultPick, type PickerValue, TransformPicker } from './TransformPicker.tsx';

export function TransformPanel() {
  const [pick, setPick] = useState<PickerValue>(defaultPick);
  const [first, setFirst] = useState(false);
  const report = useStore((s) => s.lastTransform);
  const compare = useStore((s) => s.view.compare);

  const run = (mode: 'apply' | 'compare') => {
    const st = useStore.getState();
    const parsed = safeParseSpec(specString(pick.id, pick.value, first));
    if (!parsed.ok) {
      st.setLastTransform({ label: pick.id, replaced: [], skipped: [], error: parsed.error });
      return;
    }
    if (mode === 'compare') {
      st.setView({ compare: { kind: 'transform', spec: parsed.spec }, tab: 'charts', chart: 'compare' });
      return;
    }
    const r = transformDesign(st.design, parsed.spec);
    if (!r.ok) {
      st.setLastTransform({ label: r.label, replaced: [], skipped: [], error: r.error });
      return;
    }
    st.setDesign(r.result.design);
    st.setLastTransform({ label: r.label, replaced: r.result.replaced, skipped: r.result.skipped });
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
            onClick={() => useStore.getState().setView({ compare: null })}
          >
            clear comparison
          </button>
        ) : null}
      </div>
      {report ? <TransformReportView /> : null}
    </section>
  );
}

export function TransformReportView() {
  const report = useStore((s) => s.lastTransform);
  if (!report) return null;
  return (
    <div className="transform-report" data-testid="transform-report" role="status">
      {report.error ? (
        <p className="field-error">
          {report.label}: {report.error}
        </p>
      ) : (
        <p>
          <strong>{report.label}</strong>: replaced {report.replaced.length} layer
          {report.replaced.length === 1 ? '' : 's'}, skipped {report.skipped.length}.{' '}
          <button type="button" className="link" onClick={() => useStore.getState().setLastTransform(null)}>
            dismiss
          </button>
        </p>
      )}
      {report.skipped.length ? (
        <details>
          <summary>Skipped layers and why</summary>
          <ul className="skipped" data-testid="transform-skipped">
            {report.skipped.map((s) => (
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
