// A model folder's own chat template, rendered with @huggingface/jinja (the engine transformers.js uses; it applies
// transformers' trim_blocks/lstrip_blocks). A fine-tune with its own system prompt or turn format must be prompted
// the way it was trained, so a folder's template always wins over ahpo's built-in Qwen2.5-VL one.
//
// Where the template comes from, in transformers' order of precedence:
//   1. chat_template.jinja               the raw template (transformers ≥ 4.5x saves this)
//   2. chat_template.json                {"chat_template": ...}: what the Qwen2.5-VL processor renders with
//   3. tokenizer_config.json             field chat_template
// 2 and 3 hold a string, or a list of {name, template}. From a list, ahpo renders the one named "default": it
// passes no tools, and transformers picks "tool_use" only when tools are passed, otherwise "default" (a list
// without one is an error there too). A lower-precedence template that differs is reported in `notes`, never
// dropped silently. Image-pad expansion is not the template's job: chat-template.ts does it after rendering.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from '@huggingface/jinja';
import type { ChatMessage, RenderOptions } from './chat-template.js';

export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
}

export const CHAT_TEMPLATE_JINJA = 'chat_template.jinja';
export const CHAT_TEMPLATE_JSON = 'chat_template.json';

interface Candidate {
  /** File and field, for messages: `dir/chat_template.json (chat_template)`. */
  source: string;
  text: string;
  notes: string[];
}

const HINT =
  'HINT: fix it, or remove it (the file, or the tokenizer_config.json field) to fall back to the next source ' +
  "(chat_template.jinja, then chat_template.json, then tokenizer_config.json chat_template) or to ahpo's built-in Qwen2.5-VL template.";

/** A string template, or the "default" entry of a list of {name, template} (the two shapes transformers writes). */
function pickTemplate(value: unknown, source: string): Candidate {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new ChatTemplateError(`chat: ${source} is an empty string, expected Jinja template text. ${HINT}`);
    return { source, text: value, notes: [] };
  }
  const shape = 'expected a Jinja template string or a non-empty list of {"name": string, "template": string}';
  if (!Array.isArray(value) || value.length === 0) throw new ChatTemplateError(`chat: ${source} is ${JSON.stringify(value)}, ${shape}. ${HINT}`);
  const byName = new Map<string, string>();
  value.forEach((entry: unknown, i) => {
    const e = entry as { name?: unknown; template?: unknown } | null;
    if (e === null || typeof e !== 'object' || typeof e.name !== 'string' || typeof e.template !== 'string') {
      throw new ChatTemplateError(`chat: ${source}[${i}] is ${JSON.stringify(entry)}, ${shape}. ${HINT}`);
    }
    if (byName.has(e.name)) throw new ChatTemplateError(`chat: ${source} names "${e.name}" twice, expected each name once. ${HINT}`);
    byName.set(e.name, e.template);
  });
  const chosen = byName.get('default');
  if (chosen === undefined) {
    throw new ChatTemplateError(
      `chat: ${source} has templates ${[...byName.keys()].map((n) => `"${n}"`).join(', ')} but none ` +
        'named "default", expected one: ahpo passes no tools, so it renders "default" (as transformers does). ' +
        'HINT: rename the template to use to "default".',
    );
  }
  const others = [...byName.keys()].filter((n) => n !== 'default');
  const notes =
    others.length === 0
      ? []
      : [
          `chat: ${source}: rendering "default"; ${others.map((n) => `"${n}"`).join(', ')} ` +
            'not used (ahpo passes no tools; transformers picks "tool_use" only when tools are passed)',
        ];
  return { ...pickTemplate(chosen, `${source} "default"`), notes };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ChatTemplateError(`chat: cannot read ${file} (${(e as Error).message}). ${HINT}`);
  }
}

