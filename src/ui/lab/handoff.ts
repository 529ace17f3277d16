/**
 * A signed data file handed from the Lab page to the Prove page in memory ("Prove with it"), so
 * the visitor need not download and reopen it. Taken once, by the package it was signed for.
 */
export interface PendingSigned {
  readonly packageId: string;
  readonly fileName: string;
  readonly text: string;
}

let pending: PendingSigned | undefined;

export function handOver(p: PendingSigned): void {
  pending = p;
}

export function takeHandedOver(packageId: string): PendingSigned | undefined {
  if (pending?.packageId !== packageId) return undefined;
  const p = pending;
  pending = undefined;
  return p;
}
