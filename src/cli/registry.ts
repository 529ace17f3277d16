/**
 * `zkinfer registry add` (issue 14, docs/IRIS.md): enrol an iris-code proof bundle in a registry
 * file after checking it (src/core/registry). Exit 0 enrolled or upgraded, 1 refused (the reason
 * printed), 2 usage or input error. The registry file is written only on success.
 */
import { existsSync } from 'node:fs';
import type { Registry, SignedMask } from '../core/index.js';
import { emptyRegistry, irisCodeInfo, openPackage, parseRegistry, readMaskFile, registryAdd, uncheckedSentence } from '../core/index.js';
import { readBytes, readJson, readPackageDir, UsageError, writeText } from './files.js';
import { trustedSignerFingerprint } from './provenance-files.js';
import type { Terminal } from './terminal.js';

export interface RegistryArgs {
  sub: string;
  bundle?: string;
  pkg?: string;
  registry?: string;
  mask?: string;
  trustedSigners?: readonly string[];
}

export async function registryCommand(a: RegistryArgs, term: Terminal): Promise<number> {
  if (a.sub !== 'add') throw new UsageError(`registry needs add, not "${a.sub}"; see 'zkinfer registry --help'`);
  if (!a.bundle) throw new UsageError('registry add needs a bundle: zkinfer registry add <bundle.json> --package <pkg-dir> --registry <registry.json>');
  if (!a.pkg) throw new UsageError('registry add needs --package <pkg-dir> (the iris-code package the bundle proves)');
  if (!a.registry) throw new UsageError('registry add needs --registry <registry.json> (created when missing)');
  const trustedSigners = (a.trustedSigners ?? []).map(trustedSignerFingerprint);
  const pkg = await openPackage(readPackageDir(a.pkg), { needModel: true });
  let registry: Registry = emptyRegistry();
  if (existsSync(a.registry)) registry = parseRegistry(readJson(a.registry, 'registry file'));
  // Without --mask the registry refuses the bundle by name (mask-not-signed, exit 1), as the app does.
  let mask: SignedMask | undefined;
  if (a.mask) {
    const { bank } = irisCodeInfo(pkg);
    mask = readMaskFile(readJson(a.mask, 'mask file'), { height: bank.stripHeight, width: bank.stripWidth });
  }
  const verdict = await registryAdd(registry, { bundle: readBytes(a.bundle, 'bundle'), pkg, trustedSigners, ...(mask ? { mask } : {}) });
  if (verdict.status === 'refused') {
    if (term.json) process.stdout.write(JSON.stringify({ status: 'refused', reason: verdict.reason, message: verdict.message, ...(verdict.distance !== undefined ? { distance: verdict.distance, entry: verdict.entryId } : {}), ...(verdict.signer ? { signer: verdict.signer } : {}) }) + '\n');
    else term.say(`refused (${verdict.reason}): ${verdict.message}`);
    return 1;
  }
  writeText(a.registry, JSON.stringify(verdict.registry, null, 2) + '\n');
  const e = verdict.entry;
  if (term.json) {
    process.stdout.write(
      JSON.stringify({
        status: verdict.status,
        entry: e.id,
        package: e.packageName,
        signer: e.signer,
        capture: e.capture,
        entries: verdict.registry.entries.length,
        ...(verdict.status === 'upgraded' ? { from: verdict.previous.packageName } : {}),
        notCompared: verdict.notCompared,
        unchecked: verdict.unchecked,
      }) + '\n',
    );
    return 0;
  }
  if (verdict.status === 'upgraded') {
    term.say(`upgraded entry ${e.id}: its code is now package "${e.packageName}"'s, proved from the same signed capture as its "${verdict.previous.packageName}" enrolment (no new capture)`);
  } else {
    term.say(`enrolled as entry ${e.id} (package "${e.packageName}", capture device ${e.signer})`);
  }
  const unchecked = uncheckedSentence(verdict.unchecked);
  if (unchecked) term.say(`  WARNING: ${unchecked}`);
  term.say(`registry ${a.registry}: ${verdict.registry.entries.length} entr${verdict.registry.entries.length === 1 ? 'y' : 'ies'}`);
  return 0;
}
