/** Base64 text ↔ bytes (RFC 4648), without the DOM's atob/btoa, which src/core does not assume. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of base64 text, or undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of text.replace(/=+$/, '')) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    buf = ((buf << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < 4; k++) out += k < chars ? ALPHABET[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}
