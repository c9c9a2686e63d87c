// ahpo's tokenizer (src/data/tokenizer.ts, on @huggingface/tokenizers) against Hugging Face's Rust engine, both on
// Qwen2.5's real tokenizer.json (tests/data/qwen-reference.ts): the same ids and the same decodes on whitespace
// runs, \r\n, Unicode spaces (U+0085, U+00A0, U+FEFF, …), CJK, emoji ZWJ sequences, digits, code, added tokens in
// text, seeded random mixtures, and every generator task's questions, prompts, traces and answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { QwenTokenizer } from '../../src/data/tokenizer.js';
import { answerText, generateChecked, generatorTasks, instanceSeed, LEVELS } from '../../src/dataset/generate.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { QWEN25_TOKENIZER_DIR, rustIds, rustTokenizer, type RustTokenizer } from './qwen-reference.js';

let ahpo: QwenTokenizer;
let rust: RustTokenizer;
beforeAll(() => {
  ahpo = QwenTokenizer.fromDir(QWEN25_TOKENIZER_DIR);
  rust = rustTokenizer();
});

const SPACES = [
  '\u0085',
  '\u00a0',
  '\ufeff',
  '\u1680',
  '\u2000',
  '\u2002',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\u180e',
  '\u200b',
  '\u000b',
  '\u000c',
];

/** Hand-picked strings by theme; the theme names a failure. */
const THEMES: Record<string, string[]> = {
  whitespace: [
    ...[1, 2, 3, 4, 7, 8, 16, 17].map((n) => `a${' '.repeat(n)}b`),
    ' lead',
    'trail ',
    '  both  ',
    '\t',
    '\t\tx\t',
    'x \t \n y',
    '\n',
    '\n\n\n',
    ' \n \n ',
    'a\n\n\n\nb',
    '  \n',
    '\n  x',
    'x\n  \n\ty',
    ' '.repeat(500),
    '\n'.repeat(64),
  ],
  'carriage returns': ['a\r\nb', 'a\r\n\r\nb', '\r', 'a\rb', '\r\r\n', 'line1\r\nline2\r\n', ' \r\n ', 'x \r\n\ty', '\r\n'.repeat(9)],
  'Unicode spaces': [
    ...SPACES.flatMap((s) => [`a${s}b`, `${s}x`, `x${s}`, ` ${s} x`, `${s}${s}\n`, `1${s}2`, `${s}\r\n`, `.${s}?`]),
    '\ufeffhello',
    'x\ufeff\ufeff y',
    '\u00a0\u00a0\u00a0',
    'Total:\u00a042\u00a0€',
    '\u0085\u0085x',
    '\t\u0085 y',
    '\u3000\u3000全角',
  ],
  CJK: [
    '迷宫的出口在哪里？',
    '请把答案写在\\boxed{}中。',
    '数独：第3行第7列是9',
    'こんにちは、世界！カタカナ',
    '한국어 문장입니다.',
    '中文English混合123',
    '（全角括号）【方括号】「引号」',
    '１２３ＡＢＣ',
    '𠀀𠀁𪚥 (astral CJK)',
  ],
  emoji: ['👨‍👩‍👧‍👦', '🏳️‍🌈', '🏳️‍⚧️', '👍🏽👍🏿', '1️⃣#️⃣', '🇯🇵🇫🇷🇺🇸', '🧑🏻‍💻 codes', 'a😀b😀😀c', '❤️ ❤ ♥', '👩‍❤️‍💋‍👨', '🧩🧩🧩 puzzle'],
  digits: [
    '0123456789',
    '3.14159',
    '-42',
    '1e-7',
    '1,234,567',
    '٠١٢٣',
    '१२३',
    '²³',
    'Ⅻ ⅷ',
    '½ ¾',
    '12345678901234567890',
    '(3+5)*2=16',
    'x_1 + x_2 = 10',
    '2024-06-30T12:00:00Z',
    '0x1F 0b1010',
    '1'.repeat(300),
  ],
  code: [
    'def f(x):\n    return x ** 2\n',
    'for (let i = 0; i < n; i++) {\n\tsum += a[i];\n}',
    '{"a": [1, 2, {"b": null}], "c": "d"}',
    'const re = /^[\\w.-]+@\\w+\\.\\w{2,}$/u;',
    '\\frac{a}{b} + \\sqrt{x^2} \\times \\div',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '<div class="x">&amp;</div>',
    'SELECT * FROM t WHERE id = 3;',
    '#include <stdio.h>\nint main(void) { return 0; }',
    '    indented\n        more\n',
    'a->b => c :: d',
    '!!!???...,,,',
    '!'.repeat(300),
  ],
  contractions: ["I'm", "YOU'LL", "it's", "'S", "dog's", "rock'n'roll", "don'T", "we've'd", "'re'", "O'Brien's"],
  scripts: [
    'Привет, мир',
    'Γειά σου κόσμε',
    'مرحبا بالعالم',
    'שלום עולם',
    'नमस्ते दुनिया',
    'สวัสดีชาวโลก',
    'Ærø Øresund ßtraße',
    'e\u0301 cafe\u0301 (decomposed)',
    'ﬁ ligature',
    'Ⓐ ⓑ',
    'ℌ𝔢𝔩𝔩𝔬 𝕨𝕠𝕣𝕝𝕕',
  ],
  'control bytes': [Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''), 'a\u0000b', '\u007f\u0080\u009f', 'x\u001by'],
  'added tokens in text': [
    '<|im_start|>user\nhi<|im_end|>\n',
    '<|image_pad|><|image_pad|><|image_pad|>',
    '<|vision_start|><|image_pad|><|vision_end|>Q?',
    '<tool_call>{"a": 1}</tool_call>',
    '<|im_',
    '|>',
    '<|fake|>',
    '<|endoftext|><|endoftext|>',
    'x<|im_end|>y',
    ' <|im_end|> ',
  ],
  long: ['a'.repeat(3000), 'ab '.repeat(800), 'Step 1: move right.\n'.repeat(200)],
};

