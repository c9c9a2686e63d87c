import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAT_TEMPLATE } from '../../scripts/build-tokenizer.js';
import {
  ChatTemplateError,
  countImages,
  encodeCompletion,
  encodePrompt,
  expandImagePadIds,
  expandImagePads,
  renderChat,
  type ChatMessage,
} from '../../src/data/chat-template.js';
import { BUILTIN_TOKENIZER_DIR, QwenTokenizer } from '../../src/data/tokenizer.js';

const tok = QwenTokenizer.fromDir();
const PAD = '<|image_pad|>';

describe('renderChat', () => {
  it('renders the spec §5 example exactly', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }];
    expect(renderChat(messages)).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n' +
        '<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('keeps an explicit first system turn and renders string content verbatim, multi-turn', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Solve puzzles.' },
      { role: 'user', content: 'What is (3+5)*2?' },
      { role: 'assistant', content: 'Step 1: 3+5=8\nStep 2: 8*2=16\n\\boxed{16}' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'And ' },
          { type: 'text', text: 'now?' },
        ],
      },
    ];
    expect(renderChat(messages)).toBe(
      '<|im_start|>system\nSolve puzzles.<|im_end|>\n<|im_start|>user\nWhat is (3+5)*2?<|im_end|>\n' +
        '<|im_start|>assistant\nStep 1: 3+5=8\nStep 2: 8*2=16\n\\boxed{16}<|im_end|>\n' +
        '<|im_start|>user\nAnd now?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('places images in list order, with "Picture k: " only when addVisionId, and no generation prompt on request', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'A:' }, { type: 'image' }, { type: 'text', text: 'B:' }, { type: 'image' }] },
    ];
    const body = '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n';
    expect(renderChat(messages, { addGenerationPrompt: false })).toBe(
      body + 'A:<|vision_start|><|image_pad|><|vision_end|>B:<|vision_start|><|image_pad|><|vision_end|><|im_end|>\n',
    );
    expect(renderChat(messages, { addVisionId: true, addGenerationPrompt: false })).toBe(
      body + 'A:Picture 1: <|vision_start|><|image_pad|><|vision_end|>B:Picture 2: <|vision_start|><|image_pad|>' + '<|vision_end|><|im_end|>\n',
    );
    expect(countImages(messages)).toBe(2);
  });

  it('a system message that is not first is an ordinary turn (default system still prepended)', () => {
    const out = renderChat(
      [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'late' },
      ],
      { addGenerationPrompt: false },
    );
    expect(out).toBe('<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n' + '<|im_start|>system\nlate<|im_end|>\n');
  });

  it('rejects bad input with the message index', () => {
    expect(() => renderChat([])).toThrow(ChatTemplateError);
    expect(() => renderChat([{ role: 'developer' as 'user', content: 'x' }])).toThrow(/messages\[0\]\.role is "developer"/);
    expect(() => renderChat([{ role: 'user', content: [{ type: 'video' } as never] }])).toThrow(/messages\[0\]\.content\[0\]/);
  });

  it('matches the chat_template committed in tokenizer_config.json (the real Qwen2.5-VL template text)', () => {
    const config = JSON.parse(readFileSync(join(BUILTIN_TOKENIZER_DIR, 'tokenizer_config.json'), 'utf8')) as { chat_template: string };
    expect(tok.chatTemplate?.text).toBe(config.chat_template);
    expect(config.chat_template).toBe(CHAT_TEMPLATE);
  });
});

describe('image pad expansion', () => {
  const twoImages = renderChat([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'vs' }, { type: 'image' }] }]);

  it('expands each single <|image_pad|> to its own count, in order', () => {
    const out = expandImagePads(twoImages, [3, 1]);
    expect(out).toContain(`<|vision_start|>${PAD.repeat(3)}<|vision_end|>vs<|vision_start|>${PAD}<|vision_end|>`);
    expect(out.split(PAD).length - 1).toBe(4);
  });

  it('id-level expansion equals tokenizing the expanded string', () => {
    const counts = [4, 2];
    const viaIds = expandImagePadIds(tok.encode(twoImages), tok.special.imagePad, counts);
    expect(viaIds).toEqual(tok.encode(expandImagePads(twoImages, counts)));
    expect(encodePrompt(tok, [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'vs' }, { type: 'image' }] }], counts)).toEqual(viaIds);
    expect(viaIds.filter((id) => id === tok.special.imagePad)).toHaveLength(6);
  });

  it('a count mismatch or a bad count is a clear error', () => {
    expect(() => expandImagePads(twoImages, [3])).toThrow(/2 <\|image_pad\|> placeholder\(s\) but 1 image token count/);
    expect(() => expandImagePadIds(tok.encode(twoImages), tok.special.imagePad, [1, 2, 3])).toThrow(/but 3 image/);
    expect(() => expandImagePads(twoImages, [3, 0])).toThrow(/image 1 token count is 0/);
    expect(() => encodePrompt(tok, [{ role: 'user', content: 'text only' }], [5])).toThrow(/0 <\|image_pad\|>/);
  });
});

describe('prompt + completion ids', () => {
  const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Solve the maze.' }] }];

  it('prompt ids decode back to the rendered prompt and start with <|im_start|>', () => {
    const ids = encodePrompt(tok, messages, [1]);
    expect(ids[0]).toBe(tok.special.imStart);
    expect(tok.decode(ids)).toBe(renderChat(messages));
    expect(ids.slice(-3)).toEqual(tok.encode('<|im_start|>assistant\n'));
  });

  it('completion ids end with exactly one <|im_end|>, which counts as a completion token', () => {
    const ids = encodeCompletion(tok, 'Step 1: move right to (0,1).\n\\boxed{R}');
    expect(ids[ids.length - 1]).toBe(tok.special.imEnd);
    expect(ids.filter((id) => id === tok.special.imEnd)).toHaveLength(1);
    expect(encodeCompletion(tok, 'done<|im_end|>')).toEqual([...tok.encode('done'), tok.special.imEnd]);
    expect(encodeCompletion(tok, '')).toEqual([tok.special.imEnd]);
  });

  it('prompt ids + completion ids decode to the whole chat up to its last <|im_end|> (a training sequence)', () => {
    const inputIds = [...encodePrompt(tok, messages, [2]), ...encodeCompletion(tok, '\\boxed{RRD}')];
    expect(tok.decode(inputIds)).toBe(expandImagePads(renderChat(messages), [2]) + '\\boxed{RRD}<|im_end|>');
  });
});
