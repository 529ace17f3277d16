/**
 * A verifier requests a proof with a fresh challenge; the prover opens the link, proves, and the
 * verifier's page checks that the bundle answers exactly its challenge (an old bundle is refused
 * as a possible replay). The Models page audits a package.
 */
import { expect, test } from './fixtures.js';

test('a verifier’s challenge is answered by the proof and checked; an old bundle is refused', async ({ page, prove, verify }) => {
  // An old proof, made without a challenge.
  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  const old = await prove.bundleText();

  // The verifier issues a challenge and a link.
  await verify.open();
  await page.getByRole('button', { name: 'New challenge' }).click();
  const challenge = await page.getByLabel('Challenge the proof must answer (empty: none)').inputValue();
  expect(challenge).toMatch(/^[0-9a-f]{32}$/);
  const link = await page.getByTestId('request-link').getAttribute('href');
  expect(link).toContain(`challenge=${challenge}`);

  // The old bundle does not answer it.
  await verify.verifyText(old);
  await expect(verify.verdict()).toContainText('Invalid proof: Not your challenge');
  await expect(verify.verdict()).toContainText('replay');

  // The prover follows the link: the page says what it is proving for, and the proof answers it.
  await page.goto(link!);
  await expect(page.getByTestId('package-status')).toContainText('breast-cancer ready');
  await expect(page.getByTestId('challenge-note')).toContainText(challenge);
  await prove.pickSample(1);
  await prove.prove();
  const answered = await prove.bundleText();
  expect(JSON.parse(answered).challenge).toBe(challenge);

  // Back on Verify (the challenge is remembered on this device), the answer checks.
  await verify.open();
  await expect(page.getByLabel('Challenge the proof must answer (empty: none)')).toHaveValue(challenge);
  await verify.verifyText(answered);
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(verify.verdict()).toContainText(`answers yours (${challenge})`);
});

test('the Models page audits a package and says what it cannot check', async ({ page }) => {
  await page.goto('/models?model=breast-cancer');
  await expect(page.getByRole('heading', { name: 'Model breast-cancer' })).toBeVisible();
  await page.getByRole('button', { name: 'Audit this package' }).click();
  const audit = page.getByTestId('audit');
  await expect(audit).toContainText('Every check that could run holds', { timeout: 60_000 });
  await expect(audit).toContainText('✓ circuit');
  await expect(audit).toContainText('– setup: development key');
});
