/**
 * The signed captures kept on this device (issue 14: the upgrade without a new capture, across
 * visits): each under `iris:capture:<capture signal>` in the app's IndexedDB store
 * (client/store.ts), holding the signed 8-bit strip codes, the signed mask and the device's
 * signatures (prove-iris.ts `SignedCapture`) — never the picture. Nothing here is sent anywhere;
 * deleting removes the record.
 */
import { delKey, getJson, keysWithPrefix, setJson } from '../../client/store.js';
import type { SignedCapture } from './prove-iris.js';

const PREFIX = 'iris:capture:';

function isCapture(x: unknown): x is SignedCapture {
  const c = x as Partial<SignedCapture> | null;
  return typeof c === 'object' && c !== null && typeof c.capture === 'string' && typeof c.what === 'string' && c.codes instanceof Uint8Array && typeof c.maskFile === 'object' && Array.isArray(c.publicKey);
}

/** Every stored capture, oldest first; records this version cannot read are left alone and counted. */
export async function listCaptures(): Promise<{ captures: SignedCapture[]; unreadable: number }> {
  const captures: SignedCapture[] = [];
  let unreadable = 0;
  for (const key of await keysWithPrefix(PREFIX)) {
    const c = await getJson<unknown>(key);
    if (isCapture(c)) captures.push(c);
    else unreadable++;
  }
  captures.sort((a, b) => a.signedAt.localeCompare(b.signedAt));
  return { captures, unreadable };
}

export const saveCapture = (c: SignedCapture) => setJson(PREFIX + c.capture, c);
export const deleteCapture = (capture: string) => delKey(PREFIX + capture);
