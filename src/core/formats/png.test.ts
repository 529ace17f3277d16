import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZkinferError } from '../errors.js';
import type { PngChannels } from './png.js';
import { pngToGrey, readPng, writePng } from './png.js';

function pattern(width: number, height: number, channels: PngChannels, seed = 1): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: width * height * channels }, (_, i) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (i % 7 === 0 ? s >>> 24 : (i * 13) & 0xff) & 0xff;
  });
}

/** A PNG with chosen IHDR fields and rows filtered with `filter` (encoded here, independently of the writer). */
function handMade(width: number, height: number, data: Uint8Array, channels: number, filter: number, header: Partial<{ depth: number; colour: number; interlace: number }> = {}): Uint8Array {
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const x = data[y * stride + i]!;
      const a = i >= channels ? data[y * stride + i - channels]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? data[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const pred = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][filter]!;
      raw[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
    }
  }
  const base = writePng({ width, height, channels: 1, data: new Uint8Array(width * height) });
  // Re-use the writer's framing, with this IHDR and IDAT.
  const chunks: Uint8Array[] = [];
  const crcOf = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) {
      c ^= x;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, body.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(body, 8);
    v.setUint32(8 + body.length, crcOf(out.subarray(4, 8 + body.length)));
    chunks.push(out);
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = header.depth ?? 8;
  ihdr[9] = header.colour ?? ({ 1: 0, 2: 4, 3: 2, 4: 6 } as Record<number, number>)[channels]!;
  ihdr[12] = header.interlace ?? 0;
  chunk('IHDR', ihdr);
  const z = zlibSync(raw);
  chunk('IDAT', z.subarray(0, 10)); // split over two IDAT chunks
  chunk('IDAT', z.subarray(10));
  chunk('IEND', new Uint8Array(0));
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set(base.subarray(0, 8));
  chunks.reduce((o, c) => (out.set(c, o), o + c.length), 8);
  return out;
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ZkinferError ? e.code : `not a ZkinferError: ${String(e)}`;
  }
  return 'no error';
};

describe('PNG', () => {
  for (const channels of [1, 2, 3, 4] as const) {
    it(`round-trips ${channels}-channel 8-bit pictures`, () => {
      const image = { width: 37, height: 11, channels, data: pattern(37, 11, channels, channels) };
      const back = readPng(writePng(image));
      expect(back).toEqual(image);
    });
  }

  it('reads every filter type (None, Sub, Up, Average, Paeth), split over several IDAT chunks', () => {
    const data = pattern(9, 6, 3, 7);
    for (let filter = 0; filter <= 4; filter++) expect(readPng(handMade(9, 6, data, 3, filter)).data).toEqual(data);
  });

  it('gives brightness by Rec. 601 luma for colour and the value itself for grey', () => {
    expect(pngToGrey({ width: 2, height: 1, channels: 3, data: Uint8Array.from([255, 0, 0, 10, 20, 30]) }).data).toEqual(Uint8Array.from([76, 18]));
    expect(pngToGrey({ width: 2, height: 1, channels: 2, data: Uint8Array.from([7, 255, 9, 0]) }).data).toEqual(Uint8Array.from([7, 9]));
  });

  it('names what it does not read: palette, 16-bit, interlaced; and damage', () => {
    const data = pattern(4, 4, 1);
    expect(code(() => readPng(handMade(4, 4, data, 1, 0, { colour: 3 })))).toBe('png-unsupported');
    expect(code(() => readPng(handMade(4, 4, data, 1, 0, { depth: 16 })))).toBe('png-unsupported');
    expect(code(() => readPng(handMade(4, 4, data, 1, 0, { interlace: 1 })))).toBe('png-unsupported');
    const good = writePng({ width: 4, height: 4, channels: 1, data });
    expect(code(() => readPng(good.subarray(1)))).toBe('bad-png');
    const damaged = Uint8Array.from(good);
    damaged[40] = damaged[40]! ^ 0xff;
    expect(code(() => readPng(damaged))).toBe('bad-png');
    expect(code(() => readPng(good.subarray(0, 30)))).toBe('bad-png');
    expect(code(() => readPng(new TextEncoder().encode('{"not": "a png"}')))).toBe('bad-png');
  });
});
