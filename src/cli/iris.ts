/**
 * `zkinfer iris synth|strip|demo-key` (issue 14, docs/IRIS.md): a synthetic eye as a PNG; a photo
 * of an eye turned into an iris-code package's input (segmentation, rubber-sheet strip at the
 * package's size, occlusion mask) plus the mask side file; the demo capture device's key file
 * (a public DEVELOPMENT key) for `zkinfer source sign`.
 */
import { existsSync } from 'node:fs';
import {
  DEMO_DEVICE_NAME,
  derivePublicKey,
  demoDevicePrivateKey,
  formatFingerprint,
  irisCodeInfo,
  irisModelInput,
  makeMaskFile,
  nestInput,
  occlusionMask,
  openPackage,
  pngToGrey,
  readPng,
  segmentIris,
  synthEye,
  unwrapIris,
  writePng,
} from '../core/index.js';
import { readBytes, readPackageDir, UsageError, writeBinary, writeText } from './files.js';
import type { KeyFile } from './provenance-files.js';
import { KEY_FORMAT, writePrivate } from './provenance-files.js';
import type { Terminal } from './terminal.js';

export interface IrisArgs {
  sub: string;
  image?: string;
  eye?: string;
  capture?: string;
  pkg?: string;
  out?: string;
}

function count(text: string | undefined, what: string): number {
  if (text === undefined) throw new UsageError(`iris synth needs --${what} <n>`);
  const n = Number(text);
  if (!/^[0-9]{1,9}$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`--${what} must be a whole number ≥ 0, not "${text}"`);
  return n;
}

export async function irisCommand(a: IrisArgs, term: Terminal): Promise<number> {
  if (a.sub === 'synth') return synth(a, term);
  if (a.sub === 'strip') return strip(a, term);
  if (a.sub === 'demo-key') return demoKey(a, term);
  throw new UsageError(`iris needs synth, strip or demo-key, not "${a.sub}"; see 'zkinfer iris --help'`);
}

function synth(a: IrisArgs, term: Terminal): number {
  if (a.image) throw new UsageError('iris synth takes no image: it draws one (--eye, --capture, --out)');
  const eye = count(a.eye, 'eye');
  const capture = count(a.capture, 'capture');
  if (!a.out) throw new UsageError('iris synth needs --out <eye.png>');
  const { image, truth } = synthEye(eye, capture);
  const data = Uint8Array.from(image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  writeBinary(a.out, writePng({ width: image.width, height: image.height, channels: 1, data }));
  if (term.json) {
    process.stdout.write(JSON.stringify({ image: a.out, eye, capture, width: image.width, height: image.height, pupil: truth.pupil, iris: truth.iris }) + '\n');
    return 0;
  }
  term.say(`synthetic eye ${eye}, capture ${capture}: ${image.width}×${image.height} greyscale PNG written to ${a.out}`);
  return 0;
}

async function strip(a: IrisArgs, term: Terminal): Promise<number> {
  if (!a.image) throw new UsageError('iris strip needs a PNG photo of an eye: zkinfer iris strip <eye.png> --package <pkg-dir> --out <input.json>');
  if (!a.pkg) throw new UsageError('iris strip needs --package <pkg-dir> (an iris-code package: its strip size)');
  if (!a.out) throw new UsageError('iris strip needs --out <input.json>');
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: true });
  const { bank } = irisCodeInfo(pkg);
  const image = pngToGrey(readPng(readBytes(a.image, 'eye photo')));
  // Named errors no-eye / no-iris when the photo holds no eye this segmentation finds.
  const seg = segmentIris(image);
  const size = { height: bank.stripHeight, width: bank.stripWidth };
  const unwrapped = unwrapIris(image, seg, size);
  const mask = occlusionMask(image, seg, unwrapped);
  const values = irisModelInput(unwrapped, mask, bank);
  // Values on the package's input grid (IRIS_STRIP_BITS bits: 16 levels), so the file shows what is signed and proved.
  const levels = 2 ** pkg.manifest.input.bits - 1;
  writeText(a.out, JSON.stringify({ input: nestInput(values.map((v) => Math.round(v * levels) / levels), pkg.manifest.input.shape) }) + '\n');
  const maskPath = `${a.out}.mask.json`;
  writeText(maskPath, JSON.stringify(makeMaskFile(mask, size.height, size.width)) + '\n');
  const masked = mask.reduce((n, m) => n + m, 0) / mask.length;
  if (term.json) {
    process.stdout.write(JSON.stringify({ input: a.out, mask: maskPath, pupil: seg.pupil, iris: seg.iris, strip: size, masked }) + '\n');
    return 0;
  }
  const c = (x: { x: number; y: number; r: number }) => `(${x.x.toFixed(1)}, ${x.y.toFixed(1)}) r ${x.r.toFixed(1)}`;
  term.say(`pupil ${c(seg.pupil)}, iris ${c(seg.iris)}`);
  term.say(`strip ${size.height}×${size.width} written to ${a.out} (the model's input, for zkinfer source sign / prove)`);
  term.say(`occlusion mask written to ${maskPath}: ${(100 * masked).toFixed(1)}% of the strip masked (eyelids, lashes, reflections); not proved — the capture device signs it (zkinfer source sign --mask) and it travels beside the bundle`);
  return 0;
}

function demoKey(a: IrisArgs, term: Terminal): number {
  if (!a.out) throw new UsageError('iris demo-key needs --out <key.json>');
  if (existsSync(a.out)) throw new UsageError(`${a.out} exists: refusing to overwrite it`);
  const privateKey = demoDevicePrivateKey();
  const A = derivePublicKey(privateKey);
  const file: KeyFile = { format: KEY_FORMAT, version: 1, privateKey: [...privateKey].map((b) => b.toString(16).padStart(2, '0')).join(''), publicKey: [A[0].toString(), A[1].toString()], fingerprint: formatFingerprint(A) };
  writePrivate(a.out, JSON.stringify(file, null, 2) + '\n', false);
  if (term.json) {
    process.stdout.write(JSON.stringify({ key: a.out, name: DEMO_DEVICE_NAME, fingerprint: file.fingerprint, development: true }) + '\n');
    return 0;
  }
  term.say(`${DEMO_DEVICE_NAME}`);
  term.say(`key written to ${a.out}; fingerprint ${file.fingerprint}`);
  term.say('WARNING: this private key is published in zkinfer\'s source; a registry that trusts it accepts any strip. For demos only.');
  return 0;
}
