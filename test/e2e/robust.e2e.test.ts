/** A panel that throws while rendering must not blank the page or touch the design. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp, text } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

describe('a render failure stays inside its panel', () => {
  it('shows the failing panels with a message, keeps the editor and the design, and recovers on retry', async () => {
    const page = await app.freshPage();
    const before = await text(page, 'total-macs');
    // Inject a fault into number formatting, which the totals and the table use on every render.
    await page.evaluate(() => {
      const w = window as unknown as { __restore: () => void };
      const original = Number.prototype.toPrecision;
      w.__restore = () => {
        Number.prototype.toPrecision = original;
      };
      Number.prototype.toPrecision = () => {
        throw new Error('injected fault');
      };
    });
    // A plain DOM click: the radio's own panel is about to be replaced by its error message.
    await page.evaluate(() =>
      (document.querySelector('[data-testid="bn-fused"]') as HTMLInputElement).click(),
    );
    const failed = page.getByTestId('panel-error');
    await failed.first().waitFor();
    expect(await failed.count()).toBeGreaterThan(0);
    expect(await failed.first().textContent()).toContain('injected fault');
    // The header and the block list still work: the page is not blank and the design is intact.
    expect(await page.getByTestId('design-name').inputValue()).toBe('ResNet-18');
    expect(await page.getByTestId('block-item').count()).toBe(11);
    await app.screenshot(page, 'panel-error');

    await page.evaluate(() => (window as unknown as { __restore: () => void }).__restore());
    while ((await failed.count()) > 0)
      await failed.first().getByRole('button', { name: 'Try again' }).click();
    // BN fused stays applied: the MACs total is unchanged, the params drop.
    expect(await text(page, 'total-macs')).toBe(before);
    await page.close();
  });
});
