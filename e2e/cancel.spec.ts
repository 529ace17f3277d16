/** (e) Cancelling a proof stops its worker; the next proof starts a fresh one and succeeds. */
import { expect, test } from './fixtures.js';

test('cancel, then prove again', async ({ page, prove }) => {
  await prove.open();
  await prove.pickSample(2);
  // Click Prove and, as soon as React shows it, Cancel: a warm proof takes well under a second.
  await page.evaluate(async () => {
    const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    button('Prove privately')!.click();
    for (let i = 0; i < 100 && !button('Cancel'); i++) await new Promise((r) => setTimeout(r, 1));
    button('Cancel')!.click();
  });
  await expect(page.getByText('Proof cancelled.')).toBeVisible();
  await expect(page.getByTestId('proved-label')).toHaveCount(0);

  const label = await prove.prove();
  expect(label).toMatch(/benign|malignant/);
  // The fresh worker had to load the circuit again: compiled, or read from the compiled-circuit cache
  // that the cancelled proof's compile may have written (docs/circuit-cache.md); never "already compiled".
  await expect(page.getByTestId('proof-timing')).toContainText(/circuit compiled|circuit read from this device's cache/);
});
