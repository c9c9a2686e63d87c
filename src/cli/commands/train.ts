// `ahpo train --config FILE [--resume RUN_DIR|auto] [--section.key=value …]`: YAML, then dotted overrides, then one
// strict schema. Exit codes (set in src/cli/main.ts): 0 done or stopped cleanly (resume later); 2 bad input, found
// before training starts — an unknown or repeated flag, an empty `--config ""`, a config file that is missing, empty,
// not YAML or invalid, unusable record images, or a run folder that exists (resume it or pick another name);
// 1 a failure while running (a crash, an abort after non-finite steps).
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { readCompletions } from '../../eval/model-eval.js';
import { describePaired, pairedComparison } from '../../eval/paired.js';
import { flattenOverrides, loadConfig, repeatedKeyMessage, type Config } from '../../train/config.js';
import { train, type TrainSummary } from '../../train/loop.js';
import { runDirOf } from '../../train/setup.js';

export const SECTIONS = ['run', 'model', 'data', 'ahpo', 'rollout', 'train', 'eval', 'log', 'checkpoint', 'rewards'];

interface Args {
  config?: string;
  resume?: string;
  [key: string]: unknown;
}

/**
 * The dotted overrides among the parsed arguments; any other unknown flag, or a repeated key, is an error. `sections`:
 * the config sections a command reads (`ahpo mathse` adds its own).
 */
export function overridesOf(argv: Record<string, unknown>, sections: readonly string[] = SECTIONS): [string, unknown][] {
  const known = new Set(['_', '$0', 'config', 'resume', 'help', 'version']);
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(argv)) {
    if (known.has(k)) continue;
    if (!sections.includes(k))
      throw new InputError(`unknown option --${k}. HINT: overrides are --section.key=value with section one of ${sections.join(', ')} (docs/config.md)`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(`--${k} needs a key: --${k}.<key>=<value>`);
    for (const [key, value] of flattenOverrides({ [k]: v })) {
      // yargs turns a repeated key into an array of its values; a YAML list value (--data.exclude=[a,b]) arrives as
      // a string, so an array here is always a repeat. (main.ts refuses repeats from the raw arguments first, since
      // yargs adds rather than collects a repeat whose value is 1; this keeps overridesOf safe on its own.)
      if (Array.isArray(value)) throw new InputError(repeatedKeyMessage(`--${key}`, value));
      out.push([key, value]);
    }
  }
  return out;
}

/** First vs last evaluation of one problem set, paired by problem (eval/step-N[-retention].jsonl). */
function pairedLine(s: TrainSummary, suffix: '' | '-retention'): string | undefined {
  if (!s.firstEval || !s.lastEval || s.firstEval.step === s.lastEval.step) return undefined;
  const read = (step: number) => [...readCompletions(join(s.dir, 'eval', `step-${step}${suffix}.jsonl`)).values()];
  return describePaired(pairedComparison(read(s.firstEval.step), read(s.lastEval.step)));
}

export function describeSummary(s: TrainSummary, cfg: Config): string {
  const pct = (x?: number) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const xi = s.xiShares;
  const tenth = Math.max(1, Math.ceil(xi.length / 5));
  const phases = Array.from({ length: Math.ceil(xi.length / tenth) }, (_, i) => xi.slice(i * tenth, (i + 1) * tenth)).map((p) =>
    (p.reduce((a, b) => a + b, 0) / p.length).toFixed(2),
  );
  const held = pairedLine(s, '');
  const kept = s.lastEval?.retention ? pairedLine(s, '-retention') : undefined;
  return [
    `run ${s.status === 'done' ? 'finished' : 'stopped'} at step ${s.step}/${cfg.train.steps} (mode ${cfg.ahpo.mode}, R̂ ${cfg.ahpo.threshold})`,
    held
      ? `held-out greedy accuracy, step ${s.firstEval!.step} → ${s.lastEval!.step}: ${held}`
      : `held-out greedy accuracy: start ${pct(s.firstEval?.overall)} (step ${s.firstEval?.step ?? '-'}) → end ${pct(s.lastEval?.overall)} (step ${s.lastEval?.step ?? '-'}), ${s.lastEval?.n ?? 0} problems`,
    ...(kept ? [`retention (problems the start model solved), step ${s.firstEval!.step} → ${s.lastEval!.step}: ${kept}`] : []),
    `ξ share over the run (5 phases): ${phases.join(' → ') || 'n/a'}`,
    `checkpoint: ${join(s.dir, 'latest')} → ${join(s.dir, `step-${s.step}`)}`,
    `metrics: ${join(s.dir, 'metrics.jsonl')}; completions: ${join(s.dir, 'completions.jsonl')}; plots: ${join(s.dir, 'plots')}`,
    `read the completions: ahpo board ${s.dir}; every mode and R̂ measured against the base: docs/results.md`,
  ].join('\n');
}

export const trainCommand: CommandModule<object, Args> = {
  command: 'train',
  describe: 'train with AHPO (or a baseline: static, grpo, sft, luffy, sft-grpo, hpt) from a YAML config with dotted overrides; resumable',
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'YAML config (configs/ahpo.yaml); every key is documented in docs/config.md' })
      .option('resume', { type: 'string', describe: 'continue a run: its folder, or "auto" for the run named by the config' })
      .strict(false)
      .example('$0 train --config configs/ahpo.yaml', 'the embedded CPU demo run')
      .example('$0 train --config configs/ahpo.yaml --ahpo.threshold=3 --run.name=r3', 'override keys with dotted flags')
      .example('$0 train --resume checkpoints/ahpo-demo', 'continue where a run stopped') as never,
  handler: async (argv) => {
    let configPath = argv.config;
    // An empty path (`--config ""`, or `--config $UNSET_VAR`) must not mean "no config": that trains on defaults.
    if (configPath !== undefined && configPath.trim() === '') {
      throw new InputError(
        '--config is empty. HINT: give a YAML file (e.g. --config configs/ahpo.yaml), or leave --config out to start from the built-in defaults.',
      );
    }
    let runDir: string | undefined;
    if (argv.resume && argv.resume !== 'auto') {
      runDir = resolve(argv.resume);
      if (!existsSync(runDir))
        throw new InputError(
          `--resume ${argv.resume}: no such run folder (${runDir}). HINT: give a run folder (checkpoints/<run.name>), or --resume auto for the run the config names.`,
        );
      configPath ??= join(runDir, 'config.yaml');
    }
    const overrides = overridesOf(argv as Record<string, unknown>);
    // Resuming a folder trains into that folder, whatever run.name/outDir the config says.
    if (runDir) overrides.push(['run.name', basename(runDir)], ['run.outDir', dirname(runDir)]);
    const cfg = loadConfig(configPath, overrides);
    const resume = argv.resume ? runDirOf(cfg) : undefined;
    const tty = process.stderr.isTTY;
    // A RunExistsError (the folder exists, no --resume) propagates: main.ts reports it and exits 2.
    const summary = await train(cfg, {
      configPath,
      resume,
      progress: (line, final) => process.stderr.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`),
    });
    process.stdout.write(`${describeSummary(summary, cfg)}\n`);
  },
};
