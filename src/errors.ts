// Errors that mean "the input is wrong" (a config, a flag, a data file), as opposed to a failure while running.
// The CLI exits 2 for these and 1 for everything else, so a script or a sweep can tell "fix your command or data"
// from "the run crashed"; throw InputError (or a subclass) wherever the user's input is at fault.

/** Exit status for bad input: a usage mistake, an invalid config, malformed data, a run folder that exists. */
export const EXIT_BAD_INPUT = 2;
/** Exit status for a failure while running (a crash, a non-finite abort). */
export const EXIT_FAILURE = 1;

/** The user's input is at fault; the message names the file/flag/value, what was expected and a hint. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Marks an error that must keep its bad-input meaning while gaining context, e.g. a sweep prefixing the point's
 * name: a plain `new Error(prefix + err.message)` would turn exit 2 into exit 1.
 */
export function withContext(err: unknown, prefix: string): Error {
  const message = `${prefix}${err instanceof Error ? err.message : String(err)}`;
  return err instanceof InputError ? new InputError(message, { cause: err }) : new Error(message, { cause: err });
}
