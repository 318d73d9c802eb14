/**
 * Why counters disagree, and what a training step costs: the "count like" and training switches of
 * the convention (carried by share links), every tool's figure for the design with the op classes
 * where they part, the chosen tool's rules with their source, and the training-step cost.
 */
import { useMemo } from 'react';
import { bytes, exact, si } from '../../core/format.ts';
import {
  type Analysis,
  COUNT_LIKE_TOOLS,
  type CountLikeTool,
  countLikeAll,
  OP_CLASS_LABELS,
  OP_CLASSES,
  TOOL_RULES,
  TRAINING_RULE,
  trainingCost,
} from '../../core/index.ts';
import { buildGraph, type Design } from '../../design/index.ts';
import { useStore } from '../../state/store.ts';

export function CountersView({ a, design }: { a: Analysis; design: Design }) {
  const convention = useStore((s) => s.view.convention);
  const nodes = useMemo(() => buildGraph(design).nodes, [design]);
  const all = useMemo(() => countLikeAll(nodes), [nodes]);
  const training = useMemo(
    () => (convention.training ? trainingCost(a, nodes) : undefined),
    [a, nodes, convention.training],
  );
  const chosen = convention.countLike;
  const rule = chosen ? TOOL_RULES[chosen] : undefined;
  const setConvention = useStore.getState().setConvention;
  return (
    <section className="counters" data-testid="counters" aria-label="Why counters disagree">
      <p className="row wrap">
        <label>
          Count like{' '}
          <select
            data-testid="count-like"
            value={chosen ?? ''}
            onChange={(e) =>
              setConvention({ countLike: (e.target.value || undefined) as CountLikeTool | undefined })
            }
          >
            <option value="">convcost only</option>
            {COUNT_LIKE_TOOLS.map((t) => (
              <option key={t} value={t}>
                {TOOL_RULES[t].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="training-toggle"
            checked={convention.training ?? false}
            onChange={(e) => setConvention({ training: e.target.checked || undefined })}
          />{' '}
          Training step (forward + backward)
        </label>
      </p>
      {training ? (
        <div className="training" data-testid="training">
          <table className="compare-table" aria-label="Training step">
            <tbody>
              <tr>
                <th scope="row">Forward conv/dense MACs</th>
                <td className="num">{si(training.forwardMacs)}</td>
              </tr>
              <tr>
                <th scope="row">Backward MACs (weight + input gradients)</th>
                <td className="num">
                  {si(training.backwardMacs)} ({si(training.weightGradMacs)} + {si(training.inputGradMacs)})
                </td>
              </tr>
              <tr>
                <th scope="row">Training step MACs</th>
                <td className="num" data-testid="training-macs" title={exact(training.trainingMacs)}>
                  {si(training.trainingMacs)} ({(training.trainingMacs / training.forwardMacs).toFixed(2)}×
                  forward)
                </td>
              </tr>
              <tr>
                <th scope="row">Activations kept for backward</th>
                <td className="num">{bytes(training.keptActivationBytes)}</td>
              </tr>
            </tbody>
          </table>
          <ul className="notes small">
            {TRAINING_RULE.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h4>Every counter's figure for this design, and where they part</h4>
      <div className="roofline-table-wrap">
        <table className="compare-table" data-testid="counters-table" aria-label="Counters by op class">
          <thead>
            <tr>
              <th scope="col">Op class</th>
              <th scope="col" className="num">
                convcost
              </th>
              {all.map((r) => (
                <th key={r.tool} scope="col" className={`num ${r.tool === chosen ? 'on' : ''}`}>
                  {r.tool}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {OP_CLASSES.map((k) => (
              <tr key={k}>
                <th scope="row">{OP_CLASS_LABELS[k]}</th>
                <td className="num">{k === 'conv' || k === 'dense' ? '✓' : 'own column'}</td>
                {all.map((r) => (
                  <td key={r.tool} className="num" title={TOOL_RULES[r.tool].classes[k]}>
                    {r.byClass[k] ? si(r.byClass[k], 3) : '0'}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">Total it prints</th>
              <td className="num">{si(a.totals.convMacs, 4)}</td>
              {all.map((r) => (
                <td key={r.tool} className="num" data-testid={`count-like-${r.tool}`} title={exact(r.macs)}>
                  <strong>{si(r.macs, 4)}</strong>
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Parameters</th>
              <td className="num">{si(a.totals.params, 4)}</td>
              {all.map((r) => (
                <td key={r.tool} className="num" title={exact(r.params)}>
                  {si(r.params, 4)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {rule ? (
        <div className="count-rule" data-testid="count-rule">
          <h4>
            How {rule.label} counts ({rule.prints})
          </h4>
          <ul className="notes small">
            {OP_CLASSES.map((k) => (
              <li key={k}>
                <strong>{OP_CLASS_LABELS[k]}:</strong> {rule.classes[k]}
              </li>
            ))}
            <li>
              <strong>parameters:</strong> {rule.params}
            </li>
            {rule.assumes ? <li>Assumes {rule.assumes}.</li> : null}
          </ul>
          <p className="muted small">Read from {rule.source}.</p>
        </div>
      ) : (
        <p className="muted small">
          Pick a tool to see its rules. Hover a cell for the rule of that op class. The figures reproduce what
          each tool prints for the same network written in PyTorch (tested on ResNet-18 and MobileNetV2).
        </p>
      )}
    </section>
  );
}
