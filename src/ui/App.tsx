import { analyzeDesign } from '../design/index.ts';
import { DEFAULT_PRESET, preset } from '../presets/index.ts';

/** Placeholder page until the full app lands: the default design's per-block table and totals. */
export function App() {
  const design = preset(DEFAULT_PRESET)!.build();
  const a = analyzeDesign(design);
  return (
    <main>
      <h1>convcost: {design.name}</h1>
      <p>
        Total: {(a.totals.macs / 1e6).toFixed(2)} M MACs ({(a.totals.flops / 1e6).toFixed(2)} M FLOPs),{' '}
        {(a.totals.params / 1e6).toFixed(3)} M params
      </p>
      <table>
        <thead>
          <tr>
            <th>Block</th>
            <th>Output</th>
            <th>MACs</th>
            <th>Params</th>
          </tr>
        </thead>
        <tbody>
          {a.blocks.map((b) => (
            <tr key={b.id}>
              <td>{b.name}</td>
              <td>{`${b.out.h}x${b.out.w}x${b.out.c}`}</td>
              <td>{b.sums.macs}</td>
              <td>{b.sums.params}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
