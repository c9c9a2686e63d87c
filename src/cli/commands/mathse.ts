// `ahpo mathse --config FILE [--resume DIR|auto] [--section.key=value …]`: MathSE self-evolving training
// (docs/mathse.md). Exit codes as for `ahpo train`: 0 done; 2 bad input found before any work (an unknown or repeated
// flag, an invalid config, a folder that exists without --resume, a resume whose config differs from the folder's);
// 1 a failure while running. A run killed at any point continues with --resume.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { flattenOverrides } from '../../train/config.js';
import { loadMathseConfig, savedForm, type MathseConfig } from '../../mathse/config.js';
import { mathse, mathseDirOf, type MathseSummary } from '../../mathse/run.js';
import { overridesOf, SECTIONS } from './train.js';

interface Args {
  config?: string;
  resume?: string;
  [key: string]: unknown;
}

/** Dotted keys whose values differ between two configs (what a resume would silently change). */
export function configDifferences(a: MathseConfig, b: MathseConfig): string[] {
  const flat = (c: MathseConfig) => new Map(flattenOverrides(savedForm(c)).map(([k, v]) => [k, JSON.stringify(v)]));
  const [x, y] = [flat(a), flat(b)];
  return [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k)).map((k) => `${k}: ${x.get(k) ?? '(unset)'} → ${y.get(k) ?? '(unset)'}`);
}

export function describeMathse(s: MathseSummary): string {
  const pct = (x?: number) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const trained = s.rounds.filter((r) => r.sft);
  const first = trained[0]?.sft?.eval;
  const last = trained.at(-1)?.sft?.eval;
  const why = {
    rounds: 'all rounds done',
    'nothing-added': 'the last round added no verified path',
    'all-solved': 'the model has solved every training prompt',
  }[s.stop];
  return [
    `mathse finished after round ${s.rounds.at(-1)?.round ?? 0} (${why}); ${s.trainingSeconds.toFixed(0)} s of sampling, reflection and training (evaluations excluded)`,
    `held-out greedy accuracy: round 0 (SFT on the expert traces) ${pct(first?.heldOut)} → last ${pct(last?.heldOut)}${last?.retention !== undefined ? `; retention ${pct(first?.retention)} → ${pct(last.retention)}` : ''}`,
    `model: ${s.finalModel}`,
    `rounds: ${join(s.dir, 'summary.json')}; data per round: ${join(s.dir, 'round-K', 'data')}`,
  ].join('\n');
}

export const mathseCommand: CommandModule<object, Args> = {
  command: 'mathse',
  describe:
    'MathSE: SFT on expert traces, then rounds of sampling, verifier feedback on the first wrong step, reflection, and SFT on every verified path; resumable',
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'YAML config (configs/mathse.yaml): the sections of ahpo train it reads, and mathse: (docs/mathse.md)' })
      .option('resume', { type: 'string', describe: 'continue a mathse folder: its path, or "auto" for the one the config names (started if absent)' })
      .strict(false)
      .example('$0 mathse --config configs/mathse.yaml', 'the sparse-regime experiment of docs/results.md')
      .example('$0 mathse --config configs/mathse.yaml --mathse.rounds=2 --run.name=short', 'override keys with dotted flags')
      .example('$0 mathse --resume checkpoints/mathse', 'continue where a run stopped') as never,
  handler: async (argv) => {
    let configPath = argv.config;
    if (configPath !== undefined && configPath.trim() === '')
      throw new InputError('--config is empty. HINT: give a YAML file (e.g. --config configs/mathse.yaml).');
    const overrides = overridesOf(argv as Record<string, unknown>, [...SECTIONS, 'mathse']);
    let dir: string | undefined;
    if (argv.resume && argv.resume !== 'auto') {
      dir = resolve(argv.resume);
      if (!existsSync(join(dir, 'config.yaml')))
        throw new InputError(
          `--resume ${argv.resume}: no mathse folder there (no ${join(dir, 'config.yaml')}). HINT: give the folder a mathse run made, or --resume auto.`,
        );
      configPath ??= join(dir, 'config.yaml');
      // Resuming a folder runs in that folder, whatever run.name/outDir the config says.
      overrides.push(['run.name', basename(dir)], ['run.outDir', dirname(dir)]);
    }
    const cfg = loadMathseConfig(configPath, overrides);
    dir ??= mathseDirOf(cfg);
    if (argv.resume && existsSync(join(dir, 'config.yaml'))) {
      // A round's data and models depend on every key: a resume continues the run it started, with its config.
      const saved = loadMathseConfig(join(dir, 'config.yaml'), [
        ['run.name', basename(dir)],
        ['run.outDir', dirname(dir)],
      ]);
      const diff = configDifferences(saved, cfg);
      if (diff.length > 0)
        throw new InputError(
          `--resume ${dir}: the configuration differs from the folder's config.yaml (${diff.join('; ')}). HINT: resume with the folder's own config (--resume ${dir} alone), or start a new run with another --run.name.`,
        );
    }
    const tty = process.stderr.isTTY;
    const summary = await mathse(cfg, {
      configPath,
      resume: Boolean(argv.resume),
      // On a terminal one redrawn line; in a log, SFT step lines as `ahpo train` writes them, sampling at pass ends.
      progress: (line, final) => {
        if (tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
        else if (final || line.includes(' sft: ')) process.stderr.write(`${line}\n`);
      },
    });
    process.stdout.write(`${describeMathse(summary)}\n`);
  },
};
