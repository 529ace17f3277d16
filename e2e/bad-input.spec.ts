/**
 * Issue 15, a catalogue of bad input and the first minute. Each case does the wrong thing a
 * visitor does (a mistyped package URL, a bad folder, a demo chosen offline, "17,99" typed, a row
 * pasted with its label…) and asserts both the message that names the problem AND that what the
 * visitor had survives: the loaded package, the typed values, the result and the history.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO, expect, test } from './fixtures.js';
import type { ProvePage } from './fixtures.js';

const pkgDir = path.resolve('public/packages/breast-cancer');
const file = (name: string, body: string | Buffer) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(body) });

/** The data set's first row (a malignant tumour), as the app's data file has it: 30 numbers, then the label. */
const ROW = '17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189';
const ROW_CELLS = ROW.split(',');
const row = (cells: readonly string[]) => cells.join(',');
const withCell = (i: number, v: string) => row(ROW_CELLS.map((c, j) => (j === i ? v : c)));

const fields = (page: Page) => page.getByRole('group', { name: /Features/ }).getByRole('spinbutton');
const fieldValues = (page: Page) => fields(page).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
/** The message under the field (its accessible description). */
const fieldMessage = (page: Page, i: number) => fields(page).nth(i).locator('xpath=following-sibling::span[1]');

/** Proofs in this browser's history, read from the app's IndexedDB store (idb-keyval's 'zkinfer'). */
const historyCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('zkinfer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('kv').objectStore('kv').get('history');
          req.onsuccess = () => resolve(Array.isArray(req.result) ? req.result.length : 0);
          req.onerror = () => reject(req.error);
        };
      }),
  );

interface Snapshot {
  readonly values: string[];
  readonly label: string;
  readonly history: number;
}

/** The visitor's state before the mistake: the demo, a sample with one value typed over, one proof. */
async function proved(page: Page, prove: ProvePage): Promise<Snapshot> {
  await prove.open();
  await prove.pickSample(1);
  await fields(page).nth(1).fill('21.5');
  const label = await prove.prove();
  return { values: await fieldValues(page), label, history: await historyCount(page) };
}

/** What the visitor had is still there: the package, the values, the (fresh) result and the history. */
async function expectSurvived(page: Page, s: Snapshot, o: { result?: 'fresh' | 'stale' } = { result: 'fresh' }): Promise<void> {
  await expect(page.getByTestId('package-status')).toContainText(`${DEMO} ready`);
  expect(await fieldValues(page)).toEqual(s.values);
  if (o.result) {
    await expect(page.getByTestId('proved-label')).toHaveText(s.label);
    await expect(page.getByLabel('Proof result')).toHaveAttribute('data-stale', o.result === 'stale' ? 'true' : 'false');
  }
  expect(await historyCount(page)).toBe(s.history);
}

const loadError = (page: Page) => page.getByTestId('load-error');

async function loadUrl(page: Page, url: string): Promise<void> {
  await page.getByLabel('Package URL').fill(url);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
}

