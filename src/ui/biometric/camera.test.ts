import { describe, expect, it } from 'vitest';
import { cameraProblem, isCameraProblem } from './camera.js';

describe('camera problems', () => {
  it('names a denied, missing, busy and unavailable camera', () => {
    expect(cameraProblem(new DOMException('Permission denied', 'NotAllowedError')).code).toBe('camera-denied');
    expect(cameraProblem(new DOMException('Requested device not found', 'NotFoundError')).code).toBe('camera-missing');
    expect(cameraProblem(new DOMException('Could not start video source', 'NotReadableError')).code).toBe('camera-busy');
    expect(cameraProblem(undefined).code).toBe('camera-unavailable');
    expect(cameraProblem(new TypeError('x')).message).toMatch(/not available here \(TypeError\)/);
  });

  it('always says what to do instead', () => {
    for (const name of ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'Other']) {
      const p = cameraProblem(new DOMException('', name));
      expect(p.message).toMatch(/synthetic eye or upload a photo/);
      expect(isCameraProblem(p)).toBe(true);
    }
    expect(isCameraProblem(new Error('camera-denied'))).toBe(false);
  });
});
