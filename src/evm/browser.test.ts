/**
 * src/evm (index.ts and everything it imports, dependencies included) bundles for the browser
 * with no Node built-in and without solc: what the app would load.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('src/evm in a browser bundle', () => {
  it('bundles for platform "browser" without Node built-ins or the Solidity compiler', async () => {
    const entry = new URL('./index.ts', import.meta.url).pathname;
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('@ethereumjs/evm'))).toBe(true);
    expect(inputs.some((p) => p.includes('@noble/curves'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/solc\/|src\/evm\/solc\.ts|^node:/.test(p))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\("(fs|path|crypto|module|worker_threads)"\)/);
  });
});
