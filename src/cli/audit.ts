import type { AuditCheck, AuditReport, PackageFiles } from '../core/index.js';
import { auditPackage, validateManifest } from '../core/index.js';
import { readBytes, readPackageDir } from './files.js';
import type { Terminal } from './terminal.js';

export interface AuditArgs {
  pkg: string;
  ptau?: string;
}

const MARK = { ok: '✓', failed: '✗', 'not-checked': '–' } as const;

/**
 * A package's compiled verifier (files.verifierBytecode) must be its verifier.sol compiled: core
 * checks the hashes, this recompiles with solc-js (Node only, so here and not in core's audit) and
 * compares the bytecode. No check when the package has no compiled verifier.
 */
async function compiledVerifierCheck(files: PackageFiles, term: Terminal): Promise<AuditCheck | undefined> {
  const manifest = validateManifest(JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)));
  const ref = manifest.files.verifierBytecode;
  const source = manifest.files.verifier && files.get(manifest.files.verifier.path);
  if (!ref || !source) return undefined;
  const check = 'compiled verifier';
  term.progress({ stage: 'compile', message: `recompiling ${manifest.files.verifier!.path} with solc-js` });
  const { packageVerifier } = await import('../evm/package-verifier.js');
  const { compileVerifier, solcVersion } = await import('../evm/solc.js');
  let bound;
  try {
    bound = (await packageVerifier(manifest, files))!;
  } catch (e) {
    return { check, status: 'failed', detail: (e as Error).message };
  }
  const ours = compileVerifier(new TextDecoder().decode(source)).bytecode;
  const same = ours.length === bound.bytecode.length && ours.every((b, i) => b === bound.bytecode[i]);
  if (same) return { check, status: 'ok', detail: `${ref.path} is ${manifest.files.verifier!.path} compiled (solc ${solcVersion().split('+')[0]} gives the same bytecode)` };
  const versions = bound.artifact.compiler.solc === solcVersion() ? '' : ` (it names solc ${bound.artifact.compiler.solc}, this is ${solcVersion()}: another compiler may explain it)`;
  return { check, status: 'failed', detail: `${ref.path}'s bytecode is not what ${manifest.files.verifier!.path} compiles to${versions}: the contract a browser would run is not the published source` };
}

/** Exit 0 when every check that could run holds, 1 otherwise. */
export async function auditCommand(a: AuditArgs, term: Terminal): Promise<number> {
  const files = readPackageDir(a.pkg);
  const ptau = a.ptau ? readBytes(a.ptau, 'powers-of-tau file') : undefined;
  term.progress({ stage: 'compile', message: 'recompiling the model and checking the package' });
  let report: AuditReport = await auditPackage(files, { ptau });
  if (report.packageId) {
    const extra = await compiledVerifierCheck(files, term);
    if (extra) report = { ...report, checks: [...report.checks, extra], ok: report.ok && extra.status !== 'failed' };
  }
  term.done();
  if (term.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    term.say(`${report.name ? `package "${report.name}"` : a.pkg}${report.packageId ? ` (id ${report.packageId})` : ''}`);
    for (const c of report.checks) term.say(`  ${MARK[c.status]} ${c.check}: ${c.detail}`);
    term.say(report.ok ? 'every check that could run holds' : 'the package FAILS the audit');
  }
  return report.ok ? 0 : 1;
}
