/** Initial JS stays small; KaTeX and TensorFlow.js load on demand. Prints the figures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleReport, formatReport } from './bundle.ts';
import { E2E_DIST } from './paths.ts';

describe('bundle size', () => {
  it('keeps the initial JS under 250 kB gzip, KaTeX, TensorFlow.js and the graph layout lazy', () => {
    const r = bundleReport(E2E_DIST);
    console.log(`[bundle]\n${formatReport(r)}`);
    expect(r.initialJsGzip).toBeLessThan(250 * 1024);
    const initialCode = r.initialJs.map((c) => readFileSync(join(E2E_DIST, c.file), 'utf8')).join('\n');
    // KaTeX's renderer and TensorFlow.js's engine must not be in the entry chunks.
    expect(initialCode).not.toContain('KaTeX parse error');
    expect(initialCode).not.toMatch(/tfjs-core|Backend name '\$\{|registerBackend\(/);
    expect(
      r.lazyJs.some((c) => readFileSync(join(E2E_DIST, c.file), 'utf8').includes('KaTeX parse error')),
    ).toBe(true);
    // The graph view's layout library (dagre) comes with the graph view, not up front.
    expect(initialCode).not.toContain('network-simplex');
    expect(
      r.lazyJs.some((c) => readFileSync(join(E2E_DIST, c.file), 'utf8').includes('network-simplex')),
    ).toBe(true);
  });
});
