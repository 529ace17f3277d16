/** Entering private data: a pasted CSV row, a CSV file with a row picker, and range checks. */
import path from 'node:path';
import { expect, test } from './fixtures.js';

const CSV = path.resolve('data/breast-cancer-wisconsin.csv');

test('data comes from a pasted row or a CSV file row, and out-of-range values are flagged', async ({ page, prove }) => {
  await prove.open();
  const fields = page.getByRole('group', { name: /Features/ }).getByRole('spinbutton');
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toContainText('Fill in every feature');

  // The data set's first row (a malignant tumour), without its label column.
  const row = '17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189';
  await page.getByLabel('Paste a CSV row').fill(row);
  await page.getByRole('button', { name: 'Use pasted row' }).click();
  await expect(fields.first()).toHaveValue('17.99');
  await expect(prediction).toContainText('Local prediction (float model): malignant');

  // The whole data set (header row, label column): pick its second row.
  await page.getByLabel('CSV file').setInputFiles(CSV);
  await page.getByLabel('Row of the CSV file').selectOption({ label: 'row 2' });
  await expect(fields.first()).toHaveValue('20.57');

  // A value outside its range is named and blocks proving.
  await fields.first().fill('99');
  await expect(page.getByText('outside 4.8 – 30.3')).toBeVisible();
  await expect(prove.proveButton()).toBeDisabled();
  await expect(prediction).toContainText('Fill in every feature');

  await page.getByLabel('Paste a CSV row').fill('1,2,3');
  await page.getByRole('button', { name: 'Use pasted row' }).click();
  await expect(page.getByRole('alert')).toContainText('line 1 has 3 numbers; the model needs 30');
});
