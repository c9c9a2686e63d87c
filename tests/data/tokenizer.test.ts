import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDED_TOKENS, TOKENIZER_VERSION, TOTAL_VOCAB, buildTokenizerFiles, makeCorpus, pretokenize } from '../../scripts/build-tokenizer.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer, SPECIAL_TOKEN_NAMES, TokenizerError } from '../../src/data/tokenizer.js';

// Test fixtures poke at arbitrary JSON fields; `any` keeps the edits short.
type Json = Record<string, any>;
const readBuiltin = (name: string): string => readFileSync(join(BUILTIN_TOKENIZER_DIR, name), 'utf8');
const builtinJson = (): Json => JSON.parse(readBuiltin('tokenizer.json')) as Json;
const builtinConfig = (): Json => JSON.parse(readBuiltin('tokenizer_config.json')) as Json;

const tmpRoot = mkdtempSync(join(tmpdir(), 'ahpo-tok-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let tmpCount = 0;
function writeFolder(tokenizerJson: Json | null, config: Json | null): string {
  const dir = join(tmpRoot, `t${tmpCount++}`);
  mkdirSync(dir);
  if (tokenizerJson) writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  if (config) writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return dir;
}

/** The built-in tokenizer re-numbered the way real Qwen2.5-VL numbers its added tokens (151643..151664). */
function qwenNumbered(offset = 151643): { tokenizer: Json; config: Json } {
  const tokenizer = builtinJson();
  const config = builtinConfig();
  tokenizer.added_tokens = tokenizer.added_tokens.map((t: Json, i: number) => ({ ...t, id: offset + i }));
  config.added_tokens_decoder = Object.fromEntries(Object.values(config.added_tokens_decoder as Json).map((t, i) => [String(offset + i), t]));
  return { tokenizer, config };
}

const tok = QwenTokenizer.fromDir();

// Deterministic mix of scripts, symbols and emoji (incl. ZWJ sequences and astral-plane characters).
function unicodeSoup(n: number, seed: number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x370, 0x3ff],
    [0x400, 0x4ff],
    [0x590, 0x6ff],
    [0x900, 0x97f],
    [0x3040, 0x30ff],
    [0x4e00, 0x4fff],
    [0xac00, 0xad00],
    [0x1f300, 0x1f6ff],
    [0x2000, 0x206f],
  ];
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  let out = '';
  for (let i = 0; i < n; i++) {
    const [lo, hi] = ranges[Math.floor(next() * ranges.length)];
    out += String.fromCodePoint(lo + Math.floor(next() * (hi - lo + 1)));
    if (next() < 0.1) out += ['\n', ' ', '\t', '\r\n', '  ', '\u200d'][Math.floor(next() * 6)];
  }
  return out.normalize('NFC');
}

describe('built-in tokenizer files', () => {
  it('are reproduced byte-for-byte by scripts/build-tokenizer.ts', () => {
    const { tokenizerJson, configJson } = buildTokenizerFiles();
    expect(tokenizerJson === readBuiltin('tokenizer.json')).toBe(true);
    expect(configJson === readBuiltin('tokenizer_config.json')).toBe(true);
    expect(builtinConfig().ahpo_tokenizer_version).toBe(TOKENIZER_VERSION);
  });

  it('have the Qwen2 layout: 256 byte symbols, then merges, then the 22 added tokens in Qwen order', () => {
    const j = builtinJson();
    expect(j.normalizer).toEqual({ type: 'NFC' });
    expect(j.pre_tokenizer.pretokenizers[0].behavior).toBe('Isolated');
    expect(j.pre_tokenizer.pretokenizers[1]).toMatchObject({ type: 'ByteLevel', add_prefix_space: false, use_regex: false });
    expect(j.decoder.type).toBe('ByteLevel');
    const vocab = j.model.vocab as Record<string, number>;
    expect(vocab['!']).toBe(0);
    expect(vocab['Ġ']).toBe(220); // byte 0x20, same id as in Qwen's vocab
    expect(Object.keys(vocab).length).toBe(256 + j.model.merges.length);
    expect(j.added_tokens.map((t: Json) => t.content)).toEqual(ADDED_TOKENS.map((t) => t.content));
    expect(j.added_tokens[0].id).toBe(Object.keys(vocab).length);
    expect(tok.vocabSize).toBe(TOTAL_VOCAB);
  });
});

