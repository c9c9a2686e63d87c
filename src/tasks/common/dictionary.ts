// The English word list the word-ladder verifier checks against. The official verifier uses NLTK `words`; the union
// of Debian's wamerican-insane and wbritish-insane (SCOWL, see data/words/LICENSE) covers the official answers, so it
// is committed as data (lowercase ASCII words, one per line, sorted, gzipped) and never downloaded at run time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const RELATIVE_PATH = join('data', 'words', 'words.txt.gz');

let words: Set<string> | null = null;

/** Finds data/words/words.txt.gz by walking up from this module, so source runs (tsx) and builds both find it. */
export function dictionaryPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `word list ${RELATIVE_PATH} not found above ${fileURLToPath(import.meta.url)}. ` +
          'HINT: it is committed project data; check that the data/ folder ships with the package.',
      );
    }
    dir = parent;
  }
}

function load(): Set<string> {
  const text = gunzipSync(readFileSync(dictionaryPath())).toString('utf8');
  const set = new Set<string>();
  for (const line of text.split('\n')) if (line.length > 0) set.add(line);
  return set;
}

/**
 * True when `w` (any case, surrounding whitespace ignored) is an English word in the committed list. The list is
 * loaded and decompressed once, on the first call (~0.5 M words, a few hundred ms).
 */
export function isWord(w: string): boolean {
  if (typeof w !== 'string') return false;
  const key = w.trim().toLowerCase();
  // Only plain a–z words are in the list; skip the hash look-up (and the load) for anything else.
  if (key.length === 0 || key.length > 64 || !/^[a-z]+$/.test(key)) return false;
  words ??= load();
  return words.has(key);
}

/** Number of words in the list (loads it). */
export function dictionarySize(): number {
  words ??= load();
  return words.size;
}
