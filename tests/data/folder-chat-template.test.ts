// The folder's own chat template: found where transformers looks (chat_template.jinja > chat_template.json >
// tokenizer_config.json), rendered with @huggingface/jinja, and used by every prompt ahpo renders. The built-in
// Qwen2.5-VL renderer must give the same strings as the real template for every message shape ahpo accepts.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAT_TEMPLATE } from '../../scripts/build-tokenizer.js';
import {
  ChatTemplateError,
  encodePrompt,
  expandImagePads,
  renderChat,
  renderPrompt,
  type ChatMessage,
  type RenderOptions,
} from '../../src/data/chat-template.js';
import { DEFAULT_PROCESSOR_CONFIG } from '../../src/data/image-config.js';
import { loadProblems } from '../../src/data/problems.js';
import { FolderChatTemplate } from '../../src/data/folder-chat-template.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../src/data/tokenizer.js';
import { tokensOf } from '../../src/model/load.js';
import { presetConfig } from '../../src/model/presets.js';
import { preparePrompt } from '../../src/rollout/prepare.js';
import { QWEN25VL_CHAT_TEMPLATE } from '../fixtures/qwen25vl-chat-template.js';

const root = mkdtempSync(join(tmpdir(), 'ahpo-chat-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const builtinConfig = JSON.parse(readFileSync(join(BUILTIN_TOKENIZER_DIR, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
const real = new FolderChatTemplate(QWEN25VL_CHAT_TEMPLATE, 'Qwen2.5-VL chat_template.json', { eos_token: '<|im_end|>', pad_token: '<|endoftext|>' });

let n = 0;
/** A tokenizer folder: the built-in tokenizer.json, its tokenizer_config.json with `chat_template` set as given
 * (undefined: removed), and extra files. */
function tokenizerFolder(chatTemplate: unknown, files: Record<string, string> = {}): string {
  const dir = join(root, `tok${n++}`);
  mkdirSync(dir);
  copyFileSync(join(BUILTIN_TOKENIZER_DIR, 'tokenizer.json'), join(dir, 'tokenizer.json'));
  const { chat_template: _, ...rest } = builtinConfig;
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(chatTemplate === undefined ? rest : { ...rest, chat_template: chatTemplate }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChatTemplateError);
    return (e as Error).message;
  }
  throw new Error('expected a ChatTemplateError');
};

const image = { type: 'image' } as const;
const text = (t: string) => ({ type: 'text', text: t }) as const;
const trace = 'Step 1: move right to (0,1).\nStep 2: move down to (1,1).\n\\boxed{RD}';
// The message shapes ahpo renders (prompt building, SFT traces as assistant turns) and the ones the real template
// accepts besides: string or list content, OpenAI image_url parts, role tool, several images, template-like text.
const CONVERSATIONS: [string, ChatMessage[]][] = [
  ['text prompt (text variant)', [{ role: 'user', content: [text('Solve the maze. Put the answer in \\boxed{}.')] }]],
  ['image prompt (image variant)', [{ role: 'user', content: [image, text('Solve the maze shown.')] }]],
  ['two images then text', [{ role: 'user', content: [image, image, text('Compare.')] }]],
  ['images between text', [{ role: 'user', content: [text('A:'), image, text('B:'), image, text('?')] }]],
  ['string content', [{ role: 'user', content: 'What is (3+5)*2?' }]],
  [
    'explicit system',
    [
      { role: 'system', content: 'Solve puzzles.' },
      { role: 'user', content: [image, text('Go.')] },
    ],
  ],
  [
    'system as a list',
    [
      { role: 'system', content: [text('Be brief.')] },
      { role: 'user', content: 'hi' },
    ],
  ],
  [
    'late system turn',
    [
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'late' },
    ],
  ],
  [
    'SFT reply',
    [
      { role: 'user', content: [image, text('Solve.')] },
      { role: 'assistant', content: trace },
    ],
  ],
  [
    'SFT reply as a list',
    [
      { role: 'user', content: [text('Solve.')] },
      { role: 'assistant', content: [text(trace)] },
    ],
  ],
  [
    'multi-turn',
    [
      { role: 'system', content: 'You solve mazes.' },
      { role: 'user', content: [image, text('Maze 1?')] },
      { role: 'assistant', content: '\\boxed{R}' },
      { role: 'user', content: [image, text('Maze 2?')] },
    ],
  ],
  ['OpenAI image_url parts', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, text('What is it?')] }]],
  ['image with a path (qwen_vl_utils style)', [{ role: 'user', content: [{ type: 'image', image: 'file:///tmp/a.png' }, text('Describe.')] }]],
  [
    'role tool',
    [
      { role: 'user', content: 'Check (2,3).' },
      { role: 'assistant', content: '<tool_call>{"cell": [2, 3]}</tool_call>' },
      { role: 'tool', content: 'wall' },
      { role: 'user', content: 'So?' },
    ],
  ],
  ['template-like and non-ASCII text stays verbatim', [{ role: 'user', content: [text('{{ messages }} {% if x %}y{% endif %} 迷宫 🧩 <|im_end|>\r\n\t ')] }]],
  [
    'empty text part and empty string',
    [
      { role: 'user', content: [image, text('')] },
      { role: 'assistant', content: '' },
    ],
  ],
];
const OPTIONS: RenderOptions[] = [{}, { addGenerationPrompt: false }, { addVisionId: true }, { addVisionId: true, addGenerationPrompt: false }];

