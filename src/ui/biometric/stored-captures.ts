/**
 * The signed captures kept on this device (issue 14: the upgrade without a new capture, across
 * visits): each under `iris:capture:<capture signal>` in the app's IndexedDB store
 * (client/store.ts), holding the signed strip codes (4 bits per pixel; 8 in records stored before
 * the strip went to 4 bits), the signed mask and the device's signatures (prove-iris.ts
 * `SignedCapture`) — never the picture. Nothing here is sent anywhere;
 * deleting removes the record.
 */
import { delKey, getJson, keysWithPrefix, setJson } from '../../client/store.js';
import { LEGACY_STRIP_BITS } from '../../core/iris-code/strip-format.js';
import type { SignedCapture } from './prove-iris.js';

const PREFIX = 'iris:capture:';

/** A stored record as a capture; a record without `bits` was stored before the strip went to 4 bits and holds 8-bit codes. */
function asCapture(x: unknown): SignedCapture | undefined {
  const c = x as Partial<SignedCapture> | null;
  const ok = typeof c === 'object' && c !== null && typeof c.capture === 'string' && typeof c.what === 'string' && c.codes instanceof Uint8Array && typeof c.maskFile === 'object' && Array.isArray(c.publicKey);
  if (!ok) return undefined;
  if (c.bits === undefined) return { ...(c as SignedCapture), bits: LEGACY_STRIP_BITS };
  return Number.isInteger(c.bits) ? (c as SignedCapture) : undefined;
}

/** Every stored capture, oldest first; records this version cannot read are left alone and counted. */
export async function listCaptures(): Promise<{ captures: SignedCapture[]; unreadable: number }> {
  const captures: SignedCapture[] = [];
  let unreadable = 0;
  for (const key of await keysWithPrefix(PREFIX)) {
    const c = asCapture(await getJson<unknown>(key));
    if (c) captures.push(c);
    else unreadable++;
  }
  captures.sort((a, b) => a.signedAt.localeCompare(b.signedAt));
  return { captures, unreadable };
}

export const saveCapture = (c: SignedCapture) => setJson(PREFIX + c.capture, c);
export const deleteCapture = (capture: string) => delKey(PREFIX + capture);
