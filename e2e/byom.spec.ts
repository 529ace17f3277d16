/**
 * Bring your own model (issue 13, item 7): an ONNX model and a Keras .h5 model, built here with the
 * test fixture builders (nothing downloaded), are dropped on the "Your model" page; the per-layer
 * estimate shows; the input ranges are set (typed, and from an input-spec.json); the model is
 * published with a development key in a worker; the package downloads as a zip holding the
 * manifest and the key; "Prove with it" proves on the Prove page and the bundle verifies. A PNG
 * dropped as a model gets one named sentence and the model in use stays. The page makes no request
 * but same-origin GETs of the app's own files: the model never leaves the device.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { unzipSync } from 'fflate';
import { tabularKerasH5, tabularOnnx } from '../src/core/test-support/byom-models.js';
import { expect, test } from './fixtures.js';
import type { VerifyPage } from './fixtures.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);

/** Every request the page and its workers make from now on. */
function recordRequests(page: Page): { method: string; url: string; body: boolean }[] {
  const seen: { method: string; url: string; body: boolean }[] = [];
  page.context().on('request', (r) => {
    // blob: URLs are snarkjs's in-memory thread code, data: URLs inline bytes: neither is the network.
    if (!/^(blob|data):/.test(r.url())) seen.push({ method: r.method(), url: r.url(), body: r.postDataBuffer() !== null });
  });
  return seen;
}

function expectNothingLeft(requests: { method: string; url: string; body: boolean }[], origin: string): void {
  const out = requests.filter((r) => r.method !== 'GET' || r.body || new URL(r.url).origin !== origin);
  expect(out, 'requests other than same-origin GETs of the app').toEqual([]);
}

