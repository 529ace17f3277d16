import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { packageFolderName, readPackageZip, writePackageZip } from './zip.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + ((i * i) >> 3)) % 256);

describe('package zip', () => {
  const files = new Map<string, Uint8Array>([
    ['manifest.json', new TextEncoder().encode('{"format": "zkinfer-package"}\n')],
    ['model.json', new TextEncoder().encode('{"modelTopology": {}}'.repeat(50))],
    ['weights/group1-shard1of1.bin', bytes(1000, 1)],
    ['circuit.zkey', bytes(5000, 2)],
    ['verification_key.json', new TextEncoder().encode('{}')],
  ]);

  it('holds every file under one folder named after the package, and reads back byte for byte', () => {
    const zip = writePackageZip('My model v2', files);
    expect(Object.keys(unzipSync(zip)).sort()).toEqual([...files.keys()].map((p) => `My-model-v2/${p}`).sort());
    const back = readPackageZip(zip);
    expect([...back.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [p, b] of files) expect(back.get(p)).toEqual(b);
  });

  it('is the same bytes for the same package', () => {
    expect(writePackageZip('m', files)).toEqual(writePackageZip('m', files));
  });

  it('stores the proving key uncompressed', () => {
    const zkey = bytes(50_000, 3).fill(0, 0, 40_000);
    const withKey = writePackageZip('m', new Map([['circuit.zkey', zkey]]));
    const withJson = writePackageZip('m', new Map([['zeros.json', zkey]]));
    expect(withKey.length).toBeGreaterThan(zkey.length);
    expect(withJson.length).toBeLessThan(zkey.length / 2);
  });

  it('keeps files at the root of a zip made by hand', () => {
    // As someone zipping the folder's contents (not the folder) makes it.
    const back = readPackageZip(zipSync({ 'manifest.json': Uint8Array.of(1), 'weights/a.bin': Uint8Array.of(2) }));
    expect([...back.keys()].sort()).toEqual(['manifest.json', 'weights/a.bin']);
  });

  it('names a file that is not a zip', () => {
    expect(() => readPackageZip(new TextEncoder().encode('not a zip'))).toThrow(ZkinferError);
  });

  it('makes safe folder names', () => {
    expect(packageFolderName('../evil/name')).toBe('evil-name');
    expect(packageFolderName('...')).toBe('package');
  });
});
