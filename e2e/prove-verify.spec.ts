/** (a) Prove a sample patient, download the bundle, verify the downloaded file on the Verify page. */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures.js';

test('a sample patient is proved and the downloaded bundle verifies', async ({ page, prove, verify }) => {
  await prove.open();
  await prove.pickSample(1);
  const predicted = await page.getByTestId('prediction').locator('strong').textContent();
  const label = await prove.prove();
  expect(label).toBe(predicted);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^zkinfer-proof-breast-cancer-.*\.json$/);
  const file = await download.path();
  const bundle = JSON.parse(await readFile(file, 'utf8'));
  // The bundle names its package and carries the proof, nothing else: the label comes from the package.
  expect(Object.keys(bundle).sort()).toEqual(['format', 'packageId', 'proof', 'publicSignals', 'version']);

  await verify.open();
  await page.getByLabel('Bundle file').setInputFiles(file);
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(verify.verdict()).toContainText(label);
});
