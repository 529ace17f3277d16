/**
 * (b) Privacy: once the package is loaded, typing the data and proving make no network request,
 * and the bundle holds none of the typed values.
 */
import type { Request } from '@playwright/test';
import { expect, test } from './fixtures.js';

// Typed by hand, each with a decimal point so none can hide inside a field element's digits.
const SAMPLE = [
  12.25, 22.44, 78.18, 466.5, 0.08192, 0.052, 0.01714, 0.01261, 0.1544, 0.05976, 0.2239, 1.139, 1.577, 18.04, 0.005096, 0.01205, 0.00941,
  0.004551, 0.01608, 0.002399, 14.17, 31.99, 92.74, 622.9, 0.1256, 0.1804, 0.123, 0.06335, 0.31, 0.08203,
].map(String);

test('no request leaves the page while data is entered and proved; the bundle has no input value', async ({ page, context, prove }) => {
  let requests: string[] = [];
  const record = (r: Request) => {
    // blob: URLs are snarkjs's in-memory thread code, data: URLs inline bytes: neither is the network.
    if (!/^(blob|data):/.test(r.url())) requests.push(`${r.method()} ${r.url()}`);
  };
  page.on('request', record);
  context.on('request', record);

  // The recorder sees the package download and the prover worker's script while loading…
  await prove.open();
  expect(requests.some((r) => r.includes('/packages/breast-cancer/circuit.zkey'))).toBe(true);
  expect(requests.some((r) => /prover\.worker/.test(r))).toBe(true);
  // …and from here on must see nothing.
  requests = [];

  const fields = page.getByRole('group', { name: /Features/ }).getByRole('spinbutton');
  await expect(fields).toHaveCount(SAMPLE.length);
  for (let i = 0; i < SAMPLE.length; i++) await fields.nth(i).fill(SAMPLE[i]!);
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  const label = await prove.prove();
  expect(label).toMatch(/benign|malignant/);
  const bundle = await prove.bundleText();

  page.off('request', record);
  context.off('request', record);
  expect(requests).toEqual([]);
  for (const v of SAMPLE) expect(bundle, `the bundle contains the input value ${v}`).not.toContain(v);
});
