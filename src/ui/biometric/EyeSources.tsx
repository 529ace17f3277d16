/**
 * Where the eye picture comes from: a synthetic eye (eye and capture numbers), an uploaded photo,
 * or the camera. Whatever is chosen is decoded in this page and handed to `onPicture`; nothing is
 * sent anywhere.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { DropZone } from '../components/DropZone.js';
import type { EyeImage } from '../../client/workers/iris.js';
import type { CameraProblem } from './camera.js';
import { isCameraProblem, openCamera } from './camera.js';
import { EYE_ACCEPTED, eyeFromFile, eyeFromVideo } from './picture.js';
import type { EyeSource } from './useEyeAnalysis.js';

interface Props {
  readonly onSynthetic: (eye: number, capture: number) => void;
  readonly onPicture: (image: EyeImage, source: EyeSource) => void;
  readonly disabled?: boolean;
}

/** Eye numbers the page offers: any whole number works; the docs' measurements used 0–119. */
const MAX_EYE = 9999;

export function EyeSources({ onSynthetic, onPicture, disabled }: Props) {
  const id = useId();
  const [eye, setEye] = useState('0');
  const [capture, setCapture] = useState('0');
  const [numberError, setNumberError] = useState<string>();
  const [uploadError, setUploadError] = useState<string>();
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [cameraError, setCameraError] = useState<CameraProblem>();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | undefined>(undefined);

  const stopCamera = () => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = undefined;
    setCamera('off');
  };
  // Leaving the page turns the camera off.
  useEffect(() => () => stream.current?.getTracks().forEach((t) => t.stop()), []);

  const generate = () => {
    const e = Number(eye);
    const c = Number(capture);
    const bad = [
      [eye, e, 'Eye'],
      [capture, c, 'Capture'],
    ].find(([text, n]) => String(text).trim() === '' || !Number.isInteger(n) || (n as number) < 0 || (n as number) > MAX_EYE);
    if (bad) return setNumberError(`${bad[2]} number "${bad[0]}" is not a whole number from 0 to ${MAX_EYE}.`);
    setNumberError(undefined);
    onSynthetic(e, c);
  };

  const upload = async (files: File[]) => {
    setUploadError(undefined);
    const file = files[0]!;
    try {
      onPicture(await eyeFromFile(file), { kind: 'upload', name: file.name });
    } catch (e) {
      setUploadError(`${(e as Error).message} The current picture is kept.`);
    }
  };

  const startCamera = async () => {
    setCameraError(undefined);
    setCamera('starting');
    try {
      const s = await openCamera();
      stream.current = s;
      setCamera('on');
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play().catch(() => {});
      }
    } catch (e) {
      setCamera('off');
      setCameraError(isCameraProblem(e) ? e : { code: 'camera-unavailable', message: (e as Error).message });
    }
  };

  const takePicture = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return setCameraError({ code: 'camera-busy', message: 'The camera has not shown a picture yet. Wait a moment and take it again.' });
    const image = eyeFromVideo(v);
    stopCamera();
    onPicture(image, { kind: 'camera' });
  };

  return (
    <div className="sources eye-sources">
      <div>
        <h3>Synthetic eye</h3>
        <div className="row">
          <div>
            <label htmlFor={`${id}-eye`}>Eye number</label>
            <input id={`${id}-eye`} type="text" inputMode="numeric" value={eye} onChange={(e) => setEye(e.target.value)} size={6} />
          </div>
          <div>
            <label htmlFor={`${id}-capture`}>Capture number</label>
            <input id={`${id}-capture`} type="text" inputMode="numeric" value={capture} onChange={(e) => setCapture(e.target.value)} size={6} />
          </div>
        </div>
        <button type="button" className="primary" onClick={generate} disabled={disabled}>
          Generate eye
        </button>
        <p className="hint">The same eye number is the same iris; another capture number is another picture of it (turned, dilated, lit and lidded differently).</p>
        {numberError && (
          <p className="field-error" role="alert">
            {numberError}
          </p>
        )}
      </div>
      <div>
        <h3>Photo</h3>
        <DropZone label="Upload an eye photo" accept={EYE_ACCEPTED} onFiles={(f) => void upload(f)} hint="PNG or JPEG, read in this page only. Near-infrared-like pictures (dark pupil, mid-grey iris) segment best; on others, place the circles by hand." />
        {uploadError && (
          <p className="field-error" role="alert" data-testid="upload-error">
            {uploadError}
          </p>
        )}
      </div>
      <div>
        <h3>Camera</h3>
        <video ref={video} className="camera" muted playsInline hidden={camera !== 'on'} aria-label="Camera preview (stays in this page)" />
        <div className="row">
          {camera !== 'on' ? (
            <button type="button" onClick={() => void startCamera()} disabled={disabled || camera === 'starting'}>
              {camera === 'starting' ? 'Starting the camera…' : 'Start camera'}
            </button>
          ) : (
            <>
              <button type="button" className="primary" onClick={takePicture}>
                Take picture
              </button>
              <button type="button" onClick={stopCamera}>
                Stop camera
              </button>
            </>
          )}
        </div>
        <p className="hint">Frames are drawn into this page only; the camera turns off once the picture is taken.</p>
        {cameraError && (
          <p className="field-error" role="alert" data-testid="camera-error" data-code={cameraError.code}>
            {cameraError.message}
          </p>
        )}
      </div>
    </div>
  );
}
