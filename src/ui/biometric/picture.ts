/**
 * Eye pictures from an upload or a camera frame, decoded in this page into the 8-bit greyscale
 * the iris worker reads. Nothing is sent anywhere: the file or frame is drawn into a canvas here.
 */
import type { EyeImage } from '../../client/workers/iris.js';
import type { InkImage } from '../digit/preprocess.js';
import { greyFromRgba } from '../digit/preprocess.js';
import { decodeGrey } from '../digit/upload.js';

/** Camera frames are shrunk to this side: enough for an iris of 80+ px radius, and segmentation stays fast. */
const MAX_FRAME_SIDE = 640;

export const EYE_ACCEPTED = 'image/png,image/jpeg,.png,.jpg,.jpeg';
const WHAT = 'Choose a PNG or JPEG photo of an eye.';

function toEight(grey: InkImage): EyeImage {
  return { width: grey.width, height: grey.height, data: Uint8Array.from({ length: grey.width * grey.height }, (_, i) => Math.round(255 * grey.data[i]!)) };
}

/** An uploaded PNG or JPEG as an 8-bit grey picture (throws a named UploadError otherwise). */
export async function eyeFromFile(file: File): Promise<EyeImage> {
  return toEight((await decodeGrey(file, WHAT)).grey);
}

/** The current frame of a playing video, as an 8-bit grey picture. */
export function eyeFromVideo(video: HTMLVideoElement): EyeImage {
  const k = Math.min(1, MAX_FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const w = Math.max(1, Math.round(video.videoWidth * k));
  const h = Math.max(1, Math.round(video.videoHeight * k));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, w, h);
  return toEight(greyFromRgba(ctx.getImageData(0, 0, w, h).data, w, h));
}

/** RGBA bytes of an 8-bit grey picture, for a canvas. */
export function eyePixels(image: EyeImage): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(4 * image.data.length);
  for (let i = 0; i < image.data.length; i++) {
    const g = image.data[i]!;
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = g;
    out[4 * i + 3] = 255;
  }
  return out;
}