describe('special token ids', () => {
  it('are read from the files by name and agree with added_tokens and added_tokens_decoder', () => {
    const byName = new Map<string, number>(builtinJson().added_tokens.map((t: Json) => [t.content, t.id]));
    for (const [key, name] of Object.entries(SPECIAL_TOKEN_NAMES)) {
      expect(tok.special[key as keyof typeof SPECIAL_TOKEN_NAMES]).toBe(byName.get(name));
      expect(tok.tokenToId(name)).toBe(byName.get(name));
      expect(tok.idToToken(byName.get(name) as number)).toBe(name);
      expect(builtinConfig().added_tokens_decoder[String(byName.get(name))].content).toBe(name);
    }
    expect(tok.special.pad).toBe(tok.special.endOfText);
    expect(tok.eosIds).toEqual([tok.special.imEnd, tok.special.endOfText]);
  });

  it('follow the files when Qwen numbers them 151643.. (nothing hard-coded)', () => {
    const { tokenizer, config } = qwenNumbered();
    const q = QwenTokenizer.fromDir(writeFolder(tokenizer, config));
    expect(q.special).toEqual({
      endOfText: 151643,
      imStart: 151644,
      imEnd: 151645,
      visionStart: 151652,
      visionEnd: 151653,
      imagePad: 151655,
      videoPad: 151656,
      pad: 151643,
    });
    expect(q.eosIds).toEqual([151645, 151643]);
    expect(q.vocabSize).toBe(151665);
    const text = '<|im_start|>user\nHi 🙂<|im_end|>\n';
    const ids = q.encode(text);
    expect(ids[0]).toBe(151644);
    expect(q.decode(ids)).toBe(text);
    // Ids between the BPE vocab and the added tokens name nothing: a clear error, not "undefined" text.
    expect(() => q.decode([5000])).toThrow(/id 5000/);
  });

  it('follow the files even when two tokens swap ids', () => {
    const { tokenizer, config } = qwenNumbered();
    const [a, b] = [tokenizer.added_tokens[0], tokenizer.added_tokens[2]]; // endoftext, im_end
    [a.id, b.id] = [b.id, a.id];
    delete config.added_tokens_decoder;
    const q = QwenTokenizer.fromDir(writeFolder(tokenizer, config));
    expect(q.special.imEnd).toBe(151643);
    expect(q.special.endOfText).toBe(151645);
    expect(q.eosIds).toEqual([151643, 151645]);
  });
});

