import { describeOutput, openPackage, verifyBundle } from '../core/index.js';
import { readBytes, readPackageDir, UsageError } from './files.js';
import type { Terminal } from './terminal.js';

export interface VerifyArgs {
  bundle: string;
  pkg?: string;
  challenge?: string;
  requireCeremony?: boolean;
}

/** Exit 0 valid, 1 invalid (with the reason), 2 usage or input error (thrown). */
export async function verifyCommand(a: VerifyArgs, term: Terminal): Promise<number> {
  if (!a.pkg) throw new UsageError('verify needs --package <pkg-dir>');
  const bundleBytes = readBytes(a.bundle, 'bundle');
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: false });
  const result = await verifyBundle(bundleBytes, pkg, { challenge: a.challenge, requireCeremony: a.requireCeremony });
  if (term.json) {
    // Only decoded, verified facts: nothing the bundle says about itself is echoed.
    const { bundle: _bundle, ...facts } = result.valid ? result : { bundle: undefined, ...result };
    process.stdout.write(JSON.stringify(facts) + '\n');
  } else if (result.valid) {
    term.say(`valid: a proof that package "${result.name}"${result.packageVersion ? ` ${result.packageVersion}` : ''} outputs ${describeOutput(result.output)}`);
    term.say(`  package id ${result.packageId}`);
    if (result.challenge.kind === 'checked') term.say(`  answers your challenge "${result.challenge.text}"`);
    for (const w of result.warnings) term.say(`⚠ ${w}`);
  } else {
    term.say(`invalid: ${result.reason}`);
  }
  return result.valid ? 0 : 1;
}