/** 400 seeded strings mixing every risky piece, so adjacent-piece interactions are covered too. */
function mixtures(): string[] {
  const pieces = [
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    ...SPACES,
    'a',
    'Ab',
    'the',
    "'s",
    "'LL",
    '7',
    '42',
    '.',
    '!?',
    '\\',
    '{',
    '}',
    '迷',
    '宫',
    'の',
    '👍🏽',
    '👨‍👩‍👧',
    '🇫🇷',
    'é',
    'e\u0301',
    'ß',
    'ب',
    '<|im_end|>',
    '<|image_pad|>',
    '\u0000',
  ];
  let s = 20260917;
  const next = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  return Array.from({ length: 400 }, () => Array.from({ length: 1 + next(24) }, () => pieces[next(pieces.length)]).join(''));
}

/** Every generator task at every level (one seeded instance each): questions, both prompt variants, traces. */
function taskStrings(): string[] {
  const out: string[] = [];
  for (const spec of generatorTasks()) {
    for (const level of LEVELS) {
      const g = generateChecked(spec, level, instanceSeed(20, spec.key, level, 0));
      const source = { ...g.instance, images: ['board.png'] };
      out.push(
        g.instance.question,
        g.instance.questionLanguage,
        buildPrompt(source, 'image').text,
        buildPrompt(source, 'text').text,
        g.trace,
        `\\boxed{${answerText(g.instance.answer)}}`,
      );
      if (g.short) out.push(g.short.question, g.short.questionLanguage, g.short.trace);
    }
  }
  return out;
}

interface Mismatch {
  text: string;
  what: string;
  ahpo: unknown;
  rust: unknown;
}

/** Every difference between the two engines on `texts` (ids, decode, decode skipping specials, round trip). */
async function compare(texts: readonly string[]): Promise<{ mismatches: Mismatch[]; tokens: number }> {
  const mismatches: Mismatch[] = [];
  let tokens = 0;
  const differ = (text: string, what: string, a: unknown, r: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(r)) mismatches.push({ text: JSON.stringify(text).slice(0, 120), what, ahpo: a, rust: r });
  };
  for (const text of texts) {
    const ids = await rustIds(rust, text);
    tokens += ids.length;
    differ(text, 'ids', ahpo.encode(text), ids);
    const decoded = ahpo.decode(ids);
    differ(text, 'decode', decoded, await rust.decode(ids, false));
    differ(text, 'decode skipping specials', ahpo.decode(ids, { skipSpecial: true }), await rust.decode(ids, true));
    // The normalizer applies NFC, so only NFC text comes back byte for byte (in both engines).
    if (text === text.normalize('NFC')) differ(text, 'round trip', decoded, text);
  }
  return { mismatches: mismatches.slice(0, 10), tokens };
}

describe("ahpo's tokenizer equals Hugging Face's Rust tokenizers on the real Qwen2.5 tokenizer.json", () => {
  it('the reference is the real file: 151643 BPE tokens + 22 added tokens, Qwen2 pre-tokenizer', () => {
    expect(ahpo.vocabSize).toBe(151665);
    expect(rust.getVocabSize(true)).toBe(151665);
    expect(ahpo.special).toMatchObject({ endOfText: 151643, imStart: 151644, imEnd: 151645, imagePad: 151655, pad: 151643 });
    expect(ahpo.eosIds).toEqual([151645, 151643]);
  });

  for (const [theme, texts] of Object.entries(THEMES)) {
    it(`same ids and decodes: ${theme} (${texts.length} strings)`, async () => {
      expect((await compare(texts)).mismatches).toEqual([]);
    });
  }

  it('same ids and decodes: 400 seeded mixtures of the risky pieces', async () => {
    expect((await compare(mixtures())).mismatches).toEqual([]);
  });

  it("same ids and decodes: every generator task's questions, prompts, traces and answers (levels 1–5)", async () => {
    const texts = taskStrings();
    expect(texts.length).toBeGreaterThanOrEqual(generatorTasks().length * LEVELS.length * 6);
    const { mismatches, tokens } = await compare(texts);
    expect(mismatches).toEqual([]);
    expect(tokens).toBeGreaterThan(100_000); // the corpus is real work, not a handful of strings
  });
});
