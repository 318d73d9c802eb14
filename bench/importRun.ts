/**
 * Child process of bench/import.bench.ts: reads the model file, then imports it several times,
 * printing one JSON line with the timings and the peak resident memory the imports added.
 */
import { readFileSync } from 'node:fs';
import { importModel } from '../src/import/index.ts';

const file = process.argv[2];
const t0 = performance.now();
const bytes = new Uint8Array(readFileSync(file));
const readMs = performance.now() - t0;
const before = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
const times: number[] = [];
let blocks = 0;
for (let i = 0; i < 9; i++) {
  const t = performance.now();
  blocks = importModel(bytes).design.blocks.length;
  times.push(performance.now() - t);
}
const peak = process.resourceUsage().maxRSS * 1024;
const rest = times.slice(1).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    fileBytes: bytes.length,
    readMs,
    firstMs: times[0],
    medianMs: rest[Math.floor(rest.length / 2)],
    runs: rest.length,
    peakAboveMb: (Math.max(peak, maxBefore) - Math.max(before, maxBefore)) / 1e6,
    blocks,
  }),
);
