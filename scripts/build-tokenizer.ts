// Builds ahpo's small built-in byte-level BPE tokenizer (data/tokenizer/) in the exact file format of a
// Qwen2/Qwen2.5-VL `tokenizer.json`, so the tiny model loads through the same `@huggingface/tokenizers` path as
// a real Qwen checkpoint. `@huggingface/tokenizers` can only encode/decode, so the (small) trainer lives here.
//
// The committed files are the source of truth: token ids sit under every checkpoint trained with them, so this
// script exists to *reproduce* them (tests check byte-for-byte), not to be re-run with new settings. Changing the
// corpus, vocab size or tie-breaking below means a new TOKENIZER_VERSION and incompatible checkpoints.
//
//   npx tsx scripts/build-tokenizer.ts           # rewrite data/tokenizer/*
//   npx tsx scripts/build-tokenizer.ts --check   # exit 1 if the committed files differ from a fresh build
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const TOKENIZER_VERSION = 'ahpo-bpe-1024-v1';
/** Total vocab = BPE vocab (256 bytes + merges) + the 22 added tokens. A tiny model's softmax must stay cheap. */
export const TOTAL_VOCAB = 1024;

/** Qwen2.5-VL added tokens in the real model's order (ids 151643..151664 there, right after the BPE vocab here).
 * `special` mirrors the real tokenizer_config: tool-call and FIM/repo tokens are added but not special. */
export const ADDED_TOKENS: ReadonlyArray<{ content: string; special: boolean }> = [
  ...[
    '<|endoftext|>',
    '<|im_start|>',
    '<|im_end|>',
    '<|object_ref_start|>',
    '<|object_ref_end|>',
    '<|box_start|>',
    '<|box_end|>',
    '<|quad_start|>',
    '<|quad_end|>',
    '<|vision_start|>',
    '<|vision_end|>',
    '<|vision_pad|>',
    '<|image_pad|>',
    '<|video_pad|>',
  ].map((content) => ({ content, special: true })),
  ...['<tool_call>', '</tool_call>', '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>'].map((content) => ({
    content,
    special: false,
  })),
];

/** Qwen2's pre-tokenizer pattern, verbatim as it appears in Qwen's tokenizer.json (Oniguruma syntax). */
export const QWEN2_SPLIT_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
// The same pattern for JS RegExp: Node 20 has no inline `(?i:...)` groups, so the contractions are spelled out.
const SPLIT_RE_JS = /'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** Qwen2.5-VL's chat template (chat_template.json of the real model), kept so HF tools render the same prompt. */
export const CHAT_TEMPLATE =
  "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

// ---------------------------------------------------------------------------------------------------------
// Byte-level alphabet (GPT-2 bytes_to_unicode): printable bytes map to themselves, the rest to U+0100+. Ids
// 0..255 follow this order, exactly as in Qwen's vocab ("!" = 0, "Ġ" = 220).
function byteAlphabet(): { bytes: number[]; chars: string[]; byteToChar: string[] } {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = bytes.map((b) => String.fromCodePoint(b));
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(String.fromCodePoint(256 + n++));
    }
  }
  const byteToChar: string[] = new Array<string>(256);
  bytes.forEach((b, i) => {
    byteToChar[b] = chars[i];
  });
  return { bytes, chars, byteToChar };
}

