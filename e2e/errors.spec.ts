/** (f) Malformed or unsupported model packages give a readable error; the page keeps working. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.js';

const pkgDir = path.resolve('public/packages/breast-cancer');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const file = (name: string, text: string | Buffer) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });

test('bad packages are explained and the page keeps working', async ({ page, prove }) => {
  await page.goto('/prove');
  const picker = page.getByLabel('Package files');
  const alert = page.getByRole('alert');

  await picker.setInputFiles([file('manifest.json', '{ "format": "zkinfer-package", ')]);
  await expect(alert).toContainText('manifest.json is not valid JSON');

  const manifest = JSON.parse(await readFile(path.join(pkgDir, 'manifest.json'), 'utf8'));
  await picker.setInputFiles([file('manifest.json', JSON.stringify({ ...manifest, version: 99 }))]);
  await expect(alert).toContainText('version 99 is not supported');

  await picker.setInputFiles([file('notes.txt', 'hello')]);
  await expect(alert).toContainText('no manifest.json');

  // A model whose hidden layer uses tanh, which the compiler cannot prove: hashes all match, so
  // the error comes from the compiler in the worker and must name the problem.
  const modelJson = JSON.parse(await readFile(path.join(pkgDir, 'model.json'), 'utf8'));
  const layers = modelJson.modelTopology.config.layers as { class_name: string; config: { activation?: string } }[];
  layers.find((l) => l.class_name === 'Dense')!.config.activation = 'tanh';
  const tanhJson = JSON.stringify(modelJson);
  const tanhManifest = {
    ...manifest,
    files: { ...manifest.files, model: manifest.files.model.map((f: { path: string }) => (f.path === 'model.json' ? { ...f, sha256: sha256(tanhJson), bytes: tanhJson.length } : f)) },
  };
  const files = await Promise.all(
    ['weights.bin', 'circuit.zkey', 'verification_key.json'].map(async (n) => file(n, await readFile(path.join(pkgDir, n)))),
  );
  await picker.setInputFiles([file('manifest.json', JSON.stringify(tanhManifest)), file('model.json', tanhJson), ...files]);
  await expect(alert).toContainText(/tanh/);

  // The page still works: the demo loads and proves.
  await page.getByLabel('Bundled demo').selectOption('breast-cancer');
  await expect(page.getByTestId('package-status')).toContainText('breast-cancer ready');
  await expect(alert).toHaveCount(0);
  await prove.pickSample(1);
  expect(await prove.prove()).toMatch(/benign|malignant/);
});
