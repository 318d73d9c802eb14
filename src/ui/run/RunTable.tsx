/** Per-block results: built vs analytical parameters and shapes, checks, timing. */

import { exact, si } from '../../core/format.ts';
import type { RunResult } from '../../exec/types.ts';
import { blockOk, ms } from './data.ts';

export function RunTable({ result }: { result: RunResult }) {
  return (
    <div className="table-wrap">
      <table className="run-table" data-testid="run-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Block</th>
            <th>Kind</th>
            <th>Output (built)</th>
            <th className="num">Params (analysis)</th>
            <th className="num">Params (built)</th>
            <th>Checks</th>
            <th className="num">MACs</th>
            <th className="num">Median ms</th>
            <th className="num">± MAD</th>
            <th className="num">GFLOP/s</th>
            <th className="num" title="measured time / the time if time were proportional to MACs">
              vs MACs
            </th>
            <th className="num" title="calibrated latency model">
              Model ms
            </th>
          </tr>
        </thead>
        <tbody>
          {result.blocks.map((b) => {
            const ok = blockOk(b);
            const notes = [
              ...b.emulations,
              ...b.extraChecks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`),
            ];
            return (
              <tr
                key={b.index}
                className={`${b.outlier ? 'outlier' : ''} ${ok ? '' : 'failed'}`}
                data-testid="run-row"
                data-name={b.name}
                data-median-ms={b.timing?.medianMs ?? ''}
                data-gflops={b.gflops ?? ''}
                title={notes.join('\n') || undefined}
              >
                <td>{b.index + 1}</td>
                <td>{b.name}</td>
                <td>{b.kind}</td>
                <td className={b.shapeOk ? '' : 'bad'}>
                  {b.builtShape ? b.builtShape.slice(1).join('×') : 'none'}
                  {!b.shapeOk && ` (analysis ${b.expectedShape.slice(1).join('×')})`}
                </td>
                <td className="num">{exact(b.analyticalParams)}</td>
                <td className={`num ${b.paramsOk ? '' : 'bad'}`}>{exact(b.builtParams)}</td>
                <td>
                  {ok ? '✓' : '✗'}
                  {b.extraChecks.length > 0 && (
                    <span className="muted small">
                      {' '}
                      {b.extraChecks.map((c) => `${c.value.toExponential(1)}`).join(', ')}
                    </span>
                  )}
                  {b.emulations.length > 0 && <span className="muted small"> emulated</span>}
                </td>
                <td className="num">{si(b.macs)}</td>
                <td className="num">{ms(b.timing?.medianMs)}</td>
                <td className="num">{ms(b.timing?.madMs)}</td>
                <td className="num">{b.gflops === null ? '–' : b.gflops.toFixed(1)}</td>
                <td className="num">
                  {b.ratio === null ? '–' : `${b.ratio.toFixed(2)}×`}
                  {b.outlier && <span title="outlier: more than 2x off its MAC share"> !</span>}
                </td>
                <td className="num">{ms(b.predictedMs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
