/**
 * Interaction figures on big designs (a benchmark that prints, never a pass/fail timing): for 500
 * and 5,000 blocks, the time from a user action to the next painted frame after its effect shows.
 *
 *   edit       a field of the selected block -> the headline MACs change
 *   select     a click on another block in the list -> the form shows it
 *   arrow      ArrowDown / ArrowUp in the list -> the form shows the next block
 *   duplicate  Ctrl+D in the list -> the headline MACs change
 *   undo       Ctrl+Z -> the headline MACs change back
 *   charts     a click on the Charts tab -> the first chart is drawn
 *
 * Each figure is the median over several runs, with the page left idle in between (the autosave and
 * the link are written on a debounce, after the frame measured). The figures go to the console and
 * to test-output/interaction-figures.json. The assertions only check that every action had its
 * effect, so a slow machine cannot fail this test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDesign } from '../../bench/designs.ts';
import { MAX_BLOCKS } from '../../src/design/index.ts';
import { type App, startApp } from './harness.ts';
import { ACTIONS, type Action, probe } from './interactionProbe.ts';
import { ROOT } from './paths.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

interface Figures {
  blocks: number;
  /** Milliseconds from the action to the next frame after its effect, one per run. */
  runs: Record<Action, number[]>;
  /** Milliseconds from navigation to the first totals on screen. */
  openMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(blocks: number, runs: number): Promise<Figures> {
  const design = syntheticDesign(blocks);
  // One below the cap, so Ctrl+D has room on the largest design.
  if (design.blocks.length >= MAX_BLOCKS) design.blocks.pop();
  // A plain conv near the middle (the synthetic design cycles through five kinds).
  const mid = Math.floor(design.blocks.length / 2);
  const anchor = design.blocks[mid - (mid % 10)];
  expect(anchor.kind).toBe('conv');
  const page: Page = await app.context.newPage();
  await page.goto(app.url);
  const t0 = Date.now();
  await app.openWithSaved({ design, view: { selectedBlockId: anchor.id, tab: 'table' } }, page);
  await page.waitForSelector('[data-testid="field-filters"]');
  const openMs = Date.now() - t0;
  const idleMs = blocks >= 2000 ? 900 : 500;
  const figures: Figures = { blocks: design.blocks.length, runs: {} as Record<Action, number[]>, openMs };
  for (const action of ACTIONS) {
    figures.runs[action] = await page.evaluate(probe, { action, runs, anchorId: anchor.id, idleMs });
  }
  await app.screenshot(page, `interaction-${blocks}-blocks`);
  await page.close();
  return figures;
}

function report(all: Figures[]): string {
  const head = `${'action'.padEnd(10)}${all.map((f) => `${f.blocks} blocks`.padStart(26)).join('')}`;
  const rows = ACTIONS.map(
    (a) =>
      a.padEnd(10) +
      all
        .map((f) => {
          const xs = f.runs[a];
          return `${median(xs).toFixed(1)} ms (max ${Math.max(...xs).toFixed(1)})`.padStart(26);
        })
        .join(''),
  );
  const open = `${'open'.padEnd(10)}${all.map((f) => `${f.openMs} ms`.padStart(26)).join('')}`;
  // The machine's load beside the figures: on a shared 2-core machine they move with it.
  const machine = `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}`;
  return [
    `[perf] action -> next painted frame, median (max) in headless Chromium (${machine})`,
    head,
    ...rows,
    open,
  ].join('\n');
}

const measured: Figures[] = [];

describe('interaction figures on big designs', () => {
  for (const [blocks, runs] of [
    [500, 9],
    [MAX_BLOCKS, 5],
  ] as const) {
    it(`measures edit, select, arrow, duplicate, undo and the charts tab on ${blocks} blocks`, async () => {
      const f = await measure(blocks, runs);
      measured.push(f);
      console.log(report([f]));
      for (const a of ACTIONS) expect(f.runs[a].every((x) => x > 0)).toBe(true);
      expect(app.errors).toEqual([]);
    }, 900_000);
  }

  it('writes the figures side by side', () => {
    console.log(report(measured));
    mkdirSync(`${ROOT}/test-output`, { recursive: true });
    writeFileSync(`${ROOT}/test-output/interaction-figures.json`, `${JSON.stringify(measured, null, 2)}\n`);
    expect(measured.length).toBe(2);
  });
});
