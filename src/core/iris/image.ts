/**
 * Greyscale images as plain data, so the iris pipeline runs the same in Node, the browser and a
 * worker: `data` is row-major, one value per pixel. Float images hold values in [0, 1]; 8-bit
 * images (as decoded from a PNG) are read as value / 255.
 */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array | Uint8Array;
}

export function createImage(width: number, height: number, fill = 0): GreyImage & { data: Float32Array } {
  const data = new Float32Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

/** The image as floats in [0, 1] (a copy for 8-bit input, the same array for float input). */
export function toFloatImage(image: GreyImage): GreyImage & { data: Float32Array } {
  if (image.data instanceof Float32Array) return image as GreyImage & { data: Float32Array };
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = image.data[i]! / 255;
  return { width: image.width, height: image.height, data };
}

/**
 * Bilinear sample at (x, y) in pixel coordinates (pixel centres at integers). Outside the image
 * it returns NaN, so callers can tell "off the picture" from a dark pixel.
 */
export function sampleBilinear(image: GreyImage & { data: Float32Array }, x: number, y: number): number {
  const { width, height, data } = image;
  if (!(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1)) return NaN;
  const x0 = Math.min(Math.floor(x), width - 2);
  const y0 = Math.min(Math.floor(y), height - 2);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
  const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx;
  return top + (bottom - top) * fy;
}

/** A normalised 1-D Gaussian kernel with radius ⌈3σ⌉. */
export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** Separable Gaussian blur with edge replication (σ ≤ 0 returns a copy). */
export function gaussianBlur(image: GreyImage, sigma: number): GreyImage & { data: Float32Array } {
  const src = toFloatImage(image);
  const { width, height } = src;
  if (sigma <= 0) return { width, height, data: new Float32Array(src.data) };
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r]! * src.data[y * width + Math.min(width - 1, Math.max(0, x + j))]!;
      tmp[y * width + x] = s;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r]! * tmp[Math.min(height - 1, Math.max(0, y + j)) * width + x]!;
      out[y * width + x] = s;
    }
  }
  return { width, height, data: out };
}
