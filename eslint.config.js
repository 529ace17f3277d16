import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Import boundaries. The TypeScript resolver maps the `.js` specifiers we write to their `.ts`
 * files; without it every zone below is inert (the node resolver finds no file, and
 * no-restricted-paths ignores what it cannot resolve). `src/lint-boundaries.test.ts` plants
 * forbidden imports and expects this config to reject them, so the rules cannot go inert again.
 */
const outsideCore = ['./src/ui', './src/cli', './src/client', './src/evm', './workers', './scripts', './bench', './e2e'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.scratch-*/**', 'public/packages/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // Dependencies are parsed as TypeScript too, or no-cycle never sees past the first file.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['tsconfig.json', 'tsconfig.core.json', 'tsconfig.workers.json', 'tsconfig.ui.json', 'tsconfig.cli.json'], alwaysTryTypes: true })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // One direction only: UI → client → workers → core, CLI → core, CLI → evm → core, bench → core (+ client, evm).
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...outsideCore.map((from) => ({ target: './src/core', from, message: `src/core imports nothing outside src/core (${from.slice(2)})` })),
            { target: './workers', from: './src/ui', message: 'workers must not import the UI' },
            { target: './workers', from: './src/cli', message: 'workers must not import the CLI' },
            { target: './src/cli', from: './src/ui', message: 'the CLI must not import the UI' },
            { target: './src/cli', from: './workers', message: 'the CLI must not import browser workers' },
            { target: './bench', from: './src/ui', message: 'bench imports core, src/client and its own files only, not the UI' },
            { target: './bench', from: './src/cli', message: 'bench imports core, src/client and its own files only, not the CLI' },
            { target: './src/client', from: './src/ui', message: 'src/client (worker clients shared by the app and bench) must not import the UI' },
            // Production scripts must not depend on test support.
            { target: './scripts', from: './src/core/test-support', message: 'scripts must not import test support' },
            { target: './src/core', from: './src/core/test-support', except: [], message: 'only tests may import src/core/test-support' },
            { target: './src/evm', from: ['./src/cli', './src/ui', './workers', './scripts'], message: 'src/evm depends on src/core only' },
          ],
        },
      ],
    },
  },
  {
    // Core: no import cycles (a cycle hides a stage that runs back up the recipe).
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/test-support/**'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Tests may use test support.
    files: ['**/*.test.ts', 'src/core/test-support/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: outsideCore.map((from) => ({ target: './src/core', from, message: `src/core imports nothing outside src/core (${from.slice(2)})` })) },
      ],
    },
  },
);
