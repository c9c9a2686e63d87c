// Glob patterns over parameter names (`train.freeze`). Names are dot-separated HF legacy names
// (`visual.blocks.0.attn.qkv.weight`), so the segment separator is `.` rather than `/`:
//   `*`   any run of characters inside one segment (no dots): `model.layers.*.mlp.up_proj.weight`
//   `**`  any run of characters across segments (dots included): `**.bias`, `model.**.norm.weight`
//   `.*`  at the very END of a pattern spans too, so `visual.*` means "everything under visual." — the whole
//         vision tower, which is what people write (gitignore-style `visual.**` means the same)
//   `?`   one character other than a dot
// Everything else matches literally; the whole name must match. No character classes or braces: parameter
// names are plain enough that those would only add ways to write a pattern that silently matches nothing.

export class GlobError extends Error {}

const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** Compiles one pattern to an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  if (pattern.length === 0) throw new GlobError('empty freeze pattern; write e.g. "visual.*" to freeze the vision tower');
  // A trailing `.*` is the subtree form: rewrite to `.**` before tokenising.
  const p = pattern.endsWith('.*') && !pattern.endsWith('.**') ? `${pattern}*` : pattern;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^.]*';
    else if (ch === '?') re += '[^.]';
    else re += escape(ch);
  }
  return new RegExp(`^${re}$`);
}

export function matchGlob(name: string, pattern: string): boolean {
  return globToRegExp(pattern).test(name);
}

/**
 * Which names any pattern matches, and which patterns matched nothing (almost always a typo the caller should
 * report: a freeze list that freezes nothing trains what the user meant to keep fixed).
 */
export function selectByGlobs(names: readonly string[], patterns: readonly string[]): { matched: Set<string>; unmatched: string[] } {
  const compiled = patterns.map((p) => [p, globToRegExp(p)] as const);
  const matched = new Set<string>();
  const used = new Set<string>();
  for (const n of names) {
    for (const [p, re] of compiled) {
      if (re.test(n)) {
        matched.add(n);
        used.add(p);
      }
    }
  }
  return { matched, unmatched: patterns.filter((p) => !used.has(p)) };
}