test.describe('1. a failed package load keeps the data', () => {
  test('1.1 a package URL answering HTTP 404 is named, and Back brings the page back', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const bad = 'https://models.example.test/mistyped/';
    await page.route('https://models.example.test/**', (r) => r.fulfill({ status: 404, body: 'not found', headers: { 'access-control-allow-origin': '*' } }));
    await loadUrl(page, bad);
    await expect(loadError(page)).toContainText(`Could not load the package at ${bad}`);
    await expect(loadError(page)).toContainText(`manifest.json could not be downloaded from ${bad}manifest.json (HTTP 404`);
    await expect(page.getByTestId('kept-note')).toContainText(`Still using ${DEMO}`);
    await expectSurvived(page, s);
    await page.goBack();
    await expect(page).toHaveURL(`/prove?model=${DEMO}`);
    await expect(loadError(page)).toHaveCount(0);
    await expectSurvived(page, s);
  });

  test('1.2 a package URL answering HTTP 500 is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.route('https://models.example.test/**', (r) => r.fulfill({ status: 500, body: 'oops', headers: { 'access-control-allow-origin': '*' } }));
    await loadUrl(page, 'https://models.example.test/broken');
    await expect(loadError(page)).toContainText('manifest.json could not be downloaded from https://models.example.test/broken/manifest.json (HTTP 500');
    await expectSurvived(page, s);
  });

  test('1.3 an unreachable host is named as a network or CORS problem', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await loadUrl(page, 'http://127.0.0.1:9/pkg/');
    await expect(loadError(page)).toContainText('http://127.0.0.1:9/pkg/manifest.json');
    await expect(loadError(page)).toContainText('the host could not be reached or does not allow this page to read it (network or CORS)');
    await expectSurvived(page, s);
  });

  test('1.4 a host that does not allow cross-origin reads is named as a network or CORS problem', async ({ page, prove }) => {
    const s = await proved(page, prove);
    // A real server on another origin (127.0.0.1, the page is on localhost) that sends no CORS header.
    const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pkg/`;
      await loadUrl(page, url);
      await expect(loadError(page)).toContainText(`manifest.json could not be downloaded from ${url}manifest.json`);
      await expect(loadError(page)).toContainText('does not allow this page to read it (network or CORS)');
      await expectSurvived(page, s);
    } finally {
      server.close();
    }
  });

  test('1.5 a javascript: URL is refused: only http(s) package URLs are supported', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await loadUrl(page, 'javascript:alert(1)');
    await expect(loadError(page)).toContainText('only http(s) package URLs are supported');
    await expectSurvived(page, s);
  });

  test('1.6 a data: URL is refused too', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await loadUrl(page, 'data:application/json,{}');
    await expect(loadError(page)).toContainText('uses data:: only http(s) package URLs are supported');
    await expectSurvived(page, s);
  });

  test('1.7 something that is not a URL is named as such', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await loadUrl(page, 'http://');
    await expect(loadError(page)).toContainText('"http://" is not a URL');
    await expectSurvived(page, s);
  });

  test('1.8 a URL serving a web page instead of a manifest is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.route('https://site.example.test/**', (r) =>
      r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Home</title>', headers: { 'access-control-allow-origin': '*' } }),
    );
    await loadUrl(page, 'https://site.example.test/models/');
    await expect(loadError(page)).toContainText('https://site.example.test/models/manifest.json is a web page (HTML), not a package manifest');
    await expectSurvived(page, s);
  });

  test('1.9 a folder without manifest.json is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.getByLabel('Package files').setInputFiles([file('notes.txt', 'hello'), file('model.json', '{}')]);
    await expect(loadError(page)).toContainText('no manifest.json among the files you chose (notes.txt, model.json)');
    await expect(loadError(page)).toContainText('Could not load the package files you chose (notes.txt, model.json)');
    await expectSurvived(page, s);
  });

  test('1.10 a manifest that is not JSON is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.getByLabel('Package files').setInputFiles([file('manifest.json', '{ "format": "zkinfer-package", ')]);
    await expect(loadError(page)).toContainText('manifest.json is not valid JSON');
    await expectSurvived(page, s);
  });

  test('1.11 a manifest of an unsupported version is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, 'manifest.json'), 'utf8'));
    await page.getByLabel('Package files').setInputFiles([file('manifest.json', JSON.stringify({ ...manifest, version: 99 }))]);
    await expect(loadError(page)).toContainText('version 99 is not supported');
    await expectSurvived(page, s);
  });

  test('1.12 a package folder with a damaged weights file is refused by its hash', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const names = ['manifest.json', 'model.json', 'verification_key.json', 'circuit.zkey'];
    const files = await Promise.all(names.map(async (n) => file(n, await readFile(path.join(pkgDir, n)))));
    const weights = await readFile(path.join(pkgDir, 'weights.bin'));
    weights[10] = (weights[10]! + 1) % 256;
    // Another package id (a changed name) so the folder is not the package already open.
    const manifest = JSON.parse(files[0]!.buffer.toString());
    files[0] = file('manifest.json', JSON.stringify({ ...manifest, name: 'breast-cancer-copy' }));
    await page.getByLabel('Package files').setInputFiles([...files, file('weights.bin', weights)]);
    await expect(loadError(page)).toContainText('weights.bin does not match the manifest');
    await expect(loadError(page)).toContainText('the folder you chose');
    await expectSurvived(page, s);
  });

  test('1.13 a package folder missing its key is named', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, 'manifest.json'), 'utf8'));
    const zkey = { ...manifest.files.zkey, sha256: createHash('sha256').update('another key').digest('hex') };
    const names = ['model.json', 'weights.bin', 'verification_key.json'];
    const files = await Promise.all(names.map(async (n) => file(n, await readFile(path.join(pkgDir, n)))));
    await page.getByLabel('Package files').setInputFiles([file('manifest.json', JSON.stringify({ ...manifest, files: { ...manifest.files, zkey } })), ...files]);
    await expect(loadError(page)).toContainText('the package folder has no circuit.zkey (the manifest lists it)');
    await expectSurvived(page, s);
  });

  test('1.14 another demo chosen offline is named; choosing the open demo again brings the page back', async ({ page, prove, context }) => {
    const s = await proved(page, prove);
    await context.setOffline(true);
    await page.getByLabel('Bundled demo').selectOption('mnist-lean');
    await expect(loadError(page)).toContainText('Could not load the demo "mnist-lean"');
    await expect(loadError(page)).toContainText('mnist-lean/manifest.json');
    await expect(loadError(page)).toContainText('the host could not be reached or does not allow this page to read it (network or CORS)');
    await expectSurvived(page, s);
    await page.getByLabel('Bundled demo').selectOption(DEMO);
    await expect(loadError(page)).toHaveCount(0);
    await expectSurvived(page, s);
    // Still offline: the package in use still proves.
    await prove.prove();
    expect(await historyCount(page)).toBe(s.history + 1);
  });

  test('1.15 a mistyped demo name in a link is named with the demos that exist', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.evaluate(() => {
      history.pushState(null, '', '/prove?model=breast-cancr');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(loadError(page)).toContainText('there is no demo package named "breast-cancr" (the demos are breast-cancer, breast-cancer-signed, iris-v1, iris-v2, mnist-cnn');
    await expectSurvived(page, s);
  });

  test('1.16 switching to another demo and back brings the values and the result back', async ({ page, prove }) => {
    test.setTimeout(180_000);
    const s = await proved(page, prove);
    await page.getByLabel('Bundled demo').selectOption('mnist-mlp');
    await expect(page.getByTestId('package-status')).toContainText('mnist-mlp ready', { timeout: 120_000 });
    await page.goBack();
    await expect(page).toHaveURL(`/prove?model=${DEMO}`);
    await expectSurvived(page, s);
  });

  test('1.18 loading the open package again by its URL keeps the values and the result', async ({ page, prove, baseURL }) => {
    const s = await proved(page, prove);
    await loadUrl(page, `${baseURL}/packages/${DEMO}/`);
    await expect(page).toHaveURL(/\?package=/);
    await expect(page.getByRole('status').filter({ hasText: 'Loading the package' })).toHaveCount(0);
    await expect(loadError(page)).toHaveCount(0);
    await expectSurvived(page, s);
  });

  test('1.17 a mistyped link on a cold start is named and Try it still works', async ({ page }) => {
    await page.goto(`/prove?package=${encodeURIComponent('http://127.0.0.1:9/pkg/')}`);
    await expect(loadError(page)).toContainText('the host could not be reached');
    await page.getByRole('button', { name: /^Try it/ }).click();
    await expect(page.getByTestId('package-status')).toContainText(`${DEMO} ready`);
    await expect(loadError(page)).toHaveCount(0);
  });
});

test.describe('2. a proof does not outlive its input', () => {
  test('2.1 changing a value marks the result stale and disables the old bundle; changing it back restores it', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await fields(page).nth(2).fill('100');
    await expect(page.getByTestId('stale-note')).toContainText('The input changed since this proof');
    await expect(page.getByRole('button', { name: 'Download bundle' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Copy bundle' })).toBeDisabled();
    await expect(page.getByLabel('Proof bundle')).toBeDisabled();
    await fields(page).nth(2).fill(s.values[2]!);
    await expect(page.getByTestId('stale-note')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Download bundle' })).toBeEnabled();
    await expectSurvived(page, s);
  });

  test('2.2 picking another sample marks the result stale', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.getByLabel('Sample patient').selectOption({ index: 2 });
    await expect(page.getByTestId('stale-note')).toContainText('the input changed since this proof', { ignoreCase: true });
    await expect(page.getByRole('button', { name: 'Copy bundle' })).toBeDisabled();
    expect(await historyCount(page)).toBe(s.history);
  });

  test('2.3 pasting a row marks the result stale', async ({ page, prove }) => {
    await proved(page, prove);
    await page.getByLabel('Paste a CSV row').fill(ROW);
    await page.getByRole('button', { name: 'Use pasted row' }).click();
    await expect(fields(page).first()).toHaveValue('17.99');
    await expect(page.getByTestId('stale-note')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Download bundle' })).toBeDisabled();
  });

  test('2.4 an invalid edit also makes the result stale, and proving again gives a fresh one', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await fields(page).nth(0).fill('abc');
    await expect(page.getByTestId('stale-note')).toBeVisible();
    await expect(prove.proveButton()).toBeDisabled();
    await fields(page).nth(0).fill('15');
    await prove.prove();
    await expect(page.getByTestId('stale-note')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Download bundle' })).toBeEnabled();
    expect(await historyCount(page)).toBe(s.history + 1);
  });
});

test.describe('3. number fields name the problem and the range', () => {
  const cases: [typed: string, message: string][] = [
    ['abc', '"abc" is not a number (allowed 4.8 – 30.3)'],
    ['NaN', '"NaN" is not a number (allowed 4.8 – 30.3)'],
    ['1e400', '"1e400" is too large to be a number (allowed 4.8 – 30.3)'],
    ['--5', '"--5" is not a number (allowed 4.8 – 30.3)'],
    ['17,99', '"17,99" is not a number — use a dot for decimals (allowed 4.8 – 30.3)'],
    ['0x14', '"0x14" is not a number (allowed 4.8 – 30.3)'],
    ['Infinity', '"Infinity" is not a number (allowed 4.8 – 30.3)'],
    ['99', '99 is outside 4.8 – 30.3'],
    ['', 'empty — enter a number from 4.8 to 30.3'],
  ];
  for (const [typed, message] of cases) {
    test(`3.${cases.findIndex((c) => c[0] === typed) + 1} mean radius "${typed}" is named on the field and in the summary`, async ({ page, prove }) => {
      const s = await proved(page, prove);
      await fields(page).first().fill(typed);
      await expect(fieldMessage(page, 0)).toHaveText(`mean radius: ${message}`);
      await expect(fields(page).first()).toHaveAttribute('aria-invalid', 'true');
      await expect(fields(page).first()).toHaveValue(typed); // never silently converted
      await expect(page.getByTestId('input-summary')).toContainText('1 field needs fixing: mean radius (see the message under each).');
      await expect(prove.proveButton()).toBeDisabled();
      await expect(page.getByTestId('prediction')).toContainText('Fill in every feature');
      expect((await fieldValues(page)).slice(1)).toEqual(s.values.slice(1));
      await expectSurvived(page, { ...s, values: [typed, ...s.values.slice(1)] }, { result: 'stale' });
    });
  }

  test('3.10 several wrong fields: the summary counts them and names the first few', async ({ page, prove }) => {
    await proved(page, prove);
    const bad = ['abc', '17,99', '', '1e400', '-1'];
    for (const [i, v] of bad.entries()) await fields(page).nth(i).fill(v);
    const summary = page.getByTestId('input-summary');
    await expect(summary).toHaveText('5 fields need fixing: mean radius, mean texture, mean perimeter and 2 more (see the message under each).');
    await expect(fieldMessage(page, 1)).toHaveText('mean texture: "17,99" is not a number — use a dot for decimals (allowed 6.7 – 42.3)');
    await expect(fieldMessage(page, 2)).toHaveText('mean perimeter: empty — enter a number from 29 to 203');
    await expect(fieldMessage(page, 4)).toHaveText('mean smoothness: -1 is outside 0.041 – 0.175');
  });

  test('3.11 fixing the field clears its message and the summary', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await fields(page).first().fill('17,99');
    await expect(page.getByTestId('input-summary')).toBeVisible();
    await fields(page).first().fill('17.99');
    await expect(page.getByTestId('input-summary')).toHaveCount(0);
    await expect(fieldMessage(page, 0)).toHaveText('4.8 – 30.3');
    await expect(prove.proveButton()).toBeEnabled();
    expect(await historyCount(page)).toBe(s.history);
  });

  test('3.13 plain decimals with spaces, a sign or an exponent are accepted as typed', async ({ page, prove }) => {
    const s = await proved(page, prove);
    for (const [i, v] of [' 12.5 ', '+20', '1.2e2', '5e2'].entries()) await fields(page).nth(i).fill(v);
    await expect(page.getByTestId('input-summary')).toHaveCount(0);
    await expect(page.getByTestId('field-problem')).toHaveCount(0);
    await expect(prove.proveButton()).toBeEnabled();
    await expect(page.getByTestId('prediction')).toContainText('Local prediction');
    expect(await historyCount(page)).toBe(s.history);
  });

  test('3.12 a fresh page shows ranges, not errors, until something is typed', async ({ page, prove }) => {
    await prove.open();
    await expect(page.getByTestId('field-problem')).toHaveCount(0);
    await expect(page.getByTestId('input-summary')).toHaveCount(0);
    await fields(page).first().fill('12');
    await expect(page.getByTestId('input-summary')).toContainText('29 fields need fixing');
  });
});

test.describe('4. pasting a CSV row', () => {
  const paste = async (page: Page, text: string) => {
    await page.getByLabel('Paste a CSV row').fill(text);
    await page.getByRole('button', { name: 'Use pasted row' }).click();
  };
  const note = (page: Page) => page.getByTestId('paste-note');
  const alert = (page: Page) => page.getByRole('alert');

  test("4.1 a row of the app's data file with its label: the label is ignored and said so", async ({ page, prove }) => {
    const s = await proved(page, prove);
    await paste(page, `${ROW},malignant`);
    await expect(note(page)).toHaveText("Used the pasted row: ignored the label 'malignant'.");
    expect(await fieldValues(page)).toEqual(ROW_CELLS);
    await expect(page.getByTestId('prediction')).toContainText('malignant');
    expect(await historyCount(page)).toBe(s.history);
  });

  test('4.2 a row with an ID column and a label: both are ignored and said so', async ({ page, prove }) => {
    await proved(page, prove);
    await paste(page, `842302,${ROW},malignant`);
    await expect(note(page)).toContainText("ignored the ID column and the label 'malignant'");
    expect(await fieldValues(page)).toEqual(ROW_CELLS);
  });

  test('4.3 a row with an ID column only', async ({ page, prove }) => {
    await proved(page, prove);
    await paste(page, `842302,${ROW}`);
    await expect(note(page)).toContainText('ignored the ID column');
    expect(await fieldValues(page)).toEqual(ROW_CELLS);
  });

  test('4.4 decimal commas between semicolons are read as such and said so', async ({ page, prove }) => {
    await proved(page, prove);
    await paste(page, ROW_CELLS.map((c) => c.replace('.', ',')).join(';'));
    await expect(note(page)).toContainText('read the commas as decimal commas');
    expect(await fieldValues(page)).toEqual(ROW_CELLS.map((c) => String(Number(c))));
    await expect(fields(page).first()).toHaveValue('17.99');
  });

  test('4.5 tab-separated cells (copied from a spreadsheet) with a label', async ({ page, prove }) => {
    await proved(page, prove);
    await paste(page, `${ROW_CELLS.join('\t')}\tmalignant`);
    await expect(note(page)).toContainText("ignored the label 'malignant'");
    expect(await fieldValues(page)).toEqual(ROW_CELLS);
  });

  const badCells: [name: string, text: string, message: string][] = [
    ['0x14', withCell(2, '0x14'), 'cell 3 ("mean perimeter"): "0x14" is not a number'],
    ['NaN', withCell(4, 'NaN'), 'cell 5 ("mean smoothness"): "NaN" is not a number'],
    ['hello', withCell(0, 'hello'), 'cell 1 ("mean radius"): "hello" is not a number'],
    ['hello with a label', `${withCell(7, 'hello')},malignant`, `cell 8 ("mean concave points"): "hello" is not a number (after ignoring the label 'malignant')`],
    ['1e400', withCell(3, '1e400'), 'cell 4 ("mean area"): "1e400" is too large to be a number'],
    ['an empty cell', withCell(5, ''), 'cell 6 ("mean compactness"): "" is not a number'],
    ['29 numbers', row(ROW_CELLS.slice(1)), 'line 1 has 29 numbers; the model needs 30'],
    ['decimal commas without semicolons', ROW_CELLS.map((c) => c.replace('.', ',')).join(','), 'line 1 has 58 numbers; the model needs 30'],
    ['a header line only', 'mean radius,mean texture', 'line 1 has 2 values; the model needs 30'],
  ];
  for (const [i, [name, text, message]] of badCells.entries()) {
    test(`4.${i + 6} a row with ${name} names the problem and keeps the values`, async ({ page, prove }) => {
      const s = await proved(page, prove);
      await paste(page, text);
      await expect(alert(page)).toContainText(`Pasted row: ${message}`);
      await expect(alert(page)).toContainText('Your values were not changed.');
      await expect(note(page)).toHaveCount(0);
      await expectSurvived(page, s);
    });
  }
});

test.describe('4b. CSV text and files', () => {
  const header = 'mean radius,mean texture,mean perimeter,mean area,mean smoothness,mean compactness,mean concavity,mean concave points,mean symmetry,mean fractal dimension,radius error,texture error,perimeter error,area error,smoothness error,compactness error,concavity error,concave points error,symmetry error,fractal dimension error,worst radius,worst texture,worst perimeter,worst area,worst smoothness,worst compactness,worst concavity,worst concave points,worst symmetry,worst fractal dimension,diagnosis';
  const csvFile = (body: string) => ({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });

  test('4.15 a header line and a row pasted together are matched by name', async ({ page, prove }) => {
    await proved(page, prove);
    await page.getByLabel('Paste a CSV row').fill(`${header}\n${ROW},malignant`);
    await page.getByRole('button', { name: 'Use pasted row' }).click();
    expect(await fieldValues(page)).toEqual(ROW_CELLS);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('4.16 a CSV file with a bad cell names the line and the feature and keeps the values', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile(`${header}\n${withCell(0, 'hello')},malignant\n`));
    await expect(page.getByRole('alert')).toContainText('patients.csv: line 2: "mean radius" is "hello", not a number. Your values were not changed.');
    await expectSurvived(page, s);
  });

  test('4.17 a CSV file with a hexadecimal cell is refused, not read as 20', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile(`${header}\n${withCell(2, '0x14')},malignant\n`));
    await expect(page.getByRole('alert')).toContainText('line 2: "mean perimeter" is "0x14", not a number');
    await expectSurvived(page, s);
  });

  test('4.18 a bad CSV file after a good one keeps the good file\'s rows', async ({ page, prove }) => {
    await proved(page, prove);
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile(`${header}\n${ROW},malignant\n${withCell(0, '20.57')},benign\n`));
    await page.getByLabel('Row of the CSV file').selectOption({ label: 'row 2' });
    await expect(fields(page).first()).toHaveValue('20.57');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(csvFile('mean radius\n1\n'));
    await expect(page.getByRole('alert')).toContainText("the CSV header lacks 29 of the model's features");
    await expect(fields(page).first()).toHaveValue('20.57');
    await page.getByLabel('Row of the CSV file').selectOption({ label: 'row 1' });
    await expect(fields(page).first()).toHaveValue('17.99');
  });
});

test.describe('5. the first minute', () => {
  test('5.1 the landing says what this is and a proof is three clicks from a cold start', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('landing-sentence')).toHaveText(
      'Prove what a published model says about your data without showing the data: you get the result and a zero-knowledge proof; your data never leaves this device.',
    );
    await expect(page.getByTestId('privacy-promise')).toContainText('Your data never leaves this device');
    let clicks = 0;
    const click = async (l: ReturnType<Page['getByRole']>) => {
      clicks++;
      await l.click();
    };
    await click(page.getByRole('button', { name: /^Try it/ }));
    await expect(page.getByTestId('package-status')).toContainText(`${DEMO} ready`);
    await expect(page).toHaveURL(`/prove?model=${DEMO}`);
    await expect(page.getByTestId('prediction')).toContainText('Local prediction');
    await click(page.getByRole('button', { name: 'Prove privately' }));
    await expect(page.getByTestId('proved-label')).toHaveText(/benign|malignant/);
    expect(clicks).toBeLessThanOrEqual(3);
    expect(await historyCount(page)).toBe(1);
  });

  test('5.2 the landing is gone once a package is open, the promise stays', async ({ page, prove }) => {
    await prove.open();
    await expect(page.getByTestId('landing-sentence')).toHaveCount(0);
    await expect(page.getByTestId('privacy-promise')).toBeVisible();
  });
});

test.describe('6. accessibility basics', () => {
  test('6.1 the proved result is in a live region and gets the focus', async ({ page, prove }) => {
    await proved(page, prove);
    const live = page.getByTestId('proof-live');
    await expect(live).toHaveAttribute('role', 'status');
    await expect(live).toBeFocused();
  });

  test('6.2 arrow keys in the demo list do not load a package; Enter does', async ({ page }) => {
    await page.goto('/prove');
    const select = page.getByLabel('Bundled demo');
    // A placeholder and the eight demos (six models — two of them iris-code models — and two
    // variants of the others published with input binding).
    await expect(select.locator('option')).toHaveCount(9);
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(select).toHaveValue(DEMO);
    await expect(page.getByText(`Press Enter or “Open demo” to load ${DEMO}.`)).toBeVisible();
    await expect(page).toHaveURL('/prove');
    await expect(page.getByRole('status').filter({ hasText: 'Loading the package' })).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('package-status')).toContainText(`${DEMO} ready`);
    await expect(page).toHaveURL(`/prove?model=${DEMO}`);
  });

  test('6.3 the Open demo button loads the demo reached with the keyboard', async ({ page }) => {
    await page.goto('/prove');
    const select = page.getByLabel('Bundled demo');
    // A placeholder and the eight demos (six models — two of them iris-code models — and two
    // variants of the others published with input binding).
    await expect(select.locator('option')).toHaveCount(9);
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page).toHaveURL('/prove');
    await page.getByRole('button', { name: 'Open demo' }).click();
    await expect(page.getByTestId('package-status')).toContainText(`${DEMO} ready`);
  });

  test('6.4 an unknown path says page not found, with links, and keeps the session', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.evaluate(() => {
      history.pushState(null, '', '/prove-it');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('There is no page at /prove-it')).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Prove' }).click();
    await expectSurvived(page, s);
  });

  test('6.5 an unknown path on a cold start says page not found', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    for (const name of ['Prove', 'Verify', 'Models', 'History']) await expect(page.getByRole('main').getByRole('link', { name })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Prove privately' })).toHaveCount(0);
  });

  test('6.6 Delete all asks first, can be declined, and offers Undo', async ({ page, prove }) => {
    await proved(page, prove);
    await prove.prove();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(3);
    await page.getByRole('button', { name: 'Delete all' }).click();
    await expect(page.getByText('Delete all 2 proofs from this device?')).toBeVisible();
    await page.getByRole('button', { name: 'Keep them' }).click();
    await expect(rows).toHaveCount(3);
    expect(await historyCount(page)).toBe(2);
    await page.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('button', { name: 'Yes, delete all' }).click();
    await expect(page.getByText('No proofs yet.')).toBeVisible();
    await expect(page.getByTestId('undo-note')).toContainText('Deleted 2 proofs.');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(rows).toHaveCount(3);
    expect(await historyCount(page)).toBe(2);
  });

  test('6.7 deleting one proof offers Undo', async ({ page, prove }) => {
    await proved(page, prove);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
    await page.getByRole('button', { name: /^Delete the proof/ }).click();
    await expect(page.getByText('No proofs yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  });

  test('6.8 a Verify link with an unknown history id says so', async ({ page, prove }) => {
    const s = await proved(page, prove);
    await page.evaluate(() => {
      history.pushState(null, '', '/verify?history=no-such-id');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page.getByTestId('history-missing')).toContainText("No such proof in this device's history");
    await expect(page.getByTestId('history-missing')).toContainText('no-such-id');
    await expect(page.getByRole('heading', { name: 'Verify a proof' })).toBeVisible();
    expect(await historyCount(page)).toBe(s.history);
  });

  test('6.9 closing the tab mid-proof asks first; staying keeps the proof', async ({ page }) => {
    test.setTimeout(180_000);
    // mnist-lean: a proof of several seconds, so the question comes while it runs.
    await page.goto('/prove?model=mnist-lean');
    await expect(page.getByTestId('package-status')).toContainText('mnist-lean ready', { timeout: 120_000 });
    await page.getByLabel('Sample input').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Prove privately' }).click();
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    // Stayed: the proof finishes, and with nothing running the page leaves without asking.
    await expect(page.getByTestId('proved-label')).toBeVisible({ timeout: 120_000 });
    let askedAgain = false;
    page.on('dialog', (d) => {
      askedAgain = true;
      void d.accept();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(askedAgain).toBe(false);
  });
});

test.describe('7. phone width', () => {
  test('7.1 no page scrolls sideways at 390 px', async ({ page, prove }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const width = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    await page.goto('/prove');
    expect(await width(), 'landing').toBeLessThanOrEqual(390);
    await proved(page, prove);
    await fields(page).first().fill('17,99');
    await page.getByLabel('Paste a CSV row').fill('0x14');
    await page.getByRole('button', { name: 'Use pasted row' }).click();
    await loadUrl(page, 'https://a-very-long-host-name-that-does-not-exist.example.test/with/a/long/path/to/a/package/');
    await expect(loadError(page)).toBeVisible();
    expect(await width(), 'prove with errors and a stale result').toBeLessThanOrEqual(390);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    for (const name of ['Verify', 'Models', 'History']) {
      await nav.getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
      expect(await width(), name).toBeLessThanOrEqual(390);
    }
    await page.goto(`/models?model=${DEMO}`);
    await expect(page.getByTestId('layer-chart')).toBeVisible({ timeout: 60_000 });
    expect(await width(), 'per-layer costs').toBeLessThanOrEqual(390);
    await page.goto('/no-such-page');
    expect(await width(), 'not found').toBeLessThanOrEqual(390);
  });
});

test.describe('8. Verify and input kinds', () => {
  /** Back to Prove by the page link: the session (package, values, result) is kept in the app. */
  const backToProve = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Prove' }).click();
    await expect(page.getByRole('heading', { name: 'Prove privately' })).toBeVisible();
  };
  const bundleOf = async (page: Page, prove: ProvePage) => JSON.parse(await prove.bundleText()) as Record<string, unknown>;

  test('8.1 Verify offline, before the app is installed for offline use, says so and what to do', async ({ page, prove, verify, context }) => {
    const s = await proved(page, prove);
    const bundle = await prove.bundleText();
    await verify.open();
    await context.setOffline(true);
    await page.getByLabel('Paste a bundle').fill(bundle);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Verification could not run' });
    await expect(alert).toContainText('the verifier could not start: this device is offline');
    await expect(alert).toContainText('Connect to the internet and open the app once; after that it works offline');
    await expect(alert).not.toContainText('the worker failed');
    await context.setOffline(false);
    await backToProve(page);
    await expectSurvived(page, s);
  });

  test('8.2 random bytes on Verify are a malformed bundle, and nothing else changes', async ({ page, prove, verify }) => {
    const s = await proved(page, prove);
    await verify.open();
    await verify.verifyText('PK\u0003\u0004 definitely not a bundle \u0000\u0001');
    await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle.');
    await backToProve(page);
    await expectSurvived(page, s);
  });

  test('8.3 a JSON object that is no bundle is named as malformed', async ({ page, prove, verify }) => {
    const s = await proved(page, prove);
    await verify.open();
    await verify.verifyText('{"hello": "world"}');
    await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle.');
    await backToProve(page);
    await expectSurvived(page, s);
  });

  test('8.3b a 50 MB file on Verify is refused at once by its size; the text box and the session are kept', async ({ page, prove, verify }, info) => {
    const s = await proved(page, prove);
    const huge = info.outputPath('huge.json');
    await writeFile(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const bundle = await prove.bundleText();
    await verify.open();
    await page.getByLabel('Paste a bundle').fill(bundle);
    const started = Date.now();
    await page.getByLabel('Bundle file').setInputFiles(huge);
    await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle.');
    await expect(verify.verdict()).toContainText('huge.json is 50.0 MiB; a proof bundle is a few kilobytes');
    console.log(`50 MB file judged in ${Date.now() - started} ms (including the upload to the page)`);
    await expect(page.getByLabel('Paste a bundle')).toHaveValue(bundle);
    await backToProve(page);
    await expectSurvived(page, s);
  });

  test("8.4 a genuine-looking bundle for a package this browser has not loaded is 'can't check yet', not invalid", async ({ page, prove, verify }) => {
    const s = await proved(page, prove);
    const bundle = await bundleOf(page, prove);
    await verify.open();
    await verify.verifyText(JSON.stringify({ ...bundle, packageId: 'ab'.repeat(32) }));
    await expect(verify.verdict()).toContainText("Can't check yet.");
    await expect(verify.verdict()).toContainText('abababababab…, which this browser has not loaded');
    await expect(verify.verdict()).not.toContainText('Invalid');
    await expect(page.getByRole('heading', { name: "Load the model's package" })).toBeVisible();
    await backToProve(page);
    await expectSurvived(page, s);
  });

  test('8.5 a package declaring an unknown input kind is refused, naming the supported kinds', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, 'manifest.json'), 'utf8'));
    await page.getByLabel('Package files').setInputFiles([file('manifest.json', JSON.stringify({ ...manifest, name: 'x', input: { ...manifest.input, kind: 'audio' } }))]);
    await expect(loadError(page)).toContainText('"kind" must be one of tabular, digit, image, iris-strip, not "audio"');
    await expectSurvived(page, s);
  });

  test('8.6 a package declaring a picture kind for a 30-feature table is refused, naming the shape', async ({ page, prove }) => {
    const s = await proved(page, prove);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, 'manifest.json'), 'utf8'));
    await page.getByLabel('Package files').setInputFiles([file('manifest.json', JSON.stringify({ ...manifest, name: 'x', input: { ...manifest.input, kind: 'iris-strip' } }))]);
    await expect(loadError(page)).toContainText('"kind" iris-strip needs an image-shaped input ([h, w] or [h, w, 1], at least 8×8), not shape [30]');
    await expectSurvived(page, s);
  });

  test('8.7 a bundle cut off mid-download is named as malformed', async ({ page, prove, verify }) => {
    const s = await proved(page, prove);
    const text = await prove.bundleText();
    await verify.open();
    await verify.verifyText(text.slice(0, Math.floor(text.length / 2)));
    await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle.');
    await backToProve(page);
    await expectSurvived(page, s);
  });
});
