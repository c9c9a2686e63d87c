// Peak wasm heap of the rollout prefill against batch size, on the committed base and long prompts (level-3 mazes,
// 603 tokens with one 112-px image each) — the conditions of the `Aborted()` in the eval at --batch 60.
//   npx tsx bench/prefill-memory.ts [--batches 1,24,60,120,200] [--budget-mb 1024]
// The wasm heap only grows, so each figure is the peak so far; batches run in increasing order. Prints, per batch,
// the forward calls the prefill was split into, the heap, and the per-call estimate (memory.ts).
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadProblems } from '../src/data/problems.js';
import { loadModel } from '../src/model/load.js';
import { forwardCallBytes } from '../src/model/memory.js';
import { ModelPolicy } from '../src/rollout/policy.js';
import { preparePrompt } from '../src/rollout/prepare.js';
import { initBackend } from '../src/runtime/backend.js';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '1,24,60,120,200' }, 'budget-mb': { type: 'string' } } });
const batches = values.batches!.split(',').map(Number);
await initBackend('wasm');
const problems = loadProblems(`gen:tasks=maze,levels=3,n=${Math.max(...batches)},seed=9,style=short`, () => {});
const model = await loadModel('models/tiny-vl-base', { seed: 0, trainable: false });
const ctx = { tokenizer: model.tokenizer, config: model.config, processor: model.processor, imageSize: 112 };
const prompts = await Promise.all(problems.map((p) => preparePrompt(p, 'both', ctx)));
const time = Math.max(...prompts.map((p) => p.ids.length));
const budget = values['budget-mb'] ? { budgetBytes: Number(values['budget-mb']) * 2 ** 20 } : undefined;
const policy = new ModelPolicy(model.params, model.config, { budget });
const heap = () => ((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength / 2 ** 20).toFixed(0);
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
console.log(`prompts: ${time} tokens; estimate per row ${mib(forwardCallBytes(model.config, 1, time, time))} MiB`);
for (const b of batches) {
  const pre = policy.prefill(prompts.slice(0, b));
  pre.cache.dispose();
  pre.logits.dispose();
  console.log(`batch ${b}: ${policy.lastPrefillCalls} call(s), wasm heap ${heap()} MiB`);
}
