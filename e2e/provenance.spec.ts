/**
 * Input provenance in the app (docs/PROVENANCE.md): the Lab signs a sample patient with the demo
 * key; the signed file is proved on the signature-bound package and verified, first refused as an
 * untrusted signer, then trusted, untrusted and trusted again by key file; bad signed files are
 * refused by name and lose nothing; and neither the signature, nor the salt, nor the input values
 * appear in a bundle or in any network request.
 */
import { readFile } from 'node:fs/promises';
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures.js';

const SIGNED = 'breast-cancer-signed';
const COMMITTED = 'mnist-lean-committed';

interface SignedFile {
  packageId: string;
  input: number[];
  codes: string[];
  publicKey: [string, string];
  signature: { R8: [string, string]; S: string };
  [k: string]: unknown;
}

/** Signs sample patient `index` (0-based) on the Lab page; returns the downloaded file's path and content. */
async function signOnLab(page: Page, index = 0): Promise<{ path: string; file: SignedFile }> {
  await page.goto('/lab');
  await expect(page.getByTestId('demo-key-warning')).toContainText('Demo key');
  await expect(page.getByTestId('demo-key-warning')).toContainText('private key ships with this app');
  await page.getByLabel('Sample patient').selectOption({ index });
  await page.getByRole('button', { name: 'Sign with the demo key' }).click();
  await expect(page.getByTestId('lab-signed')).toContainText(`for package ${SIGNED}`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download signed file' }).click();
  const path = await (await downloading).path();
  return { path, file: JSON.parse(await readFile(path, 'utf8')) as SignedFile };
}

async function openSigned(page: Page): Promise<void> {
  await page.goto(`/prove?model=${SIGNED}`);
  await expect(page.getByTestId('package-status')).toContainText(`${SIGNED} ready`);
}

const signedInput = (page: Page) => page.getByLabel('Signed data file');
const fileOf = (name: string, content: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)) });

test('Lab → signed file → Prove → Verify: untrusted, trusted, untrusted, trusted by key file', async ({ page, prove, verify }) => {
  test.setTimeout(180_000);
  const { path, file } = await signOnLab(page);
  expect(file.format).toBe('zkinfer-signed-input');
  expect(file.input[0]).toBe(12.25);

  await openSigned(page);
  // Without signed data the package cannot be proved.
  await expect(page.getByTestId('needs-signature')).toContainText('proves only signed data');
  await expect(prove.proveButton()).toBeDisabled();
  await signedInput(page).setInputFiles(path);
  await expect(page.getByTestId('signed-by')).toContainText('Signed by Demo Lab (public demo key');
  const first = page.getByLabel('mean radius', { exact: true });
  await expect(first).toHaveValue('12.25');
  await expect(first).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  const label = await prove.prove();
  expect(label).toMatch(/benign|malignant/);
  await expect(page.getByTestId('proof-signer')).toContainText('signed by Demo Lab');
  await expect(page.getByTestId('signer-trust')).toContainText('not in this device');
  const bundle = await prove.bundleText();

  await verify.open();
  await expect(page.getByTestId('no-trusted')).toBeVisible();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Invalid proof: Untrusted data source');
  await expect(page.getByTestId('untrusted-signer')).toContainText('demo key');
  await page.getByRole('button', { name: 'Trust this signer' }).click();
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(page.getByTestId('verified-signer')).toContainText('Demo Lab (demo key)');

  // The list survives a reload (IndexedDB); removing the signer makes the same bundle unaccepted.
  await page.reload();
  const list = page.getByRole('list', { name: 'Trusted data sources' });
  await expect(list).toContainText('Demo Lab (demo key)');
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
  await page.getByRole('button', { name: 'Remove Demo Lab (demo key)' }).click();
  await expect(verify.verdict()).toContainText('Untrusted data source');
  await expect(page.getByTestId('no-trusted')).toBeVisible();

  // A file that is no key is refused by name; the signed file's public key is read and trusted.
  await page.getByLabel('Or a key file or signed data file').setInputFiles(fileOf('notes.json', { hello: 1 }));
  await expect(page.getByRole('alert')).toContainText('notes.json: this JSON holds no "publicKey"');
  await page.getByLabel('Name of the source').fill('The lab (from its file)');
  await page.getByLabel('Or a key file or signed data file').setInputFiles(path);
  await expect(list).toContainText('The lab (from its file)');
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(page.getByTestId('verified-signer')).toContainText('The lab (from its file)');
});

