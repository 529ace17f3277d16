/** (c) A tampered, edited or foreign bundle is rejected with its reason; an unknown package is "can't check yet". */
import { expect, test } from './fixtures.js';

test('tampered bundles are rejected with their reason', async ({ prove, verify }) => {
  await prove.open();
  await prove.pickSample(1);
  await prove.prove();
  const bundle = JSON.parse(await prove.bundleText());

  await verify.open();
  await verify.verifyText(JSON.stringify(bundle));
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(verify.verdict()).toContainText('What was checked');

  // Flip the public output: only the proof can tell, and it does.
  const flipped = structuredClone(bundle);
  flipped.publicSignals[0] = flipped.publicSignals[0] === '0' ? '1' : '0';
  await verify.verifyText(JSON.stringify(flipped));
  await expect(verify.verdict()).toContainText('Invalid proof: Tampered signals or proof');

  // Fields a bundle does not carry (a label, a certification, a date) make it malformed, never shown.
  for (const extra of [{ output: { label: 'benign' } }, { model: { certifiedBy: 'FDA' } }, { createdAt: '2020-01-01T00:00:00Z' }]) {
    await verify.verifyText(JSON.stringify({ ...bundle, ...extra }));
    await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle');
    await expect(verify.verdict()).toContainText('unknown field');
  }

  // A challenge text the proof does not answer.
  await verify.verifyText(JSON.stringify({ ...bundle, challenge: 'edited' }));
  await expect(verify.verdict()).toContainText('Invalid proof: Not your challenge');

  // A package this browser does not know: not invalid, just not checkable yet.
  await verify.verifyText(JSON.stringify({ ...bundle, packageId: 'b'.repeat(64) }));
  await expect(verify.verdict()).toContainText("Can't check yet");

  await verify.verifyText(JSON.stringify(bundle).slice(0, 200));
  await expect(verify.verdict()).toContainText('Invalid proof: Malformed bundle');
});