describe('encode/decode', () => {
  const samples = [
    'Hello world',
    "It's 3+5=8\n\nStep 3: move right to (2,1).",
    '(3+5)*2=16',
    '\\boxed{[1, 2, 3]}',
    'Größe café naïve 日本語 한국어 русский عربى',
    '🙂👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 x',
    '\u00a0nbsp\u3000ideographic\u2028ls',
    '  leading',
    'trailing   ',
    '\r\n\r\n',
    '\t\ttabs\t',
    '12345678901234567890',
    '3.14159e-10 -42 1,000,000',
    "DON'T WE'LL it'S I'd",
    '|1|2|3|\n|4|5|6|\n',
    'X.X..X\n.XX.X.',
    '',
    ' ',
    '\n',
    '\u0000\u0001\u007f',
    unicodeSoup(400, 1),
    unicodeSoup(400, 2),
  ];
  it.each(samples.map((s) => [JSON.stringify(s).slice(0, 40), s]))('round-trips %s exactly', (_label, text) => {
    const ids = tok.encode(text);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tok.vocabSize)).toBe(true);
    expect(tok.decode(ids)).toBe(text);
  });

  it('round-trips every single byte value and every printable ASCII character', () => {
    let ascii = '';
    for (let c = 0; c < 128; c++) ascii += String.fromCharCode(c);
    expect(tok.decode(tok.encode(ascii))).toBe(ascii);
    for (let c = 0; c < 128; c++) expect(tok.encode(String.fromCharCode(c))).toHaveLength(1);
  });

  it('uses merges: common trace text is much shorter than its byte count', () => {
    const text = 'Step 3: move right to (2,1). The final answer MUST BE enclosed within \\boxed{}.';
    expect(tok.encode(text).length).toBeLessThan(Buffer.byteLength(text) / 2);
  });

  it('applies NFC, as Qwen does: decomposed input decodes to the composed form', () => {
    expect(tok.decode(tok.encode('e\u0301'))).toBe('\u00e9');
  });

  it('encodes added tokens atomically and never from partial text', () => {
    const ids = tok.encode('<|im_start|>user');
    expect(ids[0]).toBe(tok.special.imStart);
    expect(ids.slice(1)).toEqual(tok.encode('user'));
    const pads = tok.encode('<|vision_start|><|image_pad|><|vision_end|>');
    expect(pads).toEqual([tok.special.visionStart, tok.special.imagePad, tok.special.visionEnd]);
    expect(tok.encode('<|im_start').includes(tok.special.imStart)).toBe(false);
    expect(tok.encode('a<|im_end|>b')).toEqual([...tok.encode('a'), tok.special.imEnd, ...tok.encode('b')]);
  });

  it('decode skipSpecial drops special markers but keeps non-special added tokens', () => {
    const ids = tok.encode('<|im_start|>assistant\n<tool_call>x</tool_call><|im_end|><|endoftext|>');
    expect(tok.decode(ids, { skipSpecial: true })).toBe('assistant\n<tool_call>x</tool_call>');
    expect(tok.decode(ids)).toBe('<|im_start|>assistant\n<tool_call>x</tool_call><|im_end|><|endoftext|>');
  });

  it('decodes an empty list to "" and rejects ids that name no token', () => {
    expect(tok.decode([])).toBe('');
    expect(() => tok.decode([tok.vocabSize])).toThrow(TokenizerError);
    expect(() => tok.decode([-1])).toThrow(/id -1/);
    expect(() => tok.decode([1.5])).toThrow(/id 1.5/);
  });

  it("library's Split translation matches the trainer's JS regex (same pre-tokens)", () => {
    const lib = new Tokenizer(builtinJson(), builtinConfig());
    const texts = [
      ...makeCorpus()
        .slice(0, 40)
        .map((d) => d.split(/<\|[a-z_]+\|>/).join('')),
      ...samples.filter((s) => s.length > 0),
    ];
    for (const text of texts) expect(lib.pre_tokenizer?.(text.normalize('NFC'))).toEqual(pretokenize(text));
  });
});

describe('loading errors', () => {
  it('names the missing file', () => {
    const dir = writeFolder(null, builtinConfig());
    expect(() => QwenTokenizer.fromDir(dir)).toThrow(new RegExp(`cannot read ${join(dir, 'tokenizer.json')}`));
    const dir2 = writeFolder(builtinJson(), null);
    expect(() => QwenTokenizer.fromDir(dir2)).toThrow(/tokenizer_config\.json/);
  });

  it('names a missing special token and the file', () => {
    const j = builtinJson();
    j.added_tokens = j.added_tokens.filter((t: Json) => t.content !== '<|image_pad|>');
    const c = builtinConfig();
    delete c.added_tokens_decoder;
    expect(() => QwenTokenizer.fromDir(writeFolder(j, c))).toThrow(/tokenizer\.json: added token <\|image_pad\|>/);
  });

  it('rejects disagreeing tokenizer.json / tokenizer_config.json ids and a missing eos_token', () => {
    const { tokenizer } = qwenNumbered();
    expect(() => QwenTokenizer.fromDir(writeFolder(tokenizer, builtinConfig()))).toThrow(/<\|endoftext\|> has id 1002 in .*tokenizer_config\.json but 151643/);
    const c = builtinConfig();
    delete c.eos_token;
    expect(() => QwenTokenizer.fromDir(writeFolder(builtinJson(), c))).toThrow(/eos_token is missing/);
  });

  it('rejects invalid JSON with the file name', () => {
    const dir = writeFolder(null, builtinConfig());
    writeFileSync(join(dir, 'tokenizer.json'), '{ not json');
    expect(() => QwenTokenizer.fromDir(dir)).toThrow(/tokenizer\.json is not valid JSON/);
  });
});
