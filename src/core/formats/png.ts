/**
 * PNG images in memory: a reader and a writer for 8-bit greyscale, grey + alpha, RGB and RGBA,
 * non-interlaced (what the iris CLI and the app read and write). Other PNGs get a named error
 * (`png-unsupported`: interlaced, palette, 1/2/4/16-bit), and damaged files `bad-png`.
 *
 * Layout: the 8-byte signature, then chunks (u32 big-endian length, 4-byte type, data, CRC-32 of
 * type + data). IHDR: width, height, bit depth, colour type (0 grey, 2 RGB, 3 palette, 4 grey +
 * alpha, 6 RGBA), compression 0, filter method 0, interlace 0/1. The IDAT chunks together are one
 * zlib stream (fflate) of scanlines, each a filter-type byte (0 None, 1 Sub, 2 Up, 3 Average,
 * 4 Paeth) and the filtered bytes. The writer uses filter Up on every row but the first (None):
 * simple, and it compresses smooth pictures well.
 */
import { unzlibSync, zlibSync } from 'fflate';
import { fail } from '../errors.js';

export type PngChannels = 1 | 2 | 3 | 4;

export interface PngImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: PngChannels;
  /** Row-major, `channels` bytes per pixel. */
  readonly data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const COLOUR_CHANNELS: Record<number, PngChannels> = { 0: 1, 4: 2, 2: 3, 6: 4 };
const CHANNEL_COLOUR: Record<PngChannels, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
/** Pictures larger than this many pixels are refused before inflating (a few hundred MB decoded). */
const MAX_PIXELS = 64 * 1024 * 1024;

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array, from: number, to: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const bad = (why: string): never => fail('format', 'bad-png', `not a readable PNG: ${why}`);
const unsupported = (what: string): never => fail('format', 'png-unsupported', `this PNG is ${what}; zkinfer reads 8-bit greyscale, grey + alpha, RGB and RGBA PNGs without interlacing (re-save it as such)`);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function readPng(bytes: Uint8Array): PngImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) bad('it does not start with the PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (at < bytes.length && !ended) {
    if (at + 12 > bytes.length) bad('a chunk is cut short');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 8 + length;
    if (end + 4 > bytes.length) bad(`chunk ${type} is cut short`);
    if (crc32(bytes, at + 4, end) !== view.getUint32(end)) bad(`chunk ${type} fails its CRC check (the file is damaged)`);
    const data = bytes.subarray(at + 8, end);
    if (type === 'IHDR') {
      if (length !== 13) bad('its header chunk has the wrong size');
      header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: data[8]!, colour: data[9]!, interlace: data[12]! };
      if (data[10] !== 0 || data[11] !== 0) bad('it uses an unknown compression or filter method');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
    } else if (!header) {
      bad('the first chunk is not IHDR');
    }
    at = end + 4;
  }
  if (!header) return bad('it has no header chunk');
  const { width, height, depth, colour, interlace } = header;
  if (width < 1 || height < 1) bad(`it is ${width}×${height} pixels`);
  if (width * height > MAX_PIXELS) bad(`it is ${width}×${height} pixels, more than ${MAX_PIXELS / 1024 / 1024} Mpixels`);
  if (colour === 3) unsupported('a palette image');
  const channels = COLOUR_CHANNELS[colour];
  if (!channels) return bad(`colour type ${colour} does not exist`);
  if (depth !== 8) unsupported(`${depth}-bit`);
  if (interlace !== 0) unsupported('interlaced');
  if (idat.length === 0) bad('it has no image data');
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((o, d) => (joined.set(d, o), o + d.length), 0);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(joined);
  } catch (e) {
    return bad(`its image data does not inflate (${(e as Error).message})`);
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) bad(`its image data holds ${raw.length} bytes, ${height * (stride + 1)} expected`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= channels ? out[row + i - channels]! : 0;
      const b = y > 0 ? out[row - stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[row - stride + i - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: v = x + paeth(a, b, c); break;
        default: return bad(`row ${y} has filter type ${filter}, which does not exist`);
      }
      out[row + i] = v & 0xff;
    }
  }
  return { width, height, channels, data: out };
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

export function writePng(image: PngImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`a PNG needs a positive integer size, got ${width}×${height}`);
  if (!(channels in CHANNEL_COLOUR)) throw new RangeError(`a PNG has 1 to 4 channels, got ${channels}`);
  const stride = width * channels;
  if (data.length !== height * stride) throw new RangeError(`${width}×${height}×${channels} needs ${height * stride} bytes, got ${data.length}`);
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const dst = y * (stride + 1);
    raw[dst] = y === 0 ? 0 : 2;
    for (let i = 0; i < stride; i++) raw[dst + 1 + i] = (data[y * stride + i]! - (y > 0 ? data[(y - 1) * stride + i]! : 0)) & 0xff;
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = CHANNEL_COLOUR[channels];
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

/**
 * Brightness of each pixel as one byte: grey as is, colour by Rec. 601 luma (0.299 R + 0.587 G +
 * 0.114 B, rounded); alpha is ignored (an eye photo has none worth compositing).
 */
export function pngToGrey(image: PngImage): { width: number; height: number; data: Uint8Array } {
  const { width, height, channels, data } = image;
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const i = p * channels;
    out[p] = channels <= 2 ? data[i]! : Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
  }
  return { width, height, data: out };
}
