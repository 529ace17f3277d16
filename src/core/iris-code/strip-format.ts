/**
 * The signed capture format of iris strips (issue 14, docs/IRIS.md "Strip codes: 4 bits"): bits per
 * input code. Every iris-code version reads the same signed capture (an upgrade re-proves the same
 * signed strip with another package), so this is one constant, not per model. Kept apart from
 * model.ts so the app's page bundle can read it without loading tfjs.
 */

/** Bits per pixel code of a signed strip: 16 grey levels over [0, 1]. */
export const IRIS_STRIP_BITS = 4;

/**
 * Bits per code of the captures signed before the strip went to 4 bits (8-bit codes). The device's
 * signature covers the codes and their width, so such a capture cannot be re-quantised: it can
 * only be captured again.
 */
export const LEGACY_STRIP_BITS = 8;

/** Why a capture signed with `captureBits`-bit codes cannot be proved by a package (or by any iris package, unnamed) reading `packageBits`. */
export function stripBitsMismatch(captureBits: number, packageBits: number, packageName?: string): string {
  const old = captureBits === LEGACY_STRIP_BITS && packageBits === IRIS_STRIP_BITS ? ' by an earlier version (before iris strips went to 4 bits per pixel)' : '';
  return `this capture was signed as ${captureBits}-bit codes${old}; ${packageName ? `package "${packageName}" reads` : 'the iris-code packages read'} ${packageBits}-bit strips, and the device's signature covers the codes as signed, so they cannot be converted — capture the eye again (the stored capture is kept until you delete it)`;
}
