/**
 * An uploaded picture of a digit, decoded in the page (nothing is sent anywhere) and turned into
 * MNIST ink: PNG or JPEG of any size; dark ink on light paper is inverted to white on black.
 */
import type { InkImage } from './preprocess.js';
import { greyFromRgba, toInk } from './preprocess.js';

export const ACCEPTED = 'image/png,image/jpeg,.png,.jpg,.jpeg';
const WHAT = 'Choose a PNG or JPEG picture of a digit (any size).';

/** Larger pictures are shrunk to this side before preprocessing (plenty for a 20 px digit). */
const MAX_SIDE = 560;

export class UploadError extends Error {
  override readonly name = 'UploadError';
}

/** Whether a file claims to be a PNG or JPEG, by its type or else its name. */
export function looksLikeImage(file: { readonly name: string; readonly type: string }): boolean {
  if (file.type) return file.type === 'image/png' || file.type === 'image/jpeg';
  return /\.(png|jpe?g)$/i.test(file.name);
}

export interface DecodedUpload {
  readonly ink: InkImage;
  readonly width: number;
  readonly height: number;
  readonly inverted: boolean;
}

export async function decodeUpload(file: File): Promise<DecodedUpload> {
  const { grey, width, height } = await decodeGrey(file, WHAT);
  const { image, inverted } = toInk(grey);
  return { ink: image, width, height, inverted };
}

/**
 * A PNG or JPEG decoded in the page to its greyscale brightness (white 1, black 0), shrunk to at
 * most MAX_SIDE a side; `what` ends each error with what to choose instead.
 */
export async function decodeGrey(file: File, what: string): Promise<{ grey: InkImage; width: number; height: number }> {
  if (!looksLikeImage(file)) {
    throw new UploadError(`"${file.name}" is not a PNG or JPEG image (it is ${file.type ? `of type ${file.type}` : 'of an unknown type'}). ${what}`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new UploadError(`"${file.name}" could not be decoded as an image: it is damaged or not really a PNG or JPEG. ${what}`);
  }
  const { width, height } = bitmap;
  if (width === 0 || height === 0) {
    bitmap.close();
    throw new UploadError(`"${file.name}" decodes to an empty image (${width}×${height} pixels). ${what}`);
  }
  const k = Math.min(1, MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * k));
  const h = Math.max(1, Math.round(height * k));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return { grey: greyFromRgba(ctx.getImageData(0, 0, w, h).data, w, h), width, height };
}
