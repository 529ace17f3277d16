/**
 * zkinfer command line: a thin command table over src/core. Exit codes: 0 success (or a valid
 * proof), 1 an invalid proof or an internal failure, 2 a usage or input error.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { releaseCurve, ZkinferError, ZKINFER_VERSION } from '../core/index.js';
import { UsageError } from './files.js';
import { inspect } from './inspect.js';
import { prove } from './prove.js';
import { publish } from './publish.js';
import { terminal } from './terminal.js';
import { verifyCommand } from './verify.js';
import { CALLDATA_HELP, calldataCommand } from './calldata.js';
import { evmVerifyCommand } from './evm-verify.js';

const COMMON = `
  --json       print one JSON object on stdout
  --verbose    show stack traces on errors
  -h, --help   this help`;

const HELP: Record<string, string> = {
  '': `zkinfer ${ZKINFER_VERSION} — prove ML inference in zero knowledge

usage: zkinfer <command> [options]

commands:
  publish <model.json> --out <dir>    compile a tfjs model into a model package (circuit + keys)
  prove <pkg-dir> --input <json> --out <bundle.json>
                                      run the model on private input and prove the output
  verify <bundle.json> --package <pkg-dir>
                                      check a proof bundle (exit 0 valid, 1 invalid, 2 error)
                                      (--evm: with the package's Solidity verifier in a local EVM)
  calldata <bundle.json>              the verifier contract's verifyProof arguments
  inspect <model.json | pkg-dir>      per-layer circuit cost

Run 'zkinfer <command> --help' for its options.`,
  publish: `usage: zkinfer publish <model.json> --out <dir> (--input-range <lo>:<hi> | --input-spec <file>) [options]

  --out <dir>            where to write the package
  --input-range <lo>:<hi>  one range for every input element
  --input-spec <file>    JSON: {"features": [{"name", "min", "max", "unit"?}, …], "bits"?} or just the list
                         (default: input-spec.json next to model.json)
  --input-bits <n>       resolution of each input on its range (default 12)
  --output <rule>        argmax | logits | sign (default: from the final activation)
  --labels <a,b,…>       class labels (default: labels.json next to model.json)
  --ptau <file>          a prepared powers-of-tau file (phase 1) for a real setup;
                         without it the package gets a DEVELOPMENT KEY (not for trust)
  --entropy <text>       entropy for your phase-2 contribution (with --ptau)
  --scale <bits>         fractional bits kept after each ReLU (default 10)
  --weight-bits <bits>   significant bits of each layer's largest weight (default 12)
                         (defaults for both: publish.json next to model.json, if present)
  --name <name>          package name (default: the model's folder name)
  --package-version <v>  your version of the package (e.g. 1.0.0), shown to provers and verifiers
  --samples <file>       JSON list of inputs for the float-vs-circuit agreement report
  --target-agreement <f> with --samples: pick the cheapest bits whose top-1 agreement is ≥ f (e.g. 0.995)
  --no-solidity          skip verifier.sol${COMMON}`,
  prove: `usage: zkinfer prove <pkg-dir> --input <input.json> --out <bundle.json>

  --input <file>   {"input": <nested array in the model's input shape, without batch dimension>}
  --out <file>     where to write the proof bundle
  --clamp          clamp features outside their declared range instead of refusing${COMMON}`,
  verify: `usage: zkinfer verify <bundle.json> --package <pkg-dir>

  --package <dir>  the model package the bundle claims to be about
  --evm            also run the package's verifier contract (verifier.sol) in a local in-process
                   EVM and print its verdict and gas
Exit status: 0 valid, 1 invalid (the reason is printed), 2 usage or input error.${COMMON}`,
  calldata: CALLDATA_HELP,
  inspect: `usage: zkinfer inspect <model.json | pkg-dir> [--input-range <lo>:<hi> | --input-spec <file>]

  Per layer: activations, parameters, constraints, wires and bit widths.
  --input-range, --input-spec, --input-bits, --output, --scale, --weight-bits as for publish
  (for a model.json; a package uses its manifest)${COMMON}`,
};

const OPTIONS = {
  out: { type: 'string' },
  'input-range': { type: 'string' },
  'input-spec': { type: 'string' },
  'input-bits': { type: 'string' },
  output: { type: 'string' },
  labels: { type: 'string' },
  ptau: { type: 'string' },
  entropy: { type: 'string' },
  scale: { type: 'string' },
  'weight-bits': { type: 'string' },
  name: { type: 'string' },
  'package-version': { type: 'string' },
  samples: { type: 'string' },
  'target-agreement': { type: 'string' },
  'no-solidity': { type: 'boolean' },
  input: { type: 'string' },
  clamp: { type: 'boolean' },
  package: { type: 'string' },
  evm: { type: 'boolean' },
  hex: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  publish: ['out', 'input-range', 'input-spec', 'input-bits', 'output', 'labels', 'ptau', 'entropy', 'scale', 'weight-bits', 'name', 'package-version', 'samples', 'target-agreement', 'no-solidity'],
  prove: ['input', 'out', 'clamp'],
  verify: ['package', 'evm'],
  calldata: ['hex'],
  inspect: ['input-range', 'input-spec', 'input-bits', 'output', 'scale', 'weight-bits'],
};

/** `--input-range -1:1` must work: glue a string option to its value so a leading '-' is not read as a flag. */
function glueValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : '';
    const spec = (OPTIONS as Record<string, { type: string }>)[name];
    if (spec?.type === 'string' && i + 1 < argv.length) out.push(`--${name}=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: glueValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`zkinfer: ${(e as Error).message.split('\n')[0]}\n${HELP['']}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [command = '', target, ...extra] = positionals;
  if (v.help || command === '' || command === 'help') {
    process.stdout.write((HELP[command === 'help' ? (target ?? '') : command] ?? HELP['']!) + '\n');
    return command === '' && !v.help ? 2 : 0;
  }
  const term = terminal(v.json === true, v.verbose === true);
  // With --json, stdout carries exactly one JSON object: anything a library logs goes to stderr.
  if (term.json) console.log = console.info = (...args: unknown[]) => console.error(...args);
  try {
    if (!(command in ALLOWED)) throw new UsageError(`unknown command "${command}"; commands: publish, prove, verify, calldata, inspect`);
    const bad = Object.keys(v).filter((k) => !['json', 'verbose', 'help', ...ALLOWED[command]!].includes(k));
    if (bad.length) throw new UsageError(`${command} does not take --${bad[0]}; see 'zkinfer ${command} --help'`);
    if (!target) throw new UsageError(`${command} needs a ${command === 'verify' || command === 'calldata' ? 'bundle file' : command === 'prove' ? 'package directory' : 'model'}; see 'zkinfer ${command} --help'`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    tf.env().set('PROD', true); // silences tfjs's "install the node backend" banner
    switch (command) {
      case 'publish':
        return await publish(
          { model: target, out: v.out, inputRange: v['input-range'], inputSpec: v['input-spec'], inputBits: v['input-bits'], output: v.output, labels: v.labels, ptau: v.ptau, entropy: v.entropy, scale: v.scale, weightBits: v['weight-bits'], name: v.name, packageVersion: v['package-version'], samples: v.samples, targetAgreement: v['target-agreement'], solidity: !v['no-solidity'] },
          term,
        );
      case 'prove':
        return await prove({ pkg: target, input: v.input, out: v.out, clamp: v.clamp }, term);
      case 'verify':
        return await (v.evm ? evmVerifyCommand : verifyCommand)({ bundle: target, pkg: v.package }, term);
      case 'calldata':
        return await calldataCommand({ bundle: target, hex: v.hex }, term);
      default:
        return await inspect({ target, inputRange: v['input-range'], inputSpec: v['input-spec'], inputBits: v['input-bits'], output: v.output, scale: v.scale, weightBits: v['weight-bits'] }, term);
    }
  } catch (e) {
    term.done();
    const expected = e instanceof UsageError || e instanceof ZkinferError;
    const message = (e as Error).message ?? String(e);
    if (term.json) process.stdout.write(JSON.stringify({ error: message, code: e instanceof ZkinferError ? e.code : expected ? 'usage' : 'internal' }) + '\n');
    process.stderr.write(`zkinfer ${command}: ${message}\n`);
    if (term.verbose && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    return expected ? 2 : 1;
  } finally {
    await releaseCurve();
  }
}
