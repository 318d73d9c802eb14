/**
 * What a user trips over, with the keyboard and on first open: focus moves where the next key is
 * expected, popovers close with Escape (one open at a time), the focus ring can be seen, buttons
 * say what they do, and a first visit gets a short intro with three ways in.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp, text } from './harness.ts';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const item = (page: Page, index: number) => page.locator(`[data-testid="block-item"][data-index="${index}"]`);
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testId: el?.dataset.testid ?? '',
      index: el?.dataset.index ?? '',
      inInspector: !!el?.closest('[data-testid="inspector"]'),
    };
  });

describe('keyboard and focus', () => {
  it('Enter on a block moves focus to its form, Escape brings it back to the block', async () => {
    const page = await app.freshPage();
    await item(page, 3).click();
    await item(page, 3).press('Enter');
    await expect.poll(async () => (await focused(page)).inInspector).toBe(true);
    expect(await page.getByTestId('block-name').inputValue()).toBe('layer1.1');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).index).toBe('3');
    await page.close();
  });

  it('keeps focus on the next block after Delete, from the keyboard and from the toolbar', async () => {
    const page = await app.freshPage();
    await item(page, 2).click();
    await item(page, 2).focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('block-list').getAttribute('data-count')).toBe('10');
    await expect.poll(async () => (await focused(page)).testId).toBe('block-item');
    expect((await focused(page)).index).toBe('2');
    await page.getByTestId('delete-block').click();
    await expect.poll(() => page.getByTestId('block-list').getAttribute('data-count')).toBe('9');
    await expect.poll(async () => (await focused(page)).index).toBe('2');
    // Arrows go on from there.
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused(page)).index).toBe('3');
    await page.close();
  });

  it('opens one popover at a time and closes it with Escape, focus back on its button', async () => {
    const page = await app.freshPage();
    const shortcuts = page.locator('details.shortcuts');
    const menu = page.locator('details.share-menu');
    await page.getByTestId('shortcuts').click();
    expect(await shortcuts.getAttribute('open')).not.toBeNull();
    await page.getByTestId('share-menu').click();
    expect(await menu.getAttribute('open')).not.toBeNull();
    expect(await shortcuts.getAttribute('open')).toBeNull();
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('open')).toBeNull();
    expect((await focused(page)).testId).toBe('share-menu');
    // A click elsewhere closes one too.
    await page.getByTestId('shortcuts').click();
    await page.getByTestId('totals').click();
    expect(await shortcuts.getAttribute('open')).toBeNull();
    await page.close();
  });

  it('draws a focus ring with at least 3:1 contrast against what is behind it', async () => {
    const page = await app.freshPage();
    const ratios: Record<string, number> = {};
    for (const sel of [
      '[data-testid="block-item"][data-index="0"]',
      '[data-testid="new-empty"]',
      '[data-testid="share-menu"]',
      '[data-testid="field-filters"]',
      '[data-testid="tab-charts"]',
    ]) {
      await item(page, 0).click();
      await page.locator(sel).focus();
      await page.keyboard.press('Shift'); // a key press makes the ring :focus-visible
      ratios[sel] = await page.evaluate((s) => {
        const el = document.querySelector<HTMLElement>(s)!;
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => {
            const x = v / 255;
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const style = getComputedStyle(el);
        if (style.outlineStyle === 'none' || Number.parseFloat(style.outlineWidth) < 2) return 0;
        // The ring sits just outside the element (or just inside it): compare with both sides.
        let bg = 'rgba(0, 0, 0, 0)';
        for (let n: HTMLElement | null = el.parentElement; n; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (rgb(c)[3] !== 0 && c !== 'transparent') {
            bg = c;
            break;
          }
        }
        const own = style.backgroundColor;
        const ring = lum(rgb(style.outlineColor));
        const contrast = (c: string) => {
          const l = lum(rgb(c));
          return (Math.max(l, ring) + 0.05) / (Math.min(l, ring) + 0.05);
        };
        return Math.min(contrast(bg), rgb(own)[3] === 0 ? Number.POSITIVE_INFINITY : contrast(own));
      }, sel);
    }
    for (const [sel, r] of Object.entries(ratios)) expect(r, sel).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('labels the buttons with words, not bare icons, and shows a drag handle on every block', async () => {
    const page = await app.freshPage();
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.topbar button, .topbar summary, .block-toolbar button')]
        .filter((b) => b.offsetParent !== null)
        .map((b) => b.textContent?.trim() ?? ''),
    );
    expect(labels.length).toBeGreaterThan(8);
    for (const l of labels) expect(l, `"${l}"`).toMatch(/[A-Za-z]{2,}/);
    // Every other button has at least an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button')]
        .filter((b) => !(b.textContent?.trim() || b.getAttribute('aria-label') || b.title))
        .map((b) => b.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    const grips = page.locator('[data-testid="block-item"] .grip');
    expect(await grips.count()).toBe(11);
    expect(await grips.first().isVisible()).toBe(true);
    await page.close();
  });
});

describe('transforms say what they did', () => {
  it('says so when Apply or Compare changes nothing, instead of B = A at 1.000x', async () => {
    const page = await app.freshPage();
    const macs = await text(page, 'total-macs');
    await page.getByTestId('transform-kind').selectOption('hetconv');
    await page.getByTestId('transform-value').fill('3');
    await page.getByTestId('transform-apply').click();
    expect(await text(page, 'transform-summary')).toMatch(
      /^0 of 17 convs can take HetConv P=3: .*not divisible by P = 3/,
    );
    // The design and its history are untouched.
    expect(await text(page, 'total-macs')).toBe(macs);
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    await page.getByTestId('transform-compare').click();
    await expect.poll(() => text(page, 'compare-nothing')).toMatch(/0 of 17 convs can take HetConv P=3/);
    expect(await page.getByTestId('compare-totals').count()).toBe(0);
    await page.close();
  });

  it('counts convs, speaks of the checkbox, and marks its report stale after Undo; loading a design clears it', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-resnet34').click();
    await page.getByTestId('transform-apply').click();
    expect(await text(page, 'transform-summary')).toMatch(
      /HetConv P=4: replaced 32 of 33 convs \(in 16 blocks\), 1 skipped/,
    );
    await page.getByText('Skipped layers and why').click();
    expect(await text(page, 'transform-skipped')).toContain('tick “first conv too”');
    expect(await text(page, 'transform-skipped')).not.toContain(',first');
    expect(await page.getByTestId('transform-report').getAttribute('data-stale')).toBe('false');
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('transform-report').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('transform-delta').count()).toBe(0);
    await page.getByTestId('redo').click();
    await expect.poll(() => page.getByTestId('transform-report').getAttribute('data-stale')).toBe('false');
    await page.getByTestId('preset-select').selectOption('resnet18');
    await expect.poll(() => page.getByTestId('transform-report').count()).toBe(0);
    await page.close();
  });
});

describe('editing keeps the network and says what would break', () => {
  it('inserts a block with the channels it is given, under a readable name', async () => {
    const page = await app.freshPage();
    const item4 = item(page, 4);
    expect(await item4.locator('.bname').textContent()).toBe('layer2.0'); // 28x28x128 out
    await item4.click();
    await page.getByTestId('palette').locator('summary').click();
    await page.getByTestId('palette-conv').click();
    await expect.poll(() => page.getByTestId('block-list').getAttribute('data-count')).toBe('12');
    expect(await page.getByTestId('field-filters').inputValue()).toBe('128');
    expect(await item(page, 5).locator('.bname').textContent()).toMatch(/^conv-\d+$/);
    // The block after it reads 128 channels as before: its row still shows 28x28x128 out, no error.
    expect(await page.getByTestId('analysis-error').count()).toBe(0);
    await page.close();
  });

  it('warns while a block is dragged to where the shapes break', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('vgg16-cifar-hetconv-p4');
    const from = item(page, 1);
    const to = item(page, 0);
    await from.hover();
    await page.mouse.down();
    const box = (await to.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await expect.poll(() => page.getByTestId('drag-warning').count()).toBe(1);
    expect(await text(page, 'drag-warning')).toMatch(
      /Dropping it at #1 breaks the design: .*not divisible by P = 4/,
    );
    await app.screenshot(page, 'drag-warning');
    // Dropped there anyway: the warning goes and the error is the design's, on its field and row.
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('drag-warning').count()).toBe(0);
    await expect.poll(() => page.getByTestId('analysis-error').count()).toBe(1);
    await page.close();
  });
});

describe('A and B', () => {
  it('compares with the design before the transform, the saving below 1, and swaps A and B', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-resnet34').click();
    await page.getByTestId('transform-apply').click();
    await page.getByTestId('compare-before').click();
    await page.waitForSelector('[data-testid="compare-totals"]');
    expect(await text(page, 'compare-label-a')).toBe('A: before HetConv P=4');
    expect(await text(page, 'compare-label-b')).toBe('B: current');
    expect(await page.getByTestId('compare-macs').locator('td').nth(2).textContent()).toBe('0.358x');
    await app.screenshot(page, 'compare-before-transform');
    await page.getByTestId('compare-swap').click();
    expect(await text(page, 'compare-label-a')).toBe('A: current');
    expect(await page.getByTestId('compare-macs').locator('td').nth(2).textContent()).toBe('2.790x');
    // The latency chart draws both designs.
    await page.getByTestId('chart-tab-latency').click();
    expect(await text(page, 'chart-latency')).toMatch(/B: before HetConv P=4/);
    // Loading another design ends the comparison with the old one.
    await page.getByTestId('preset-select').selectOption('resnet18');
    await page.getByTestId('chart-tab-compare').click();
    expect(await page.getByTestId('compare-totals').count()).toBe(0);
    await page.close();
  });
});

describe('first open', () => {
  it('says what the app is, offers three ways in, and stays dismissed', async () => {
    const page = await app.freshPage('', { intro: true });
    const intro = page.getByTestId('intro');
    expect(await intro.isVisible()).toBe(true);
    expect(await intro.textContent()).toMatch(/what a convolutional network costs/);
    for (const id of ['intro-preset', 'intro-open-file', 'intro-hetconv'])
      expect(await page.getByTestId(id).isVisible()).toBe(true);
    await app.screenshot(page, 'first-open-intro');
    await page.getByTestId('intro-hetconv').click();
    await expect
      .poll(() => page.getByTestId('design-name').inputValue())
      .toBe('VGG-16 (CIFAR-10), HetConv P=4');
    // The first HetConv block is selected and explained (the explanation follows a frame later).
    await expect.poll(() => text(page, 'explain-title')).toMatch(/HetConv/);
    expect(await page.getByTestId('block-name').inputValue()).toBe('conv1_2');
    expect(await intro.count()).toBe(0);
    await page.reload();
    await page.waitForSelector('[data-testid="totals"]');
    expect(await page.getByTestId('intro').count()).toBe(0);
    await page.close();
  });

  it('loads a preset from the intro, and opens the file picker from it', async () => {
    const page = await app.freshPage('', { intro: true });
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('intro-open-file').click();
    expect((await chooser).isMultiple()).toBe(false);
    const again = await app.freshPage('', { intro: true });
    await again.getByTestId('intro-preset').selectOption('mobilenet-v2');
    await expect.poll(() => again.getByTestId('design-name').inputValue()).toBe('MobileNetV2 1.0-224');
    expect(await again.getByTestId('intro').count()).toBe(0);
    await page.close();
    await again.close();
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
