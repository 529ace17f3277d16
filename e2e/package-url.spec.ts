/** Loading a package by URL: a shareable link results, and a wrong URL is explained. */
import { expect, test } from './fixtures.js';

test('a package URL loads, proves and becomes a shareable link; a bad URL is explained', async ({ page, baseURL, prove }) => {
  await page.goto('/prove');
  const url = page.getByLabel('Package URL');

  await url.fill(`${baseURL}/packages/no-such-model/`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/manifest\.json (could not be downloaded|is not valid JSON)/);

  const packageUrl = `${baseURL}/packages/breast-cancer/`;
  await url.fill(packageUrl);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('package-status')).toContainText('breast-cancer ready');
  await expect(page).toHaveURL(`/prove?package=${encodeURIComponent(packageUrl)}`);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await prove.pickSample(1);
  expect(await prove.prove()).toMatch(/benign|malignant/);

  // The link opens the same package in a new page; the key now comes from this device's cache.
  const again = await page.context().newPage();
  await again.goto(page.url());
  await expect(again.getByTestId('package-status')).toContainText('key cached on this device');
});
