/** Integer widths: how many bits a decomposition or an interval needs. */

export function bitLength(x: bigint): number {
  if (x < 0n) throw new RangeError('bitLength of a negative number');
  return x === 0n ? 0 : x.toString(2).length;
}
