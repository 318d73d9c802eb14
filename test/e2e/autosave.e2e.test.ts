/** Saved work is never lost: an unreadable save is kept aside and can be repaired in the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp, text } from './harness.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the autosave', () => {
  it('opens a version-0 save migrated instead of dropping it', async () => {
    const page = await app.openWithSaved({
      design: {
        version: 0,
        title: 'Prototype net',
        inputShape: [32, 32, 3],
        blocks: [{ type: 'conv', label: 'stem', filters: 16, kernel: 3 }],
      },
    });
    expect(await page.getByTestId('design-name').inputValue()).toBe('Prototype net');
    expect(await page.getByTestId('block-item').count()).toBe(1);
    await page.close();
  });

  it('keeps an unreadable save aside, says so, and opens it once repaired', async () => {
    const page = await app.openWithSaved({
      design: {
        version: 2,
        name: 'Half-typed',
        input: { h: 32, w: 32, c: 3 },
        blocks: [{ kind: 'conv', params: { filters: 16, kernal: 3 } }],
      },
    });
    expect(await page.getByTestId('share-banner').getAttribute('data-kind')).toBe('unreadable-save');
    expect(await text(page, 'share-banner-text')).toContain(
      'Your saved work could not be opened: block 1 (conv-1): unknown param kernal: did you mean kernel?',
    );
    // An edit now does not touch it: it is still kept aside.
    await page.getByTestId('design-name').fill('ResNet-18 edited');
    await page.waitForTimeout(400);
    expect(await page.evaluate(() => localStorage.getItem('convcost:unreadable-save'))).toContain('kernal');
    await app.screenshot(page, 'autosave-unreadable');
    // Repair it in the page: fix the typo and open it.
    await page.getByTestId('save-edit').click();
    const area = page.getByTestId('save-repair-text');
    await area.fill((await area.inputValue()).replace('kernal', 'kernel'));
    await page.getByTestId('save-repair-open').click();
    await expect.poll(() => page.getByTestId('design-name').inputValue()).toBe('Half-typed');
    expect(await page.evaluate(() => localStorage.getItem('convcost:unreadable-save'))).toBeNull();
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
