/**
 * Biometric (issue 14): an iris code derived on this device from a picture of an eye. The picture
 * comes from the synthetic eye generator, an upload or the camera; the iris worker finds the pupil
 * and iris circles (corrected with handles), unwraps the strip, masks it and computes the code.
 * The picture and the strip never leave the page.
 */
import { useState } from 'react';
import { Alert } from '../components/Alert.js';
import { irisWorker } from '../../client/workers/iris.js';
import type { EyeImage } from '../../client/workers/iris.js';
import { isAbortError } from '../../client/workers/bridge.js';
import { CircleFields } from '../biometric/CircleFields.js';
import { CodeView } from '../biometric/CodeView.js';
import { EyeSources } from '../biometric/EyeSources.js';
import { EyeView } from '../biometric/EyeView.js';
import { MeasureDistances } from '../biometric/MeasureDistances.js';
import { StoredCaptures } from '../biometric/StoredCaptures.js';
import { IrisProve, REGISTRY_THRESHOLD } from '../biometric/IrisProve.js';
import { defaultCircles } from '../biometric/circles.js';
import type { EyeSource, Picture } from '../biometric/useEyeAnalysis.js';
import { useEyeAnalysis } from '../biometric/useEyeAnalysis.js';

function describe(source: EyeSource): string {
  if (source.kind === 'synthetic') return `synthetic eye ${source.eye}, capture ${source.capture}`;
  if (source.kind === 'upload') return `"${source.name}"`;
  return 'the camera picture';
}

function truthNote(p: Picture, circles: { pupil: { x: number; y: number; r: number }; iris: { x: number; y: number; r: number } }): string | undefined {
  if (!p.truth) return undefined;
  const off = Math.max(...(['pupil', 'iris'] as const).flatMap((w) => [Math.abs(circles[w].x - p.truth![w].x), Math.abs(circles[w].y - p.truth![w].y), Math.abs(circles[w].r - p.truth![w].r)]));
  return `The generator drew these circles; the ones shown are within ${off.toFixed(1)} px of them.`;
}

export function BiometricPage() {
  const eye = useEyeAnalysis();
  const [synthFailure, setSynthFailure] = useState<string>();
  const [stored, setStored] = useState(0);

  const synthetic = async (n: number, capture: number) => {
    setSynthFailure(undefined);
    eye.setBusy(`Drawing synthetic eye ${n}, capture ${capture}…`);
    try {
      const { image, truth } = await irisWorker().synth(n, capture);
      await eye.load({ image, truth, source: { kind: 'synthetic', eye: n, capture } });
    } catch (e) {
      if (!isAbortError(e)) setSynthFailure((e as Error).message);
      eye.setBusy(undefined);
    }
  };

  const picture = (image: EyeImage, source: EyeSource) => void eye.load({ image, source });

  const { picture: current, circles, analysis, refused } = eye;
  return (
    <>
      <h1>Biometric: an iris code that stays yours</h1>
      <p className="promise">
        The code of an eye, computed on this device from a picture of it. Only the code and a proof that the published model computed it ever need to leave.
      </p>
      <section className="card leaves" aria-labelledby="bio-leaves-h" data-testid="what-leaves">
        <h2 id="bio-leaves-h">What leaves this device</h2>
        <div className="learns">
          <div>
            <h3>Leaves, when you register</h3>
            <ul>
              <li>the iris code (2,048 bits) and which bits are usable;</li>
              <li>the proof that the published iris-code model computed it from a signed capture;</li>
              <li>the capture device key&apos;s fingerprint (which device signed the capture);</li>
              <li>the occlusion mask (which strip pixels are eyelid, lash or reflection) with the device&apos;s signature over it.</li>
            </ul>
          </div>
          <div>
            <h3>Never leaves</h3>
            <ul>
              <li>the eye picture (generated, uploaded or from the camera);</li>
              <li>the unwrapped strip, and the signed captures kept on this device for model upgrades.</li>
            </ul>
            <p className="hint">Nothing on this page is sent anywhere: the picture is decoded, segmented and coded in this browser.</p>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="bio-source-h">
        <h2 id="bio-source-h">1. The eye picture</h2>
        <EyeSources onSynthetic={(n, c) => void synthetic(n, c)} onPicture={picture} />
        {synthFailure && <Alert title="No synthetic eye:">{synthFailure}</Alert>}
        {eye.failure && <Alert title="The iris worker failed:">{eye.failure}</Alert>}
        {refused && (
          <div className="alert" role="alert" data-testid="no-eye" data-code={refused.code}>
            <strong>{refused.code === 'no-eye' ? 'No eye found' : 'No iris found'} in {describe(refused.picture.source)}:</strong> {refused.message}{' '}
            {current ? `The current picture (${describe(current.source)}) and its code are kept.` : ''}
            <div className="row">
              <button type="button" onClick={() => eye.markByHand(defaultCircles(refused.picture.image))}>
                Mark the circles by hand on this picture
              </button>
            </div>
          </div>
        )}
        <p role="status" className="hint" data-testid="iris-status">
          {eye.busy ?? (current ? `Showing ${describe(current.source)}${current.found ? '' : ' (circles placed by hand)'}.` : 'Generate an eye, upload a photo or take a picture.')}
        </p>
      </section>

      {current && circles && (
        <section className="card" aria-labelledby="bio-circles-h">
          <h2 id="bio-circles-h">2. Pupil and iris</h2>
          <p className="hint">
            {current.found ? 'Found automatically.' : 'Place the circles on the pupil and iris edges.'} Drag a handle (centre or edge), or focus one with Tab and use the arrow keys (Shift: 5
            px), or type the numbers. The strip and code follow.
          </p>
          <div className="eye-layout">
            <EyeView image={current.image} circles={circles} onChange={eye.setCircles} label={`Eye picture: ${describe(current.source)}, ${current.image.width}×${current.image.height}, with the pupil and iris circles`} />
            <div>
              <CircleFields circles={circles} size={current.image} onChange={eye.setCircles} />
              {truthNote(current, circles) && <p className="hint">{truthNote(current, circles)}</p>}
            </div>
          </div>
          {eye.circleProblem && (
            <p className="field-error" role="alert" data-testid="circle-problem">
              {eye.circleProblem.message} {analysis ? 'The strip and code below are from the last circles that worked.' : ''}
            </p>
          )}
        </section>
      )}

      {analysis && (
        <section className="card" aria-labelledby="bio-code-h">
          <h2 id="bio-code-h">3. Strip, mask and code</h2>
          <CodeView analysis={analysis} />
        </section>
      )}

      {analysis && current && (
        <section className="card" aria-labelledby="bio-prove-h">
          <h2 id="bio-prove-h">4. Prove and register</h2>
          <IrisProve analysis={analysis} what={describe(current.source)} onStored={() => setStored((n) => n + 1)} />
        </section>
      )}

      <section className="card" aria-labelledby="bio-stored-h">
        <h2 id="bio-stored-h">Your signed captures</h2>
        <StoredCaptures version={stored} />
      </section>

      <section className="card" aria-labelledby="bio-hist-h">
        <h2 id="bio-hist-h">How far apart codes fall</h2>
        <MeasureDistances threshold={REGISTRY_THRESHOLD} />
      </section>
    </>
  );
}
