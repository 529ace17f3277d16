/** `zkinfer open <bundle> --package <pkg> --opening <file>`: does the opening open the bundle's commitment? */
import { checkOpening, decodeInput, openPackage } from '../core/index.js';
import { readBytes, readJson, readPackageDir, UsageError } from './files.js';
import type { Terminal } from './terminal.js';

export interface OpenArgs {
  bundle: string;
  pkg?: string;
  opening?: string;
}

/** Exit 0 the opening matches a valid bundle, 1 it does not (the reason is printed), 2 usage error. */
export async function openCommand(a: OpenArgs, term: Terminal): Promise<number> {
  if (!a.pkg) throw new UsageError('open needs --package <pkg-dir>');
  if (!a.opening) throw new UsageError('open needs --opening <file> (written by prove next to the bundle)');
  const bundle = readBytes(a.bundle, 'bundle');
  const opening = readJson(a.opening, 'opening');
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: false });
  const result = await checkOpening(bundle, opening, pkg);
  if (term.json) {
    process.stdout.write(JSON.stringify(result.matches ? { matches: true, commitment: result.commitment } : result) + '\n');
  } else if (result.matches) {
    term.say(`matches: the proof is about exactly this input (commitment ${result.commitment})`);
    const values = decodeInput(pkg.manifest.input, result.codes);
    if (values.length <= 64) term.say(`  input as the circuit read it: [${values.map((v) => +v.toPrecision(6)).join(', ')}]`);
    else term.say(`  input: ${values.length} values`);
  } else {
    term.say(`does not match: ${result.reason}`);
  }
  return result.matches ? 0 : 1;
}