// ---------------------------------------------------------------------------------------------------------
// Training corpus: deterministic synthetic text in the register of the project's prompts and traces.
// Self-contained (own PRNG, own word lists) so nothing outside this file can silently change the merges.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to a in is it you that he was for on are with as his they be at one have this from or had ' +
  'by word but what some we can out other were all there when up use your how said an each she which do their time ' +
  'if will way about many then them write would like so these her long make thing see him two has look more day ' +
  'could go come did number sound no most people my over know water than call first who may down side been now ' +
  'find any new work part take get place made live where after back little only round man year came show every ' +
  'good me give our under name very through just form sentence great think say help low line differ turn cause ' +
  'much mean before move right boy old too same tell does set three want air well also play small end put home ' +
  'read hand port large spell add even land here must big high such follow act why ask men change went light kind ' +
  'off need house picture try us again animal point mother world near build self earth father head stand own page ' +
  'should country found answer school grow study still learn plant cover food sun four between state keep eye ' +
  'never last let thought city tree cross farm hard start might story saw far sea draw left late run while press ' +
  'close night real life few north open seem together next white children begin got walk example ease paper group ' +
  'always music those both mark often letter until mile river car feet care second book carry took science eat ' +
  'room friend began idea fish mountain stop once base hear horse cut sure watch color face wood main enough plain ' +
  'girl usual young ready above ever red list though feel talk bird soon body dog family direct pose leave song ' +
  'measure door product black short numeral class wind question happen complete ship area half rock order fire ' +
  'south problem piece told knew pass since top whole king space heard best hour better true during hundred five ' +
  'remember step early hold west ground interest reach fast verb sing listen six table travel less morning ten ' +
  'simple several vowel toward war lay against pattern slow center love person money serve appear road map rain ' +
  'rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine note wait plan ' +
  'figure star box noun field rest correct able pound done beauty drive stood contain front teach week final gave ' +
  'green oh quick develop ocean warm free minute strong special mind behind clear tail produce fact street inch ' +
  'multiply nothing course stay wheel full force blue object decide surface deep moon island foot system busy test ' +
  'record boat common gold possible plane stead dry wonder laugh thousand ago ran check game shape equate hot miss ' +
  'brought heat snow tire bring yes distant fill east paint language among grand ball yet wave drop heart am ' +
  'present heavy dance engine position arm wide sail material size vary settle speak weight general ice matter ' +
  'circle pair include divide syllable felt perhaps pick sudden count square reason length represent art subject ' +
  'region energy hunt probable bed brother egg ride cell believe fraction forest sit race window store summer ' +
  'train sleep prove lone exercise wall catch mount wish sky board joy winter sat written wild instrument kept ' +
  'glass grass cow job edge sign visit past soft fun bright gas weather month million bear finish happy hope ' +
  'flower clothe strange gone jump baby eight village meet root buy raise solve metal whether push seven ' +
  'paragraph third shall held hair describe cook floor either result burn hill safe cat century consider type law ' +
  'bit coast copy phrase silent tall sand soil roll temperature finger industry value fight lie beat excite ' +
  'natural view sense ear else quite broke case middle kill son lake moment scale loud spring observe child ' +
  'straight consonant nation dictionary milk speed method organ pay age section dress cloud surprise quiet stone ' +
  'tiny climb cool design poor lot experiment bottom key iron single stick flat twenty skin smile crease hole ' +
  'trade melody trip office receive row mouth exact symbol die least trouble shout except wrote seed tone join ' +
  'suggest clean break lady yard rise bad blow oil blood touch grew cent mix team wire cost lost brown wear ' +
  'garden equal sent choose fell fit flow fair bank collect save control decimal gentle woman captain practice ' +
  'separate difficult doctor please protect noon whose locate ring character insect caught period indicate radio ' +
  'spoke atom human history effect electric expect crop modern element hit student corner party supply bone rail ' +
  'imagine provide agree thus capital chair danger fruit rich thick soldier process operate guess necessary sharp ' +
  'wing create neighbor wash bat rather crowd corn compare poem string bell depend meat rub tube famous dollar ' +
  'stream fear sight thin triangle planet hurry chief colony clock mine tie enter major fresh search send yellow ' +
  'gun allow print dead spot desert suit current lift rose continue block chart hat sell success company subtract ' +
  'event particular deal swim term opposite wife shoe shoulder spread arrange camp invent cotton born determine ' +
  'quart nine truck noise level chance gather shop stretch throw shine property column molecule select wrong gray ' +
  'repeat require broad prepare salt nose plural anger claim continent oxygen sugar death pretty skill women ' +
  'season solution magnet silver thank branch match suffix especially fig afraid huge sister steel discuss forward ' +
  'similar guide experience score apple bought led pitch coat mass card band rope slip win dream evening ' +
  'condition feed tool total basic smell valley nor double seat arrive master track parent shore division sheet ' +
  'substance favor connect post spend chord fat glad original share station dad bread charge proper bar offer ' +
  'segment slave duck instant market degree populate chick dear enemy reply drink occur support speech nature ' +
  'range steam motion path liquid log meant quotient teeth shell neck'
).split(' ');

// Puzzle vocabulary the project's prompts and solver traces use (see docs/mmhelix-tasks.md in shared docs).
const TASKS = [
  'maze',
  'sudoku',
  'hanoi',
  'word ladder',
  'nonogram',
  'binairo',
  'kakuro',
  'hitori',
  'futoshiki',
  'skyscrapers',
  'calcudoku',
  'aquarium',
  'campsite',
  'bridges',
  'numbrix',
  'sokoban',
  'minesweeper',
  'shortest path',
  'max flow',
  'topological sort',
  'hamiltonian path',
  'eulerian cycle',
  '24 points',
  'crypto math',
  'h-index',
  'trapping rain water',
  'largest rectangle',
  'graph isomorphism',
];
const DIRS = ['up', 'down', 'left', 'right'];
const PHRASES = [
  'The final answer MUST BE enclosed within \\boxed{}.',
  'Let me think step by step.',
  'First, ',
  'Therefore, the answer is',
  'So the answer is',
  'Please answer the question.',
  'Wait, let me check again.',
  'This is correct.',
  'This is not valid, so we backtrack.',
  'The grid is shown in the image.',
  'Find the shortest path from the start to the goal.',
  'Each row and each column must contain every number once.',
  'Move the disks from peg A to peg C.',
  'Change one letter at a time.',
  'Use each number exactly once.',
  'Output the answer as a list.',
  'The image shows a puzzle.',
  'Describe this image.',
  'You are a helpful assistant.',
];

