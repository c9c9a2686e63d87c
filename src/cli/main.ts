// The `ahpo` command line: a thin layer over the library's public functions.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { COMMANDS } from './commands/index.js';

const cli = yargs(hideBin(process.argv))
  .scriptName('ahpo')
  // Dotted overrides (--ahpo.threshold=2) nest; camel-case expansion would create duplicate keys.
  .parserConfiguration({ 'camel-case-expansion': false, 'dot-notation': true })
  .strict()
  // Usage mistakes get the help text; errors from a running command get only their message.
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`${msg}\nRun with --help for usage.\n`);
    process.exit(1);
  })
  .demandCommand(1, 'Give a command; `ahpo --help` lists them.')
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 110));
for (const cmd of COMMANDS) cli.command(cmd);
try {
  await cli.parseAsync();
} catch (err) {
  process.stderr.write(`ahpo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
}
