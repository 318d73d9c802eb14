/**
 * TensorFlow.js and ONNX Runtime Web side by side: per block the measured time on each, its ratio
 * to the time the block's MAC share predicts (the design's own ms per MAC on that runtime), and how
 * far ONNX Runtime's output is from TensorFlow.js's on the same weights and inputs.
 */
import { sci, si } from '../../core/format.ts';
import { ortSpeedup, runtimeRows, speedupPhrase, worstError } from '../../exec/ort/compare.ts';
import type { OrtRunResult } from '../../exec/ort/types.ts';
import { RUNTIME_AGREEMENT } from '../../exec/ort/types.ts';
import type { RunResult } from '../../exec/types.ts';
import { ms } from './data.ts';

const ratio = (r: number | null) => (r === null ? '–' : `${r.toFixed(2)}×`);
const err = (e: number | null) => (e === null ? '–' : sci(e));

export function RuntimeCompare({ tf, ort }: { tf: RunResult; ort: OrtRunResult }) {
  const t = tf.totals.timing;
  const o = ort.totals.timing;
  const speedup = ortSpeedup(tf, ort);
  return (
    <div className="run-compare" data-testid="run-compare">
      <h4>TensorFlow.js and ONNX Runtime Web, side by side</h4>
      <p data-testid="run-ort-summary">
        ONNX Runtime Web {ort.backend.version} (wasm, {ort.backend.threads} thread
        {ort.backend.threads > 1 ? 's' : ''}):
        {o ? (
          <>
            {' '}
            whole design <b>{ms(o.medianMs)} ms</b> against TensorFlow.js's <b>{ms(t?.medianMs)} ms</b>
            {speedup !== null ? ` (ONNX Runtime ${speedupPhrase(speedup, '×')})` : ''}.
          </>
        ) : (
          ' checks only, not timed.'
        )}{' '}
        {ort.ok
          ? `Every output shape equals convcost's; outputs agree with TensorFlow.js within ${err(worstError(ort) ?? 0)} (relative; the check is ${RUNTIME_AGREEMENT}).`
          : `${ort.failures.length} check(s) failed: ${ort.failures.join('; ')}`}
      </p>
      <div className="table-wrap">
        <table className="run-table" data-testid="run-compare-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Block</th>
              <th className="num p2">MACs</th>
              <th className="num">TF.js ms</th>
              <th className="num" title="TensorFlow.js: measured / predicted from the block's MACs">
                TF.js vs MACs
              </th>
              <th className="num">ORT ms</th>
              <th className="num" title="ONNX Runtime: measured / predicted from the block's MACs">
                ORT vs MACs
              </th>
              <th className="num p3" title="max |ORT - TF.js| / max(1, max |TF.js|)">
                Agreement
              </th>
            </tr>
          </thead>
          <tbody>
            {runtimeRows(tf, ort).map((b) => (
              <tr
                key={b.index}
                data-testid="run-compare-row"
                data-name={b.name}
                className={b.ok ? '' : 'failed'}
                title={
                  b.executedMacs !== b.macs ? `ONNX form executes ${si(b.executedMacs)} MACs` : undefined
                }
              >
                <td>{b.index + 1}</td>
                <td>{b.name}</td>
                <td className="num p2">{si(b.macs)}</td>
                <td className="num">{ms(b.tfMs)}</td>
                <td className="num">{ratio(b.tfRatio)}</td>
                <td className="num">{ms(b.ortMs)}</td>
                <td className="num">{ratio(b.ortRatio)}</td>
                <td className="num p3">{err(b.maxError)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Per-block ONNX Runtime times: {ort.perBlockSource}. A ratio above 1 means the block takes more time
        than its share of the MACs predicts on that runtime; ONNX Runtime's grouped and depthwise convolutions
        are native kernels, where TensorFlow.js emulates grouped convs and HetConv. {ort.hetconv}
      </p>
    </div>
  );
}
