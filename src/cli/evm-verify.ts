/**
 * `zkinfer verify <bundle> --package <pkg> --evm`: the bundle checks of `verify` (package id,
 * signal layout, the challenge asked with --challenge), then the package's own Solidity verifier run
 * in a local in-process EVM instead of trusting snarkjs alone. The contract checks the proof against
 * all the public signals, the challenge signal included; that this signal is the hash of the
 * challenge you gave is checked off-chain, before the contract runs. The contract is the compiled
 * verifier the manifest binds (`files.verifierBytecode`, hash-checked); for older packages without
 * it, an unlisted verifier.evm.json compiled from the package's verifier.sol, else verifier.sol
 * compiled here with solc-js.
 * The EVM and solc (9 MB of soljson) are imported only when this command runs.
 */
import type { OpenedPackage, ProofBundle, VerifyResult } from '../core/index.js';
import { describeOutput, openPackage, sha256Hex, verifyBundle } from '../core/index.js';
import { ARTIFACT_FILE, readVerifierArtifact } from '../evm/artifact.js';
import type { EvmVerification } from '../evm/verifier.js';
import { readBytes, readPackageDir, UsageError } from './files.js';
import { trustedSignerFingerprint } from './provenance-files.js';
import type { Terminal } from './terminal.js';
import { seconds } from './terminal.js';

/** The verifier's creation bytecode: the manifest's compiled verifier, else an artifact matching verifier.sol, else compiled now. */
async function verifierBytecode(files: ReadonlyMap<string, Uint8Array>, pkg: OpenedPackage, term: Terminal): Promise<{ bytecode: Uint8Array; from: string }> {
  // openPackage has checked every listed file that is present against the manifest.
  const { packageVerifier } = await import('../evm/package-verifier.js');
  const bound = await packageVerifier(pkg.manifest, files);
  if (bound) return { bytecode: bound.bytecode, from: `${bound.path} (listed in the manifest)` };
  const ref = pkg.manifest.files.verifier;
  const source = ref && files.get(ref.path);
  if (!ref || !source) throw new UsageError('the package has no verifier.sol (published with --no-solidity?): nothing to run on the EVM');
  const hash = await sha256Hex(source);
  if (hash !== ref.sha256) throw new UsageError(`${ref.path} does not match the manifest (sha256 ${hash.slice(0, 12)}…): the file is corrupt or from another package`);
  const artifact = files.get(ARTIFACT_FILE);
  if (artifact) {
    try {
      // An older package: the file is not in the manifest, so nothing binds its bytecode to the
      // package (its source hash is its own claim). Said in the output; the verdict still needs the
      // off-chain check, so such a file can make a valid proof look invalid, never the reverse.
      return { bytecode: readVerifierArtifact(artifact, ref.sha256).bytecode, from: `${ARTIFACT_FILE} (not listed in the manifest: its bytecode is unchecked)` };
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  term.progress({ stage: 'compile', message: `compiling ${ref.path} with solc-js` });
  const { compileVerifier } = await import('../evm/solc.js');
  return { bytecode: compileVerifier(new TextDecoder().decode(source)).bytecode, from: `${ref.path} (compiled with solc-js)` };
}

export async function evmVerifyCommand(a: { bundle: string; pkg?: string; challenge?: string; requireCeremony?: boolean; trustedSigners?: readonly string[] }, term: Terminal): Promise<number> {
  if (!a.pkg) throw new UsageError('verify needs --package <pkg-dir>');
  const bundleBytes = readBytes(a.bundle, 'bundle');
  const files = readPackageDir(a.pkg);
  const pkg = await openPackage(files, { needModel: false });
  const trustedSigners = a.trustedSigners?.map(trustedSignerFingerprint);
  const offChain: VerifyResult = await verifyBundle(bundleBytes, pkg, { challenge: a.challenge, requireCeremony: a.requireCeremony, ...(trustedSigners ? { trustedSigners } : {}) });
  // Anything but a bad proof (malformed, another package, another challenge) is refused before any contract runs.
  if (!offChain.valid && offChain.code !== 'bad-proof') return report(term, offChain, undefined);
  const { bytecode, from } = await verifierBytecode(files, pkg, term);
  const t = performance.now();
  term.progress({ stage: 'verify', message: 'deploying the verifier and calling verifyProof in the local EVM' });
  const { EvmVerifier } = await import('../evm/verifier.js');
  const verifier = await EvmVerifier.deploy(bytecode);
  // verifyBundle has parsed it: the proof and signals are well-formed.
  const bundle = JSON.parse(new TextDecoder().decode(bundleBytes)) as ProofBundle;
  const evm = await verifier.verify(bundle.proof, bundle.publicSignals);
  term.done();
  return report(term, offChain, { ...evm, from, ms: performance.now() - t, deployGas: verifier.deployment.gasUsed });
}

type EvmReport = EvmVerification & { from: string; ms: number; deployGas: bigint };

function report(term: Terminal, offChain: VerifyResult, evm: EvmReport | undefined): number {
  const valid = offChain.valid && evm?.valid === true;
  const disagree = evm !== undefined && offChain.valid !== evm.valid;
  if (term.json) {
    const evmJson = evm && { valid: evm.valid, gasUsed: Number(evm.gasUsed), transactionGas: Number(evm.transactionGas), calldataBytes: evm.calldataBytes, deployGas: Number(evm.deployGas), contract: evm.from, ...(evm.error ? { error: evm.error } : {}) };
    const off = offChain.valid ? { valid: true } : { valid: false, code: offChain.code, reason: offChain.reason };
    const facts = offChain.valid ? { packageId: offChain.packageId, name: offChain.name, output: offChain.output, challenge: offChain.challenge, setup: offChain.setup, warnings: offChain.warnings } : {};
    process.stdout.write(JSON.stringify({ valid, ...facts, offChain: off, ...(evmJson ? { evm: evmJson } : {}) }) + '\n');
    return valid ? 0 : 1;
  }
  if (!evm) {
    term.say(`invalid: ${offChain.valid ? '' : offChain.reason} (the EVM verifier was not run)`);
    return 1;
  }
  const gas = `gas ${evm.gasUsed.toLocaleString('en-US')} (a transaction: ${evm.transactionGas.toLocaleString('en-US')} with ${evm.calldataBytes} bytes of call data)`;
  if (valid) {
    term.say(`valid on the EVM: verifyProof returned true — a proof that package "${offChain.name}"${offChain.packageVersion ? ` ${offChain.packageVersion}` : ''} outputs ${describeOutput(offChain.output)}`);
    term.say(`  package id ${offChain.packageId}`);
    if (offChain.challenge.kind === 'checked') term.say(`  answers your challenge "${offChain.challenge.text}"`);
  } else {
    term.say(`invalid on the EVM: verifyProof ${evm.error ? `failed (${evm.error})` : 'returned false'}`);
  }
  term.say(`  ${gas}; contract from ${evm.from}; ${seconds(evm.ms)}`);
  if (disagree) term.say(`⚠ the off-chain check says ${offChain.valid ? 'valid' : `invalid (${offChain.reason})`}: the two verifiers disagree`);
  if (valid) for (const w of offChain.warnings) term.say(`⚠ ${w}`);
  return valid ? 0 : 1;
}
