/** (c) A tampered, mismatched or malformed bundle is rejected with its reason. */
import { expect, test } from './fixtures.js';

test('tampered bundles are rejected with their reason', async ({ prove, verify }) => {
  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  const bundle = JSON.parse(await prove.bundleText());

  await verify.open();
  await verify.verifyText(JSON.stringify(bundle));
  await expect(verify.verdict()).toContainText('Valid proof');

  // Flip the public output: the stated label no longer matches the signals.
  const flipped = structuredClone(bundle);
  flipped.publicSignals[0] = flipped.publicSignals[0] === '0' ? '1' : '0';
  await verify.verifyText(JSON.stringify(flipped));
  await expect(verify.verdict()).toContainText('Invalid proof: Tampered signals');

  // Flip signals and label together: only the proof can tell.
  const relabelled = structuredClone(flipped);
  relabelled.output = { ...relabelled.output, class: Number(flipped.publicSignals[0]), label: bundle.output.label === 'benign' ? 'malignant' : 'benign' };
  await verify.verifyText(JSON.stringify(relabelled));
  await expect(verify.verdict()).toContainText('Invalid proof: Tampered signals or proof');

  const otherKey = structuredClone(bundle);
  otherKey.model.vkeySha256 = 'a'.repeat(64);
  await verify.verifyText(JSON.stringify(otherKey));
  await expect(verify.verdict()).toContainText('Invalid proof: Key mismatch');

  // Claiming a ceremony key for a development-key proof.
  const relabelledKey = structuredClone(bundle);
  relabelledKey.model.developmentKey = false;
  await verify.verifyText(JSON.stringify(relabelledKey));
  await expect(verify.verdict()).toContainText('Invalid proof: Tampered model identity');

  const otherModel = structuredClone(bundle);
  otherModel.model.modelHash = 'b'.repeat(64);
  await verify.verifyText(JSON.stringify(otherModel));
  await expect(verify.verdict()).toContainText('Invalid proof: Unknown model');

  await verify.verifyText(JSON.stringify(bundle).slice(0, 200));
  await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle');
});
