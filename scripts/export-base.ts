// Exports the newest checkpoint of a run as a standalone model folder (config.json, generation_config.json, bf16
// safetensors, tokenizer and chat template, preprocessor config): how models/tiny-vl-base was made from
// checkpoints/base-sft (configs/base-sft.yaml).
//   npx tsx scripts/export-base.ts [RUN_DIR=checkpoints/base-sft] [OUT=models/tiny-vl-base] [--dtype bf16|f32]
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { disposeParams } from '../src/model/params.js';
import { saveModelFolder } from '../src/model/weights.js';
import { initBackend } from '../src/runtime/backend.js';
import { loadCheckpoint } from '../src/train/checkpoint.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dtype: { type: 'string', default: 'bf16' } } });
const [runDir = 'checkpoints/base-sft', out = 'models/tiny-vl-base'] = positionals;
await initBackend('cpu');
const ck = await loadCheckpoint(runDir);
mkdirSync(out, { recursive: true });
// generation_config.json is not listed: saveModelFolder writes it from the checkpoint's config (its stop ids).
const extra = ['tokenizer.json', 'tokenizer_config.json', 'chat_template.json', 'chat_template.jinja', 'preprocessor_config.json']
  .map((f) => join(ck.dir, f))
  .filter((f) => existsSync(f));
await saveModelFolder(out, ck.config, ck.params, { dtype: values.dtype as 'bf16' | 'f32', tokenizerFiles: extra });
if (!existsSync(join(out, 'preprocessor_config.json')) && existsSync(join(ck.dir, 'preprocessor_config.json')))
  copyFileSync(join(ck.dir, 'preprocessor_config.json'), join(out, 'preprocessor_config.json'));
process.stdout.write(`exported ${ck.dir} (step ${ck.step}) to ${out} as ${values.dtype}\n`);
disposeParams(ck.params);
