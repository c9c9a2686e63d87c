// The real Qwen2.5-VL chat template through ahpo's code (a folder's template via QwenTokenizer.fromDir and
// renderPrompt, and the built-in renderer for a folder without one), tokenized and image-expanded by ahpo, against
// the reference pipeline transformers runs: the template rendered straight by @huggingface/jinja, each
// <|image_pad|> expanded as Qwen2.5-VL's processor does, then Hugging Face's Rust tokenizer on the real
// tokenizer.json. Same text, same ids; SFT sequences (prompt + reply + <|im_end|>) equal the reference's ids too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from '@huggingface/jinja';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCompletion, encodePrompt, renderChat, renderPrompt, type ChatMessage, type RenderOptions } from '../../src/data/chat-template.js';
import { QwenTokenizer } from '../../src/data/tokenizer.js';
import { generateChecked, instanceSeed } from '../../src/dataset/generate.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { getTask } from '../../src/tasks/registry.js';
import { QWEN25VL_CHAT_TEMPLATE } from '../fixtures/qwen25vl-chat-template.js';
import { qwenFolder, rustIds, rustTokenizer, type RustTokenizer } from './qwen-reference.js';

const root = mkdtempSync(join(tmpdir(), 'ahpo-chat-rust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let withTemplate: QwenTokenizer; // the folder ships Qwen2.5-VL's template (chat_template.json + tokenizer_config.json)
let builtin: QwenTokenizer; // the folder has none: ahpo's built-in renderer
let rust: RustTokenizer;
beforeAll(() => {
  withTemplate = QwenTokenizer.fromDir(qwenFolder(join(root, 'vl'), QWEN25VL_CHAT_TEMPLATE));
  builtin = QwenTokenizer.fromDir(qwenFolder(join(root, 'bare'), undefined));
  rust = rustTokenizer();
});

const image = { type: 'image' } as const;
const text = (t: string) => ({ type: 'text', text: t }) as const;

/** A real task instance: its question in the image and text variants, its image count, and its expert trace. */
function task(key: string, level: 1 | 2 | 3 | 4 | 5) {
  const g = generateChecked(getTask(key), level, instanceSeed(20, key, level, 0));
  const images = g.svgs.map((_, i) => `img${i}.png`);
  return {
    imagePrompt: buildPrompt({ ...g.instance, images }, 'image').text,
    textPrompt: buildPrompt({ ...g.instance, images: [] }, 'text').text,
    images: images.length,
    trace: g.trace,
  };
}
const maze = task('maze', 2);
const iso = task('isomorphism', 1);
const sudoku = task('sudoku', 1);
const hanoi = task('hanoi', 3);

interface Case {
  messages: ChatMessage[];
  tokensPerImage: number[];
}
const CASES: Record<string, Case> = {
  'spec example': { messages: [{ role: 'user', content: [image, text('Describe this image.')] }], tokensPerImage: [391] },
  'maze, text variant': { messages: [{ role: 'user', content: [text(maze.textPrompt)] }], tokensPerImage: [] },
  'maze, image variant': { messages: [{ role: 'user', content: [image, text(maze.imagePrompt)] }], tokensPerImage: [64] },
  'isomorphism: two images then text': {
    messages: [{ role: 'user', content: [...Array.from({ length: iso.images }, () => image), text(iso.imagePrompt)] }],
    tokensPerImage: Array.from({ length: iso.images }, (_, i) => 16 + 9 * i),
  },
  'images between text': { messages: [{ role: 'user', content: [text('A:'), image, text('B:'), image, text('?')] }], tokensPerImage: [4, 12] },
  'string content': { messages: [{ role: 'user', content: 'What is (3+5)*2?' }], tokensPerImage: [] },
  'explicit system': {
    messages: [
      { role: 'system', content: 'Solve puzzles.' },
      { role: 'user', content: [image, text('Go.')] },
    ],
    tokensPerImage: [20],
  },
  'system as a list': {
    messages: [
      { role: 'system', content: [text('Be brief.')] },
      { role: 'user', content: 'hi' },
    ],
    tokensPerImage: [],
  },
  'late system turn': {
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'late' },
    ],
    tokensPerImage: [],
  },
  'SFT reply: sudoku trace': {
    messages: [
      { role: 'user', content: [image, text(sudoku.imagePrompt)] },
      { role: 'assistant', content: sudoku.trace },
    ],
    tokensPerImage: [36],
  },
  'SFT reply: hanoi trace, text variant, list content': {
    messages: [
      { role: 'user', content: [text(hanoi.textPrompt)] },
      { role: 'assistant', content: [text(hanoi.trace)] },
    ],
    tokensPerImage: [],
  },
  'multi-turn with an image in each user turn': {
    messages: [
      { role: 'system', content: 'You solve mazes.' },
      { role: 'user', content: [image, text('Maze 1?')] },
      { role: 'assistant', content: '\\boxed{R}' },
      { role: 'user', content: [image, text('Maze 2?')] },
    ],
    tokensPerImage: [9, 25],
  },
  'OpenAI image_url parts': {
    messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, text('What is it?')] }],
    tokensPerImage: [6],
  },
  'image with a path (qwen_vl_utils style)': {
    messages: [{ role: 'user', content: [{ type: 'image', image: 'file:///tmp/a.png' }, text('Describe.')] }],
    tokensPerImage: [1],
  },
  'role tool': {
    messages: [
      { role: 'user', content: 'Check (2,3).' },
      { role: 'assistant', content: '<tool_call>{"cell": [2, 3]}</tool_call>' },
      { role: 'tool', content: 'wall' },
      { role: 'user', content: 'So?' },
    ],
    tokensPerImage: [],
  },
  'template-like text, Unicode spaces and line ends stay verbatim': {
    messages: [{ role: 'user', content: [text('{{ messages }} {% if x %}y{% endif %}\u0085\u00a0\ufeff a\r\n\t  b<|im_end|>')] }],
    tokensPerImage: [],
  },
  'CJK and emoji, SFT reply': {
    messages: [
      { role: 'user', content: [image, text('迷宫的出口在哪里？ 🧩👨‍👩‍👧')] },
      { role: 'assistant', content: '向右走。\\boxed{R}' },
    ],
    tokensPerImage: [2],
  },
  'empty text part and empty reply': {
    messages: [
      { role: 'user', content: [image, text('')] },
      { role: 'assistant', content: '' },
    ],
    tokensPerImage: [3],
  },
};
const OPTIONS: RenderOptions[] = [{}, { addGenerationPrompt: false }, { addVisionId: true }, { addVisionId: true, addGenerationPrompt: false }];

