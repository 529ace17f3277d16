/**
 * Benchmark, not a test: proof time of the diagnosis model in Chromium with the key cached and
 * the worker warm. Reported (console and test annotations), never asserted.
 */
import { test } from './fixtures.js';

const RUNS = 10;

test('benchmark: warm proofs of the diagnosis model', async ({ page, prove }) => {
  await prove.open();
  await prove.pickSample(1);
  await prove.prove(); // warm-up: the curve and its thread pool are built on the first proof
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await prove.prove();
    const text = (await page.getByTestId('proof-timing').textContent()) ?? '';
    times.push(Number(/Proof made in ([0-9.]+) s/.exec(text)?.[1]));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)]!;
  const line = `browser prove (breast-cancer, key cached, warm worker): median ${median.toFixed(2)} s, min ${times[0]!.toFixed(2)} s, max ${times[RUNS - 1]!.toFixed(2)} s over ${RUNS}`;
  console.log(line);
  test.info().annotations.push({ type: 'benchmark', description: line });
});
