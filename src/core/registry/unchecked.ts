/**
 * The entries an enrolment could not compare its code with (registry.ts), and the sentence the CLI
 * and the app print about them. Apart from registry.ts so that the app's page (which does not carry
 * snarkjs) can say it.
 */

/** An enrolled entry the new code could not be compared with, and why. */
export interface UncheckedEntry {
  readonly entryId: number;
  readonly packageName: string;
  /** `other-package`: its code is of another filter bank; `too-occluded`: too few bits usable in both. */
  readonly why: 'other-package' | 'too-occluded';
}

/**
 * One line on what an enrolment could not check, or undefined when it compared every entry: for
 * the CLI and the app. Entries under another package are a migration's blind spot (docs/IRIS.md).
 */
export function uncheckedSentence(unchecked: readonly UncheckedEntry[]): string | undefined {
  if (unchecked.length === 0) return undefined;
  const byPackage = new Map<string, number[]>();
  const occluded: number[] = [];
  for (const u of unchecked) {
    if (u.why === 'too-occluded') occluded.push(u.entryId);
    else byPackage.set(u.packageName, [...(byPackage.get(u.packageName) ?? []), u.entryId]);
  }
  const list = (ids: number[]) => `entr${ids.length === 1 ? 'y' : 'ies'} ${ids.join(', ')}`;
  const parts = [...byPackage].map(([name, ids]) => `${list(ids)} under "${name}" (another filter bank: codes cannot be compared until they are upgraded)`);
  if (occluded.length) parts.push(`${list(occluded)} (too few bits usable in both codes)`);
  return `not compared with ${parts.join('; ')}: a duplicate among them is not detected now`;
}
