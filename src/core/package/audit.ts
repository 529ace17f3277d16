/**
 * Auditing a package: everything a third party can check about it, and a plain statement of what
 * it cannot. Recompiles the model (r1cs hash), checks every file hash and the package id, that the
 * verification key is the one embedded in the proving key, and — for a ceremony key and a given
 * powers-of-tau file — snarkjs's full phase-2 verification. A development key cannot be checked
 * against anything: audit says so instead of calling it fine.
 */
import { ZkinferError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../hash.js';
import { writeR1cs } from '../formats/r1cs.js';
import { exportVerificationKey, verifyKeyAgainstPtau } from '../prover/snark.js';
import type { OpenedPackage, PackageFiles } from './open.js';
import { openPackage } from './open.js';
import { compilePackage } from './prove.js';

export type CheckStatus = 'ok' | 'failed' | 'not-checked';

export interface AuditCheck {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export interface AuditReport {
  readonly packageId?: string;
  readonly name?: string;
  readonly setup?: 'development' | 'ceremony';
  readonly checks: readonly AuditCheck[];
  /** Every check that could run held (not-checked ones are listed, not failures). */
  readonly ok: boolean;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function auditPackage(files: PackageFiles, o: { ptau?: Uint8Array } = {}): Promise<AuditReport> {
  const checks: AuditCheck[] = [];
  const add = (check: string, status: CheckStatus, detail: string) => void checks.push({ check, status, detail });
  let pkg: OpenedPackage;
  try {
    pkg = await openPackage(files, { needZkey: true, needModel: true });
    add('files', 'ok', `manifest valid; all ${pkg.manifest.files.model.length + 2 + (pkg.manifest.files.verifier ? 1 : 0) + (pkg.manifest.files.verifierBytecode ? 1 : 0)} files match their SHA-256; package id ${pkg.id}`);
  } catch (e) {
    add('files', 'failed', message(e));
    return { checks, ok: false };
  }
  const m = pkg.manifest;
  let r1cs: Uint8Array | undefined;
  try {
    const compiled = await compilePackage(pkg);
    r1cs = writeR1cs(compiled.r1cs);
    add('circuit', 'ok', `the model recompiles to the manifest's circuit (r1cs sha256 ${m.circuit.r1csSha256.slice(0, 12)}…, ${compiled.stats.constraints} constraints)`);
  } catch (e) {
    if (!(e instanceof ZkinferError)) throw e;
    add('circuit', 'failed', message(e));
  }
  try {
    const embedded = await exportVerificationKey(pkg.zkey!);
    const same = canonicalJson(embedded) === canonicalJson(pkg.vkey);
    add('verification key', same ? 'ok' : 'failed', same ? 'verification_key.json is the key embedded in circuit.zkey' : 'verification_key.json differs from the key embedded in circuit.zkey: proofs made with this package would not verify, or would verify against another key');
  } catch (e) {
    add('verification key', 'failed', `circuit.zkey cannot be read: ${message(e)}`);
  }
  if (m.setup.kind === 'development') {
    add('setup', 'not-checked', 'development key: made by one party from randomness nobody can check was dropped; there is nothing to check it against, so whoever made it could forge proofs');
  } else if (!o.ptau) {
    add('setup', 'not-checked', `ceremony key on a powers-of-tau file of power ${m.setup.ptau.power} (sha256 ${m.setup.ptau.sha256.slice(0, 12)}…): pass that file (--ptau) to check the key against it`);
  } else {
    const hash = await sha256Hex(o.ptau);
    if (hash !== m.setup.ptau.sha256) {
      add('setup', 'failed', `the powers-of-tau file given (sha256 ${hash.slice(0, 12)}…) is not the one the manifest names (${m.setup.ptau.sha256.slice(0, 12)}…)`);
    } else if (!r1cs) {
      add('setup', 'not-checked', 'the circuit could not be recompiled, so the key cannot be checked against the powers of tau');
    } else {
      const v = await verifyKeyAgainstPtau(r1cs, o.ptau, pkg.zkey!);
      add('setup', v.ok ? 'ok' : 'failed', v.ok ? 'the proving key is the phase-2 key of this circuit on the given powers of tau (snarkjs zkey verify)' : `the proving key is not a phase-2 key of this circuit on these powers of tau: ${v.errors.join('; ') || 'snarkjs rejected it'}`);
    }
  }
  return { packageId: pkg.id, name: m.name, setup: m.setup.kind, checks, ok: checks.every((c) => c.status !== 'failed') };
}
