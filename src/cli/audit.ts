import { auditPackage } from '../core/index.js';
import { readBytes, readPackageDir } from './files.js';
import type { Terminal } from './terminal.js';

export interface AuditArgs {
  pkg: string;
  ptau?: string;
}

const MARK = { ok: '✓', failed: '✗', 'not-checked': '–' } as const;

/** Exit 0 when every check that could run holds, 1 otherwise. */
export async function auditCommand(a: AuditArgs, term: Terminal): Promise<number> {
  const files = readPackageDir(a.pkg);
  const ptau = a.ptau ? readBytes(a.ptau, 'powers-of-tau file') : undefined;
  term.progress({ stage: 'compile', message: 'recompiling the model and checking the package' });
  const report = await auditPackage(files, { ptau });
  term.done();
  if (term.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    term.say(`${report.name ? `package "${report.name}"` : a.pkg}${report.packageId ? ` (id ${report.packageId})` : ''}`);
    for (const c of report.checks) term.say(`  ${MARK[c.status]} ${c.check}: ${c.detail}`);
    term.say(report.ok ? 'every check that could run holds' : 'the package FAILS the audit');
  }
  return report.ok ? 0 : 1;
}
