import { describeOutput, openPackage, verifyBundle } from '../core/index.js';
import { readBytes, readPackageDir, UsageError } from './files.js';
import { trustedSignerFingerprint } from './provenance-files.js';
import type { Terminal } from './terminal.js';

export interface VerifyArgs {
  bundle: string;
  pkg?: string;
  challenge?: string;
  requireCeremony?: boolean;
  /** Fingerprints or files with a public key (key file, signed input). */
  trustedSigners?: readonly string[];
}

/** Exit 0 valid, 1 invalid (with the reason), 2 usage or input error (thrown). */
export async function verifyCommand(a: VerifyArgs, term: Terminal): Promise<number> {
  if (!a.pkg) throw new UsageError('verify needs --package <pkg-dir>');
  const bundleBytes = readBytes(a.bundle, 'bundle');
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: false });
  const trustedSigners = a.trustedSigners?.map(trustedSignerFingerprint);
  const result = await verifyBundle(bundleBytes, pkg, { challenge: a.challenge, requireCeremony: a.requireCeremony, ...(trustedSigners ? { trustedSigners } : {}) });
  if (term.json) {
    // Only decoded, verified facts: nothing the bundle says about itself is echoed.
    const { bundle: _bundle, ...facts } = result.valid ? result : { bundle: undefined, ...result };
    process.stdout.write(JSON.stringify(facts) + '\n');
  } else if (result.valid) {
    term.say(`valid: a proof that package "${result.name}"${result.packageVersion ? ` ${result.packageVersion}` : ''} outputs ${describeOutput(result.output)}`);
    term.say(`  package id ${result.packageId}`);
    if (result.challenge.kind === 'checked') term.say(`  answers your challenge "${result.challenge.text}"`);
    if (result.binding?.kind === 'commitment') term.say(`  input commitment ${result.binding.commitment} (the prover's opening shows the input: zkinfer open)`);
    if (result.binding?.kind === 'signature') term.say(`  input signed by trusted key ${result.binding.signer}`);
    if (result.binding?.kind === 'signature' && result.binding.capture !== undefined) term.say(`  capture signal ${result.binding.capture}`);
    for (const w of result.warnings) term.say(`⚠ ${w}`);
  } else {
    term.say(`invalid: ${result.reason}`);
    if (result.code === 'untrusted-signer') term.say(`  to trust this source: --trusted-signer ${result.signer}`);
  }
  return result.valid ? 0 : 1;
}
