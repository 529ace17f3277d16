/**
 * Installable offline app (docs/ARCHITECTURE.md, "Offline"): after one visit the service worker has
 * the app shell and the workers, and the visited package's small files (its key is in IndexedDB);
 * offline, a reload shows the app, proves and verifies. No key of a package never visited is stored.
 */
import { expect, test } from './fixtures.js';

test.use({ serviceWorkers: 'allow' });

const cachedPaths = (page: import('@playwright/test').Page) =>
  page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    return out;
  });

test('after one visit the app reloads offline, proves and verifies', async ({ page, context, prove, verify }) => {
  test.setTimeout(180_000);
  // One visit: the demo opens; the service worker installs and takes control of the page.
  await prove.open();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const manifest = await page.evaluate(() => document.querySelector('link[rel=manifest]')?.getAttribute('href'));
  expect(manifest, 'a web app manifest makes the app installable').toBeTruthy();

  await expect
    .poll(() => cachedPaths(page))
    .toEqual(expect.arrayContaining(['/packages/index.json', '/packages/breast-cancer/manifest.json', '/packages/breast-cancer/samples.json']));
  const cached = await cachedPaths(page);
  expect(cached.some((p) => /prover\.worker.*\.js$/.test(p)), 'the prover worker is precached').toBe(true);
  expect(cached.some((p) => /verifier\.worker.*\.js$/.test(p)), 'the verifier worker is precached').toBe(true);
  expect(cached.filter((p) => p.endsWith('.zkey')), 'no proving key in the caches (the visited one is in IndexedDB)').toEqual([]);
  expect(cached.filter((p) => p.includes('/packages/mnist')), 'nothing of a package never visited').toEqual([]);

  // Offline: the reload is answered by the service worker, the package by the caches.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('package-status')).toContainText('breast-cancer ready');
  await prove.pickSample(1);
  const label = await prove.prove();
  expect(label).toMatch(/benign|malignant/);
  const bundle = await prove.bundleText();

  await verify.open();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');

  // A deep link typed offline opens too (the shell answers every page).
  await page.goto('/history');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await context.setOffline(false);
});
