// The `ahpo` command line: a thin layer over the library's public functions.
// Exit codes: 0 success; 2 bad input (a usage mistake, an invalid config, malformed data, a run folder that exists:
// fix the command or the data); 1 a failure while running (a crash, a non-finite abort). Scripts and sweeps rely on
// the difference, so an error that is the user's input must be an InputError (src/errors.ts).
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_BAD_INPUT, EXIT_FAILURE, InputError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { rejectRepeatedFlags, type FlagKinds } from './repeated-flags.js';

const args = hideBin(process.argv);
const cli = yargs(args)
  .scriptName('ahpo')
  // Dotted overrides (--ahpo.threshold=2) nest; camel-case expansion would create duplicate keys.
  .parserConfiguration({ 'camel-case-expansion': false, 'dot-notation': true })
  .strict()
  // Runs in the chosen command's context, so its array options (sweep --grid, --set) may repeat and nothing else.
  // yargs passes its instance as a second argument, which @types/yargs does not declare.
  .middleware(((_argv: unknown, y: { getOptions(): FlagKinds }) => rejectRepeatedFlags(args, y.getOptions())) as never, true)
  // Usage mistakes (unknown options, missing arguments) get the help hint; errors from a running command or a
  // command's own argument check (which throws an InputError) get only their message, in the catch below.
  .fail((msg, err) => {
    if (err && err.name !== 'YError') throw err;
    process.stderr.write(`${msg ?? err?.message}\nRun with --help for usage.\n`);
    process.exit(EXIT_BAD_INPUT);
  })
  .demandCommand(1, 'Give a command; `ahpo --help` lists them.')
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 110));
for (const cmd of COMMANDS) cli.command(cmd);
try {
  await cli.parseAsync();
} catch (err) {
  process.stderr.write(`ahpo: ${err instanceof Error ? err.message : String(err)}\n`);
  // A command may have set its own code already (verify: 2 for malformed records); keep it.
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : err instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
}
