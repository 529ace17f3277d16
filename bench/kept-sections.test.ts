import { describe, expect, it } from 'vitest';
import { keptSections, putKeptSection, withKeptSections } from './kept-sections.js';

const gas = '<!-- on-chain-gas: written by hand; keep this section when re-rendering. -->\n## On-chain verification gas\n\n| a |\n';
const binding = '<!-- input-binding: written by bench/bindings.ts; keep this section when re-rendering. -->\n## Input binding\n\nv1\n';

describe('kept sections of BENCHMARKS.md', () => {
  it('re-rendering keeps the hand-written sections after the generated report', () => {
    const previous = `# Benchmarks\n\nold figures\n\n${gas}\n${binding}`;
    const doc = withKeptSections('# Benchmarks\n\nnew figures\n', previous);
    expect(doc).toContain('new figures');
    expect(doc).not.toContain('old figures');
    expect(doc).toContain('## On-chain verification gas\n\n| a |');
    expect(keptSections(doc).map((s) => s.id)).toEqual(['on-chain-gas', 'input-binding']);
  });

  it('a script replaces its own section by id, or appends it', () => {
    const base = `# Benchmarks\n\nfigures\n\n${gas}`;
    const once = putKeptSection(base, binding);
    expect(keptSections(once).map((s) => s.id)).toEqual(['on-chain-gas', 'input-binding']);
    const twice = putKeptSection(once, binding.replace('v1', 'v2'));
    expect(twice).toContain('v2');
    expect(twice).not.toContain('v1');
    expect(twice.startsWith('# Benchmarks\n\nfigures\n')).toBe(true);
    expect(keptSections(twice)).toHaveLength(2);
  });
});
