/** `zkinfer calldata <bundle>`: the arguments of the verifier contract's verifyProof for a bundle. */
import { parseBundle } from '../core/index.js';
import { toHex } from '../evm/abi.js';
import { encodeVerifyProof, solidityCallArgs, verifierArgs, verifyProofSignature } from '../evm/calldata.js';
import { readBytes } from './files.js';
import type { Terminal } from './terminal.js';

export const CALLDATA_HELP = `usage: zkinfer calldata <bundle.json> [--hex]

  Prints the arguments of the package verifier contract's verifyProof for this bundle, in the
  format of 'snarkjs zkey export soliditycalldata': [a],[[b]],[c],[public signals].
  --hex    print the whole ABI-encoded call data instead (0x + selector + words),
           e.g. for 'cast call <verifier> <hex>' or eth_call
With --json: {"signature", "args": {"a", "b", "c", "input"}, "calldata"}.
Exit status: 0, or 2 for a malformed bundle.`;

export async function calldataCommand(a: { bundle: string; hex?: boolean }, term: Terminal): Promise<number> {
  const bundle = parseBundle(readBytes(a.bundle, 'bundle'));
  const args = verifierArgs(bundle.proof, bundle.publicSignals);
  const data = toHex(encodeVerifyProof(args));
  if (term.json) {
    const h = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');
    process.stdout.write(
      JSON.stringify({ signature: verifyProofSignature(args.signals.length), args: { a: args.a.map(h), b: args.b.map((p) => p.map(h)), c: args.c.map(h), input: args.signals.map(h) }, calldata: data }) + '\n',
    );
  } else {
    process.stdout.write((a.hex ? data : solidityCallArgs(args)) + '\n');
  }
  return 0;
}
