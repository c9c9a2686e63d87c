// Builds data/words/web2-3to5.txt.gz, the word-ladder dictionary, from Webster's Second (`web2`) as Debian's
// `miscfiles` package installs it. The official MM-HELIX verifier accepts a ladder word w when `w.lower()` is an
// entry of NLTK's `words` corpus (web2 plus Ogden's 850 Basic English words). The look-up is case-sensitive on the
// corpus side, so a capitalised entry ("Ann") never matches: only entries that are already all lower-case count,
// and those are what we keep. Only the lengths the generator uses (3-5 letters) are kept, so the file stays small.
// data/words/README.md says where the list comes from, its licence and what it lacks compared with NLTK.
//
//   apt-get install -y miscfiles                       # provides /usr/share/dict/web2
//   npx tsx scripts/build-ladder-words.ts             # rewrite data/words/web2-3to5.txt.gz
//   npx tsx scripts/build-ladder-words.ts --check     # exit 1 if the committed list differs from a fresh build
//   npx tsx scripts/build-ladder-words.ts --web2 FILE # another copy of web2
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export const WEB2_PATH = '/usr/share/dict/web2';
export const LADDER_LENGTHS: readonly number[] = [3, 4, 5];
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'words', 'web2-3to5.txt.gz');

/** The kept words, byte-sorted and de-duplicated, one per line with a final newline. */
export function ladderWordsText(web2: string): string {
  const keep = new Set<string>();
  for (const raw of web2.split('\n')) {
    const w = raw.trim();
    if (/^[a-z]+$/.test(w) && LADDER_LENGTHS.includes(w.length)) keep.add(w);
  }
  // Byte order (not localeCompare) so the file is the same on every machine and locale.
  const sorted = [...keep].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.join('\n') + '\n';
}

function main(argv: string[]): number {
  const at = argv.indexOf('--web2');
  const source = at >= 0 ? argv[at + 1] : WEB2_PATH;
  if (!source || !existsSync(source)) {
    process.stderr.write(`build-ladder-words: '${source ?? ''}' not found. HINT: apt-get install -y miscfiles, or pass --web2 FILE\n`);
    return 2;
  }
  const text = ladderWordsText(readFileSync(source, 'utf8'));
  const count = text.split('\n').length - 1;
  if (argv.includes('--check')) {
    const committed = existsSync(OUT) ? gunzipSync(readFileSync(OUT)).toString('utf8') : '';
    if (committed !== text) {
      process.stderr.write(`build-ladder-words: ${OUT} differs from a fresh build of ${source} (${count} words)\n`);
      return 1;
    }
    process.stdout.write(`build-ladder-words: ${OUT} matches ${source} (${count} words)\n`);
    return 0;
  }
  // Level 9; Node writes no file name and a zero mtime in the gzip header, so the bytes depend only on the text.
  writeFileSync(OUT, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
  process.stdout.write(`build-ladder-words: wrote ${count} words to ${OUT}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
