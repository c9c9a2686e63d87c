// Qwen2-style byte-level BPE tokenizer, loaded from a Hugging Face folder (tokenizer.json + tokenizer_config.json)
// through `@huggingface/tokenizers`. The same path serves ahpo's built-in data/tokenizer and a real Qwen2.5-VL
// checkpoint folder; every special-token id is read from the files by name, never hard-coded, because the
// built-in tokenizer puts them at 1002.. while Qwen puts them at 151643..
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadFolderChatTemplate, type FolderChatTemplate } from './folder-chat-template.js';

/** Folder of the committed built-in tokenizer (see docs/tokenizer.md). */
export const BUILTIN_TOKENIZER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'tokenizer');

/** Added-token names the chat template and the rollout need. Missing any of them is an error at load time. */
export const SPECIAL_TOKEN_NAMES = {
  endOfText: '<|endoftext|>',
  imStart: '<|im_start|>',
  imEnd: '<|im_end|>',
  visionStart: '<|vision_start|>',
  visionEnd: '<|vision_end|>',
  imagePad: '<|image_pad|>',
  videoPad: '<|video_pad|>',
} as const;

export type SpecialTokenIds = { [K in keyof typeof SPECIAL_TOKEN_NAMES]: number } & {
  /** Padding id: tokenizer_config `pad_token` (Qwen: `<|endoftext|>`). */
  pad: number;
};

export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
}

export interface DecodeOptions {
  /** Drop tokens marked `special` (chat and vision markers); added tokens like `<tool_call>` are kept, as in HF. */
  skipSpecial?: boolean;
}

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TokenizerError(
      `tokenizer: cannot read ${file} (${(err as Error).message}). ` +
        'HINT: a tokenizer folder needs tokenizer.json and tokenizer_config.json (Hugging Face layout).',
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new TokenizerError(`tokenizer: ${file} is not valid JSON: ${(err as Error).message}.`);
  }
}

/** tokenizer_config token fields are a string or (older files) an AddedToken-like object. */
function tokenName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

export class QwenTokenizer {
  readonly special: SpecialTokenIds;
  /** Stop ids for generation: the config's eos_token first (Qwen: `<|im_end|>`), then `<|endoftext|>`. */
  readonly eosIds: readonly number[];
  /** Max id + 1 over the BPE vocab and the added tokens (a model's embedding may be padded beyond this). */
  readonly vocabSize: number;
  /**
   * The folder's chat template (chat_template.jinja, chat_template.json or tokenizer_config.json chat_template; see
   * folder-chat-template.ts), or undefined: prompts then use the built-in Qwen2.5-VL template (renderPrompt).
   */
  readonly chatTemplate: FolderChatTemplate | undefined;
  private readonly tok: Tokenizer;
  private readonly idToTokenTable: (string | undefined)[];

  /** Load `<dir>/tokenizer.json` and `<dir>/tokenizer_config.json`, and the folder's chat template files. */
  static fromDir(dir: string = BUILTIN_TOKENIZER_DIR): QwenTokenizer {
    const tokenizerFile = join(dir, 'tokenizer.json');
    const configFile = join(dir, 'tokenizer_config.json');
    return new QwenTokenizer(readJson(tokenizerFile), readJson(configFile), tokenizerFile, configFile, dir);
  }

