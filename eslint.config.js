import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.scratch-*/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // One direction only: UI → workers → core, CLI → core, CLI → evm → core. Core imports nothing of theirs.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: './src/ui', message: 'src/core must not import the UI' },
            { target: './src/core', from: './src/cli', message: 'src/core must not import the CLI' },
            { target: './src/core', from: './workers', message: 'src/core must not import workers' },
            { target: './src/core', from: './scripts', message: 'src/core must not import scripts' },
            { target: './workers', from: './src/ui', message: 'workers must not import the UI' },
            { target: './src/cli', from: './src/ui', message: 'the CLI must not import the UI' },
            { target: './src/core', from: './src/evm', message: 'src/core must not import src/evm (an optional, heavy dependency)' },
            { target: './src/evm', from: ['./src/cli', './src/ui', './workers', './scripts'], message: 'src/evm depends on src/core only' },
          ],
        },
      ],
    },
  },
);
