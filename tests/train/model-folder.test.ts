// A training run from a Hugging Face folder behaves as transformers would with it: generation stops on
// generation_config.json's eos ids as well as config.json's, and prompts use the folder's own chat template.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/backend.js';
import { buildPrompt } from '../../src/tasks/prompt.js';
import { loadConfig } from '../../src/train/config.js';
import { disposeAdamW } from '../../src/train/optimizer.js';
import { setupRun } from '../../src/train/setup.js';

const TEMPLATE =
  '{% for m in messages %}{% if loop.first %}<|im_start|>system\nYou are MazeBot.<|im_end|>\n{% endif %}' +
  "<|im_start|>{{ m['role'] }}\n{% for c in m['content'] %}{{ c['text'] }}{% endfor %}<|im_end|>\n{% endfor %}" +
  '{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('a run from a model folder', () => {
  it('stops on config.json ∪ generation_config.json eos ids and prompts with chat_template.jinja', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ahpo-folder-'));
    const model = join(root, 'model');
    cpSync('models/tiny-vl-base', model, { recursive: true });
    // As Qwen2.5-VL ships: config.json names <|im_end|> only, generation_config.json adds <|endoftext|>.
    const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(model, 'config.json'), JSON.stringify({ ...config, eos_token_id: 1004 }));
    writeFileSync(join(model, 'generation_config.json'), JSON.stringify({ eos_token_id: [1004, 1002], pad_token_id: 1002 }));
    writeFileSync(join(model, 'chat_template.jinja'), TEMPLATE);
    const cfg = loadConfig(undefined, [
      ['run.outDir', root],
      ['model.source', model],
      ['model.backend', 'wasm'],
      ['data.train', 'gen:tasks=maze,levels=1,n=2,seed=7'],
      ['data.eval', 'gen:tasks=maze,levels=1,n=2,seed=2001'],
      ['data.variant', 'text'],
    ]);
    const logs: string[] = [];
    const run = await setupRun(cfg, { log: (m) => logs.push(m) });
    try {
      expect(run.stopIds).toEqual([1004, 1002]);
      expect(logs).toContain(`prompts: chat template from ${join(model, 'chat_template.jinja')}; stop ids [1004,1002]`);
      // The folder's own tokenizer_config.json template is shadowed: said in the log, not dropped silently.
      expect(logs).toContain(
        `chat: ${join(model, 'tokenizer_config.json')} (chat_template) differs from ${join(model, 'chat_template.jinja')} ` +
          `and is not used (${join(model, 'chat_template.jinja')} takes precedence, as in transformers)`,
      );
      const prompt = run.tokenizer.decode((await run.prepare(run.train[0])).ids);
      expect(prompt).toBe(
        `<|im_start|>system\nYou are MazeBot.<|im_end|>\n<|im_start|>user\n${buildPrompt(run.train[0].instance, 'text').text}` +
          '<|im_end|>\n<|im_start|>assistant\n',
      );
    } finally {
      disposeAdamW(run.optimizer);
      for (const v of Object.values(run.params)) v.dispose();
    }
  }, 60_000);
});
