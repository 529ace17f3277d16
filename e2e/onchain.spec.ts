/**
 * The on-chain check in the page: the demo's compiled Solidity verifier (verifier.evm.json, bound by
 * its manifest) runs in an EVM worker started on demand. A genuine bundle is valid with its gas, a
 * tampered one invalid, a tampered compiled verifier refused, bad input named and kept; no request
 * leaves the page's origin.
 */
import type { Request } from '@playwright/test';
import { expect, test } from './fixtures.js';

test('verifies a proof with the package’s verifier contract in the page: valid with its gas, tampered invalid, nothing leaves the origin', async ({ page, context, prove, verify, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  const record = (r: Request) => {
    // blob: and data: URLs are in-memory code and bytes, not the network.
    if (!/^(blob|data):/.test(r.url())) requests.push(r.url());
  };
  page.on('request', record);
  context.on('request', record);

  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  const bundle = JSON.parse(await prove.bundleText());

  await verify.open();
  await verify.verifyText(JSON.stringify(bundle));
  await expect(verify.verdict()).toContainText('Valid proof');
  // The EVM is not loaded until the user asks for it.
  expect(requests.filter((u) => /evm\.worker/.test(u))).toEqual([]);

  const button = page.getByRole('button', { name: 'Check with the on-chain verifier (in this page)' });
  const onchain = page.getByTestId('onchain-verdict');

  // A compiled verifier changed on the way (one bytecode digit) is refused by the manifest's hash, and not cached.
  const artifactUrl = '**/packages/breast-cancer/verifier.evm.json';
  await page.route(artifactUrl, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/"bytecode": "0x(.)/, (_m, c: string) => `"bytecode": "0x${c === '6' ? '7' : '6'}`);
    await route.fulfill({ response: res, body });
  });
  await button.click();
  await expect(page.getByRole('alert')).toContainText('The on-chain check could not run: verifier.evm.json does not match the manifest');
  await expect(onchain).toHaveCount(0);
  await page.unroute(artifactUrl);

  await button.click();
  await expect(onchain).toContainText('Valid on the verifier contract: verifyProof returned true.');
  const gasText = (await page.getByTestId('onchain-gas').textContent()) ?? '';
  const [, execution, transaction] = /Execution gas ([\d,]+); as a transaction ([\d,]+)/.exec(gasText) ?? [];
  const gas = Number(execution?.replaceAll(',', ''));
  const txGas = Number(transaction?.replaceAll(',', ''));
  expect(gas).toBeGreaterThan(150_000);
  expect(txGas).toBeGreaterThan(gas + 21_000);
  console.log(`on-chain check in the page: verifyProof ${execution} execution gas, ${transaction} as a transaction`);
  // The call it made: the bundle's first public signal, as a uint256 literal.
  await onchain.getByText('The call it made').click();
  await expect(page.getByTestId('onchain-call')).toContainText(`0x${BigInt(bundle.publicSignals[0]).toString(16).padStart(64, '0')}`);
  expect(requests.some((u) => /evm\.worker/.test(u))).toBe(true);
  expect(requests.some((u) => u === `${origin}/packages/breast-cancer/verifier.evm.json`)).toBe(true);

  // A tampered bundle: the contract says no.
  const tampered = structuredClone(bundle);
  tampered.publicSignals[0] = tampered.publicSignals[0] === '0' ? '1' : '0';
  const tamperedText = JSON.stringify(tampered);
  await page.getByLabel('Paste a bundle').fill(tamperedText);
  await button.click();
  await expect(onchain).toContainText('Invalid on the verifier contract: verifyProof returned false.');
  await expect(page.getByTestId('onchain-gas')).toContainText('Execution gas');

  // Bad input is named, and the text the user pasted stays.
  const broken = tamperedText.slice(0, 120);
  await page.getByLabel('Paste a bundle').fill(broken);
  await button.click();
  await expect(page.getByRole('alert')).toContainText('The on-chain check could not run:');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');
  await expect(page.getByLabel('Paste a bundle')).toHaveValue(broken);

  page.off('request', record);
  context.off('request', record);
  expect(requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
});
