// Per-token log-probabilities of expert traces under a model (teacher forcing): shows WHICH trace tokens a model has
// learned. Tokens it must copy from the prompt (a maze's start cell, the given numbers) sitting near log(1/k) for k
// candidates means the model has not learned to read the prompt yet, however low the mean NLL is.
//   npx tsx scripts/trace-logprobs.ts MODEL_DIR [gen:…] [--variant both|text|image] [--n 2] [--roles]
// --roles sums over the n traces by the part of a short-style maze step line each token belongs to (`hF left`):
// `cell` (the cell's letter), `code` (its one-letter open-move code, copied from the question's line for that
// cell), `move` (the wall follower's move), `end` (` = E` when the cell is E), `answer` (the boxed move list, a copy
// of the moves above), `other` (newlines, braces).
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_PROCESSOR_CONFIG } from '../src/data/image.js';
import { loadProblems } from '../src/data/problems.js';
import { loadModel } from '../src/model/load.js';
import { disposeParams } from '../src/model/params.js';
import { buildVlmBatch, disposeVlmBatch, vlmForward } from '../src/model/vlm.js';
import { preparePrompt } from '../src/rollout/prepare.js';
import { initBackend } from '../src/runtime/backend.js';
import type { PromptVariant } from '../src/tasks/prompt.js';

type Role = 'cell' | 'code' | 'move' | 'end' | 'answer' | 'other';

/** The role of each token of a short-style maze trace (lines `hF left`, `kA = E`), from the decoded tokens alone. */
function mazeRoles(tokens: string[]): Role[] {
  let answer = false;
  return tokens.map((s, k) => {
    if (s.includes('boxed')) answer = true;
    if (answer) return 'answer';
    const lineStart = k === 0 || tokens[k - 1].endsWith('\n');
    if (lineStart && /^[a-z]$/.test(s)) return 'cell';
    if (/^[A-Z]$/.test(s) && k > 0 && /^[a-z]$/.test(tokens[k - 1])) return 'code';
    if (/^ (up|down|left|right)$/.test(s)) return 'move';
    if (s === ' =' || s === ' E') return 'end';
    return 'other';
  });
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { variant: { type: 'string', default: 'both' }, n: { type: 'string', default: '2' }, roles: { type: 'boolean', default: false } },
});
const [modelDir, source = 'gen:tasks=maze,24_points,levels=1,n=1,seed=1,style=short'] = positionals;
if (!modelDir) throw new Error('usage: npx tsx scripts/trace-logprobs.ts MODEL_DIR [gen:…] [--variant both|text|image] [--n 2] [--roles]');
await initBackend('wasm');
const m = await loadModel(modelDir);
const ctx = { tokenizer: m.tokenizer, config: m.config, processor: m.processor ?? DEFAULT_PROCESSOR_CONFIG, imageSize: 112 };
const totals = new Map<Role, { sum: number; n: number; likely: number }>();
for (const p of loadProblems(source)
  .filter((x) => x.trace)
  .slice(0, Number(values.n))) {
  if (values.roles && p.instance.task !== 'maze') {
    throw new Error(
      `--roles reads short-style maze step lines; ${p.key} is task '${p.instance.task}'. Give a maze source, e.g. 'gen:tasks=maze,levels=2,n=20,seed=4242,style=short'`,
    );
  }
  const prompt = await preparePrompt(p, values.variant as PromptVariant, ctx);
  const completion = [...m.tokenizer.encode(p.trace!), m.config.tokens.eosTokenIds[0]];
  const batch = buildVlmBatch(m.config, [[...prompt.ids, ...completion]], prompt.images ?? []);
  const logp = tf.tidy(() => tf.logSoftmax(vlmForward(m.params, m.config, batch).logits as tf.Tensor3D));
  const rows = ((await logp.array()) as number[][][])[0];
  logp.dispose();
  disposeVlmBatch(batch);
  const at = prompt.ids.length - 1;
  const lp = completion.map((t, k) => rows[at + k][t]);
  const text = completion.map((t) => m.tokenizer.decode([t]));
  if (values.roles) {
    mazeRoles(text).forEach((role, k) => {
      const t = totals.get(role) ?? { sum: 0, n: 0, likely: 0 };
      totals.set(role, { sum: t.sum + lp[k], n: t.n + 1, likely: t.likely + (lp[k] > Math.log(0.5) ? 1 : 0) });
    });
    continue;
  }
  const shown = text.map((s, k) => `${JSON.stringify(s)}:${lp[k].toFixed(2)}`);
  const mean = -lp.reduce((s, x) => s + x, 0) / lp.length;
  process.stdout.write(`${p.key} (prompt ${prompt.ids.length} tokens, trace NLL/token ${mean.toFixed(3)})\n${shown.join(' ')}\n\n`);
}
for (const [role, t] of totals) {
  process.stdout.write(
    `${role.padEnd(7)} ${String(t.n).padStart(6)} tokens  mean log p ${(t.sum / t.n).toFixed(3)}  p > 0.5: ${((100 * t.likely) / t.n).toFixed(1)}%\n`,
  );
}
disposeParams(m.params);
