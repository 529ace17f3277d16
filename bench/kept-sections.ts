/**
 * Sections of docs/BENCHMARKS.md that bench/report.ts does not generate (the on-chain gas table,
 * the input-binding costs): each starts with a marker line
 * `<!-- <id>: … keep this section when re-rendering … -->` and runs to the next marker or the end.
 * Re-rendering keeps them, in their order, after the generated report; a script that writes one
 * replaces its own section by id.
 */
const MARKER = /^<!-- ([a-z0-9-]+):.*keep this section when re-rendering.*-->$/;

export interface KeptSection {
  readonly id: string;
  /** From the marker line to the section's end, without trailing blank lines. */
  readonly text: string;
}

export function keptSections(doc: string): KeptSection[] {
  const lines = doc.split('\n');
  const out: KeptSection[] = [];
  let current: { id: string; lines: string[] } | undefined;
  const close = () => current && out.push({ id: current.id, text: current.lines.join('\n').replace(/\s+$/, '') });
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m) {
      close();
      current = { id: m[1]!, lines: [line] };
    } else current?.lines.push(line);
  }
  close();
  return out;
}

const join = (head: string, sections: readonly KeptSection[]) => [head.replace(/\s+$/, ''), ...sections.map((s) => s.text)].join('\n\n') + '\n';

/** The generated report followed by the previous document's kept sections. */
export function withKeptSections(generated: string, previous: string): string {
  return join(generated, keptSections(previous));
}

/** `doc` with the kept section `section` (starting with its marker) put in place of the one of the same id, or appended. */
export function putKeptSection(doc: string, section: string): string {
  const [mine] = keptSections(section);
  if (!mine) throw new Error('the section does not start with a kept-section marker');
  const sections = keptSections(doc);
  const firstMarker = doc.split('\n').findIndex((l) => MARKER.test(l));
  const head = firstMarker < 0 ? doc : doc.split('\n').slice(0, firstMarker).join('\n');
  const next = sections.some((s) => s.id === mine.id) ? sections.map((s) => (s.id === mine.id ? mine : s)) : [...sections, mine];
  return join(head, next);
}
