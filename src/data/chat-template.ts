// Chat prompts. One entry point, renderPrompt: the tokenizer folder's own chat template when it has one
// (folder-chat-template.ts, rendered with @huggingface/jinja), else Qwen2.5-VL's template rendered natively here
// (renderChat; no Jinja engine needed). renderChat mirrors the model's chat_template (spec §5) for every message
// shape ahpo accepts (tests/data/folder-chat-template.test.ts renders both and compares): a default system turn
// when the first message isn't system, content items in list order, each image as
// <|vision_start|><|image_pad|><|vision_end|>, and the generation prompt "<|im_start|>assistant\n". The processor
// step that follows, expanding each single <|image_pad|> to the image's token count, is always ahpo's own.
import { ChatTemplateError } from './folder-chat-template.js';
import type { QwenTokenizer } from './tokenizer.js';
import { SPECIAL_TOKEN_NAMES } from './tokenizer.js';

export { ChatTemplateError };
export const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant.';
const IM_START = SPECIAL_TOKEN_NAMES.imStart;
const IM_END = SPECIAL_TOKEN_NAMES.imEnd;
export const IMAGE_PLACEHOLDER = `${SPECIAL_TOKEN_NAMES.visionStart}${SPECIAL_TOKEN_NAMES.imagePad}${SPECIAL_TOKEN_NAMES.visionEnd}`;

/** The roles Qwen2.5-VL's template renders (it writes any role as `<|im_start|>ROLE\n`; these are the ones used). */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';
/**
 * Content parts, in the shapes transformers' processors and OpenAI's API write: every image form is one image
 * (the pixels travel separately; only the placeholder is rendered).
 */
export type ContentItem = { type: 'text'; text: string } | { type: 'image'; image?: string; url?: string } | { type: 'image_url'; image_url: { url: string } };
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

const ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];
const ITEM_SHAPES = "{type:'text', text:string}, {type:'image'} or {type:'image_url', image_url:{url:string}}";

const isImage = (item: ContentItem): boolean => item.type === 'image' || item.type === 'image_url';

function checkItem(item: unknown, where: string): void {
  const it = item as Record<string, unknown> | null;
  const bad = (why: string): never => {
    throw new ChatTemplateError(`chat: ${where} is ${JSON.stringify(item)}, expected ${ITEM_SHAPES}${why}`);
  };
  if (it === null || typeof it !== 'object' || Array.isArray(it)) bad('.');
  const t = it!.type;
  if (t === 'video' || 'video' in it!) bad(': ahpo preprocesses images only (no video frames).');
  // Qwen's template tests `'image' in content` before `'text' in content`: a text part carrying an image key would
  // render as an image there and as text here, so refuse it rather than guess.
  if (t === 'text' && typeof it!.text === 'string' && !('image' in it!) && !('image_url' in it!)) return;
  if (t === 'image') return;
  const url = (it!.image_url as { url?: unknown } | null | undefined)?.url;
  if (t === 'image_url' && typeof url === 'string') return;
  bad('.');
}

/** Checks messages against the shapes both renderers accept; the message index names what is wrong. */
export function checkMessages(messages: readonly ChatMessage[]): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ChatTemplateError('chat: no messages to render; expected at least one.');
  }
  messages.forEach((m, i) => {
    if (!ROLES.includes(m.role)) {
      throw new ChatTemplateError(`chat: messages[${i}].role is ${JSON.stringify(m.role)}, expected one of ${ROLES.join(', ')}.`);
    }
    if (typeof m.content === 'string') return;
    const content: unknown = m.content;
    if (!Array.isArray(content)) {
      throw new ChatTemplateError(`chat: messages[${i}].content is ${JSON.stringify(content)}, expected a string or a list of ${ITEM_SHAPES}.`);
    }
    content.forEach((item: unknown, j) => checkItem(item, `messages[${i}].content[${j}]`));
  });
}

function renderContent(content: ChatMessage['content'], imageCount: { n: number }, addVisionId: boolean): string {
  if (typeof content === 'string') return content;
  return content
    .map((item) => {
      if (!isImage(item)) return (item as { text: string }).text;
      imageCount.n++;
      return (addVisionId ? `Picture ${imageCount.n}: ` : '') + IMAGE_PLACEHOLDER;
    })
    .join('');
}

