/**
 * Iris codes out of packages and bundles (issue 14), for the registry, the CLI and the app.
 *
 * Public API:
 * - `irisCodeInfo(pkg)` → the package's bank and matching rule, read from its model.json's metadata
 *   (`IRIS_METADATA_KEY`); a named error `not-iris-package` for any other package.
 * - `irisCodeFromBundle(pkg, bundle, mask?)` → `IrisCode` (bits, usable bits, bits per column): the
 *   proof's output bits (decoded from the packed public signals; the bundle is NOT verified here —
 *   verify first) and their usability from the strip's occlusion mask (every bit usable without one).
 * The occlusion-mask side file and the capture device's signature over it are mask-file.ts: the
 * mask is computed outside the proof and is not proved; it travels beside the bundle (a bundle
 * refuses unknown fields), as `zkinfer iris strip` writes it (`<input>.mask.json`).
 */
import { fail } from '../errors.js';
import type { GaborBank } from '../iris/gabor.js';
import { codeLength, codeValidity } from '../iris/gabor.js';
import type { IrisCode } from '../iris/match.js';
import type { ModelFile } from '../model/source.js';
import type { ProofBundle } from '../package/bundle.js';
import { parseBundle } from '../package/bundle.js';
import type { Manifest } from '../package/manifest.js';
import { decodePublicSignals } from '../package/output.js';
import type { IrisCodeInfo } from './model.js';
import { IRIS_METADATA_KEY, channelsPerColumn } from './model.js';

/** The parts of an opened package this module reads. */
export interface IrisPackage {
  readonly manifest: Manifest;
  readonly model: readonly ModelFile[];
}

const notIris = (name: string, why: string): never => fail('package', 'not-iris-package', `package "${name}" is not an iris-code package: ${why}`);

function isBank(b: unknown): b is GaborBank {
  const x = b as Partial<GaborBank> | null;
  return (
    typeof x === 'object' && x !== null &&
    Number.isInteger(x.stripHeight) && Number.isInteger(x.stripWidth) && Number.isInteger(x.columnStep) && (x.columnStep ?? 0) > 0 &&
    Array.isArray(x.probeRows) && x.probeRows.every((r) => Number.isInteger(r)) &&
    Array.isArray(x.filters) && x.filters.length > 0 && x.filters.every((f) => [f?.wavelength, f?.sigmaAngular, f?.sigmaRadial].every((v) => typeof v === 'number' && v > 0)) &&
    typeof x.maxMaskedWeight === 'number'
  );
}

/** The bank and matching rule an iris-code package states (see IrisCodeInfo). */
export function irisCodeInfo(pkg: IrisPackage): IrisCodeInfo {
  const m = pkg.manifest;
  if (m.output.rule !== 'sign') notIris(m.name, `its output is ${m.output.rule}, not sign bits`);
  const entry = pkg.model[0];
  if (!entry) return notIris(m.name, 'its model files were not read');
  let meta: unknown;
  try {
    meta = (JSON.parse(new TextDecoder().decode(entry.bytes)) as { userDefinedMetadata?: Record<string, unknown> }).userDefinedMetadata?.[IRIS_METADATA_KEY];
  } catch {
    return notIris(m.name, 'its model file is not tfjs JSON');
  }
  const info = meta as Partial<IrisCodeInfo> | undefined;
  if (!info || !isBank(info.bank)) return notIris(m.name, `its model states no iris-code bank (model.json userDefinedMetadata.${IRIS_METADATA_KEY})`);
  if (!(typeof info.threshold === 'number' && info.threshold > 0 && info.threshold < 0.5) || !Number.isInteger(info.maxShift) || !Number.isInteger(info.minBits)) {
    return notIris(m.name, 'its matching rule (threshold, maxShift, minBits) is missing or out of range');
  }
  if (codeLength(info.bank) !== m.output.size) notIris(m.name, `its bank makes ${codeLength(info.bank)} bits but the model outputs ${m.output.size}`);
  return info as IrisCodeInfo;
}

/**
 * The iris code a bundle's public signals carry. Does not verify the proof: callers verify first
 * (the registry does). `mask` is the strip's occlusion mask (1 = masked), H × W of the package's bank.
 */
export function irisCodeFromBundle(pkg: IrisPackage, rawBundle: unknown, mask?: Uint8Array): IrisCode {
  const info = irisCodeInfo(pkg);
  const bundle: ProofBundle = parseBundle(rawBundle);
  const decoded = decodePublicSignals(pkg.manifest, bundle.publicSignals);
  const bits = Uint8Array.from(decoded.output.bits!);
  const valid = mask ? codeValidity(mask, info.bank) : new Uint8Array(bits.length).fill(1);
  return { bits, valid, bitsPerColumn: channelsPerColumn(info.bank) };
}