test('bad signed files are refused by name before proving and lose nothing', async ({ page, prove }) => {
  const { file } = await signOnLab(page, 1);
  // "Prove with it" hands the file over in memory.
  await page.getByRole('button', { name: 'Prove with it' }).click();
  await expect(page.getByTestId('package-status')).toContainText(`${SIGNED} ready`);
  await expect(page.getByTestId('signed-by')).toContainText('signed-sample-patient-2.json');
  const first = page.getByLabel('mean radius', { exact: true });
  const kept = String(file.input[0]);
  await expect(first).toHaveValue(kept);
  const alert = page.getByRole('alert');
  const keptAfter = async () => {
    await expect(alert).toContainText('Your signed data from signed-sample-patient-2.json is kept');
    await expect(first).toHaveValue(kept);
    await expect(page.getByTestId('signed-by')).toContainText('signed-sample-patient-2.json');
  };

  await signedInput(page).setInputFiles(fileOf('plain.json', { input: file.input }));
  await expect(alert).toContainText(`plain.json is not a signed data file. Package "${SIGNED}" proves only values signed by a data source`);
  await keptAfter();

  const edited = [...file.input];
  edited[3] = edited[3]! + 10;
  await signedInput(page).setInputFiles(fileOf('edited.json', { ...file, input: edited }));
  await expect(alert).toContainText('The values differ from what was signed: edited.json: feature "mean area"');
  await keptAfter();

  const codes = [...file.codes];
  codes[0] = String(Number(codes[0]) + 1);
  await signedInput(page).setInputFiles(fileOf('forged.json', { ...file, codes }));
  await expect(alert).toContainText('forged.json: feature "mean radius" is not the value the source signed');
  await signedInput(page).setInputFiles(fileOf('bad-sig.json', { ...file, signature: { ...file.signature, S: (BigInt(file.signature.S) + 1n).toString() } }));
  await expect(alert).toContainText('The signature does not check: bad-sig.json');
  await keptAfter();

  const index = (await (await page.request.get('/packages/index.json')).json()) as { packages: { name: string; packageId: string }[] };
  const plainId = index.packages.find((p) => p.name === 'breast-cancer')!.packageId;
  await signedInput(page).setInputFiles(fileOf('other.json', { ...file, packageId: plainId }));
  await expect(alert).toContainText('Signed data for another package: other.json was signed for package "breast-cancer", not for "breast-cancer-signed"');
  await keptAfter();
  await expect(prove.proveButton()).toBeEnabled();

  // On the unbound package a signed file is not taken: its input panel has no signed-file field.
  await prove.open('breast-cancer');
  await expect(signedInput(page)).toHaveCount(0);
});

test('privacy: the signature, the salt and the input values are in no bundle and no request', async ({ page, context, prove }) => {
  test.setTimeout(300_000);
  const seen: string[] = [];
  const record = (r: Request) => {
    if (!/^(blob|data):/.test(r.url())) seen.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
  };
  page.on('request', record);
  context.on('request', record);

  // Signed: sign on the Lab, prove, keep the bundle.
  const { path, file } = await signOnLab(page, 2);
  await openSigned(page);
  await signedInput(page).setInputFiles(path);
  await expect(page.getByTestId('signed-by')).toContainText('Demo Lab');
  await prove.prove();
  const signedBundle = await prove.bundleText();
  const secrets = [file.signature.R8[0], file.signature.R8[1], file.signature.S, file.publicKey[0], file.publicKey[1]];
  for (const s of secrets) expect(signedBundle, `the bundle holds the signature or key value ${s}`).not.toContain(s);
  const values = file.input.map(String).filter((v) => v.includes('.'));
  expect(values.length).toBeGreaterThan(20);
  for (const v of values) expect(signedBundle, `the bundle holds the input value ${v}`).not.toContain(v);

  // Commitment: prove a sample digit, download the opening, compare.
  await page.goto('/prove');
  await page.getByLabel('Bundled demo').selectOption(COMMITTED);
  await expect(page.getByTestId('package-status')).toContainText(`${COMMITTED} ready`, { timeout: 120_000 });
  await expect(page.getByTestId('commitment-note')).toContainText('separate download');
  await page.getByLabel('Sample input').selectOption({ index: 1 });
  await prove.proveButton().click();
  await expect(page.getByTestId('proved-label')).toHaveText(/^[0-9]$/, { timeout: 200_000 });
  const committedBundle = await prove.bundleText();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the opening' }).click();
  const opening = JSON.parse(await readFile(await (await downloading).path(), 'utf8')) as { format: string; salt: string; codes: string[] };
  expect(opening.format).toBe('zkinfer-opening');
  expect(opening.salt.length).toBeGreaterThan(60);
  expect(committedBundle).not.toContain(opening.salt);
  expect(committedBundle).not.toContain('salt');
  // The commitment (public) is in the bundle; the codes as a sequence are not.
  expect(committedBundle).not.toContain(opening.codes.join(','));
  expect(JSON.parse(committedBundle).publicSignals).toHaveLength(3);

  page.off('request', record);
  context.off('request', record);
  const traffic = seen.join('\n');
  expect(seen.length).toBeGreaterThan(0);
  for (const s of [...secrets, opening.salt]) expect(traffic, `a request carries ${s}`).not.toContain(s);
  for (const v of values) expect(traffic, `a request carries the input value ${v}`).not.toContain(v);
  // Only GETs of the app and its packages: nothing is posted anywhere.
  expect(seen.filter((r) => !r.startsWith('GET '))).toEqual([]);
});

test('signed data never touches the values remembered for the unbound package of the same model', async ({ page, prove }) => {
  const { path } = await signOnLab(page, 1);
  await prove.open('breast-cancer');
  await prove.pickSample(2);
  const first = page.getByLabel('mean radius', { exact: true });
  await first.fill('13.5');
  const remember = page.getByLabel('Remember my data on this device');
  await remember.check();

  await openSigned(page);
  // Signed values come from their file each time: nothing to remember on a signature-bound package.
  await expect(remember).toHaveCount(0);
  await signedInput(page).setInputFiles(path);
  await expect(page.getByTestId('signed-by')).toContainText('Signed by');

  await page.goto('/prove?model=breast-cancer');
  await expect(page.getByTestId('package-status')).toContainText('breast-cancer ready');
  await expect(first).toHaveValue('13.5');
  await expect(remember).toBeChecked();
});