describe('the built-in renderer equals the real Qwen2.5-VL template', () => {
  it('the fixture is the template committed with the built-in tokenizer (two transcriptions agree)', () => {
    expect(QWEN25VL_CHAT_TEMPLATE).toBe(CHAT_TEMPLATE);
    expect(builtinConfig.chat_template).toBe(QWEN25VL_CHAT_TEMPLATE);
  });

  for (const [name, messages] of CONVERSATIONS) {
    it(`renders identical strings: ${name}`, () => {
      for (const options of OPTIONS) expect(renderChat(messages, options), JSON.stringify(options)).toBe(real.render(messages, options));
    });
  }

  it('renders the spec example exactly, and a trailing newline after the last tag changes nothing (trim_blocks)', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: [image, text('Describe this image.')] }];
    const expected =
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n' +
      '<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n';
    expect(real.render(messages)).toBe(expected);
    expect(new FolderChatTemplate(`${QWEN25VL_CHAT_TEMPLATE}\n`, 'x').render(messages)).toBe(expected);
  });

  it('the built-in tokenizer folder renders through its template, to the same ids as the built-in renderer', () => {
    const tok = QwenTokenizer.fromDir();
    expect(tok.chatTemplate?.source).toBe(`${join(BUILTIN_TOKENIZER_DIR, 'tokenizer_config.json')} (chat_template)`);
    for (const [, messages] of CONVERSATIONS) expect(renderPrompt(tok, messages)).toBe(renderChat(messages));
    expect(QwenTokenizer.fromDir(tokenizerFolder(undefined)).chatTemplate).toBeUndefined();
  });
});

// A fine-tune's template: another system prompt, and images after the text.
const CUSTOM =
  "{% for m in messages %}{% if loop.first and m['role'] != 'system' %}<|im_start|>system\nYou are MazeBot.<|im_end|>\n{% endif %}" +
  "<|im_start|>{{ m['role'] }}\n{% if m['content'] is string %}{{ m['content'] }}{% else %}" +
  "{% for c in m['content'] %}{% if c['type'] == 'text' %}{{ c['text'] }}{% endif %}{% endfor %}" +
  "{% for c in m['content'] %}{% if c['type'] != 'text' %}<|vision_start|><|image_pad|><|vision_end|>{% endif %}{% endfor %}" +
  '{% endif %}{{ eos_token }}\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}';
const CUSTOM_OUT =
  '<|im_start|>system\nYou are MazeBot.<|im_end|>\n<|im_start|>user\nSolve.<|vision_start|><|image_pad|><|vision_end|>' + '<|im_end|>\n<|im_start|>assistant\n';
const prompt: ChatMessage[] = [{ role: 'user', content: [image, text('Solve.')] }];

