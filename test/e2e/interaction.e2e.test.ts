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
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDesign } from '../../bench/designs.ts';
import { MAX_BLOCKS } from '../../src/design/index.ts';
import { type App, startApp } from './harness.ts';
import { ROOT } from './paths.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

type Action = 'edit' | 'select' | 'arrow' | 'duplicate' | 'undo' | 'charts';
const ACTIONS: readonly Action[] = ['edit', 'select', 'arrow', 'duplicate', 'undo', 'charts'];

interface Figures {
  blocks: number;
  /** Milliseconds from the action to the next frame after its effect, one per run. */
  runs: Record<Action, number[]>;
  /** Milliseconds from navigation to the first totals on screen. */
  openMs: number;
}

/**
 * Runs in the page: performs `action` `runs` times on the block `anchorId` and returns the times.
 * Everything it needs is defined inside (it is serialised into the page).
 */
async function probe(arg: {
  action: Action;
  runs: number;
  anchorId: string;
  idleMs: number;
}): Promise<number[]> {
  const { action, runs, anchorId, idleMs } = arg;
  const $ = <T extends Element>(sel: string) => document.querySelector<T>(sel);
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const idle = async () => {
    await new Promise((r) => setTimeout(r, idleMs));
    await new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 5000 }));
  };
  /** Resolves once `test()` is true, checked after every DOM change (and now). */
  const when = (test: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const mo = new MutationObserver(() => {
        if (test()) {
          mo.disconnect();
          clearTimeout(t);
          resolve();
        }
      });
      const t = setTimeout(() => {
        mo.disconnect();
        reject(new Error(`${action}: no effect within 30 s`));
      }, 30_000);
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  /** The totals text, exact figures included (a one-block change can hide in four digits). */
  const macs = () => $('[data-testid="totals"]')?.textContent ?? '';
  const badge = () => $('[data-testid="inspector"] .badge')?.textContent ?? '';
  const item = (id: string) => $<HTMLElement>(`[data-block-id="${id}"][data-testid="block-item"]`);
  const key = (target: EventTarget, k: string, mods: KeyboardEventInit = {}) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
  const selectAnchor = async () => {
    const el = item(anchorId);
    if (!el) throw new Error(`block ${anchorId} is not in the list`);
    el.click();
    await frame();
  };
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;

  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await idle();
    let t0 = 0;
    if (action === 'edit') {
      const input = $<HTMLInputElement>('[data-testid="field-filters"]')!;
      const before = macs();
      t0 = performance.now();
      setValue.call(input, input.value === '48' ? '64' : '48');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await when(() => macs() !== before);
    } else if (action === 'select' || action === 'arrow') {
      const anchor = item(anchorId)!;
      const index = Number(anchor.dataset.index) + (i % 2 === 0 ? 1 : -1);
      const target = $<HTMLElement>(`[data-testid="block-item"][data-index="${index}"]`)!;
      anchor.focus();
      await frame();
      const before = badge();
      t0 = performance.now();
      if (action === 'select') target.click();
      else key(anchor, i % 2 === 0 ? 'ArrowDown' : 'ArrowUp');
      await when(() => badge() !== before);
    } else if (action === 'duplicate') {
      const before = macs();
      const el = item(anchorId)!;
      el.focus();
      t0 = performance.now();
      key(el, 'd', { ctrlKey: true });
      await when(() => macs() !== before);
    } else if (action === 'undo') {
      // Set up an undo step (a duplicate), then time the undo.
      const el = item(anchorId)!;
      el.focus();
      const orig = macs();
      key(el, 'd', { ctrlKey: true });
      await when(() => macs() !== orig);
      await idle();
      const before = macs();
      t0 = performance.now();
      key(document.body, 'z', { ctrlKey: true });
      await when(() => macs() !== before);
    } else {
      const tab = $<HTMLElement>('[data-testid="tab-charts"]')!;
      t0 = performance.now();
      tab.click();
      await when(() => !!$('.chart svg.recharts-surface'));
    }
    await frame();
    out.push(performance.now() - t0);
    // Back to the starting point, untimed.
    if (action === 'duplicate') key(document.body, 'z', { ctrlKey: true });
    if (action === 'charts') $<HTMLElement>('[data-testid="tab-table"]')!.click();
    await frame();
    if (action !== 'edit') await selectAnchor();
  }
  return out;
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
  return ['[perf] action -> next painted frame, median (max) in headless Chromium', head, ...rows, open].join(
    '\n',
  );
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
