/**
 * "Run in browser": executes the current design with TensorFlow.js (wasm) in a Web Worker, checks
 * built parameters and shapes against the analysis, and shows measured time beside predicted MACs.
 */
import { useMemo } from 'react';
import { exact, si } from '../../core/format.ts';
import { buildGraph } from '../../design/analyze.ts';
import { describeParams } from '../../exec/calibrate.ts';
import { BROWSER_LIMITS, limitProblem } from '../../exec/limits.ts';
import { designKey } from '../../exec/runState.ts';
import type { GroupedEmulation, HetconvEmulation, RunOptions, RunResult } from '../../exec/types.ts';
import { useStore } from '../../state/store.ts';
import { cancelRun, startRun } from './controller.ts';
import { backendLabel, ms } from './data.ts';
import { RunChart } from './RunChart.tsx';
import { RunTable } from './RunTable.tsx';
import { RuntimeCompare } from './RuntimeCompare.tsx';
import './run.css';

const SPEEDS: { id: string; label: string; options: Partial<RunOptions> }[] = [
  {
    id: 'quick',
    label: 'Quick',
    options: { warmup: 1, repeats: 3, minTimeMs: 50, maxRepeats: 5, checkOnly: false },
  },
  {
    id: 'accurate',
    label: 'Accurate',
    options: { warmup: 3, repeats: 7, minTimeMs: 300, maxRepeats: 40, checkOnly: false },
  },
  { id: 'check', label: 'Checks only', options: { checkOnly: true } },
];

function speedOf(o: Partial<RunOptions>): string {
  if (o.checkOnly) return 'check';
  return o.repeats === 7 ? 'accurate' : 'quick';
}

