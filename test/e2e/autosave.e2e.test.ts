/** Saved work is never lost: an unreadable save is kept aside and can be repaired in the page. */
import { readFileSync } from 'node:fs';
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
    // Download it: the save exactly as it was kept aside.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('save-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('convcost-unreadable-save.json');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(
      await page.evaluate(() => localStorage.getItem('convcost:unreadable-save')),
    );
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

  it("says so when another tab changed this tab's save, writes nothing, and keeps this tab's work when asked", async () => {
    const page = await app.openWithSaved({
      design: {
        version: 2,
        name: 'Start',
        input: { h: 8, w: 8, c: 3 },
        blocks: [{ kind: 'conv', params: { filters: 8 } }],
      },
    });
    expect(await page.getByTestId('design-name').inputValue()).toBe('Start');
    expect(await page.getByTestId('share-banner').count()).toBe(0);
    /** This tab's own save record (the page writes one key per tab), or null. */
    const own = () =>
      page.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('convcost:autosave:v2:'));
        return key
          ? (JSON.parse(localStorage.getItem(key)!) as { rev: number; doc: { name: string } })
          : null;
      });
    await page.getByTestId('design-name').fill('Mine');
    await expect.poll(async () => (await own())?.doc.name).toBe('Mine');
    // A duplicated tab (same tab id) saves its own work under this tab's key.
    await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('convcost:autosave:v2:'))!;
      const r = JSON.parse(localStorage.getItem(key)!);
      localStorage.setItem(
        key,
        JSON.stringify({ ...r, rev: r.rev + 1, doc: { ...r.doc, name: 'Other tab' } }),
      );
    });
    await page.getByTestId('design-name').fill('Mine again');
    await expect.poll(() => page.getByTestId('share-banner').getAttribute('data-kind')).toBe('save-conflict');
    expect(await text(page, 'share-banner-text')).toContain(
      "This tab's saved work was changed in another tab, so this tab has stopped saving",
    );
    await page.waitForTimeout(400);
    expect((await own())?.doc.name).toBe('Other tab');
    await app.screenshot(page, 'autosave-conflict');
    await page.getByTestId('save-keep-mine').click();
    await expect.poll(async () => (await own())?.doc.name).toBe('Mine again');
    expect(await page.getByTestId('share-banner').count()).toBe(0);
    expect(app.errors).toEqual([]);
    await page.close();
  });
});
