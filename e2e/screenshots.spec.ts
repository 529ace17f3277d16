/** Screenshots of every page for the README (docs/screenshots/), taken on a real proof. */
import { expect, test } from './fixtures.js';

const shot = (name: string) => ({ path: `docs/screenshots/${name}.png`, fullPage: true });

test('screenshots of each page', async ({ page, prove, verify }) => {
  await prove.open();
  await prove.pickSample(2);
  await prove.prove();
  await page.screenshot(shot('prove'));

  const bundle = await prove.bundleText();
  await verify.open();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
  await page.screenshot(shot('verify'));

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { name: 'breast-cancer' })).toBeVisible();
  await page.screenshot(shot('models'));

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await page.screenshot(shot('history'));
});
