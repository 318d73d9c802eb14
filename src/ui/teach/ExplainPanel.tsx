/** Why the selected block costs what it costs: formulas symbolic, substituted and evaluated; conditions; notes. */
import { useMemo } from 'react';
import { blockPicture } from '../../blocks/pictures.ts';
import type { Scene } from '../../blocks/scene.ts';
import { exact, ratio, si } from '../../core/format.ts';
import type { Explanation, Formula } from '../../core/index.ts';
import { explainBlock } from '../../design/index.ts';
import { useAnalysis } from '../../state/derived.ts';
import { selectedIndex, useStore } from '../../state/store.ts';
import { useAfterPaint } from '../afterPaint.ts';
import { Prose } from './Prose.tsx';
import { ScenePicture } from './ScenePicture.tsx';
import { Tex } from './Tex.tsx';

function valueText(f: Formula): string {
  if (f.unit === 'ratio') return `${ratio(f.value)} (${(f.value * 100).toFixed(1)}%)`;
  const unit = f.unit ? ` ${f.unit}` : '';
  return Number.isInteger(f.value) && Math.abs(f.value) >= 1000
    ? `${exact(f.value)}${unit} (${si(f.value)})`
    : `${Number(f.value.toPrecision(6))}${unit}`;
}

function FormulaView({ f, testId }: { f: Formula; testId?: string }) {
  return (
    <div className="formula" data-testid={testId ?? 'formula'}>
      <div className="formula-label">
        <Prose text={f.label} />
      </div>
      <div className="formula-math">
        <Tex src={f.symbolic} display />
        {f.substituted ? <Tex src={`= ${f.substituted}`} display /> : null}
      </div>
      <div className="formula-value">
        = <strong>{valueText(f)}</strong>
      </div>
    </div>
  );
}

export function ExplainPanel() {
  // The explanation follows a selection or an edit a frame later: the list, the form and the totals
  // paint first, then the formulas (KaTeX is the slow part of a selection).
  const nowIndex = useStore(selectedIndex);
  const nowDesign = useStore((s) => s.design);
  const nowDerived = useAnalysis();
  const now = useMemo(
    () => ({ index: nowIndex, design: nowDesign, derived: nowDerived }),
    [nowIndex, nowDesign, nowDerived],
  );
  const {
    index,
    design,
    derived: { analysis, stale, error },
  } = useAfterPaint(now);
  const result = useMemo((): { ex?: Explanation; why?: string; picture?: Scene; pictureError?: string } => {
    if (index < 0) return { why: 'Select a block to see its formulas.' };
    if (!analysis || (stale && (error?.blockIndex === undefined || index >= error.blockIndex)))
      return {
        why:
          error?.blockIndex === undefined || error.blockIndex === index
            ? 'This block cannot be explained until its error is fixed.'
            : `This block cannot be explained until the error in block ${error.blockIndex + 1} is fixed.`,
      };
    let ex: Explanation | undefined;
    try {
      ex = explainBlock(design, analysis, index);
    } catch (e) {
      return { why: e instanceof Error ? e.message : String(e) };
    }
    const b = design.blocks[index];
    const row = analysis.blocks[index];
    try {
      return { ex, picture: b && row ? blockPicture(b.kind, b.params, row.in) : undefined };
    } catch (e) {
      return { ex, pictureError: e instanceof Error ? e.message : String(e) };
    }
  }, [design, analysis, index, stale, error]);

  const ex = result.ex;
  return (
    <section className="panel explain" aria-label="Why it costs this" data-testid="explain">
      <h2 className="panel-title">Why it costs this</h2>
      {!ex ? (
        <p className="muted">{result.why ?? 'No explanation for this block.'}</p>
      ) : (
        <>
          <h3 className="explain-title" data-testid="explain-title">
            <Prose text={ex.title} />
          </h3>
          <p className="explain-summary">
            <Prose text={ex.summary} />
          </p>
          {result.picture ? (
            <ScenePicture
              scene={result.picture}
              file={`convcost-picture-${design.blocks[index]?.kind ?? 'block'}`}
            />
          ) : result.pictureError ? (
            <p className="muted" data-testid="picture-error">
              No picture for this block: {result.pictureError}
            </p>
          ) : null}
          {ex.ratio ? <FormulaView f={ex.ratio} testId="explain-ratio" /> : null}
          {ex.formulas.map((f) => (
            <FormulaView key={f.label} f={f} />
          ))}
          {ex.conditions.length ? (
            <>
              <h4>Conditions</h4>
              <ul className="conditions" data-testid="explain-conditions">
                {ex.conditions.map((c) => (
                  <li key={c.name} className={c.ok ? 'ok' : 'broken'}>
                    <span className="mark" role="img" aria-label={c.ok ? 'met' : 'broken'}>
                      {c.ok ? '✓' : '✗'}
                    </span>{' '}
                    <strong>
                      <Prose text={c.name} />
                    </strong>
                    <span className="muted">
                      {' '}
                      — <Prose text={c.detail} />
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {ex.notes.length ? (
            <>
              <h4>Notes</h4>
              <ul className="notes">
                {ex.notes.map((n) => (
                  <li key={n}>
                    <Prose text={n} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