export function makeCorpus(seed = 20261121): string[] {
  const rand = mulberry32(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const sentence = (n: number): string => {
    const ws = Array.from({ length: n }, () => pick(WORDS));
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return ws.join(' ') + pick(['.', '.', '.', '?', ',', '!', ':']);
  };
  const gridRow = (w: number, alphabet: readonly string[], sep: string): string => Array.from({ length: w }, () => pick(alphabet)).join(sep);
  const docs: string[] = [];
  for (let d = 0; d < 1600; d++) {
    const lines: string[] = [];
    const task = pick(TASKS);
    lines.push(`Solve this ${task} puzzle. ${sentence(6 + int(10))} ${pick(PHRASES)}`);
    const w = 3 + int(6);
    for (let r = 0; r < w; r++) {
      lines.push(
        pick([
          () => gridRow(w, ['0', '1'], ' '),
          () => '|' + gridRow(w, ['1', '2', '3', '4', '5', '6', '7', '8', '9'], '|') + '|',
          () => gridRow(w, ['X', '.'], ''),
          () => gridRow(w, ['#', '.', 'S', 'E', '.', '.'], ''),
          () => '[' + gridRow(w, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ', ') + '],',
        ])(),
      );
    }
    const steps = 2 + int(7);
    for (let s = 1; s <= steps; s++) {
      const a = int(20),
        b = 1 + int(12);
      lines.push(
        pick([
          () => `Step ${s}: move ${pick(DIRS)} to (${int(9)},${int(9)}).`,
          () => `Step ${s}: (${a}+${b})*${int(10)}=${(a + b) * int(10)}`,
          () => `Step ${s}: ${a} - ${b} = ${a - b}, then ${a} * ${b} = ${a * b}.`,
          () => `Step ${s}: place ${1 + int(9)} at row ${1 + int(9)}, column ${1 + int(9)}. ${sentence(4 + int(6))}`,
          () => `Step ${s}: move disk ${1 + int(5)} from ${pick(['A', 'B', 'C'])} to ${pick(['A', 'B', 'C'])}.`,
          () => `Step ${s}: ${pick(WORDS)} -> ${pick(WORDS)} (change one letter).`,
          () => `Step ${s}: ${a} \\times ${b} = ${a * b}, ${a * b} \\div ${b} = ${a}.`,
        ])(),
      );
    }
    if (rand() < 0.3) lines.push(`I think ${sentence(5 + int(8))} It's ${pick(WORDS)}, isn't it? We'll see.`);
    if (rand() < 0.1) lines.push(`${pick(['Größe', 'café', 'naïve', '→', '×', '÷', '≤', '≥', '°', '✓', '🙂'])} ${sentence(3)}`);
    lines.push(
      pick([
        `\\boxed{${int(100)}}`,
        `\\boxed{[${gridRow(4, ['0', '1', '2', '3', '4', '5'], ', ')}]}`,
        `\\boxed{${pick(['Yes', 'No'])}}`,
        `\\boxed{${gridRow(
          6,
          DIRS.map((x) => x[0].toUpperCase()),
          '',
        )}}`,
        `The answer is \\boxed{(${int(9)}, ${int(9)})}.`,
      ]),
    );
    // Traces come both line-by-line and as paragraphs, so "\n\n" (one pre-token in Qwen's split) gets merged too.
    const sep = rand() < 0.4 ? '\n\n' : '\n';
    const body = lines.join(sep);
    // Wrap most documents in the chat scaffolding; the added tokens are cut out before counting (as HF does).
    docs.push(
      rand() < 0.7
        ? `<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|>` +
            `<|vision_end|>${lines[0]}<|im_end|>\n<|im_start|>assistant\n${lines.slice(1).join(sep)}<|im_end|>\n`
        : body,
    );
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------------------
// BPE training: classic pair counting over unique pre-tokenized words (small corpus, so a full recount per
// merge is fast enough and easy to verify). Ties break on the lower (left id, right id), making it deterministic.
/** Training-side pre-tokenization: cut out added tokens, NFC, Qwen2 split, bytes → byte-level symbols. Exported
 * so a test can check it agrees with the library's translation of the Oniguruma pattern. */
export function pretokenize(doc: string, byteToChar: string[] = byteAlphabet().byteToChar): string[] {
  const specials = new RegExp(ADDED_TOKENS.map((t) => t.content.replace(/[|\\/<>]/g, '\\$&')).join('|'), 'g');
  const enc = new TextEncoder();
  const out: string[] = [];
  for (const part of doc.normalize('NFC').split(specials)) {
    for (const m of part.matchAll(SPLIT_RE_JS)) {
      out.push(Array.from(enc.encode(m[0]), (b) => byteToChar[b]).join(''));
    }
  }
  return out;
}

export function trainBpe(docs: string[], bpeVocabSize: number): { vocab: string[]; merges: [string, string][] } {
  const { chars, byteToChar } = byteAlphabet();
  const vocab = [...chars];
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const counts = new Map<string, number>();
  for (const doc of docs) for (const w of pretokenize(doc, byteToChar)) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Words as arrays of token ids, sorted so iteration order never depends on Map insertion quirks.
  const words = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([w, c]) => ({ syms: [...w].map((ch) => ids.get(ch) as number), count: c }));
  const merges: [string, string][] = [];
  while (vocab.length < bpeVocabSize) {
    const pairCounts = new Map<number, number>();
    for (const { syms, count } of words) {
      for (let i = 0; i + 1 < syms.length; i++) {
        const key = syms[i] * 65536 + syms[i + 1];
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
      }
    }
    let bestKey = -1,
      bestCount = 0;
    for (const [key, c] of pairCounts)
      if (c > bestCount || (c === bestCount && key < bestKey)) {
        bestKey = key;
        bestCount = c;
      }
    if (bestKey < 0) throw new Error(`build-tokenizer: corpus exhausted after ${merges.length} merges; need ${bpeVocabSize - 256}. HINT: enlarge the corpus.`);
    const left = Math.floor(bestKey / 65536),
      right = bestKey % 65536;
    const newId = vocab.length;
    vocab.push(vocab[left] + vocab[right]);
    merges.push([vocab[left], vocab[right]]);
    for (const w of words) {
      const s = w.syms;
      if (s.length < 2) continue;
      const next: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === left && s[i + 1] === right) {
          next.push(newId);
          i++;
        } else next.push(s[i]);
      }
      w.syms = next;
    }
  }
  return { vocab, merges };
}