/** Render messages with ahpo's built-in Qwen2.5-VL template (single <|image_pad|> per image, not yet expanded). */
export function renderChat(messages: readonly ChatMessage[], options: RenderOptions = {}): string {
  const { addGenerationPrompt = true, addVisionId = false } = options;
  checkMessages(messages);
  const imageCount = { n: 0 };
  let out = '';
  messages.forEach((m, i) => {
    if (i === 0 && m.role !== 'system') out += `${IM_START}system\n${DEFAULT_SYSTEM_PROMPT}${IM_END}\n`;
    out += `${IM_START}${m.role}\n${renderContent(m.content, imageCount, addVisionId)}${IM_END}\n`;
  });
  if (addGenerationPrompt) out += `${IM_START}assistant\n`;
  return out;
}

/**
 * The one way ahpo renders a prompt: with the tokenizer folder's chat template when it has one, else with the
 * built-in Qwen2.5-VL template. Either way the text holds one <|image_pad|> per image, for expansion afterwards.
 */
export function renderPrompt(tok: QwenTokenizer, messages: readonly ChatMessage[], options: RenderOptions = {}): string {
  const template = tok.chatTemplate;
  if (!template) return renderChat(messages, options);
  checkMessages(messages);
  const text = template.render(messages, options);
  const pads = text.split(SPECIAL_TOKEN_NAMES.imagePad).length - 1;
  const images = countImages(messages);
  if (pads !== images) {
    throw new ChatTemplateError(
      `chat: the chat template in ${template.source} rendered ${pads} ${SPECIAL_TOKEN_NAMES.imagePad} ` +
        `for ${images} image(s), expected one per image (ahpo expands each to the image's token count). ` +
        "HINT: the template must write <|vision_start|><|image_pad|><|vision_end|> for each image part, as Qwen2.5-VL's does.",
    );
  }
  return text;
}

/** Which template renderPrompt uses with this tokenizer, for the run log. */
export function describePromptTemplate(tok: QwenTokenizer): string {
  return tok.chatTemplate ? `chat template from ${tok.chatTemplate.source}` : 'built-in Qwen2.5-VL chat template (the folder has none)';
}

/** Number of images in the messages (the length `tokensPerImage` must have). */
export function countImages(messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + (typeof m.content === 'string' ? 0 : m.content.filter(isImage).length), 0);
}

function checkCounts(found: number, tokensPerImage: readonly number[], what: string): void {
  if (found !== tokensPerImage.length) {
    throw new ChatTemplateError(
      `chat: ${what} has ${found} ${SPECIAL_TOKEN_NAMES.imagePad} placeholder(s) but ` +
        `${tokensPerImage.length} image token count(s) were given. HINT: pass one count (gt·gh·gw/4) per image, in order.`,
    );
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
export function expandImagePadIds(ids: readonly number[], imagePadId: number, tokensPerImage: readonly number[]): number[] {
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

/** Render (renderPrompt), tokenize, and expand each image to its token count. */
export function encodePrompt(
  tok: QwenTokenizer,
  messages: readonly ChatMessage[],
  tokensPerImage: readonly number[] = [],
  options: RenderOptions = {},
): number[] {
  return expandImagePadIds(tok.encode(renderPrompt(tok, messages, options)), tok.special.imagePad, tokensPerImage);
}

/**
 * Ids of an assistant completion (a sampled rollout or an expert trace; a training sequence is the prompt's ids
 * from encodePrompt followed by these), tokenized on its own (as the model generates it after the prompt's
 * "assistant\n", so prompt and completion never share a pre-token) with <|im_end|> appended: the end-of-turn
 * token is a completion token the policy must learn to emit. A completion that already ends in <|im_end|>
 * (a sampled rollout that stopped on eos) is not given a second one.
 */
export function encodeCompletion(tok: QwenTokenizer, completion: string): number[] {
  const ids = tok.encode(completion);
  if (ids.length === 0 || ids[ids.length - 1] !== tok.special.imEnd) ids.push(tok.special.imEnd);
  return ids;
}
