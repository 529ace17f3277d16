/** (g) The main thread stays responsive while proofs run: no long task of 200 ms or more. */
import { expect, test } from './fixtures.js';

declare global {
  interface Window {
    __gaps?: { max: number; longTasks: number[]; stop: () => void };
  }
}

test('no main-thread task of 200 ms or more during proofs', async ({ page, prove }) => {
  await prove.open();
  await prove.pickSample(1);
  await page.evaluate(() => {
    let last = performance.now();
    let max = 0;
    // Long tasks tell our own blocking work apart from a busy machine starving the timer.
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(Math.round(e.duration))));
    observer.observe({ type: 'longtask' });
    const t = setInterval(() => {
      const now = performance.now();
      max = Math.max(max, now - last);
      last = now;
    }, 10);
    window.__gaps = {
      get max() {
        return max;
      },
      longTasks,
      stop: () => {
        clearInterval(t);
        observer.disconnect();
      },
    };
  });
  for (let i = 0; i < 3; i++) await prove.prove();
  const { maxGap, longTasks } = await page.evaluate(() => {
    window.__gaps!.stop();
    return { maxGap: window.__gaps!.max, longTasks: window.__gaps!.longTasks };
  });
  test.info().annotations.push({ type: 'max main-thread gap (ms)', description: maxGap.toFixed(1) });
  console.log(`max main-thread gap during 3 proofs: ${maxGap.toFixed(1)} ms; long tasks: [${longTasks.join(', ')}] ms`);
  // Our own blocking work shows as long tasks: none may reach 200 ms. The timer gap also grows when
  // a loaded machine starves the page, so it only guards against proving on the main thread, which
  // would stall the page for a whole proof.
  expect(Math.max(0, ...longTasks)).toBeLessThan(200);
  expect(maxGap).toBeLessThan(1000);
});

test('no page scrolls sideways on a 390 px phone', async ({ page, prove, verify }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const fits = async (where: string) => {
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
    expect(scroll, `${where}: the page is ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
  };
  const settled = async () => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  };

  await page.goto('/prove');
  await settled();
  await fits('Prove, the landing');
  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  await fits('Prove with a result');
  const bundle = await prove.bundleText();

  await verify.open();
  await fits('Verify, empty');
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
  await fits('Verify with a verdict');
  await verify.verifyText(JSON.stringify({ ...JSON.parse(bundle), packageId: 'cd'.repeat(32) }));
  await expect(verify.verdict()).toContainText("Can't check yet");
  await fits('Verify asking for the package');

  await page.goto('/history');
  await settled();
  await fits('History with a proof');
  await page.goto('/models');
  await settled();
  await fits('Models');
  for (const model of ['breast-cancer', 'mnist-cnn']) {
    await page.goto(`/models?model=${model}`);
    await expect(page.getByTestId('layer-chart')).toBeVisible({ timeout: 90_000 });
    await fits(`Model details of ${model} (per-layer chart and table)`);
  }
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await fits('Page not found');

  await page.goto('/prove?model=mnist-lean');
  await expect(page.getByTestId('package-status')).toContainText('mnist-lean ready', { timeout: 120_000 });
  await page.getByLabel('Sample input').selectOption({ index: 1 });
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  await fits('Prove with the digit pad');
});