/** The template sources present in the folder, highest precedence first. */
function candidates(dir: string | undefined, tokenizerConfig: Record<string, unknown>, tokenizerConfigFile: string): Candidate[] {
  const found: Candidate[] = [];
  if (dir !== undefined && existsSync(join(dir, CHAT_TEMPLATE_JINJA))) {
    const file = join(dir, CHAT_TEMPLATE_JINJA);
    found.push(pickTemplate(readText(file), file));
  }
  if (dir !== undefined && existsSync(join(dir, CHAT_TEMPLATE_JSON))) {
    const file = join(dir, CHAT_TEMPLATE_JSON);
    let json: unknown;
    try {
      json = JSON.parse(readText(file));
    } catch (e) {
      if (e instanceof ChatTemplateError) throw e;
      throw new ChatTemplateError(`chat: ${file} is not valid JSON (${(e as Error).message}). ${HINT}`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json) || !('chat_template' in json)) {
      throw new ChatTemplateError(`chat: ${file} is ${JSON.stringify(json)?.slice(0, 80)}, expected an object with a "chat_template" field. ${HINT}`);
    }
    const { chat_template: value, ...other } = json as Record<string, unknown>;
    const c = pickTemplate(value, `${file} (chat_template)`);
    const extra = Object.keys(other);
    if (extra.length) c.notes.push(`chat: ${file}: field(s) ${extra.join(', ')} not used (only chat_template is read)`);
    found.push(c);
  }
  const inConfig = tokenizerConfig.chat_template;
  // null is how a tokenizer without a template may be saved: the same as no field.
  if (inConfig !== undefined && inConfig !== null) found.push(pickTemplate(inConfig, `${tokenizerConfigFile} (chat_template)`));
  return found;
}

export class FolderChatTemplate {
  readonly source: string;
  readonly text: string;
  /** Templates the folder holds but ahpo does not render, and why (for the run log). */
  readonly notes: readonly string[];
  private readonly compiled: Template;
  private readonly context: Record<string, unknown>;

  /** `specialTokens`: tokenizer_config's bos_token/eos_token/… names, which transformers passes to every template. */
  constructor(text: string, source: string, specialTokens: Record<string, unknown> = {}, notes: readonly string[] = []) {
    this.source = source;
    this.text = text;
    this.notes = notes;
    this.context = specialTokens;
    try {
      this.compiled = new Template(text);
    } catch (e) {
      throw new ChatTemplateError(`chat: the chat template in ${source} does not parse: ${(e as Error).message}. ${HINT}`);
    }
  }

  /** Renders messages (already checked by chat-template.ts) to prompt text, one <|image_pad|> per image. */
  render(messages: readonly ChatMessage[], options: RenderOptions = {}): string {
    try {
      return this.compiled.render({
        ...this.context,
        // Plain copies: the engine walks them as data, and must never see ahpo's objects change under it.
        messages: JSON.parse(JSON.stringify(messages)) as unknown,
        add_generation_prompt: options.addGenerationPrompt ?? true,
        add_vision_id: options.addVisionId ?? false,
        // transformers passes these as None when unused; templates that test `tools is none` need them defined.
        tools: null,
        documents: null,
      });
    } catch (e) {
      throw new ChatTemplateError(
        `chat: the chat template in ${this.source} failed to render ${messages.length} message(s): ` +
          `${(e as Error).message}. HINT: the template may require a message shape ahpo does not send (check its raise_exception ` +
          "conditions), or delete the template file to use ahpo's built-in Qwen2.5-VL template.",
      );
    }
  }
}

/**
 * The folder's chat template, or undefined when it has none (then ahpo's built-in Qwen2.5-VL template renders).
 * `dir` undefined reads only tokenizer_config.json's field (a tokenizer built from JSON objects).
 */
export function loadFolderChatTemplate(
  dir: string | undefined,
  tokenizerConfig: Record<string, unknown>,
  tokenizerConfigFile: string,
  specialTokens: Record<string, unknown> = {},
): FolderChatTemplate | undefined {
  const found = candidates(dir, tokenizerConfig, tokenizerConfigFile);
  if (found.length === 0) return undefined;
  const [chosen, ...shadowed] = found;
  const notes = [...chosen.notes];
  for (const s of shadowed) {
    if (s.text !== chosen.text)
      notes.push(`chat: ${s.source} differs from ${chosen.source} and is not used (${chosen.source} takes precedence, as in transformers)`);
  }
  return new FolderChatTemplate(chosen.text, chosen.source, specialTokens, notes);
}