async function open(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('Model files').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

async function publishDownloadProve(page: Page, verify: VerifyPage, pkg: string, fill: () => Promise<void>): Promise<void> {
  const publish = page.getByRole('button', { name: 'Publish with a development key' });
  await expect(publish).toBeEnabled();
  await expect(page.getByTestId('dev-key-warning')).toContainText('Development key.');
  await publish.click();
  await expect(page.getByRole('progressbar', { name: 'Publish progress' }).or(page.getByTestId('published'))).toBeVisible();
  await expect(page.getByTestId('published')).toContainText(`Published ${pkg}`, { timeout: 120_000 });

  // The zip opens and holds the package folder as the CLI writes it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download package (.zip)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${pkg}.zip`);
  const zip = unzipSync(readFileSync(await download.path()));
  for (const f of ['manifest.json', 'circuit.zkey', 'verification_key.json', 'verifier.sol']) expect(Object.keys(zip)).toContain(`${pkg}/${f}`);
  const manifest = JSON.parse(new TextDecoder().decode(zip[`${pkg}/manifest.json`])) as { name: string; setup: { kind: string }; files: { zkey: { bytes: number } } };
  expect(manifest.name).toBe(pkg);
  expect(manifest.setup.kind).toBe('development');
  expect(zip[`${pkg}/circuit.zkey`]!.length).toBe(manifest.files.zkey.bytes);

  await page.getByRole('button', { name: 'Prove with it' }).click();
  await expect(page).toHaveURL(/\/prove$/);
  await expect(page.getByTestId('package-status')).toContainText(`${pkg} ready`, { timeout: 60_000 });
  await expect(page.getByTestId('package-status')).toContainText('Development key');
  await fill();
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  const predicted = (await page.getByTestId('prediction').locator('strong').textContent()) ?? '';
  await page.getByRole('button', { name: 'Prove privately' }).click();
  await expect(page.getByTestId('proved-label')).toHaveText(predicted, { timeout: 120_000 });
  const bundle = await page.getByLabel('Proof bundle').inputValue();
  await verify.open();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(verify.verdict()).toContainText(pkg);
}

test('an ONNX model: estimate, ranges, a PNG refused, publish, zip, prove, verify', async ({ page, verify, baseURL }) => {
  test.setTimeout(240_000);
  await page.goto('/publish');
  await expect(page.getByRole('heading', { name: 'Your model' })).toBeVisible();
  const requests = recordRequests(page);

  await open(page, 'iris-mlp.onnx', Buffer.from(tabularOnnx()));
  await expect(page.getByTestId('model-format')).toHaveText('onnx');
  await expect(page.getByTestId('model-summary')).toContainText('shape [4]');
  const estimate = page.getByTestId('estimate');
  await expect(estimate.getByRole('row', { name: /hidden/ })).toBeVisible();
  await expect(estimate.getByRole('row', { name: /^Total/ })).toBeVisible();
  await expect(page.getByTestId('size-guard')).toContainText('Fits a browser proof');

  // A wrong range is named and keeps what was typed; the fix brings the estimate back.
  await page.getByLabel('Minimum', { exact: true }).fill('-1');
  await page.getByLabel('Maximum', { exact: true }).fill('abc');
  await expect(page.getByTestId('range-errors')).toContainText('Every feature maximum: "abc" is not a number');
  await expect(page.getByRole('button', { name: 'Publish with a development key' })).toBeDisabled();
  await expect(page.getByLabel('Maximum', { exact: true })).toHaveValue('abc');
  await page.getByLabel('Maximum', { exact: true }).fill('1');
  await expect(page.getByTestId('range-errors')).toHaveCount(0);
  await expect(page.getByTestId('estimate')).not.toHaveClass(/stale-estimate/);

  // A picture dropped as a model: one sentence naming it and the supported formats; the model stays.
  await open(page, 'photo.png', PNG);
  await expect(page.getByTestId('open-error')).toContainText('photo.png is a PNG image; supported: a tfjs Layers model');
  await expect(page.getByTestId('open-error')).toContainText('an ONNX model');
  await expect(page.getByTestId('kept-model')).toContainText('Still using iris-mlp.onnx');
  await expect(page.getByTestId('model-format')).toHaveText('onnx');
  await expect(page.getByLabel('Minimum', { exact: true })).toHaveValue('-1');

  await page.getByLabel('Class labels (optional, comma-separated)').fill('setosa, versicolor');
  await expect(page.getByText('2 labels given; the model has 3 outputs')).toBeVisible();
  await page.getByLabel('Class labels (optional, comma-separated)').fill('setosa, versicolor, virginica');

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  await publishDownloadProve(page, verify, 'iris-mlp', async () => {
    await page.getByLabel('Paste a CSV row').fill('0.5, -0.25, 0.75, 0.1');
    await page.getByRole('button', { name: 'Use pasted row' }).click();
  });
  expectNothingLeft(requests, new URL(baseURL!).origin);
});

test('a Keras .h5 model with an input spec: publish, zip, prove, verify', async ({ page, verify, baseURL }) => {
  test.setTimeout(240_000);
  await page.goto('/publish');
  const requests = recordRequests(page);
  await open(page, 'keras-mlp.h5', Buffer.from(await tabularKerasH5()));
  await expect(page.getByTestId('model-format')).toHaveText('keras-h5');
  await expect(page.getByTestId('estimate').getByRole('row', { name: /^Total/ })).toBeVisible();

  // A spec for another shape is refused by name and changes nothing; the right one fills the table.
  const specFile = page.getByLabel('Load an input spec (input-spec.json)');
  await specFile.setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ shape: [2], features: [{ name: 'a', min: 0, max: 1 }, { name: 'b', min: 0, max: 1 }] })) });
  await expect(page.getByTestId('spec-note')).toContainText("wrong.json was not used: the input spec has shape [2] but the model's input is [4]");
  await expect(page.getByLabel('Minimum', { exact: true })).toHaveValue('0');
  const features = [
    { name: 'age', min: 18, max: 90 },
    { name: 'height', min: 1.4, max: 2.1 },
    { name: 'weight', min: 40, max: 150 },
    { name: 'score', min: -3, max: 3 },
  ];
  await specFile.setInputFiles({ name: 'input-spec.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ bits: 10, features })) });
  await expect(page.getByTestId('spec-note')).toContainText('Ranges loaded from input-spec.json: 4 features, 10-bit input');
  await expect(page.getByLabel('Feature 3 maximum')).toHaveValue('150');

  await publishDownloadProve(page, verify, 'keras-mlp', async () => {
    for (const [name, v] of [['age', '40'], ['height', '1.75'], ['weight', '70'], ['score', '0.5']] as const) await page.getByRole('spinbutton', { name }).fill(v);
  });
  expectNothingLeft(requests, new URL(baseURL!).origin);
});
