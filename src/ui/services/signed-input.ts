/**
 * A signed data file on the Prove page (docs/PROVENANCE.md "App"): read it, and check it against
 * the open package before any proving — the package must take signed data, the file must be for
 * this package, its values must encode to exactly the signed codes, and the signature must check.
 * Each refusal names what is wrong; the caller keeps whatever was there before.
 */
import type { Manifest } from '../../core/package/manifest.js';
import { ZkinferError } from '../../core/errors.js';
import { encodeInput, flattenInput } from '../../core/model/input.js';
import { formatFingerprint, verifyInputSignature } from '../../core/provenance/input.js';
import type { BabyJubPoint, EdDSASignature } from '../../core/provenance/sign.js';
import { isSignedInputFile, parseSignedInputFile } from '../../core/provenance/signed-file.js';

/** Signed data checked for the open package: what the prover worker needs, and what the page shows. */
export interface SignedData {
  readonly fileName: string;
  /** The signed values, flat, in the input's order. */
  readonly values: readonly number[];
  readonly fingerprint: string;
  readonly metadataNames: readonly string[];
  readonly signed: { readonly signature: EdDSASignature; readonly publicKey: BabyJubPoint; readonly metadata: readonly bigint[] };
}

export type SignedCheck = { readonly ok: true; readonly data: SignedData } | { readonly ok: false; readonly title: string; readonly message: string };

const refuse = (title: string, message: string): SignedCheck => ({ ok: false, title, message });

/** `names`: the names of packages this device knows by id, to say which package a file belongs to. */
export function checkSignedFile(fileName: string, text: string, pkg: { readonly id: string; readonly manifest: Manifest }, names: ReadonlyMap<string, string> = new Map()): SignedCheck {
  const m = pkg.manifest;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (!isSignedInputFile(raw)) {
    if (m.binding?.kind === 'signature') {
      return refuse(
        'Not signed data:',
        `${fileName} is not a signed data file. Package "${m.name}" proves only values signed by a data source (a lab): open a file the source signed (format "zkinfer-signed-input"), or make one on the Lab page.`,
      );
    }
    return refuse('Not signed data:', `${fileName} is not a signed data file (format "zkinfer-signed-input").`);
  }
  if (m.binding?.kind !== 'signature') {
    return refuse('Signed data for another kind of package:', `package "${m.name}" does not check signatures (its input binding is ${m.binding?.kind ?? 'none'}); open a package that proves signed data, such as breast-cancer-signed.`);
  }
  let s;
  try {
    s = parseSignedInputFile(raw);
  } catch (e) {
    if (e instanceof ZkinferError) return refuse('Malformed signed data file:', `${fileName}: ${e.message}.`);
    throw e;
  }
  if (s.packageId !== undefined && s.packageId !== pkg.id) {
    const other = names.get(s.packageId);
    return refuse(
      'Signed data for another package:',
      `${fileName} was signed for package ${other ? `"${other}"` : `${s.packageId.slice(0, 12)}…`}, not for "${m.name}" (${pkg.id.slice(0, 12)}…). Open that package, or ask the source to sign for this one.`,
    );
  }
  if (s.bits !== m.input.bits || s.codes.length !== m.input.features.length) {
    return refuse('Signed data for another input:', `${fileName} holds ${s.codes.length} codes of ${s.bits} bits; package "${m.name}" reads ${m.input.features.length} of ${m.input.bits} bits.`);
  }
  if (s.metadata.length !== m.binding.metadata) {
    return refuse('Signed data for another input:', `${fileName} signs ${s.metadata.length} metadata value(s); package "${m.name}" expects ${m.binding.metadata}.`);
  }
  let values: number[];
  let codes: bigint[];
  try {
    values = flattenInput(s.input, m.input.shape);
    codes = encodeInput(m.input, values, 'reject').codes;
  } catch (e) {
    if (e instanceof ZkinferError) return refuse('Unusable signed values:', `${fileName}: ${e.message}.`);
    throw e;
  }
  const differ = codes.findIndex((c, i) => c !== s.codes[i]);
  if (differ >= 0) {
    return refuse('The values differ from what was signed:', `${fileName}: feature "${m.input.features[differ]?.name ?? differ}" is not the value the source signed (the file was edited). Nothing was proved.`);
  }
  if (!verifyInputSignature(codes, m.input.bits, s.metadata, s.publicKey, s.signature)) {
    return refuse('The signature does not check:', `${fileName}: the signature is not valid for these values and this key (it was altered, or made with another key). Nothing was proved.`);
  }
  return {
    ok: true,
    data: {
      fileName,
      values,
      fingerprint: formatFingerprint(s.publicKey),
      metadataNames: s.metadataNames,
      signed: { signature: s.signature, publicKey: s.publicKey, metadata: s.metadata },
    },
  };
}
