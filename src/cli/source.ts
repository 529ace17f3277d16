/**
 * `zkinfer source keygen|sign`: the data source's side of signature binding (docs/PROVENANCE.md).
 * keygen makes a Baby Jubjub key (file mode 0600) and prints its public key and fingerprint; sign
 * encodes an input exactly as a package's input spec quantizes it (the codes the circuit reads)
 * and signs Poseidon(header, packed codes, metadata) with EdDSA-Poseidon.
 */
import {
  captureSignal,
  derivePublicKey,
  encodeInput,
  flattenInput,
  formatFingerprint,
  generatePrivateKey,
  irisCodeInfo,
  makeMaskFile,
  makeSignedInputFile,
  openPackage,
  parseFingerprint,
  readMaskFile,
  signInput,
  signMask,
} from '../core/index.js';
import { readJson, readPackageDir, UsageError, writeText } from './files.js';
import type { SignedInputMetadata } from '../core/index.js';
import type { KeyFile } from './provenance-files.js';
import { KEY_FORMAT, readKeyFile, writePrivate } from './provenance-files.js';
import type { Terminal } from './terminal.js';

export interface SourceArgs {
  sub: string;
  out?: string;
  key?: string;
  pkg?: string;
  input?: string;
  meta?: readonly string[];
  /** An iris strip's occlusion mask (zkinfer iris strip's <input>.mask.json), signed for the same capture. */
  mask?: string;
}

const METADATA_TAG = 'zkinfer metadata v1\0';

/**
 * A metadata value as a field element: an integer (decimal or 0x-hex, below r) as is; any other
 * text as SHA-256(tag ‖ text) cut to 253 bits (below r), e.g. a date or a subject reference.
 */
async function metadataValue(text: string): Promise<{ value: bigint; hashed: boolean }> {
  const v = parseFingerprint(text);
  if (v !== undefined) return { value: v, hashed: false };
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(METADATA_TAG + text)));
  let x = 0n;
  for (const b of digest) x = (x << 8n) | BigInt(b);
  return { value: x >> 3n, hashed: true };
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

export async function sourceCommand(a: SourceArgs, term: Terminal): Promise<number> {
  if (a.sub === 'keygen') return keygen(a, term);
  if (a.sub === 'sign') return signCommand(a, term);
  throw new UsageError(`source needs keygen or sign, not "${a.sub}"; see 'zkinfer source --help'`);
}

function keygen(a: SourceArgs, term: Terminal): number {
  if (!a.out) throw new UsageError('source keygen needs --out <key.json>');
  const privateKey = generatePrivateKey();
  const A = derivePublicKey(privateKey);
  const file: KeyFile = { format: KEY_FORMAT, version: 1, privateKey: hex(privateKey), publicKey: [A[0].toString(), A[1].toString()], fingerprint: formatFingerprint(A) };
  writePrivate(a.out, JSON.stringify(file, null, 2) + '\n', false);
  if (term.json) {
    process.stdout.write(JSON.stringify({ key: a.out, publicKey: file.publicKey, fingerprint: file.fingerprint }) + '\n');
    return 0;
  }
  term.say(`private key written to ${a.out} (mode 0600: keep it secret)`);
  term.say(`public key  [${file.publicKey.join(', ')}]`);
  term.say(`fingerprint ${file.fingerprint}`);
  term.say('verifiers trust this source with: zkinfer verify … --trusted-signer <fingerprint>');
  return 0;
}

async function signCommand(a: SourceArgs, term: Terminal): Promise<number> {
  if (!a.key) throw new UsageError('source sign needs --key <key.json>');
  if (!a.pkg) throw new UsageError('source sign needs --package <pkg-dir> (its input spec says how the values are encoded)');
  if (!a.input) throw new UsageError('source sign needs --input <input.json>');
  if (!a.out) throw new UsageError('source sign needs --out <signed.json>');
  const key = readKeyFile(a.key);
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: a.mask !== undefined });
  const m = pkg.manifest;
  if (m.binding?.kind !== 'signature') {
    throw new UsageError(`package "${m.name}" does not take signed input (its input binding is ${m.binding?.kind ?? 'none'})`);
  }
  const raw = readJson(a.input, 'input file') as { input?: unknown };
  if (typeof raw !== 'object' || raw === null || !('input' in raw)) throw new UsageError(`${a.input} must be {"input": <nested array in the model's input shape>}`);
  // Out-of-range values are refused (with the feature named): a source signs what it measured.
  const { codes } = encodeInput(m.input, flattenInput(raw.input, m.input.shape), 'reject');
  const meta = a.meta ?? [];
  if (meta.length !== m.binding.metadata) {
    throw new UsageError(`package "${m.name}" signs ${m.binding.metadata} metadata value(s) with the input; ${meta.length} --meta given`);
  }
  const metadata: SignedInputMetadata[] = [];
  for (const item of meta) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--meta "${item.slice(0, 80)}" must be name=value`);
    const text = item.slice(eq + 1);
    const { value, hashed } = await metadataValue(text);
    metadata.push({ name: item.slice(0, eq), value: value.toString(), ...(hashed ? { text } : {}) });
  }
  const signed = signInput(key.privateKey, codes, m.input.bits, metadata.map((x) => BigInt(x.value)));
  const file = makeSignedInputFile(pkg.id, raw.input, signed, metadata);
  // An iris strip's mask, signed for this capture (docs/IRIS.md): read and checked before anything is written.
  let maskOut: { path: string; text: string } | undefined;
  if (a.mask) {
    if (!m.binding.capture) throw new UsageError(`--mask signs an iris strip's mask for its capture signal: package "${m.name}" publishes none (publish it with --capture-signal)`);
    const { bank } = irisCodeInfo(pkg);
    const mask = readMaskFile(readJson(a.mask, 'mask file'), { height: bank.stripHeight, width: bank.stripWidth });
    const device = signMask(key.privateKey, mask.mask, mask.height, mask.width, captureSignal(signed.message));
    maskOut = { path: `${a.out}.mask.json`, text: JSON.stringify(makeMaskFile(mask.mask, mask.height, mask.width, device)) + '\n' };
  }
  // The signed input holds the private input: owner-only, like a key.
  writePrivate(a.out, JSON.stringify(file, null, 2) + '\n');
  if (maskOut) writeText(maskOut.path, maskOut.text);
  if (term.json) {
    process.stdout.write(JSON.stringify({ signed: a.out, packageId: pkg.id, fingerprint: file.fingerprint, codes: codes.length, metadata: metadata.length, ...(maskOut ? { mask: maskOut.path } : {}) }) + '\n');
    return 0;
  }
  term.say(`signed ${codes.length} input codes (${m.input.bits} bits each${metadata.length ? `, metadata ${metadata.map((x) => x.name).join(', ')}` : ''}) for package "${m.name}"`);
  term.say(`signer fingerprint ${file.fingerprint}`);
  term.say(`written to ${a.out} (mode 0600: it holds the input)`);
  if (maskOut) term.say(`occlusion mask signed for this capture, written to ${maskOut.path} (for zkinfer registry add --mask)`);
  return 0;
}
