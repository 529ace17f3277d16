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
