// Qwen2.5-VL chat prompt, rendered natively (no Jinja engine: we never evaluate template text). Mirrors the
// model's chat_template (spec §5): a default system turn when the first message isn't system, content items in
// list order, each image as <|vision_start|><|image_pad|><|vision_end|>, and the generation prompt
// "<|im_start|>assistant\n". The processor then expands each single <|image_pad|> to the image's token count.
import type { QwenTokenizer } from './tokenizer.js';
import { SPECIAL_TOKEN_NAMES } from './tokenizer.js';

export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant.';
const IM_START = SPECIAL_TOKEN_NAMES.imStart;
const IM_END = SPECIAL_TOKEN_NAMES.imEnd;
export const IMAGE_PLACEHOLDER =
  `${SPECIAL_TOKEN_NAMES.visionStart}${SPECIAL_TOKEN_NAMES.imagePad}${SPECIAL_TOKEN_NAMES.visionEnd}`;

export type ChatRole = 'system' | 'user' | 'assistant';
export type ContentItem = { type: 'text'; text: string } | { type: 'image' };
export interface ChatMessage {
  role: ChatRole;
  /** A plain string renders verbatim; a list renders item by item in order. */
  content: string | readonly ContentItem[];
}

export interface RenderOptions {
  /** Append "<|im_start|>assistant\n" (default true: prompts for generation). */
  addGenerationPrompt?: boolean;
  /** Prefix each image with "Picture k: " (Qwen's add_vision_id; default false). */
  addVisionId?: boolean;
}

export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
}

const ROLES: readonly string[] = ['system', 'user', 'assistant'];

function renderContent(content: ChatMessage['content'], where: string, imageCount: { n: number },
  addVisionId: boolean): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) {
    throw new ChatTemplateError(`chat: ${where}.content must be a string or a list of {type:'text'|'image'} items.`);
  }
  return content.map((item: ContentItem, j) => {
    if (item.type === 'image') {
      imageCount.n++;
      return (addVisionId ? `Picture ${imageCount.n}: ` : '') + IMAGE_PLACEHOLDER;
    }
    if (item.type === 'text' && typeof item.text === 'string') return item.text;
    throw new ChatTemplateError(`chat: ${where}.content[${j}] is ${JSON.stringify(item)}, ` +
      "expected {type:'text', text:string} or {type:'image'}.");
  }).join('');
}

/** Render messages to the Qwen2.5-VL prompt string (single <|image_pad|> per image, not yet expanded). */
export function renderChat(messages: readonly ChatMessage[], options: RenderOptions = {}): string {
  const { addGenerationPrompt = true, addVisionId = false } = options;
  if (messages.length === 0) throw new ChatTemplateError('chat: no messages to render; expected at least one.');
  const imageCount = { n: 0 };
  let out = '';
  messages.forEach((m, i) => {
    if (!ROLES.includes(m.role)) {
      throw new ChatTemplateError(`chat: messages[${i}].role is ${JSON.stringify(m.role)}, expected one of ${ROLES.join(', ')}.`);
    }
    if (i === 0 && m.role !== 'system') out += `${IM_START}system\n${DEFAULT_SYSTEM_PROMPT}${IM_END}\n`;
    out += `${IM_START}${m.role}\n${renderContent(m.content, `messages[${i}]`, imageCount, addVisionId)}${IM_END}\n`;
  });
  if (addGenerationPrompt) out += `${IM_START}assistant\n`;
  return out;
}

/** Number of images in the messages (the length `tokensPerImage` must have). */
export function countImages(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + (typeof m.content === 'string' ? 0
    : m.content.filter((c) => c.type === 'image').length), 0);
}

function checkCounts(found: number, tokensPerImage: readonly number[], what: string): void {
  if (found !== tokensPerImage.length) {
    throw new ChatTemplateError(`chat: ${what} has ${found} ${SPECIAL_TOKEN_NAMES.imagePad} placeholder(s) but ` +
      `${tokensPerImage.length} image token count(s) were given. HINT: pass one count (gt·gh·gw/4) per image, in order.`);
  }
  tokensPerImage.forEach((n, k) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new ChatTemplateError(`chat: image ${k} token count is ${n}, expected a positive integer (gt·gh·gw/4).`);
    }
  });
}

/** Replace the k-th single <|image_pad|> in the prompt text with tokensPerImage[k] copies (HF processor step). */
export function expandImagePads(prompt: string, tokensPerImage: readonly number[]): string {
  const parts = prompt.split(SPECIAL_TOKEN_NAMES.imagePad);
  checkCounts(parts.length - 1, tokensPerImage, 'the prompt');
  return parts.map((p, k) => (k === 0 ? p : SPECIAL_TOKEN_NAMES.imagePad.repeat(tokensPerImage[k - 1]) + p)).join('');
}

/** Same expansion on token ids: cheaper than tokenizing thousands of pad strings. */
export function expandImagePadIds(ids: readonly number[], imagePadId: number,
  tokensPerImage: readonly number[]): number[] {
  checkCounts(ids.filter((id) => id === imagePadId).length, tokensPerImage, 'the prompt ids');
  const out: number[] = [];
  let k = 0;
  for (const id of ids) {
    if (id === imagePadId) {
      for (let r = 0; r < tokensPerImage[k]; r++) out.push(imagePadId);
      k++;
    } else out.push(id);
  }
  return out;
}

/** Tokenize a rendered chat prompt and expand each image to its token count. */
export function encodePrompt(tok: QwenTokenizer, messages: readonly ChatMessage[],
  tokensPerImage: readonly number[] = [], options: RenderOptions = {}): number[] {
  return expandImagePadIds(tok.encode(renderChat(messages, options)), tok.special.imagePad, tokensPerImage);
}

export interface TrainingSequence {
  /** Prompt ids followed by completion ids. */
  inputIds: number[];
  /** Index of the first completion token in inputIds. */
  promptLength: number;
  /** Completion ids, ending with <|im_end|>. */
  completionIds: number[];
}

/**
 * Ids of an assistant completion, tokenized on its own (as the model generates it after the prompt's
 * "assistant\n", so prompt and completion never share a pre-token) with <|im_end|> appended: the end-of-turn
 * token is a completion token the policy must learn to emit. A completion that already ends in <|im_end|>
 * (a sampled rollout that stopped on eos) is not given a second one.
 */
export function encodeCompletion(tok: QwenTokenizer, completion: string): number[] {
  const ids = tok.encode(completion);
  if (ids.length === 0 || ids[ids.length - 1] !== tok.special.imEnd) ids.push(tok.special.imEnd);
  return ids;
}

/** Prompt ids (from encodePrompt) + a completion → one training sequence with the completion boundary. */
export function buildTrainingSequence(tok: QwenTokenizer, promptIds: readonly number[],
  completion: string): TrainingSequence {
  const completionIds = encodeCompletion(tok, completion);
  return { inputIds: [...promptIds, ...completionIds], promptLength: promptIds.length, completionIds };
}