export function RunPanel() {
  const design = useStore((s) => s.design);
  const run = useStore((s) => s.run);
  const setRun = useStore((s) => s.setRun);
  const options: Partial<RunOptions> = { ...SPEEDS[0].options, ...run.options };
  const problem = useMemo(() => {
    try {
      return limitProblem(
        buildGraph(design),
        { grouped: options.grouped ?? 'auto', hetconv: options.hetconv ?? 'auto' },
        BROWSER_LIMITS,
      );
    } catch (e) {
      return `fix the design first: ${e instanceof Error ? e.message : String(e)}`;
    }
  }, [design, options.grouped, options.hetconv]);
  const running = run.status === 'running';
  const stale = run.result !== null && run.designKey !== designKey(design);
  const setOptions = (o: Partial<RunOptions>) => setRun({ options: { ...run.options, ...o } });

  return (
    <div className="run-panel" data-testid="run-panel">
      <p className="muted small">
        Builds every block from TensorFlow.js tensors with seeded random weights, compares the tensors it
        created with the analysis (parameters, BN buffers, output shapes), checks ACB fusion and the
        grouped-conv/HetConv emulations, then times each block and the whole design (warm-up, repeated runs,
        median). It runs in a background worker; the page stays usable.
      </p>
      <div className="run-controls row">
        <div className="seg" role="radiogroup" aria-label="Run mode">
          {SPEEDS.map((s) => (
            <label key={s.id} className={speedOf(options) === s.id ? 'on' : ''}>
              <input
                type="radio"
                name="run-speed"
                checked={speedOf(options) === s.id}
                disabled={running}
                onChange={() => setOptions(s.options)}
              />
              {s.label}
            </label>
          ))}
        </div>
        <label className="small">
          Group conv as{' '}
          <select
            value={options.grouped ?? 'auto'}
            disabled={running}
            onChange={(e) => setOptions({ grouped: e.target.value as GroupedEmulation })}
            data-testid="run-grouped"
          >
            <option value="auto">auto</option>
            <option value="dw-sum">depthwise + sum</option>
            <option value="split">split + concat</option>
          </select>
        </label>
        <label className="small">
          HetConv as{' '}
          <select
            value={options.hetconv ?? 'auto'}
            disabled={running}
            onChange={(e) => setOptions({ hetconv: e.target.value as HetconvEmulation })}
            data-testid="run-hetconv"
          >
            <option value="auto">auto</option>
            <option value="grouped">grouped + masked 1x1</option>
            <option value="masked">one masked KxK conv</option>
          </select>
        </label>
        <label className="small">
          Runtime{' '}
          <select
            value={options.ort ? 'both' : 'tfjs'}
            disabled={running}
            onChange={(e) => setOptions({ ort: e.target.value === 'both' })}
            data-testid="run-runtime"
          >
            <option value="tfjs">TensorFlow.js</option>
            <option value="both">TensorFlow.js + ONNX Runtime Web</option>
          </select>
        </label>
        {running ? (
          <button type="button" onClick={cancelRun} data-testid="run-cancel">
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={!!problem}
            onClick={() => startRun(design, options)}
            data-testid="run-button"
          >
            Run in browser
          </button>
        )}
      </div>
      {problem && (
        <p className="analysis-error" role="alert" data-testid="run-refused">
          This design cannot be run here: {problem}
        </p>
      )}
      {running && (
        <div className="run-progress" data-testid="run-progress">
          <progress max={1} value={run.progress?.fraction ?? 0} aria-label="Run progress" />
          <span className="small muted">
            {run.backend ? `${backendLabel(run.backend)} · ` : 'starting TensorFlow.js… · '}
            {run.progress?.message ?? ''}
          </span>
        </div>
      )}
      {run.status === 'cancelled' && <p className="muted">Run cancelled.</p>}
      {run.status === 'failed' && run.error && (
        <p className="analysis-error" role="alert" data-testid="run-error">
          {run.error.kind === 'refused' ? 'This design cannot be run here: ' : 'The run failed: '}
          {run.error.message}
        </p>
      )}
      {options.ort && (
        <p className="muted small" data-testid="run-ort-note">
          ONNX Runtime Web is loaded on the first such run (about 25 kB of script and a 14 MB wasm file, 3.5
          MB compressed; never part of the page's first load), then runs the design exported to ONNX with the
          same seeded weights.
        </p>
      )}
      {run.result && run.ort && <RuntimeCompare tf={run.result} ort={run.ort} />}
      {run.result && <RunResults result={run.result} stale={stale} />}
    </div>
  );
}

function RunResults({ result, stale }: { result: RunResult; stale: boolean }) {
  const t = result.totals;
  const emulations = new Map<string, string>();
  for (const b of result.blocks)
    for (const o of b.ops)
      if (o.emulation && !emulations.has(o.emulation.label))
        emulations.set(
          o.emulation.label,
          `executes ${si(o.emulation.executedMacs)} MACs where the formula counts ${si(o.macs)}; ${o.emulation.note}.`,
        );
  const extra = result.blocks.flatMap((b) => b.extraChecks.map((c) => ({ block: b.name, ...c })));
  const outliers = result.blocks.filter((b) => b.outlier).length;
  return (
    <div className="run-results" data-testid="run-results">
      {stale && (
        <p className="muted" data-testid="run-stale">
          These results are for an earlier version of the design; run again to update them.
        </p>
      )}
      <p data-testid="run-backend">
        <b>Backend:</b> {backendLabel(result.backend)}
        {result.backend.fallbackReason && <span className="muted"> ({result.backend.fallbackReason})</span>}
      </p>
      <p data-testid="run-status" className={result.ok ? 'ok' : 'bad'}>
        {result.ok
          ? `All checks passed: ${exact(t.builtParams)} parameters and ${exact(t.builtBuffers)} BN buffers built, equal to the analysis; every output shape equal.`
          : `${result.failures.length} check(s) failed: ${result.failures.join('; ')}`}
      </p>
      {t.timing && (
        <p data-testid="run-summary">
          Whole design: <b>{ms(t.timing.medianMs)} ms</b> median (± {ms(t.timing.madMs)}, {t.timing.runs}{' '}
          runs), {t.gflops?.toFixed(1)} GFLOP/s on {si(t.macs)} MACs; sum of block medians{' '}
          {ms(t.sumOfBlocksMs)} ms.
          {outliers > 0 && ` ${outliers} block(s) run more than 2x off their MAC share (highlighted).`}
          {result.calibration &&
            ` Latency model (${result.calibration.source}): ${(100 * result.calibration.within15).toFixed(0)}% of blocks within ±15%.`}
        </p>
      )}
      <RunTable result={result} />
      {t.timing && <RunChart result={result} />}
      {(emulations.size > 0 || extra.length > 0) && (
        <div className="run-notes">
          {emulations.size > 0 && (
            <>
              <h4>Emulations (TensorFlow.js has no kernel for these)</h4>
              <ul>
                {[...emulations].map(([label, text]) => (
                  <li key={label}>
                    <b>{label}</b>: {text}
                  </li>
                ))}
              </ul>
            </>
          )}
          {extra.length > 0 && (
            <>
              <h4>Extra checks</h4>
              <ul data-testid="run-extra-checks">
                {extra.map((c) => (
                  <li key={`${c.block}:${c.name}`} className={c.ok ? '' : 'bad'}>
                    {c.ok ? '✓' : '✗'} {c.block}: {c.name} — {c.detail}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {result.calibration && (
        <details className="run-model">
          <summary>Latency model fitted on this run</summary>
          <ul className="small">
            {Object.entries(result.calibration.model.classes).map(([cls, p]) => (
              <li key={cls}>{describeParams(cls, p)}</li>
            ))}
          </ul>
        </details>
      )}
      <p className="muted small">
        Timings are medians after warm-up; other programs on this machine add noise. GFLOP/s counts 2 × the
        formula's MACs, not the emulations' extra work. Hover a row for its emulations and checks.
      </p>
    </div>
  );
}