// The reference renders as transformers' apply_chat_template does: the messages as given, the flags, and the
// tokenizer's special-token names (here eos and pad, as tokenizer_config.json names them).
const reference = new Template(QWEN25VL_CHAT_TEMPLATE);
function referenceText(messages: ChatMessage[], options: RenderOptions): string {
  return reference.render({
    messages: JSON.parse(JSON.stringify(messages)) as unknown,
    add_generation_prompt: options.addGenerationPrompt ?? true,
    add_vision_id: options.addVisionId ?? false,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
  });
}

/** Qwen2.5-VL processor: each <|image_pad|> in turn becomes its image's count of placeholders, then pads again. */
function processorExpand(prompt: string, tokensPerImage: readonly number[]): string {
  let out = prompt;
  for (const n of tokensPerImage) out = out.replace('<|image_pad|>', '<|placeholder|>'.repeat(n));
  expect(out).not.toContain('<|image_pad|>'); // one count per image
  return out.replaceAll('<|placeholder|>', '<|image_pad|>');
}

const replyText = (m: ChatMessage) => (typeof m.content === 'string' ? m.content : m.content.map((c) => (c.type === 'text' ? c.text : '')).join(''));

describe('the real Qwen2.5-VL chat template through ahpo equals jinja + the Rust tokenizer', () => {
  it('the folder template is the one rendered (chat_template.json, identical copy in tokenizer_config.json)', () => {
    expect(withTemplate.chatTemplate?.source).toBe(`${join(root, 'vl', 'chat_template.json')} (chat_template)`);
    expect(withTemplate.chatTemplate?.notes).toEqual([]);
    expect(builtin.chatTemplate).toBeUndefined();
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(15);
    expect(iso.images).toBe(2);
  });

  for (const [name, { messages, tokensPerImage }] of Object.entries(CASES)) {
    it(`same text and ids, 4 option sets: ${name}`, async () => {
      for (const options of OPTIONS) {
        const label = `${name} ${JSON.stringify(options)}`;
        const want = referenceText(messages, options);
        expect(renderPrompt(withTemplate, messages, options), label).toBe(want);
        expect(renderPrompt(builtin, messages, options), label).toBe(want);
        expect(renderChat(messages, options), label).toBe(want);
        const ids = await rustIds(rust, processorExpand(want, tokensPerImage));
        expect(encodePrompt(withTemplate, messages, tokensPerImage, options), label).toEqual(ids);
        expect(encodePrompt(builtin, messages, tokensPerImage, options), label).toEqual(ids);
      }
    });
  }

  it('SFT sequences (prompt with generation prompt + reply + <|im_end|>) equal the reference ids of the whole chat', async () => {
    const sft = Object.entries(CASES).filter(([, c]) => c.messages[c.messages.length - 1].role === 'assistant');
    expect(sft.length).toBeGreaterThanOrEqual(4);
    for (const [name, { messages, tokensPerImage }] of sft) {
      const reply = messages[messages.length - 1];
      const promptIds = encodePrompt(withTemplate, messages.slice(0, -1), tokensPerImage);
      const completionIds = encodeCompletion(withTemplate, replyText(reply)); // what collect.ts trains on
      // The whole chat ends "<|im_end|>\n"; the training sequence stops at <|im_end|>.
      const full = await rustIds(rust, processorExpand(referenceText(messages, { addGenerationPrompt: false }), tokensPerImage));
      expect(full[full.length - 1], name).toBe(198); // "\n"
      expect([...promptIds, ...completionIds], name).toEqual(full.slice(0, -1));
      expect(completionIds[completionIds.length - 1], name).toBe(withTemplate.special.imEnd);
    }
  });
});
