/**
 * The import boundaries must fail the build, not just be written down: a lint rule whose resolver
 * cannot find the imported file passes everything. Each case lints a planted file (never written
 * to disk) with the project's own eslint.config.js and expects the named rule to fire.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  const forbidden: [string, string, string][] = [
    ['core → UI', 'src/core/package/planted.ts', "import { PAGES } from '../../ui/router.js';\nexport const x = PAGES;\n"],
    ['core → CLI', 'src/core/planted.ts', "import { main } from '../cli/main.js';\nexport const x = main;\n"],
    ['core → workers', 'src/core/planted.ts', "import type { ProverApi } from '../../workers/prover.worker.js';\nexport type X = ProverApi;\n"],
    ['bench → UI', 'bench/planted.ts', "import { PAGES } from '../src/ui/router.js';\nexport const x = PAGES;\n"],
    ['scripts → test support', 'scripts/planted.ts', "import { rng } from '../src/core/test-support/random-graph.js';\nexport const x = rng;\n"],
  ];
  it.each(forbidden)('%s fails lint', async (_name, file, code) => {
    expect(await ruleIds(file, code)).toContain('import-x/no-restricted-paths');
  });

  it('an allowed import passes (the planted files are otherwise clean)', async () => {
    expect(await ruleIds('src/cli/planted.ts', "import { compileModel } from '../core/index.js';\nexport const x = compileModel;\n")).toEqual([]);
  });

  it('an import cycle inside core fails lint', async () => {
    // compile.ts imports model/fold.ts; a fold.ts that imports compile.ts closes a cycle.
    const code = "import { compileModel } from '../compile.js';\nexport const x = compileModel;\n";
    expect(await ruleIds('src/core/model/fold.ts', code)).toContain('import-x/no-cycle');
  });
});
