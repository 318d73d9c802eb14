/**
 * `npm run bench`: median time to analyse ResNet-50 and a 1,000-block design, from a built graph
 * (analysis alone) and from the design (graph build + analysis), against the targets.
 */
import { cpus, loadavg } from 'node:os';
import { analyzeGraph, DEFAULT_CONVENTION } from '../src/core/index.ts';
import { analyzeDesign, buildGraph } from '../src/design/analyze.ts';
import type { Design } from '../src/design/schema.ts';
import { preset } from '../src/presets/index.ts';
import { parseSweepSpec, runSweep } from '../src/transforms/sweep.ts';
import { syntheticDesign } from './designs.ts';

interface Case {
  name: string;
  targetMs: number;
  run: () => unknown;
}

/** Median of `runs` timed calls after `warmupMs` of untimed ones. */
export function median(run: () => unknown, runs: number, warmupMs = 300): number {
  const end = performance.now() + warmupMs;
  while (performance.now() < end) run();
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run();
    times[i] = performance.now() - t;
  }
  times.sort();
  return runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
}

function cases(): Case[] {
  const designs: [string, Design, number][] = [
    ['ResNet-50', preset('resnet50')!.build(), 0.5],
    ['1,000 blocks', syntheticDesign(1000), 5],
  ];
  const resnet50 = designs[0][1];
  const sweep = parseSweepSpec('hetconv:p=1..64');
  // The app's sweep chart recomputes this while the user edits the spec: it must fit in one frame.
  const sweepCase: Case = {
    name: 'ResNet-50: 64-point sweep (hetconv:p=1..64)',
    targetMs: 16,
    run: () => runSweep(resnet50, sweep, DEFAULT_CONVENTION, false),
  };
  return [
    ...designs.flatMap(([name, design, targetMs]) => {
      const g = buildGraph(design);
      return [
        {
          name: `${name}: analyse (${g.nodes.length} ops)`,
          targetMs,
          run: () => analyzeGraph(g, DEFAULT_CONVENTION),
        },
        {
          name: `${name}: build + analyse`,
          targetMs,
          run: () => analyzeDesign(design, DEFAULT_CONVENTION),
        },
      ];
    }),
    sweepCase,
  ];
}

export function runBench(runs = Number(process.env.BENCH_RUNS ?? 301)): boolean {
  const rows = cases().map((c) => {
    const ms = median(c.run, runs);
    return [c.name, `${ms.toFixed(3)} ms`, `< ${c.targetMs} ms`, ms < c.targetMs ? 'ok' : 'MISSED'];
  });
  const head = ['case', 'median', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const load = loadavg()[0].toFixed(1);
  console.log(
    `convcost bench: median of ${runs} runs after warm-up (node ${process.version}, ${cpus().length} cores, load average ${load})\n`,
  );
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  return rows.every((r) => r[3] === 'ok');
}
