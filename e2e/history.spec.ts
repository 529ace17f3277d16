/** (d) Proof history survives a reload and can be deleted. */
import { expect, test } from './fixtures.js';

test('history survives a reload and entries can be deleted', async ({ page, prove }) => {
  await prove.open();
  await prove.pickSample(1);
  const label = await prove.prove();

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('breast-cancer');
  await expect(rows.nth(1)).toContainText(label);

  await page.reload();
  await expect(page).toHaveURL(/\/history$/);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(label);

  await rows.nth(1).getByRole('link', { name: 'Verify' }).click();
  await expect(page.getByTestId('verdict')).toContainText('Valid proof');
  await page.goBack();
  await expect(rows).toHaveCount(2);

  await rows.nth(1).getByRole('button', { name: /^Delete the proof/ }).click();
  await expect(page.getByText('No proofs yet.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No proofs yet.')).toBeVisible();
});

/** Keys of the app's IndexedDB store (idb-keyval's 'zkinfer' database). */
const storedKeys = (page: import('@playwright/test').Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('zkinfer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('kv').objectStore('kv').getAllKeys();
          req.onsuccess = () => resolve(req.result.map(String));
          req.onerror = () => reject(req.error);
        };
      }),
  );

test('the private input is stored only when the user asks', async ({ page, prove }) => {
  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  expect((await storedKeys(page)).filter((k) => k.startsWith('input:'))).toEqual([]);

  const first = page.getByRole('group', { name: /Features/ }).getByRole('spinbutton').first();
  const typed = await first.inputValue();
  await page.getByLabel('Remember my data on this device').check();
  await expect.poll(async () => (await storedKeys(page)).filter((k) => k.startsWith('input:'))).toHaveLength(1);
  await page.reload();
  await expect(page.getByTestId('package-status')).toBeVisible();
  await expect(first).toHaveValue(typed);

  await page.getByLabel('Remember my data on this device').uncheck();
  await expect.poll(async () => (await storedKeys(page)).filter((k) => k.startsWith('input:'))).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('package-status')).toBeVisible();
  await expect(first).toHaveValue('');
});