  /** `dir`: the folder to look for chat_template.jinja / chat_template.json in (none: only tokenizer_config's field). */
  constructor(
    tokenizerJson: Record<string, unknown>,
    configJson: Record<string, unknown>,
    tokenizerFile = 'tokenizer.json',
    configFile = 'tokenizer_config.json',
    dir?: string,
  ) {
    const model = tokenizerJson.model as { type?: unknown; vocab?: unknown } | undefined;
    if (model === undefined || typeof model.vocab !== 'object' || model.vocab === null || Array.isArray(model.vocab)) {
      throw new TokenizerError(
        `tokenizer: ${tokenizerFile}: expected model.vocab to be an object of token → id. ` +
          'HINT: only BPE tokenizer.json files (Qwen2 style) are supported.',
      );
    }
    if (model.type !== 'BPE') {
      throw new TokenizerError(`tokenizer: ${tokenizerFile}: model.type is ${JSON.stringify(model.type)}, expected "BPE".`);
    }
    const added = tokenizerJson.added_tokens;
    if (!Array.isArray(added)) {
      throw new TokenizerError(`tokenizer: ${tokenizerFile}: expected an added_tokens array (the Qwen special tokens).`);
    }
    const addedTokens = added as AddedTokenJson[];
    this.tok = new Tokenizer(tokenizerJson, configJson);

    const vocab = model.vocab as Record<string, number>;
    this.idToTokenTable = [];
    for (const [token, id] of Object.entries(vocab)) this.idToTokenTable[id] = token;
    for (const t of addedTokens) this.idToTokenTable[t.id] = t.content;
    this.vocabSize = this.idToTokenTable.length;

    const addedId = new Map(addedTokens.map((t) => [t.content, t.id]));
    checkConfigAgrees(configJson, addedId, tokenizerFile, configFile);
    const idOf = (name: string, why: string): number => {
      const id = addedId.get(name);
      if (id === undefined) {
        throw new TokenizerError(
          `tokenizer: ${tokenizerFile}: added token ${name} (${why}) not found in added_tokens. ` +
            'HINT: use a Qwen2.5-VL tokenizer folder or ahpo data/tokenizer (rebuild: scripts/build-tokenizer.ts).',
        );
      }
      return id;
    };
    const ids = Object.fromEntries(Object.entries(SPECIAL_TOKEN_NAMES).map(([key, name]) => [key, idOf(name, `needed as ${key}`)])) as Omit<
      SpecialTokenIds,
      'pad'
    >;
    const padName = tokenName(configJson.pad_token) ?? SPECIAL_TOKEN_NAMES.endOfText;
    const eosName = tokenName(configJson.eos_token);
    if (eosName === undefined) {
      throw new TokenizerError(`tokenizer: ${configFile}: eos_token is missing. HINT: Qwen2.5-VL uses "<|im_end|>".`);
    }
    this.special = { ...ids, pad: idOf(padName, `pad_token in ${configFile}`) };
    this.eosIds = [...new Set([idOf(eosName, `eos_token in ${configFile}`), ids.imEnd, ids.endOfText])];
    this.chatTemplate = loadFolderChatTemplate(dir, configJson, configFile, templateTokens(configJson));
  }

  /** Text → ids. No BOS/EOS is added (Qwen adds none); added tokens in the text are matched atomically. */
  encode(text: string): number[] {
    if (text.length === 0) return [];
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  /** Ids → text. Exact inverse of encode for NFC text (the normalizer applies NFC before splitting). */
  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    // The library throws on an empty list and maps unknown ids to the string "undefined"; check both here.
    if (ids.length === 0) return '';
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize || this.idToTokenTable[id] === undefined) {
        throw new TokenizerError(
          `tokenizer: decode got id ${id}, expected an integer in [0, ${this.vocabSize}) ` +
            'that names a token. HINT: the model vocab may be padded past the tokenizer; mask those logits.',
        );
      }
    }
    // clean_up_tokenization_spaces would rewrite " ." to "." — never wanted for exact round-trips.
    return this.tok.decode([...ids], {
      skip_special_tokens: options.skipSpecial ?? false,
      clean_up_tokenization_spaces: false,
    });
  }

  tokenToId(token: string): number | undefined {
    return this.tok.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.idToTokenTable[id];
  }
}

// transformers passes the tokenizer's special_tokens_map to every chat template (`{{ bos_token }}`, …); unset ones
// stay undefined there too.
const TEMPLATE_TOKEN_FIELDS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];

function templateTokens(configJson: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TEMPLATE_TOKEN_FIELDS) {
    const name = tokenName(configJson[f]);
    if (name !== undefined) out[f] = name;
  }
  const extra = configJson.additional_special_tokens;
  if (Array.isArray(extra)) out.additional_special_tokens = extra.map(tokenName).filter((n) => n !== undefined);
  return out;
}

/** tokenizer_config.json's added_tokens_decoder (when present) must give the same ids as tokenizer.json. */
function checkConfigAgrees(configJson: Record<string, unknown>, addedId: Map<string, number>, tokenizerFile: string, configFile: string): void {
  const decoder = configJson.added_tokens_decoder;
  if (decoder === undefined) return;
  if (decoder === null || typeof decoder !== 'object') {
    throw new TokenizerError(`tokenizer: ${configFile}: added_tokens_decoder must be an object of id → token.`);
  }
  for (const [idText, entry] of Object.entries(decoder as Record<string, unknown>)) {
    const name = tokenName(entry);
    if (name === undefined) continue;
    const id = addedId.get(name);
    if (id !== undefined && id !== Number(idText)) {
      throw new TokenizerError(
        `tokenizer: ${name} has id ${idText} in ${configFile} but ${id} in ${tokenizerFile}. ` + 'HINT: the two files come from different tokenizers.',
      );
    }
  }
}
