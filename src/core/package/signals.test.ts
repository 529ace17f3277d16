import { describe, expect, it } from 'vitest';
import { packCodes } from '../circuit/pack.js';
import { ZkinferError } from '../errors.js';
import { bitsToHex, decodeOutputSignals, describeOutput, hexToBits, outputSignalNames, standardLayout } from './signals.js';

describe('sign outputs', () => {
  it('keep one signal per bit up to 253 bits (every earlier package keeps its layout)', () => {
    expect(outputSignalNames({ rule: 'sign', size: 3 })).toEqual(['bit[0]', 'bit[1]', 'bit[2]']);
    expect(outputSignalNames({ rule: 'sign', size: 253 })).toHaveLength(253);
  });

  it('pack larger outputs 253 bits per signal and decode them back to bits', () => {
    expect(outputSignalNames({ rule: 'sign', size: 2048 })).toEqual(['bits[0:253]', 'bits[253:506]', 'bits[506:759]', 'bits[759:1012]', 'bits[1012:1265]', 'bits[1265:1518]', 'bits[1518:1771]', 'bits[1771:2024]', 'bits[2024:2048]']);
    expect(standardLayout({ rule: 'sign', size: 2048 }, { kind: 'signature', metadata: 0 }).map((s) => s.signals.length)).toEqual([9, 1, 1]);
    const bits = Array.from({ length: 2048 }, (_, i) => ((i * 7919) % 5 < 2 ? 1 : 0));
    const out = decodeOutputSignals({ rule: 'sign', size: 2048, scale: 0 }, packCodes(bits.map(BigInt), 1));
    expect(out.bits).toEqual(bits);
    expect(out.hex).toBe(bitsToHex(bits));
    expect(hexToBits(out.hex!, 2048)).toEqual(bits);
    expect(describeOutput(out)).toBe(`2048-bit code ${bitsToHex(bits)}`);
  });

  it('refuses packed signals that are no packing of the output size', () => {
    const signals = new Array<bigint>(9).fill(0n);
    signals[8] = 1n << 24n; // the last element holds 24 bits
    expect(() => decodeOutputSignals({ rule: 'sign', size: 2048, scale: 0 }, signals)).toThrow(ZkinferError);
  });

  it('writes bits as hex in reading order and reads them back', () => {
    expect(bitsToHex([1, 0, 0, 0, 0, 0, 0, 1])).toBe('81');
    expect(bitsToHex([1, 1])).toBe('c');
    const bits = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    expect(hexToBits(bitsToHex(bits), 30)).toEqual(bits);
    expect(() => hexToBits('zz', 8)).toThrow(/hex digits/);
  });
});
