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
  await expect(page.getByRole('heading', { name: 'breast-cancer', exact: true })).toBeVisible();
  await page.screenshot(shot('models'));

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await page.screenshot(shot('history'));
});

test('screenshots of the digit demo and of a model\'s per-layer cost', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/prove?model=mnist-lean');
  await expect(page.getByTestId('package-status')).toContainText('mnist-lean ready', { timeout: 90_000 });
  // A "7" with a crossbar, drawn off-centre: the preview shows it cropped, scaled and centred.
  const box = (await page.getByTestId('digit-pad').boundingBox())!;
  const draw = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0]![0] * box.width, box.y + points[0]![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 10 });
    await page.mouse.up();
  };
  await draw([
    [0.22, 0.18],
    [0.7, 0.16],
    [0.56, 0.45],
    [0.42, 0.78],
  ]);
  await draw([
    [0.4, 0.44],
    [0.7, 0.44],
  ]);
  await expect(page.getByTestId('digit-status')).toContainText('Your drawing');
  await page.getByTestId('digit-pad').scrollIntoViewIfNeeded();
  await page.locator('section.card', { has: page.getByTestId('digit-pad') }).screenshot({ path: 'docs/screenshots/digit.png' });

  await page.goto('/models?model=mnist-lean');
  await expect(page.getByTestId('layer-costs')).toBeVisible({ timeout: 60_000 });
  await page.screenshot(shot('model-details'));
});

test('screenshots of the first visit, the Lab and a signed proof checked on the verifier contract', async ({ page, prove, verify }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: /Try it/ })).toBeVisible();
  await page.screenshot(shot('landing'));

  await page.goto('/lab');
  await page.getByLabel('Sample patient').selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Sign with the demo key' }).click();
  await expect(page.getByTestId('lab-signed')).toContainText('for package breast-cancer-signed');
  await page.screenshot(shot('lab'));

  await page.getByRole('button', { name: 'Prove with it' }).click();
  await expect(page.getByTestId('signed-by')).toContainText('Signed by');
  await prove.prove();
  const bundle = await prove.bundleText();
  await verify.open();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Untrusted data source');
  await page.getByRole('button', { name: 'Trust this signer' }).click();
  await expect(verify.verdict()).toContainText('Valid proof');
  await page.getByRole('button', { name: 'Check with the on-chain verifier (in this page)' }).click();
  await expect(page.getByTestId('onchain-verdict')).toContainText('verifyProof returned true');
  await page.screenshot(shot('verify-signed'));
});
