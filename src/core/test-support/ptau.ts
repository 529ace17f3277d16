/** A throwaway single-contribution powers-of-tau file, built with snarkjs's own ceremony code (tests only). */
import * as snarkjs from 'snarkjs';

interface MemFile {
  type: 'mem';
  data?: Uint8Array;
}
type Logger = Record<'debug' | 'info' | 'warn' | 'error', (m: string) => void>;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
// @types/snarkjs lacks `curves` and types these file arguments as paths.
const curves = (snarkjs as unknown as { curves: { getCurveFromName(name: string): Promise<unknown> } }).curves;
const ptauApi = snarkjs.powersOfTau as unknown as {
  newAccumulator(curve: unknown, power: number, out: MemFile, logger?: Logger): Promise<unknown>;
  contribute(old: MemFile, out: MemFile, name: string, entropy: string, logger?: Logger): Promise<unknown>;
  preparePhase2(old: MemFile, out: MemFile, logger?: Logger): Promise<unknown>;
};

export async function makePtau(power: number, prepare: boolean): Promise<Uint8Array> {
  const curve = await curves.getCurveFromName('bn128');
  const fresh: MemFile = { type: 'mem' };
  await ptauApi.newAccumulator(curve, power, fresh, quiet);
  const contributed: MemFile = { type: 'mem' };
  await ptauApi.contribute(fresh, contributed, 'test', 'test entropy', quiet);
  if (!prepare) return contributed.data!;
  const prepared: MemFile = { type: 'mem' };
  await ptauApi.preparePhase2(contributed, prepared, quiet);
  return prepared.data!;
}
