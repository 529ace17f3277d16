/**
 * An unrecognised model file is answered in one sentence: what it looks like, then the formats
 * that are supported; nothing from the file is printed but a short, cleaned format name.
 */
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import { detectSource } from './source.js';

function answer(bytes: Uint8Array | string): string {
  try {
    detectSource(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, 'model.bin');
  } catch (e) {
    expect(e).toBeInstanceOf(ZkinferError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('an unrecognised model file', () => {
  const cases: [string, Uint8Array | string][] = [
    ['an HDF5 file with no Keras "model_config" (a weights-only file from save_weights? save the whole model with model.save)', Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0)],
    ['a zip archive with no config.json (not a Keras 3 .keras file)', Uint8Array.of(0x50, 0x4b, 3, 4, 20, 0, 0, 0)],
    ['JSON without modelTopology', '{"labels": ["cat", "dog"]}'],
    ['JSON without modelTopology (format "graph-model")', '{"format": "graph-model"}'],
    ['a model.json without a weightsManifest list', '{"modelTopology": {"node": []}}'],
    ['a model.json whose modelTopology is neither a Keras model nor a TensorFlow graph (format "layers-model")', '{"format": "layers-model", "modelTopology": {"x": 1}, "weightsManifest": []}'],
    ['JSON that is not an object', '[1, 2, 3]'],
    ['a file that starts like JSON but is not valid JSON', '{"modelTopology": '],
    ['a text file', 'name,value\nx,1\n'],
    ['a binary file of an unknown format', Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 3) % 256)],
    ['an empty file', new Uint8Array(0)],
    ['a PNG image', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['a JPEG image', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46)],
    ['a PDF document', '%PDF-1.7\n%âãÏÓ\n'],
    ['a gzip archive (unpack it first)', Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3)],
  ];
  for (const [what, bytes] of cases) {
    it(`names ${what}`, () => {
      const msg = answer(bytes);
      expect(msg.startsWith(`model.bin is ${what}; supported: a tfjs Layers model`)).toBe(true);
      expect(msg).toMatch(/; a tfjs Graph model .*; an ONNX model/);
      expect(msg).not.toMatch(/[\x00-\x08\x0e-\x1f\x7f-\x9f]/);
    });
  }

  it('prints a format name from the file only cleaned and cut short', () => {
    const msg = answer(JSON.stringify({ format: '\u0007x'.repeat(60) }));
    expect(msg).toMatch(/format "(\?x){20}…"/);
    expect(msg).not.toMatch(/[\x00-\x08\x0e-\x1f\x7f-\x9f]/);
  });
});
