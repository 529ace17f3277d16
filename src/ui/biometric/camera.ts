/**
 * The camera as an eye source: frames are drawn into a canvas in this page and never sent anywhere.
 * A camera that is denied, missing, busy or unavailable (no secure context) is named, so the
 * page can say what to do instead of failing silently.
 */

export type CameraProblemCode = 'camera-denied' | 'camera-missing' | 'camera-busy' | 'camera-unavailable';

export interface CameraProblem {
  readonly code: CameraProblemCode;
  readonly message: string;
}

const INSTEAD = 'Pick a synthetic eye or upload a photo instead.';

/** What went wrong with getUserMedia, in one sentence. */
export function cameraProblem(e: unknown): CameraProblem {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { code: 'camera-denied', message: `The camera was not allowed (the browser or you refused access). Allow the camera for this site in the browser's settings and try again, or: ${INSTEAD}` };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: 'camera-missing', message: `No camera was found on this device. ${INSTEAD}` };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'camera-busy', message: `The camera could not be started (another app may be using it). Close it and try again, or: ${INSTEAD}` };
    default:
      return { code: 'camera-unavailable', message: `The camera is not available here${name ? ` (${name})` : ''}: this browser offers no camera to this page (it needs a secure https or localhost address). ${INSTEAD}` };
  }
}

/** Asks for a camera stream, turning every refusal into a named CameraProblem (thrown). */
export async function openCamera(): Promise<MediaStream> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) throw cameraProblem(undefined);
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (e) {
    throw cameraProblem(e);
  }
}

export function isCameraProblem(e: unknown): e is CameraProblem {
  return typeof e === 'object' && e !== null && typeof (e as CameraProblem).code === 'string' && (e as CameraProblem).code.startsWith('camera-');
}