// ---------------------------------------------------------------------------------------------------------
export function buildTokenizerFiles(): { tokenizerJson: string; configJson: string } {
  const bpeSize = TOTAL_VOCAB - ADDED_TOKENS.length;
  const { vocab, merges } = trainBpe(makeCorpus(), bpeSize);
  const added = ADDED_TOKENS.map((t, i) => ({
    id: bpeSize + i,
    content: t.content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: t.special,
  }));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: QWEN2_SPLIT_PATTERN }, behavior: 'Isolated', invert: false }, byteLevel],
    },
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const config = {
    ahpo_tokenizer_version: TOKENIZER_VERSION,
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(
      added.map(({ id, ...rest }) => [
        String(id),
        {
          content: rest.content,
          lstrip: false,
          normalized: false,
          rstrip: false,
          single_word: false,
          special: rest.special,
        },
      ]),
    ),
    additional_special_tokens: ADDED_TOKENS.filter((t) => t.special)
      .slice(1)
      .map((t) => t.content),
    bos_token: null,
    chat_template: CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    eos_token: '<|im_end|>',
    errors: 'replace',
    model_max_length: 4096,
    pad_token: '<|endoftext|>',
    split_special_tokens: false,
    tokenizer_class: 'Qwen2Tokenizer',
    unk_token: null,
  };
  return {
    tokenizerJson: JSON.stringify(tokenizer, null, 2) + '\n',
    configJson: JSON.stringify(config, null, 2) + '\n',
  };
}

export const TOKENIZER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'tokenizer');

function main(): void {
  const { tokenizerJson, configJson } = buildTokenizerFiles();
  const files: [string, string][] = [
    ['tokenizer.json', tokenizerJson],
    ['tokenizer_config.json', configJson],
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter(([name, text]) => readFileSync(join(TOKENIZER_DIR, name), 'utf8') !== text);
    if (stale.length > 0) {
      console.error(`build-tokenizer: ${stale.map(([n]) => n).join(', ')} in ${TOKENIZER_DIR} differ from a fresh build.`);
      process.exit(1);
    }
    console.log(`build-tokenizer: committed files match a fresh build (${TOKENIZER_VERSION}).`);
    return;
  }
  mkdirSync(TOKENIZER_DIR, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(TOKENIZER_DIR, name), text);
  console.log(`build-tokenizer: wrote ${files.map(([n]) => n).join(', ')} to ${TOKENIZER_DIR} (${TOKENIZER_VERSION}, vocab ${TOTAL_VOCAB}).`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
