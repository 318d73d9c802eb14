/** The in-page half of the interaction benchmark (interaction.e2e.test.ts), serialised into the page by page.evaluate. */

export type Action = 'edit' | 'select' | 'arrow' | 'duplicate' | 'undo' | 'charts';
export const ACTIONS: readonly Action[] = ['edit', 'select', 'arrow', 'duplicate', 'undo', 'charts'];

/**
 * Runs in the page: performs `action` `runs` times on the block `anchorId` and returns the times.
 * Everything it needs is defined inside (it is serialised into the page).
 */
export async function probe(arg: {
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
    // For a trace: the timed span, as a user-timing measure.
    performance.measure(`probe:${action}`, { start: t0, end: performance.now() });
    // Back to the starting point, untimed.
    if (action === 'duplicate') key(document.body, 'z', { ctrlKey: true });
    if (action === 'charts') $<HTMLElement>('[data-testid="tab-table"]')!.click();
    await frame();
    if (action !== 'edit') await selectAnchor();
  }
  return out;
}
