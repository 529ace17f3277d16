import { openPackage, verifyBundle } from '../core/index.js';
import { readBytes, readPackageDir, UsageError } from './files.js';
import type { Terminal } from './terminal.js';

export interface VerifyArgs {
  bundle: string;
  pkg?: string;
}

/** Exit 0 valid, 1 invalid (with the reason), 2 usage or input error (thrown). */
export async function verifyCommand(a: VerifyArgs, term: Terminal): Promise<number> {
  if (!a.pkg) throw new UsageError('verify needs --package <pkg-dir>');
  const bundleBytes = readBytes(a.bundle, 'bundle');
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: false });
  const result = await verifyBundle(bundleBytes, pkg);
  if (term.json) {
    process.stdout.write(JSON.stringify(result.valid ? { valid: true, output: result.bundle.output, model: result.bundle.model } : result) + '\n');
  } else if (result.valid) {
    const o = result.bundle.output;
    term.say(`valid: a proof that model "${result.bundle.model.name}" outputs ${JSON.stringify(o.label ?? o.class ?? o.bits ?? o.values)}`);
    if (pkg.manifest.setup.kind === 'development') term.say('⚠ the package uses a DEVELOPMENT KEY: whoever made it could forge proofs');
  } else {
    term.say(`invalid: ${result.reason}`);
  }
  return result.valid ? 0 : 1;
}
