// A flag given twice is refused before yargs' value is used. yargs collects repeats of a single-valued option
// into an array, except that a repeat whose value parses as the number 1 is taken for a counter increment and ADDED
// (yargs-parser 22: `--train.steps=5 --train.steps=1` gives 6, `--seed 5 --seed 1` gives 6), so the parsed value
// cannot be trusted to show the repeat. The raw arguments can: this scans them.
import { InputError } from '../errors.js';
import { repeatedKeyMessage } from '../train/config.js';

export interface FlagKinds {
  /** Options declared `array: true` (e.g. sweep's --grid and --set): repeating them is their purpose. */
  array?: readonly string[];
  /** Boolean options: they take no value, so the next argument is not theirs. */
  boolean?: readonly string[];
}

/** `--name=value`, `--name value`, `--flag`, `--no-flag` occurrences of long options, up to a `--` terminator. */
export function longFlags(args: readonly string[], kinds: FlagKinds = {}): { name: string; value: string }[] {
  const booleans = new Set(kinds.boolean ?? []);
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (!a.startsWith('--')) continue;
    const body = a.slice(2);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (eq >= 0) {
      out.push({ name, value: body.slice(eq + 1) });
      continue;
    }
    if (name.startsWith('no-') && booleans.has(name.slice(3))) {
      out.push({ name: name.slice(3), value: 'false' });
      continue;
    }
    if (booleans.has(name)) {
      out.push({ name, value: 'true' });
      continue;
    }
    // Like yargs: the next argument is the value unless it is another option (a negative number is a value).
    const next = args[i + 1];
    if (next !== undefined && !/^-(?!\d)/.test(next)) {
      out.push({ name, value: next });
      i++;
    } else out.push({ name, value: '' });
  }
  return out;
}

/** Every single-valued long option given more than once, with its values in order. */
export function repeatedFlags(args: readonly string[], kinds: FlagKinds = {}): { name: string; values: string[] }[] {
  const repeatable = new Set(kinds.array ?? []);
  const byName = new Map<string, string[]>();
  for (const { name, value } of longFlags(args, kinds)) {
    if (repeatable.has(name)) continue;
    const list = byName.get(name);
    if (list) list.push(value);
    else byName.set(name, [value]);
  }
  return [...byName].filter(([, values]) => values.length > 1).map(([name, values]) => ({ name, values }));
}

/** Throws an InputError naming every repeated flag and its values (`--train.steps given twice (5 and 1); …`). */
export function rejectRepeatedFlags(args: readonly string[], kinds: FlagKinds = {}): void {
  const repeats = repeatedFlags(args, kinds);
  if (repeats.length === 0) return;
  throw new InputError(repeats.map((r) => repeatedKeyMessage(`--${r.name}`, r.values)).join('\n'));
}
