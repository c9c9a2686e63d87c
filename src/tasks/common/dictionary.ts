// The English word lists the word-ladder generator and verifier use, committed as data (lowercase ASCII words, one
// per line, sorted, gzipped) and never downloaded at run time; data/words/README.md gives their origin and licence.
//  - The ladder list (web2-3to5.txt.gz, the default): the all-lowercase 3-5 letter entries of Webster's Second
//    (`web2`), the list NLTK's `words` corpus is built from. The official verifier accepts a word only when it is in
//    NLTK `words`, start and target included, so ladders are generated through this list and checked against it.
//  - The broad list (words.txt.gz): the SCOWL union of Debian's wamerican-insane and wbritish-insane, about 3x
//    larger; kept as an option for verifying other data (it accepts plurals, abbreviations and rare spellings).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const BROAD_PATH = join('data', 'words', 'words.txt.gz');
const LADDER_PATH = join('data', 'words', 'web2-3to5.txt.gz');

/** The word lengths the ladder list holds (the generator's 3, 4 and 5 letters). */
export const LADDER_WORD_LENGTHS: readonly number[] = [3, 4, 5];

let broad: Set<string> | null = null;
let ladder: Set<string> | null = null;

/** Finds a committed data file by walking up from this module, so source runs (tsx) and builds both find it. */
function dataPath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `word list ${relative} not found above ${fileURLToPath(import.meta.url)}. ` +
          'HINT: it is committed project data; check that the data/ folder ships with the package.',
      );
    }
    dir = parent;
  }
}

/** Path of the broad (SCOWL) list. */
export function dictionaryPath(): string {
  return dataPath(BROAD_PATH);
}

/** Path of the ladder (web2) list. */
export function ladderDictionaryPath(): string {
  return dataPath(LADDER_PATH);
}

function load(path: string): Set<string> {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const set = new Set<string>();
  for (const line of text.split('\n')) if (line.length > 0) set.add(line);
  return set;
}

/** The look-up key for `w`: trimmed and lower-cased, or null when it cannot be a plain a-z word. */
function key(w: string): string | null {
  if (typeof w !== 'string') return null;
  const k = w.trim().toLowerCase();
  // Only plain a–z words are in the lists; skip the hash look-up (and the load) for anything else.
  return k.length === 0 || k.length > 64 || !/^[a-z]+$/.test(k) ? null : k;
}

/**
 * True when `w` (any case, surrounding whitespace ignored) is in the broad SCOWL list. Loaded and decompressed once,
 * on the first call (~0.5 M words, a few hundred ms).
 */
export function isWord(w: string): boolean {
  const k = key(w);
  if (k === null) return false;
  broad ??= load(dictionaryPath());
  return broad.has(k);
}

/**
 * True when `w` (any case, surrounding whitespace ignored) is in the ladder list: the words the official verifier
 * accepts, as far as they can be rebuilt from Debian's web2 (see data/words/README.md). Words of other lengths
 * than LADDER_WORD_LENGTHS are never in it.
 */
export function isLadderWord(w: string): boolean {
  const k = key(w);
  if (k === null) return false;
  ladder ??= load(ladderDictionaryPath());
  return ladder.has(k);
}

/** The ladder-list words of one length, sorted; throws for a length the list does not hold. */
export function ladderWords(length: number): string[] {
  if (!LADDER_WORD_LENGTHS.includes(length)) {
    throw new Error(`ladderWords: the ladder list holds ${LADDER_WORD_LENGTHS.join('/')}-letter words, not ${length}`);
  }
  ladder ??= load(ladderDictionaryPath());
  return [...ladder].filter((w) => w.length === length).sort();
}

/** Number of words in the broad list (loads it). */
export function dictionarySize(): number {
  broad ??= load(dictionaryPath());
  return broad.size;
}

/** Number of words in the ladder list (loads it). */
export function ladderDictionarySize(): number {
  ladder ??= load(ladderDictionaryPath());
  return ladder.size;
}
