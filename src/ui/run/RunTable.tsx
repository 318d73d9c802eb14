/**
 * Per-block results: built vs analytical parameters and shapes, checks, timing. The table fits
 * its panel: headers wrap, and on a narrow panel the columns marked p4, then p3, then p2 (the least
 * needed to read a result first) give way; each row's title keeps the checks' details.
 */

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
            <th className="p4">Kind</th>
            <th className="p3">Output (built)</th>
            <th className="num p4">Params (analysis)</th>
            <th className="num p3">Params (built)</th>
            <th>Checks</th>
            <th className="num p2">MACs</th>
            <th className="num">Median ms</th>
            <th className="num p4">± MAD</th>
            <th className="num p2">GFLOP/s</th>
            <th className="num p3" title="measured time / the time if time were proportional to MACs">
              vs MACs
            </th>
            <th className="num p2" title="calibrated latency model">
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
                <td className="p4">{b.kind}</td>
                <td className={`p3${b.shapeOk ? '' : ' bad'}`}>
                  {b.builtShape ? b.builtShape.slice(1).join('×') : 'none'}
                  {!b.shapeOk && ` (analysis ${b.expectedShape.slice(1).join('×')})`}
                </td>
                <td className="num p4">{exact(b.analyticalParams)}</td>
                <td className={`num p3 ${b.paramsOk ? '' : 'bad'}`}>{exact(b.builtParams)}</td>
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
                <td className="num p2">{si(b.macs)}</td>
                <td className="num">{ms(b.timing?.medianMs)}</td>
                <td className="num p4">{ms(b.timing?.madMs)}</td>
                <td className="num p2">{b.gflops === null ? '–' : b.gflops.toFixed(1)}</td>
                <td className="num p3">
                  {b.ratio === null ? '–' : `${b.ratio.toFixed(2)}×`}
                  {b.outlier && <span title="outlier: more than 2x off its MAC share"> !</span>}
                </td>
                <td className="num p2">{ms(b.predictedMs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
