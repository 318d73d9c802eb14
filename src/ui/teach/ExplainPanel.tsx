/** Why the selected block costs what it costs: formulas symbolic, substituted and evaluated; conditions; notes. */
import { useMemo } from 'react';
import { blockPicture } from '../../blocks/pictures.ts';
import type { Scene } from '../../blocks/scene.ts';
import { exact, ratio, si } from '../../core/format.ts';
import type { Explanation, Formula } from '../../core/index.ts';
import { explainBlock } from '../../design/index.ts';
import { designKey } from '../../exec/runState.ts';
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

/**
 * Where a MAC saving becomes time and where it does not, with this block's measured ratios when a
 * run with both runtimes is there (shown for blocks whose explanation compares against a yardstick).
 */
export const FLOPS_TO_TIME =
  "Fewer MACs become less time only where the runtime has a kernel that does the smaller work at the same speed per MAC. ONNX Runtime runs grouped and depthwise convs as native kernels, so GW+PW, IGC and HetConv (as grouped + pointwise) keep much of their saving there; TensorFlow.js has no grouped conv and emulates it and HetConv, so the saving can vanish. On both, depthwise and 1x1 convs do little arithmetic per byte they move and run at a fraction of a dense 3x3 conv's FLOP/s, and every extra layer (DW+PW, GW+PW) adds a kernel launch and a round trip of its activations through memory: a 4x MAC saving can be a 1.5x time saving, or none. Run in browser with both runtimes to measure it for this design.";

function SpeedNote({ index }: { index: number }) {
  const run = useStore((s) => s.run);
  const design = useStore((s) => s.design);
  const fresh = run.result && run.designKey === designKey(design);
  const tf = fresh ? run.result?.blocks[index] : undefined;
  const ort = fresh ? run.ort?.blocks[index] : undefined;
  return (
    <p className="muted small" data-testid="explain-speed">
      {FLOPS_TO_TIME}
      {tf?.ratio != null && (
        <>
          {' '}
          Measured here: this block takes {tf.ratio.toFixed(2)}x its MAC share on TensorFlow.js
          {ort?.ratio != null ? ` and ${ort.ratio.toFixed(2)}x on ONNX Runtime` : ''} (1 = as predicted from
          MACs).
        </>
      )}
    </p>
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
          {ex.ratio ? <SpeedNote index={index} /> : null}
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
