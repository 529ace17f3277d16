/** Gas accounting and ABI words of the local chain, by hand-computed figures. */
import { describe, expect, it } from 'vitest';
import { decodeBool, fromHex, selector, toHex, word } from './abi.js';
import { LocalChain, transactionGas } from './chain.js';

describe('transactionGas', () => {
  it('adds 21,000 and 4 per zero, 16 per non-zero call-data byte to the execution gas', () => {
    const data = new Uint8Array([0, 0, 0, 1, 2, 3, 0, 255]);
    expect(transactionGas(data, 100_000n)).toBe(21_000n + 4n * 4n + 16n * 4n + 100_000n);
  });

  it('charges the EIP-7623 floor (10 per token, a non-zero byte being 4) when execution is small', () => {
    const data = new Uint8Array(1000).fill(7);
    expect(transactionGas(data, 0n)).toBe(21_000n + 10n * 4000n);
    expect(transactionGas(data, 1_000_000n)).toBe(21_000n + 16_000n + 1_000_000n);
  });
});

describe('LocalChain', () => {
  it('deploys code and returns what it returns, with the execution gas of the call', async () => {
    // Runtime: PUSH1 1, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN  (returns the word 1)
    const runtime = fromHex('0x600160005260206000f3');
    // Creation: copy the runtime to memory and return it.
    const creation = fromHex('0x600a600c600039600a6000f3' + toHex(runtime).slice(2));
    const chain = await LocalChain.create();
    const d = await chain.deploy(creation);
    expect(d.codeSize).toBe(runtime.length);
    expect(await chain.codeAt(d.address)).toEqual(runtime);
    const r = await chain.call(d.address, new Uint8Array());
    expect(r.ok).toBe(true);
    expect(decodeBool(r.returnData)).toBe(true);
    // 3 + 3 + (3 + 3 for one word of memory) + 3 + 3 + 0 = 18 gas of opcodes.
    expect(r.gasUsed).toBe(18n);
  });
});

describe('ABI words', () => {
  it('encodes uint256 big-endian and refuses what does not fit', () => {
    expect(toHex(word(258n))).toBe('0x' + '0'.repeat(60) + '0102');
    expect(() => word(-1n)).toThrow(/does not fit/);
    expect(() => word(1n << 256n)).toThrow(/does not fit/);
    expect(() => decodeBool(word(2n))).toThrow(/not an ABI bool/);
  });

  it('computes the selectors of well-known signatures', () => {
    expect(toHex(selector('transfer(address,uint256)'))).toBe('0xa9059cbb');
    expect(toHex(selector('balanceOf(address)'))).toBe('0x70a08231');
  });
});