describe("the folder's template", () => {
  it('tokenizer_config.json chat_template (a string) renders every prompt, with the special tokens in scope', () => {
    const tok = QwenTokenizer.fromDir(tokenizerFolder(CUSTOM));
    expect(renderPrompt(tok, prompt)).toBe(CUSTOM_OUT);
    const ids = encodePrompt(tok, prompt, [3]);
    expect(tok.decode(ids)).toBe(expandImagePads(CUSTOM_OUT, [3]));
  });

  it('a list of named templates renders "default" and says which it left out; none named "default" is an error', () => {
    const dir = tokenizerFolder([
      { name: 'tool_use', template: 'TOOLS' },
      { name: 'default', template: CUSTOM },
    ]);
    const tok = QwenTokenizer.fromDir(dir);
    expect(renderPrompt(tok, prompt)).toBe(CUSTOM_OUT);
    expect(tok.chatTemplate?.source).toBe(`${join(dir, 'tokenizer_config.json')} (chat_template) "default"`);
    expect(tok.chatTemplate?.notes).toEqual([
      `chat: ${join(dir, 'tokenizer_config.json')} (chat_template): rendering "default"; "tool_use" ` +
        'not used (ahpo passes no tools; transformers picks "tool_use" only when tools are passed)',
    ]);
    const noDefault = tokenizerFolder([
      { name: 'tool_use', template: 'T' },
      { name: 'rag', template: 'R' },
    ]);
    expect(thrown(() => QwenTokenizer.fromDir(noDefault))).toBe(
      `chat: ${join(noDefault, 'tokenizer_config.json')} (chat_template) has ` +
        'templates "tool_use", "rag" but none named "default", expected one: ahpo passes no tools, so it renders "default" (as ' +
        'transformers does). HINT: rename the template to use to "default".',
    );
    expect(thrown(() => QwenTokenizer.fromDir(tokenizerFolder([{ name: 'default' }])))).toMatch(
      /\(chat_template\)\[0\] is \{"name":"default"\}, expected a Jinja template string or a non-empty list of \{"name": string, "template": string\}/,
    );
    expect(thrown(() => QwenTokenizer.fromDir(tokenizerFolder(42)))).toMatch(/\(chat_template\) is 42, expected a Jinja template string/);
  });

  it('chat_template.jinja > chat_template.json > tokenizer_config.json, and a differing one left out is said', () => {
    const json = tokenizerFolder(QWEN25VL_CHAT_TEMPLATE, { 'chat_template.json': JSON.stringify({ chat_template: CUSTOM }) });
    const viaJson = QwenTokenizer.fromDir(json);
    expect(viaJson.chatTemplate?.source).toBe(`${join(json, 'chat_template.json')} (chat_template)`);
    expect(renderPrompt(viaJson, prompt)).toBe(CUSTOM_OUT);
    expect(viaJson.chatTemplate?.notes).toEqual([
      `chat: ${join(json, 'tokenizer_config.json')} (chat_template) differs from ` +
        `${join(json, 'chat_template.json')} (chat_template) and is not used (${join(json, 'chat_template.json')} (chat_template) takes precedence, as in transformers)`,
    ]);
    const jinja = tokenizerFolder(QWEN25VL_CHAT_TEMPLATE, {
      'chat_template.json': JSON.stringify({ chat_template: QWEN25VL_CHAT_TEMPLATE }),
      'chat_template.jinja': CUSTOM,
    });
    const viaJinja = QwenTokenizer.fromDir(jinja);
    expect(viaJinja.chatTemplate?.source).toBe(join(jinja, 'chat_template.jinja'));
    expect(renderPrompt(viaJinja, prompt)).toBe(CUSTOM_OUT);
    expect(viaJinja.chatTemplate?.notes).toHaveLength(2);
    // The same template in several places (Qwen's own folders) is nothing to report.
    const same = QwenTokenizer.fromDir(
      tokenizerFolder(QWEN25VL_CHAT_TEMPLATE, { 'chat_template.json': JSON.stringify({ chat_template: QWEN25VL_CHAT_TEMPLATE }) }),
    );
    expect(same.chatTemplate?.notes).toEqual([]);
  });

  it('a broken template file is an error naming the file', () => {
    const badJson = tokenizerFolder(undefined, { 'chat_template.json': '{"chat_template": ' });
    expect(thrown(() => QwenTokenizer.fromDir(badJson))).toMatch(new RegExp(`^chat: ${join(badJson, 'chat_template.json')} is not valid JSON \\(`));
    const noField = tokenizerFolder(undefined, { 'chat_template.json': '{"template": "x"}' });
    expect(thrown(() => QwenTokenizer.fromDir(noField))).toMatch(/chat_template\.json is \{"template":"x"\}, expected an object with a "chat_template" field/);
    const syntax = tokenizerFolder(undefined, { 'chat_template.jinja': '{% for m in messages %}{{ m.role }' });
    expect(thrown(() => QwenTokenizer.fromDir(syntax))).toMatch(
      new RegExp(`^chat: the chat template in ${join(syntax, 'chat_template.jinja')} does not parse: `),
    );
    expect(thrown(() => QwenTokenizer.fromDir(tokenizerFolder(undefined, { 'chat_template.jinja': ' \n' })))).toMatch(
      /chat_template\.jinja is an empty string/,
    );
  });

  it('a template that fails to render, or drops an image, is an error naming the file', () => {
    const raising = tokenizerFolder("{% if messages[0]['role'] != 'system' %}{{ raise_exception('a system turn must come first') }}{% endif %}x");
    const tok = QwenTokenizer.fromDir(raising);
    expect(thrown(() => renderPrompt(tok, prompt))).toMatch(
      new RegExp(
        `^chat: the chat template in ${join(raising, 'tokenizer_config.json')} ` +
          '\\(chat_template\\) failed to render 1 message\\(s\\): a system turn must come first\\. HINT:',
      ),
    );
    const textOnly = QwenTokenizer.fromDir(tokenizerFolder("{% for m in messages %}{{ m['role'] }}{% endfor %}"));
    expect(thrown(() => renderPrompt(textOnly, prompt))).toMatch(/rendered 0 <\|image_pad\|> for 1 image\(s\), expected one per image/);
  });

  it('both renderers refuse what ahpo cannot feed the model, by message index', () => {
    const tok = QwenTokenizer.fromDir(tokenizerFolder(CUSTOM));
    for (const render of [(m: ChatMessage[]) => renderChat(m), (m: ChatMessage[]) => renderPrompt(tok, m)]) {
      expect(thrown(() => render([{ role: 'user', content: [text('a'), { type: 'video' } as never] }]))).toMatch(
        /^chat: messages\[0\]\.content\[1\] is \{"type":"video"\}, expected .*: ahpo preprocesses images only/,
      );
      expect(thrown(() => render([{ role: 'user', content: [{ type: 'text', text: 'x', image: 'a.png' } as never] }]))).toMatch(
        /messages\[0\]\.content\[0\] is \{"type":"text","text":"x","image":"a\.png"\}/,
      );
      expect(thrown(() => render([{ role: 'user', content: [{ type: 'image_url', image_url: 'a.png' } as never] }]))).toMatch(/messages\[0\]\.content\[0\]/);
      expect(thrown(() => render([{ role: 'developer' as 'user', content: 'x' }]))).toMatch(
        /messages\[0\]\.role is "developer", expected one of system, user, assistant, tool/,
      );
      expect(thrown(() => render([]))).toMatch(/no messages to render/);
    }
  });

  it("the trainer's prompts (preparePrompt, both variants) use the folder's template", async () => {
    const tok = QwenTokenizer.fromDir(tokenizerFolder(CUSTOM));
    const config = presetConfig('tiny-vl', tokensOf(tok), tok.vocabSize);
    const [problem] = loadProblems('gen:tasks=maze,levels=1,n=1,seed=3', () => undefined);
    const ctx = { tokenizer: tok, config, processor: DEFAULT_PROCESSOR_CONFIG, imageSize: 56 };
    const textPrompt = await preparePrompt(problem, 'text', ctx);
    expect(tok.decode(textPrompt.ids)).toMatch(
      /^<\|im_start\|>system\nYou are MazeBot\.<\|im_end\|>\n<\|im_start\|>user\n[^]*<\|im_end\|>\n<\|im_start\|>assistant\n$/,
    );
    const imagePrompt = await preparePrompt(problem, 'image', ctx);
    const decoded = tok.decode(imagePrompt.ids);
    expect(decoded).toMatch(/^<\|im_start\|>system\nYou are MazeBot\.<\|im_end\|>\n<\|im_start\|>user\n/);
    // The custom template puts the image after the text; the pad run is expanded to the image's token count.
    const [t, h, w] = imagePrompt.images![0].gridThw;
    expect(decoded).toContain(`<|vision_start|>${'<|image_pad|>'.repeat((t * h * w) / 4)}<|vision_end|><|im_end|>\n<|im_start|>assistant\n`);
  });
});
