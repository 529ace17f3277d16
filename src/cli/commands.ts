/** The zkinfer command table: one row per command with its help, its options and what it runs. */
import { ZKINFER_VERSION } from '../core/index.js';
import { auditCommand } from './audit.js';
import { CALLDATA_HELP, calldataCommand } from './calldata.js';
import { evmVerifyCommand } from './evm-verify.js';
import { inspect } from './inspect.js';
import { openCommand } from './open.js';
import { irisCommand } from './iris.js';
import { registryCommand } from './registry.js';
import { sourceCommand } from './source.js';
import { prove } from './prove.js';
import { publish } from './publish.js';
import type { Terminal } from './terminal.js';
import { verifyCommand } from './verify.js';

export const OPTIONS = {
  out: { type: 'string' },
  'input-range': { type: 'string' },
  'input-spec': { type: 'string' },
  'input-bits': { type: 'string' },
  'input-kind': { type: 'string' },
  output: { type: 'string' },
  'output-node': { type: 'string' },
  labels: { type: 'string' },
  ptau: { type: 'string' },
  entropy: { type: 'string' },
  scale: { type: 'string' },
  'weight-bits': { type: 'string' },
  name: { type: 'string' },
  'package-version': { type: 'string' },
  samples: { type: 'string' },
  'target-agreement': { type: 'string' },
  calibrate: { type: 'string' },
  margin: { type: 'string' },
  'no-solidity': { type: 'boolean' },
  force: { type: 'boolean' },
  'no-verifier-bytecode': { type: 'boolean' },
  input: { type: 'string' },
  clamp: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  package: { type: 'string' },
  challenge: { type: 'string' },
  'require-ceremony': { type: 'boolean' },
  'input-binding': { type: 'string' },
  metadata: { type: 'string' },
  'capture-signal': { type: 'boolean' },
  eye: { type: 'string' },
  capture: { type: 'string' },
  mask: { type: 'string' },
  registry: { type: 'string' },
  opening: { type: 'string' },
  'trusted-signer': { type: 'string', multiple: true },
  key: { type: 'string' },
  meta: { type: 'string', multiple: true },
  evm: { type: 'boolean' },
  hex: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type Values = {
  [K in OptionName]?: (typeof OPTIONS)[K] extends { readonly multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export interface Command {
  /** Lines for the command list. */
  readonly summary: string;
  /** What the positional argument is, for "needs a …" messages. */
  readonly target: string;
  readonly options: readonly OptionName[];
  readonly help: string;
  /** Positional arguments after the target it takes (a subcommand's file: `iris strip <png>`); default 0. */
  readonly extraPositionals?: number;
  run(target: string, v: Values, term: Terminal, extra?: readonly string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  publish: {
    summary: 'publish <model> --out <dir>         compile a model into a model package (circuit + keys)',
    target: 'model file',
    options: ['out', 'input-range', 'input-spec', 'input-bits', 'input-kind', 'output', 'output-node', 'labels', 'ptau', 'entropy', 'scale', 'weight-bits', 'name', 'package-version', 'samples', 'target-agreement', 'no-solidity', 'no-verifier-bytecode', 'input-binding', 'metadata', 'capture-signal', 'calibrate', 'margin', 'force'],
    help: `usage: zkinfer publish <model> --out <dir> (--input-range <lo>:<hi> | --input-spec <file>) [options]

  <model>                a tfjs Layers model.json (its weight files beside it), an ONNX .onnx
                         file, a Keras 3 .keras archive or a Keras .h5 file (model.save); the
                         format is read from the content, not the name

  --out <dir>            where to write the package
  --input-range <lo>:<hi>  one range for every input element
  --input-spec <file>    JSON: {"features": [{"name", "min", "max", "unit"?}, …], "bits"?} or just the list
                         (default: input-spec.json next to the model file)
  --input-bits <n>       resolution of each input on its range (default 12)
  --input-kind <k>       tabular | digit | image | iris-strip: the input widget and preprocessing the
                         app offers (default: the spec's "kind", else guessed from the shape)
  --output <rule>        argmax | logits | sign (default: from the final activation)
  --output-node <name>   which output to prove, for a model with several (the error lists them)
  --labels <a,b,…>       class labels (default: labels.json next to the model file)
  --ptau <file>          a prepared powers-of-tau file (phase 1) for a real setup;
                         without it the package gets a DEVELOPMENT KEY (not for trust)
  --entropy <text>       entropy for your phase-2 contribution (with --ptau)
  --scale <bits>         fractional bits kept after each ReLU (default 10)
  --weight-bits <bits>   significant bits of each layer's largest weight (default 12)
                         (defaults for both: publish.json next to the model file, if present)
  --name <name>          package name (default: the model's folder name)
  --package-version <v>  your version of the package (e.g. 1.0.0), shown to provers and verifiers
  --samples <file>       JSON list of inputs for the float-vs-circuit agreement report
  --target-agreement <f> with --samples: pick the cheapest bits whose top-1 agreement is ≥ f (e.g. 0.995)
  --no-solidity          skip verifier.sol (and so verifier.evm.json)
  --no-verifier-bytecode skip verifier.evm.json, verifier.sol compiled with solc-js (~3 s), which
                         lets browsers run the contract (Verify's on-chain check); without it only
                         Node can, by compiling verifier.sol (zkinfer verify --evm)
  --input-binding <b>    none (default) | commitment | signature: what each proof binds its private
                         input to: a public commitment Poseidon(codes, salt) the prover can open, or
                         a data source's signature checked in the circuit (docs/PROVENANCE.md)
  --metadata <n>         with signature: metadata values the source signs with the input (default 0)
  --capture-signal       with signature: each proof also publishes Poseidon(tag, signed message), the
                         same for every proof of one signed input, so a registry can link a code
                         re-derived by a later model to the earlier one (docs/PROVENANCE.md)
  --calibrate <file>     calibrated ranges (docs/CALIBRATION.md): {"inputs": [<input>, …]}, each a nested
                         array like a prove input; every decomposition is sized to the values these
                         inputs produce and ENFORCES that range: inputs driving a value outside it
                         cannot be proved (provability on --samples goes in the manifest)
  --margin <x>           with --calibrate: widen each range by x × its channel's observed span on
                         both sides (default 0.25)
  --force                publish a model whose estimated circuit will not fit a browser proof
                         (refused by default, with the estimate: see zkinfer inspect)`,
    run: (target, v, term) =>
      publish(
        { model: target, out: v.out, inputRange: v['input-range'], inputSpec: v['input-spec'], inputBits: v['input-bits'], inputKind: v['input-kind'], output: v.output, outputNode: v['output-node'], labels: v.labels, ptau: v.ptau, entropy: v.entropy, scale: v.scale, weightBits: v['weight-bits'], name: v.name, packageVersion: v['package-version'], samples: v.samples, targetAgreement: v['target-agreement'], solidity: !v['no-solidity'], verifierBytecode: !v['no-verifier-bytecode'], inputBinding: v['input-binding'], metadata: v.metadata, captureSignal: v['capture-signal'], calibrate: v.calibrate, margin: v.margin, force: v.force },
        term,
      ),
  },
  prove: {
    summary: 'prove <pkg-dir> --input <json> --out <bundle.json> [--challenge <text>]\n                                      run the model on private input and prove the output',
    target: 'package directory',
    options: ['input', 'out', 'clamp', 'challenge', 'opening', 'no-cache'],
    help: `usage: zkinfer prove <pkg-dir> --input <input.json | signed.json> --out <bundle.json> [--challenge <text>]

  --input <file>      {"input": <nested array in the model's input shape, without batch dimension>},
                      or a signed input (zkinfer source sign) for a package with signature binding:
                      refused before proving if its signature or values do not check
  --opening <file>    commitment binding: where the opening (input codes and salt) goes, mode 0600
                      (default: the bundle's name with .opening.json); keep it, it is not in the bundle
  --out <file>        where to write the proof bundle
  --challenge <text>  the verifier's challenge: the proof binds it, so the bundle cannot be
                      replayed to a verifier who asked for another one
  --clamp             clamp features outside their declared range instead of refusing
  --no-cache          compile the circuit even when this user's cache holds it, and do not write it
                      there (~/.cache/zkinfer/circuits, or $XDG_CACHE_HOME/zkinfer/circuits, or
                      $ZKINFER_CACHE_DIR; never the package folder: an entry shipped with a package
                      is not trusted). The cache skips the compile on later proofs; it holds no input`,
    run: (target, v, term) => prove({ pkg: target, input: v.input, out: v.out, clamp: v.clamp, challenge: v.challenge, opening: v.opening, cache: !v['no-cache'] }, term),
  },
  verify: {
    summary: 'verify <bundle.json> --package <pkg-dir> [--challenge <text>]\n                                      check a proof bundle (exit 0 valid, 1 invalid, 2 error)',
    target: 'bundle file',
    options: ['package', 'challenge', 'require-ceremony', 'evm', 'trusted-signer'],
    help: `usage: zkinfer verify <bundle.json> --package <pkg-dir> [--challenge <text>] [--require-ceremony]
                      [--trusted-signer <fingerprint | key file>]…

  --package <dir>       the model package; the bundle must name its package id
  --challenge <text>    the challenge you gave the prover: the proof must answer exactly it
  --require-ceremony    invalid unless the package's key comes from a ceremony
  --trusted-signer <s>  signature-bound packages: a data source you trust, as its key fingerprint or a
                        file holding its public key (repeat for several); a proof whose input another
                        key signed is invalid, and so is any signed proof when none is given
  --evm                 also run the package's verifier contract (verifier.sol) in a local
                        in-process EVM and print its verdict and gas
Exit status: 0 valid, 1 invalid (the reason is printed), 2 usage or input error.
A development-key package verifies with a warning: whoever made its key could forge proofs.`,
    run: (target, v, term) => (v.evm ? evmVerifyCommand : verifyCommand)({ bundle: target, pkg: v.package, challenge: v.challenge, requireCeremony: v['require-ceremony'], trustedSigners: v['trusted-signer'] }, term),
  },
  open: {
    summary: 'open <bundle.json> --package <pkg-dir> --opening <file>\n                                      check that an opening opens a bundle\'s input commitment',
    target: 'bundle file',
    options: ['package', 'opening'],
    help: `usage: zkinfer open <bundle.json> --package <pkg-dir> --opening <file>

  Verifies the bundle, then checks that the opening (written by prove for a package with commitment
  binding) holds the input codes and salt whose Poseidon hash is the bundle's commitment: the proof
  was about exactly this input.
Exit status: 0 matches, 1 does not match or the bundle is invalid, 2 usage or input error.`,
    run: (target, v, term) => openCommand({ bundle: target, pkg: v.package, opening: v.opening }, term),
  },
  source: {
    summary: 'source keygen|sign …                a data source\'s key and signed inputs (signature binding)',
    target: 'subcommand (keygen or sign)',
    options: ['out', 'key', 'package', 'input', 'meta', 'mask'],
    help: `usage: zkinfer source keygen --out <key.json>
       zkinfer source sign --key <key.json> --package <pkg-dir> --input <input.json> [--meta name=value]…
                           [--mask <input.json.mask.json>] --out <signed.json>

  keygen   makes a Baby Jubjub key (written mode 0600, never overwritten) and prints its public
           key and fingerprint, which verifiers pass to --trusted-signer
  sign     encodes the values exactly as the package's input spec quantizes them (out-of-range
           values are refused, the feature named) and signs Poseidon(header, codes, metadata)
           with EdDSA-Poseidon; the signed file (mode 0600) is what prove --input takes
  --meta name=value  a metadata value signed with the input (as many as the package declares, in
           order): an integer below the field modulus as is, any other text by its SHA-256
  --mask <file>      iris-code packages: the strip's occlusion mask (from zkinfer iris strip), signed
           with the same key for this capture (its capture signal) and written to <out>.mask.json,
           the mask zkinfer registry add --mask accepts (docs/IRIS.md)`,
    run: (target, v, term) => sourceCommand({ sub: target, out: v.out, key: v.key, pkg: v.package, input: v.input, meta: v.meta, mask: v.mask }, term),
  },
  iris: {
    summary: 'iris synth|strip|demo-key …         synthetic eyes; a photo of an eye → an iris-code package\'s input',
    target: 'subcommand (synth, strip or demo-key)',
    options: ['eye', 'capture', 'out', 'package'],
    extraPositionals: 1,
    help: `usage: zkinfer iris synth --eye <n> --capture <k> --out <eye.png>
       zkinfer iris strip <eye.png> --package <pkg-dir> --out <input.json>
       zkinfer iris demo-key --out <key.json>

  synth     draws synthetic eye n, capture k (deterministic; docs/IRIS.md) as a greyscale PNG
  strip     finds the pupil and iris in a PNG photo (8-bit grey, RGB or RGBA), unwraps the iris to
            the package's strip size and writes the model's input ({"input": …}, for zkinfer source
            sign and prove) and the occlusion mask beside it (<out>.mask.json; not proved: the
            capture device signs it with zkinfer source sign --mask, and the signed mask goes with
            the bundle to zkinfer registry add --mask). No eye found: exit 2, code no-eye/no-iris
  demo-key  writes the demo capture device's key (a public DEVELOPMENT key: its private key is in
            zkinfer's source; never trust it for real enrolments) for zkinfer source sign`,
    run: (target, v, term, extra) => irisCommand({ sub: target, image: extra?.[0], eye: v.eye, capture: v.capture, pkg: v.package, out: v.out }, term),
  },
  registry: {
    summary: 'registry add <bundle.json> --package <pkg-dir> --registry <file> [--trusted-signer <key>]…\n                                      enrol an iris-code proof (exit 0 enrolled, 1 refused, 2 error)',
    target: 'subcommand (add)',
    options: ['package', 'registry', 'trusted-signer', 'mask'],
    extraPositionals: 1,
    help: `usage: zkinfer registry add <bundle.json> --package <pkg-dir> --registry <registry.json>
                             [--trusted-signer <fingerprint | key file>]… --mask <signed.json.mask.json>

  Enrols the iris code a bundle proves, if the bundle verifies against the iris-code package, its
  capture was signed by a trusted capture device, and no enrolled code of the same package is within
  the package's match threshold ("already enrolled", with the distance). A bundle of another
  package whose capture signal equals an enrolled entry's (the same signed capture, re-proved with
  an upgraded model) replaces that entry's code: an upgrade without a new capture.
  --registry <file>  the registry (JSON; created when missing, written only when the bundle is enrolled)
  --mask <file>      the strip's occlusion mask as the capture device signed it for this capture
                     (zkinfer source sign --mask); a bundle without it, or with a mask the device
                     did not sign, is refused (mask-not-signed). Entries that could not be compared
                     (under another package version, or too occluded) are listed in a warning
Exit status: 0 enrolled or upgraded, 1 refused (reason printed), 2 usage or input error.`,
    run: (target, v, term, extra) => registryCommand({ sub: target, bundle: extra?.[0], pkg: v.package, registry: v.registry, mask: v.mask, trustedSigners: v['trusted-signer'] }, term),
  },
  calldata: {
    summary: 'calldata <bundle.json>              the verifier contract\'s verifyProof arguments',
    target: 'bundle file',
    options: ['hex'],
    help: CALLDATA_HELP,
    run: (target, v, term) => calldataCommand({ bundle: target, hex: v.hex }, term),
  },
  audit: {
    summary: 'audit <pkg-dir> [--ptau <file>]     check a package: recompile, hashes, keys, ceremony',
    target: 'package directory',
    options: ['ptau'],
    help: `usage: zkinfer audit <pkg-dir> [--ptau <file>]

  Recompiles the model and checks the circuit hash, every file hash, the package id and that the
  verification key is the proving key's; with --ptau, that a ceremony key is the phase-2 key of
  this circuit on that powers-of-tau file. It says what it could not check: a development key
  cannot be checked against anything.
  --ptau <file>   the powers-of-tau file the manifest names
Exit status: 0 every check that could run holds, 1 a check failed, 2 usage or input error.`,
    run: (target, v, term) => auditCommand({ pkg: target, ptau: v.ptau }, term),
  },
  inspect: {
    summary: 'inspect <model | pkg-dir>           per-layer circuit cost',
    target: 'model',
    options: ['input-range', 'input-spec', 'input-bits', 'output', 'output-node', 'scale', 'weight-bits', 'calibrate', 'margin', 'samples', 'force'],
    help: `usage: zkinfer inspect <model | pkg-dir> [--input-range <lo>:<hi> | --input-spec <file>]

  Per layer: activations, parameters, constraints, wires and bit widths.
  --input-range, --input-spec, --input-bits, --output, --output-node, --scale, --weight-bits as for publish
  (for a model file: model.json, .onnx, .keras or .h5; a package uses its manifest)
  --calibrate <file> [--margin <x>]  as for publish: the calibrated circuit's costs
  --samples <file>   held-out inputs: top-1 agreement, and provability (the share whose witness
                     satisfies the circuit; below 100% only in calibrated mode)
  --force            compile a model whose estimated circuit will not fit a browser proof (by
                     default inspect prints the estimate — constraints, key size, memory, time —
                     without compiling, which can take minutes and gigabytes)`,
    run: (target, v, term) => inspect({ target, inputRange: v['input-range'], inputSpec: v['input-spec'], inputBits: v['input-bits'], output: v.output, outputNode: v['output-node'], scale: v.scale, weightBits: v['weight-bits'], calibrate: v.calibrate, margin: v.margin, samples: v.samples, force: v.force }, term),
  },
};

const COMMON = `
  --json       print one JSON object on stdout
  --verbose    show stack traces on errors
  -h, --help   this help`;

export const OVERVIEW = `zkinfer ${ZKINFER_VERSION} — prove ML inference in zero knowledge

usage: zkinfer <command> [options]

commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.summary}`)
  .join('\n')}

Run 'zkinfer <command> --help' for its options.`;

export function helpFor(command: string): string {
  const c = COMMANDS[command];
  return c ? c.help + COMMON : OVERVIEW;
}
