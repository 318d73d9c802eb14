/** The whole-network sweep, roofline, data-flow and counters views in a real browser. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp, text } from './harness.ts';

let app: App;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await app?.close();
});

describe('analysis views', () => {
  it('sweeps the whole design, follows the spec as it is typed, and says why a spec is wrong', async () => {
    const page = await app.freshPage();
    await page.getByTestId('preset-select').selectOption('vgg16-cifar');
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-sweep').click();
    await page.waitForSelector('[data-testid="chart-sweep-macs"] svg .recharts-line');
    expect(await page.locator('[data-testid^="chart-sweep-"]').count()).toBe(4);
    await page.getByTestId('sweep-spec').fill('hetconv:p=2,4,8,16,32,64');
    await expect
      .poll(() => page.locator('[data-testid="chart-sweep-macs"] .recharts-line-dot').count())
      .toBe(6);
    await app.screenshot(page, 'sweep-vgg16-cifar');
    await page.getByTestId('sweep-spec').fill('hetconv:p=8..2');
    expect(await text(page, 'sweep-error')).toMatch(/runs backwards/);
    await page.close();
  });

  it('draws the roofline with the ridge and says which ops are memory-bound on each device', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-roofline').click();
    await page.waitForSelector('[data-testid="chart-roofline"] svg');
    expect(await page.getByTestId('roofline-row').count()).toBeGreaterThan(10);
    const a100 = await text(page, 'roofline-summary');
    await page.getByTestId('roofline-device').selectOption('jetson-nano');
    await expect.poll(() => text(page, 'roofline-summary')).not.toBe(a100);
    expect(await text(page, 'roofline-source')).toMatch(/472 GFLOPS/);
    await app.screenshot(page, 'roofline-resnet18');
    await page.close();
  });

  it('shows the data flow on a log scale with the classifier set apart and flags in the table', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-dataflow').click();
    await page.waitForSelector('[data-testid="dataflow-table"]');
    expect(await text(page, 'dataflow-table')).toContain('(classifier)');
    await page.close();
  });

  it('counts like ptflops and adds the training step; both travel in the share link', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-tab-counters').click();
    expect(await text(page, 'count-like-ptflops')).toMatch(/1\.825/);
    expect(await text(page, 'count-like-torchvision')).toMatch(/1\.814/);
    await page.getByTestId('count-like').selectOption('ptflops');
    expect(await text(page, 'count-rule')).toMatch(/ptflops\/pytorch_ops\.py/);
    await page.getByTestId('training-toggle').check();
    expect(await text(page, 'training-macs')).toMatch(/5\.32/);
    await app.screenshot(page, 'counters-resnet18');
    // The address bar carries the convention: a reload from it restores both switches.
    await expect.poll(() => page.url()).toMatch(/#d=/);
    await page.waitForTimeout(600);
    const link = page.url();
    const again = await app.context.newPage();
    await again.goto(link);
    await again.waitForSelector('[data-testid="totals"]');
    await again.getByTestId('tab-charts').click();
    await again.getByTestId('chart-tab-counters').click();
    expect(await again.getByTestId('count-like').inputValue()).toBe('ptflops');
    expect(await again.getByTestId('training-toggle').isChecked()).toBe(true);
    await again.close();
    await page.close();
  });

  it('gives every block its receptive field and effective stride in the cost table', async () => {
    const page = await app.freshPage();
    await page.getByTestId('tab-table').click();
    const row = page.locator('[data-testid="layer-row"][data-index="9"] [data-testid="row-rf"]');
    expect(await row.textContent()).toBe('435 /32');
    await page.close();
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
