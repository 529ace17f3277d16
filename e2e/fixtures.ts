/**
 * Shared steps for the e2e specs, written against roles and labels as a user sees the page.
 * Each test gets a fresh browser context, so IndexedDB (key cache, history) starts empty.
 */
import { expect, test as base } from '@playwright/test';
import type { Page } from '@playwright/test';

export const DEMO = 'breast-cancer';

export class ProvePage {
  constructor(readonly page: Page) {}

  /** Opens the Prove page on the demo and waits until its package is loaded and compiled. */
  async open(model = DEMO): Promise<void> {
    await this.page.goto(`/prove?model=${model}`);
    await expect(this.page.getByTestId('package-status')).toContainText(`${model} ready`);
  }

  async pickSample(index = 1): Promise<void> {
    await this.page.getByLabel('Sample patient').selectOption({ index });
    await expect(this.page.getByTestId('prediction')).toContainText('Local prediction');
  }

  proveButton() {
    return this.page.getByRole('button', { name: 'Prove privately' });
  }

  /** Proves and returns the proved label. */
  async prove(): Promise<string> {
    await this.proveButton().click();
    const label = this.page.getByTestId('proved-label');
    await expect(label).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    return (await label.textContent()) ?? '';
  }

  async bundleText(): Promise<string> {
    return this.page.getByLabel('Proof bundle').inputValue();
  }
}

export class VerifyPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Verify' }).click();
    await expect(this.page.getByRole('heading', { name: 'Verify a proof' })).toBeVisible();
  }

  async verifyText(text: string): Promise<void> {
    await this.page.getByLabel('Paste a bundle').fill(text);
    await this.page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(this.page.getByTestId('verdict')).toBeVisible();
  }

  verdict() {
    return this.page.getByTestId('verdict');
  }
}

export const test = base.extend<{ prove: ProvePage; verify: VerifyPage }>({
  prove: async ({ page }, use) => use(new ProvePage(page)),
  verify: async ({ page }, use) => use(new VerifyPage(page)),
});

export { expect };
