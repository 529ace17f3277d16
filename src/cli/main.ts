/**
 * zkinfer command line: a thin command table over src/core. Exit codes: 0 success (or a valid
 * proof), 1 an invalid proof or an internal failure, 2 a usage or input error.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { releaseCurve, ZkinferError } from '../core/index.js';
import type { Values } from './commands.js';
import { COMMANDS, helpFor, OPTIONS, OVERVIEW } from './commands.js';
import { UsageError } from './files.js';
import { terminal } from './terminal.js';

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
    process.stderr.write(`zkinfer: ${(e as Error).message.split('\n')[0]}\n${OVERVIEW}\n`);
    return 2;
  }
  const { positionals } = parsed;
  const v = parsed.values as Values;
  const [command = '', target, ...extra] = positionals;
  if (v.help || command === '' || command === 'help') {
    process.stdout.write(helpFor(command === 'help' ? (target ?? '') : command) + '\n');
    return command === '' && !v.help ? 2 : 0;
  }
  const term = terminal(v.json === true, v.verbose === true);
  // With --json, stdout carries exactly one JSON object: anything a library logs goes to stderr.
  if (term.json) console.log = console.info = (...args: unknown[]) => console.error(...args);
  try {
    const cmd = COMMANDS[command];
    if (!cmd) throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const bad = Object.keys(v).filter((k) => !['json', 'verbose', 'help', ...cmd.options].includes(k));
    if (bad.length) throw new UsageError(`${command} does not take --${bad[0]}; see 'zkinfer ${command} --help'`);
    if (!target) throw new UsageError(`${command} needs a ${cmd.target}; see 'zkinfer ${command} --help'`);
    if (extra.length > (cmd.extraPositionals ?? 0)) throw new UsageError(`unexpected argument "${extra[cmd.extraPositionals ?? 0]}"`);
    tf.env().set('PROD', true); // silences tfjs's "install the node backend" banner
    return await cmd.run(target, v, term, extra);
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
