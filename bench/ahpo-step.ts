// End-to-end AHPO step on the demo config: rollouts + rewards + update, as `ahpo train` runs them.
//   npx tsx bench/ahpo-step.ts [--steps 8] [--rounds 2] [--vs /path/to/other/checkout] [--config configs/ahpo.yaml] [-- --dotted.override=value …]
// Each round trains a fresh run of --steps steps with evaluation, checkpoints and completion logs off, through the
// CLI of each checkout (this one, then --vs when given), alternating A B A B so that drift on a shared machine hits
// both alike. The figures come from the run's metrics.jsonl: the median step time (step 1 excluded: it pays
// XNNPACK's weight packing and the first kernel calls), and the medians of the logged rollout and update tokens/s.
// The CLI is the only interface every commit shares, which is why this drives it rather than the loop directly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './timing.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    steps: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    vs: { type: 'string' },
    config: { type: 'string', default: 'configs/ahpo.yaml' },
  },
});
const steps = Number(values.steps);
const rounds = Number(values.rounds);
if (!(Number.isInteger(steps) && steps >= 3)) throw new Error(`--steps must be an integer ≥ 3 (step 1 is excluded), got ${values.steps}`);

interface Row {
  step: number;
  time: number;
  rolloutTokensPerSec: number;
  trainTokensPerSec: number;
  completionTokens: number;
  accuracy: number;
}

interface Figures {
  stepSeconds: number;
  rolloutTokensPerSec: number;
  trainTokensPerSec: number;
  completionTokens: number;
}

function runOnce(checkout: string, label: string): Figures {
  const out = mkdtempSync(join(tmpdir(), 'ahpo-step-'));
  try {
    const args = [
      join(checkout, 'bin/ahpo.js'),
      'train',
      '--config',
      values.config!,
      `--run.outDir=${out}`,
      `--run.name=bench`,
      `--train.steps=${steps}`,
      '--eval.every=0',
      '--checkpoint.every=0',
      '--log.completionsEvery=0',
      // The run's closing evaluation cannot be turned off: give it a single problem.
      '--data.eval=gen:tasks=maze,levels=2,n=1,seed=2001,style=short',
      ...positionals,
    ];
    const r = spawnSync(process.execPath, args, { cwd: checkout, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${label}: ahpo train exited ${r.status}\n${r.stderr.slice(-4000)}`);
    const rows = readFileSync(join(out, 'bench', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row & { kind: string })
      .filter((row) => row.kind === 'train');
    const stepTimes = rows.slice(1).map((row, i) => row.time - rows[i].time);
    const later = rows.slice(1);
    return {
      stepSeconds: median(stepTimes),
      rolloutTokensPerSec: median(later.map((x) => x.rolloutTokensPerSec)),
      trainTokensPerSec: median(later.map((x) => x.trainTokensPerSec)),
      completionTokens: later.reduce((n, x) => n + x.completionTokens, 0) / later.length,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const checkouts: [string, string][] = [['this', resolve('.')]];
if (values.vs) checkouts.push(['vs', resolve(values.vs)]);
const results = new Map<string, Figures[]>(checkouts.map(([l]) => [l, []]));
for (let round = 0; round < rounds; round++) {
  for (const [label, dir] of checkouts) {
    const f = runOnce(dir, label);
    results.get(label)!.push(f);
    console.log(
      `round ${round + 1} ${label}: ${f.stepSeconds.toFixed(3)} s/step, rollout ${f.rolloutTokensPerSec.toFixed(0)} tok/s, ` +
        `update ${f.trainTokensPerSec.toFixed(0)} tok/s, mean completion ${f.completionTokens.toFixed(1)} tokens`,
    );
  }
}
const summary = (label: string) => {
  const fs = results.get(label)!;
  return { step: median(fs.map((f) => f.stepSeconds)), roll: median(fs.map((f) => f.rolloutTokensPerSec)), upd: median(fs.map((f) => f.trainTokensPerSec)) };
};
const a = summary('this');
console.log(
  `this checkout: median ${a.step.toFixed(3)} s/step (${(1 / a.step).toFixed(3)} steps/s), rollout ${a.roll.toFixed(0)} tok/s, update ${a.upd.toFixed(0)} tok/s`,
);
if (values.vs) {
  const b = summary('vs');
  console.log(
    `vs ${values.vs}: median ${b.step.toFixed(3)} s/step (${(1 / b.step).toFixed(3)} steps/s), rollout ${b.roll.toFixed(0)} tok/s, update ${b.upd.toFixed(0)} tok/s`,
  );
  console.log(`speed-up (vs ÷ this step time): ${(b.step / a.step).toFixed(2)}×; rollout tokens/s ${(a.roll / b.roll).toFixed(2)}×`);
}
