/**
 * Accessibility: axe-core's automated rules (WCAG 2.x A and AA, and its best practices) on every
 * page and state a visitor meets: no serious or critical violation.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, test } from './fixtures.js';

async function expectAccessible(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, `serious or critical accessibility violations on ${where}`).toEqual([]);
}

const loaded = async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
};

test('no serious or critical accessibility violations on any page', async ({ page, prove, verify }) => {
  test.setTimeout(180_000);
  await page.goto('/prove');
  await loaded(page);
  await expectAccessible(page, 'Prove, empty (the landing)');

  await prove.open();
  await prove.pickSample(1);
  await expectAccessible(page, 'Prove with the demo loaded');
  await prove.prove();
  await expectAccessible(page, 'Prove with a result');
  const bundle = await prove.bundleText();

  await verify.open();
  await expectAccessible(page, 'Verify, empty');
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
  await expectAccessible(page, 'Verify with a verdict');

  await page.goto('/models');
  await loaded(page);
  await expectAccessible(page, 'Models');
  await page.goto(`/models?model=${DEMO}`);
  await expect(page.getByTestId('layer-chart')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'Model details');

  await page.goto('/history');
  await loaded(page);
  await expect(page.getByRole('row').filter({ hasText: DEMO }).first()).toBeVisible();
  await expectAccessible(page, 'History with a proof');

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page, 'Page not found');
});

test('the digit input has no serious or critical accessibility violations', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/prove?model=mnist-lean');
  await expect(page.getByTestId('package-status')).toContainText('mnist-lean ready', { timeout: 120_000 });
  await page.getByLabel('Sample input').selectOption({ index: 1 });
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  await expectAccessible(page, 'Prove with the digit demo');
});
