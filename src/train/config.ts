// The training configuration, loaded: YAML file → dotted CLI overrides (--ahpo.threshold=3) → validation against
// the schema (config-schema.ts), with messages that name the key, the value, what was expected and the fix.
import { readFileSync } from 'node:fs';
import { parse as parseYaml, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { ConfigSchema, type Config } from './config-schema.js';

export { ConfigSchema, type Config } from './config-schema.js';

/** A config file, override or value is wrong: bad input, so the CLI exits 2. */
export class ConfigFileError extends InputError {
  override name = 'ConfigFileError';
}

/** Sets a dotted key (`ahpo.threshold`) in a plain object, creating parents. */
export function setDotted(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let at: Record<string, unknown> = obj;
  for (const p of parts.slice(0, -1)) {
    if (at[p] === undefined) at[p] = {};
    if (typeof at[p] !== 'object' || at[p] === null || Array.isArray(at[p])) throw new ConfigFileError(`override ${key}: '${p}' is not a section`);
    at = at[p] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = value;
}

/** A CLI override value: YAML scalar syntax (numbers, booleans, [lists]); anything else stays a string. */
export function parseOverrideValue(raw: string): unknown {
  try {
    return parseYaml(raw) ?? raw;
  } catch {
    return raw;
  }
}

/** `--train.steps given twice (5 and 1); give each key once`: one wording for every place a key may repeat. */
export function repeatedKeyMessage(what: string, values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v)));
  const list = shown.length === 2 ? `${shown[0]} and ${shown[1]}` : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  const times = values.length === 2 ? 'twice' : `${values.length} times`;
  return `${what} given ${times} (${list}); give each key once`;
}

/** Flattens yargs' nested override objects ({ahpo: {threshold: 3}}) into dotted pairs. */
export function flattenOverrides(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? flattenOverrides(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let at: unknown = raw;
  for (const p of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[p] : undefined;
  return at;
}

function formatIssues(error: z.ZodError, source: string, raw: unknown): string {
  const lines = error.issues.map((i) => {
    const key = i.path.join('.') || '(top level)';
    if (i.code === 'unrecognized_keys')
      return `  ${key ? `${key}: ` : ''}unknown key(s) ${i.keys.map((k) => `'${k}'`).join(', ')} (see docs/config.md for every key)`;
    const got = valueAt(raw, i.path);
    // Cross-field messages already quote their values; schema messages get the offending value appended.
    return i.code === 'custom' || got === undefined ? `  ${key}: ${i.message}` : `  ${key}: ${i.message}, got ${JSON.stringify(got)}`;
  });
  return `invalid configuration (${source}):\n${lines.join('\n')}`;
}

/** Validates a raw object (YAML + overrides); throws ConfigFileError listing every problem. */
export function resolveConfig(raw: unknown, source = 'config'): Config {
  const res = ConfigSchema.safeParse(raw ?? {});
  if (!res.success) throw new ConfigFileError(formatIssues(res.error, source, raw));
  return res.data;
}

const TOP_LEVEL_HINT = 'HINT: a config is a mapping of sections (run, model, data, ahpo, …), as in configs/ahpo.yaml; docs/config.md lists every key';

/** What a YAML value is, for messages: `a list`, `the string "x"`. */
function describeYamlValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Reads a YAML config file into the raw object overrides apply to. An empty file is an error, never "all
 * defaults": a config.yaml truncated by a crash (or an empty `--config` path) would otherwise train with built-in
 * settings nobody chose.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  if (path.trim() === '') {
    throw new ConfigFileError(
      `config path is empty. HINT: give a YAML file (e.g. configs/ahpo.yaml), or leave --config out to start from the built-in defaults.`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  // parseDocument reports every error (with line, column and the offending line) instead of throwing the first.
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ConfigFileError(
      `${path}: not valid YAML:\n${doc.errors.map((e) => `  ${e.message.trim()}`).join('\n')}\nHINT: fix the YAML at the line shown (configs/ahpo.yaml is a working example).`,
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    const what = text.trim() === '' ? `${text.length} bytes, nothing but whitespace` : 'no settings: only comments, or a bare null';
    throw new ConfigFileError(
      `${path}: the config file is empty (${what}); refusing to train with the built-in defaults. ` +
        'HINT: restore the file (a crash can leave a config.yaml truncated; a run folder keeps its resolved config.yaml), or leave --config out to use the defaults on purpose.',
    );
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigFileError(`${path}: expected a mapping of sections at the top level, got ${describeYamlValue(raw)}. ${TOP_LEVEL_HINT}.`);
  }
  return raw as Record<string, unknown>;
}

export function loadConfig(path: string | undefined, overrides: [string, unknown][] = []): Config {
  // `undefined` is "no file: defaults + overrides"; any string, even '', names a file that must hold a config.
  const raw: Record<string, unknown> = path === undefined ? {} : readConfigFile(path);
  for (const [k, v] of overrides) setDotted(raw, k, typeof v === 'string' ? parseOverrideValue(v) : v);
  return resolveConfig(raw, path !== undefined ? `${path}${overrides.length ? ' + overrides' : ''}` : 'defaults + overrides');
}
