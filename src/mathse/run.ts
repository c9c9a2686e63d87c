// MathSE (arXiv 2511.06805) as one resumable command: SFT on the expert traces (round 0), then rounds k = 1..K of
//   sample   the last model answers the prompts it has not solved yet, N times (samples/sample-j.jsonl)
//   reflect  for prompts still unsolved, a wrong answer + feedback on its first wrong step → corrections (reflections/)
//   data     verified answers and verified corrections join the data (de-duplicated, capped per prompt): data/
//   sft      an ordinary `ahpo train` run in mode sft on all data so far (sft/), from the base or the last model
//   summary  round-k/summary.json, the printed round line, summary.json over all rounds
// stopping after K rounds, or after a round that adds no path (its SFT would train on the same data again). Folder
// layout and the design choices: docs/mathse.md.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { loadProblems, type Problem } from '../data/problems.js';
import { InputError } from '../errors.js';
import type { CompletionRecord } from '../eval/model-eval.js';
import { initBackend } from '../runtime/backend.js';
import { makeRng } from '../tasks/common/rng.js';
import { writeFileAtomic } from '../io/atomic.js';
import { resolveConfig, type Config } from '../train/config.js';
import { crashPoint } from '../train/crash-points.js';
import { train } from '../train/loop.js';
import { lockRunDir } from '../train/run-lock.js';
import { savedForm, type MathseConfig } from './config.js';
import { checkData, countPaths, expertPaths, readData, writeData, writeImages } from './data.js';
import { createFeedback, type FeedbackFn } from './feedback.js';
import { reflectionProblem } from './reflection.js';
import {
  dataDir,
  emptyRound,
  feedbackItems,
  growData,
  passPath,
  readItems,
  readPass,
  readRoundData,
  readSolved,
  roundDir,
  writeRoundData,
} from './round-files.js';
import { loadSampler, samplePass, sampleSeed, type Sampler } from './sample.js';
import { readRoundSummary, readState, roundLine, writeState, type MathseState, type RoundEval, type RoundSummary, type StopReason } from './state.js';

export interface MathseOptions {
  /** The config file, for relative feedback.module paths. */
  configPath?: string;
  /** Continue the folder the config names (it may not exist yet). Without it an existing folder is refused. */
  resume?: boolean;
  log?: (line: string) => void;
  /** Progress of SFT steps and sampling passes (the CLI redraws it on a terminal); `final` ends a phase's line. */
  progress?: (line: string, final: boolean) => void;
}

export interface MathseSummary {
  dir: string;
  rounds: RoundSummary[];
  stop: StopReason;
  /** The last SFT phase's final checkpoint: the run's model. */
  finalModel: string;
  /** Sampling + reflection + data + SFT training time over all rounds (evaluations excluded). */
  trainingSeconds: number;
}

/** The folder exists and this is no resume: bad input, nothing touched. */
export class MathseExistsError extends InputError {}

export const mathseDirOf = (c: MathseConfig): string => resolve(c.base.run.outDir, c.base.run.name);

/** The config of round k's SFT phase: an `ahpo train` run in mode sft on the round's data, in round-k/sft. */
export function sftConfig(c: MathseConfig, dir: string, k: number, from: string): Config {
  const b = c.base;
  // The held-out set must stay the one the expert data defines: records of the data hash their short questions, not
  // the generated problems' full ones, so the original training set is excluded by name as well.
  const exclude = [...b.data.exclude, b.data.train];
  return resolveConfig(
    {
      ...b,
      run: { ...b.run, outDir: roundDir(dir, k), name: 'sft' },
      model: { ...b.model, source: from },
      data: { ...b.data, train: dataDir(dir, k), exclude },
    },
    `mathse round ${k} SFT`,
  );
}

/** The final checkpoint and evaluation of a finished SFT phase (its done.json). */
function sftResult(sftDir: string): { model: string; steps: number; seconds: number; eval: RoundEval | null } {
  const done = JSON.parse(readFileSync(join(sftDir, 'done.json'), 'utf8')) as {
    finalStep: number;
    wallSeconds: number;
    final: { overall: number; n: number; retention?: { overall: number; n: number } } | null;
  };
  const f = done.final;
  const ev: RoundEval | null = f
    ? { heldOut: f.overall, heldOutN: f.n, ...(f.retention ? { retention: f.retention.overall, retentionN: f.retention.n } : {}) }
    : null;
  return { model: join(sftDir, `step-${done.finalStep}`), steps: done.finalStep, seconds: done.wallSeconds, eval: ev };
}

/** The prompts whose expert traces start the data: all, or mathse.expertShare of them drawn by run.seed. */
export function expertProblems(problems: readonly Problem[], share: number, seed: number): Problem[] {
  const traced = problems.filter((p) => p.trace);
  if (share >= 1) return traced;
  const keep = new Set(
    makeRng(seed, 'mathse/expert')
      .shuffle(traced.map((_, i) => i))
      .slice(0, Math.max(1, Math.round(share * traced.length))),
  );
  return traced.filter((_, i) => keep.has(i));
}

/** Round k's prompts: the unsolved ones, or mathse.promptsPerRound of them drawn by (run.seed, k), in training order. */
function promptsOfRound(unsolved: readonly Problem[], perRound: number, seed: number, k: number): Problem[] {
  if (perRound === 0 || perRound >= unsolved.length) return [...unsolved];
  const order = makeRng(seed, `mathse/prompts/round-${k}`).shuffle(unsolved.map((_, i) => i));
  return order
    .slice(0, perRound)
    .sort((a, b) => a - b)
    .map((i) => unsolved[i]);
}

export async function mathse(c: MathseConfig, o: MathseOptions = {}): Promise<MathseSummary> {
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = mathseDirOf(c);
  if (!o.resume && existsSync(dir)) {
    throw new MathseExistsError(
      `mathse folder ${dir} already exists. To continue it: ahpo mathse --resume ${dir} (or --resume auto). To start a new run: pick another --run.name.`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const lock = lockRunDir(dir, log);
  try {
    await writeFileAtomic(join(dir, 'config.yaml'), `# resolved configuration of this mathse run\n${toYaml(savedForm(c))}`);
    await initBackend(c.base.model.backend);
    const problems = loadProblems(c.base.data.train, log);
    if (!problems.some((p) => p.trace))
      throw new InputError(
        `data.train (${c.base.data.train}) has no expert traces; round 0's SFT needs them. Use generated data (gen:…) or records with a 'trace' field`,
      );
    const feedback = await createFeedback(c.mathse.feedback, o.configPath ? dirname(resolve(o.configPath)) : process.cwd());
    const ctx: Ctx = {
      c,
      dir,
      problems,
      byKey: new Map(problems.map((p) => [p.key, p])),
      feedback,
      state: readState(dir),
      log,
      progress: o.progress ?? (() => undefined),
      batches: 0,
    };
    if (ctx.state.completed.length) log(`mathse: resuming ${dir} after phase ${ctx.state.completed.at(-1)}`);
    await expertRound(ctx);
    let stop: StopReason = 'rounds';
    for (let k = 1; k <= c.mathse.rounds && stop === 'rounds'; k++) stop = (await evolve(ctx, k)) ?? stop;
    ctx.state.stop = stop;
    await writeState(dir, ctx.state);
    return await writeSummary(dir, undefined, ctx.state);
  } finally {
    lock.release();
  }
}

/** What the phases of a run share. */
interface Ctx {
  c: MathseConfig;
  dir: string;
  /** data.train, in order: the prompts. */
  problems: Problem[];
  byKey: Map<string, Problem>;
  feedback: FeedbackFn;
  state: MathseState;
  log: (m: string) => void;
  progress: (line: string, final: boolean) => void;
  /** Sampling batches written by this process (the mathse-batch crash point counts them). */
  batches: number;
}

/** Runs a phase unless state.json lists it as finished; records it (and its seconds) when it finishes. */
async function phase(ctx: Ctx, id: string, fn: () => Promise<number | void>, crash?: [Parameters<typeof crashPoint>[0], number]): Promise<void> {
  if (ctx.state.completed.includes(id)) return;
  const t = performance.now();
  const seconds = await fn();
  if (crash) crashPoint(...crash);
  ctx.state.seconds[id] = typeof seconds === 'number' ? seconds : (performance.now() - t) / 1000;
  ctx.state.completed.push(id);
  await writeState(ctx.dir, ctx.state);
}

/** Round k's SFT: an `ahpo train` run that resumes as training does; its seconds are its training clock. */
const sftPhase = (ctx: Ctx, k: number, from: string) =>
  phase(
    ctx,
    `r${k}:sft`,
    async () => {
      const sftDir = join(roundDir(ctx.dir, k), 'sft');
      if (!existsSync(join(sftDir, 'done.json'))) {
        const s = await train(sftConfig(ctx.c, ctx.dir, k, from), {
          resume: sftDir,
          log: (l) => ctx.log(`[round ${k} sft] ${l}`),
          progress: (l, final) => ctx.progress(`round ${k} sft: ${l}`, final),
        });
        if (s.status !== 'done') throw new Error(`mathse: round ${k}'s SFT stopped at step ${s.step}; continue with: ahpo mathse --resume ${ctx.dir}`);
      }
      return sftResult(sftDir).seconds;
    },
    ['mathse-sft', k],
  );

/** round-k/summary.json, the printed line, and summary.json so far. */
const summarise = (ctx: Ctx, k: number) =>
  phase(ctx, `r${k}:summary`, async () => {
    const s = (p: string) => ctx.state.seconds[`r${k}:${p}`] ?? 0;
    const trained = ctx.state.completed.includes(`r${k}:sft`) ? sftResult(join(roundDir(ctx.dir, k), 'sft')) : undefined;
    const row: RoundSummary = {
      ...readRoundData(ctx.dir, k),
      sft: trained ? { dir: join(roundDir(ctx.dir, k), 'sft'), model: trained.model, steps: trained.steps, eval: trained.eval } : null,
      seconds: { sample: s('sample'), reflect: s('reflect'), data: s('data'), sft: s('sft') },
    };
    await writeFileAtomic(join(roundDir(ctx.dir, k), 'summary.json'), `${JSON.stringify(row, null, 2)}\n`);
    ctx.log(roundLine(row));
    await writeSummary(ctx.dir, k, ctx.state);
  });

/** Round 0: the expert traces as records, and SFT on them from model.source. */
async function expertRound(ctx: Ctx): Promise<void> {
  const { c, dir, problems } = ctx;
  await phase(
    ctx,
    'r0:data',
    async () => {
      await writeImages(join(dir, 'images'), problems, c.base.data.imageSize);
      const set = expertPaths(expertProblems(problems, c.mathse.expertShare, c.base.run.seed));
      writeData(dataDir(dir, 0), problems, set, join(dir, 'images'));
      checkData(dataDir(dir, 0), countPaths(set), ctx.log);
      await writeRoundData(dir, { ...emptyRound(0, problems.length), dataSize: countPaths(set), dataPrompts: set.size }, []);
    },
    ['mathse-data', 0],
  );
  await sftPhase(ctx, 0, c.base.model.source);
  await summarise(ctx, 0);
}

/** Round k ≥ 1: sample, reflect, data, SFT, summary. Returns why the run stops after it, if it does. */
async function evolve(ctx: Ctx, k: number): Promise<StopReason | undefined> {
  const { c, dir, problems } = ctx;
  const model = sftResult(join(roundDir(dir, k - 1), 'sft')).model;
  const solved = new Set(readSolved(dir, k - 1));
  const unsolved = problems.filter((p) => !solved.has(p.key));
  if (unsolved.length === 0) return 'all-solved';
  const chosen = promptsOfRound(unsolved, c.mathse.promptsPerRound, c.base.run.seed, k);
  const samples = await sampleAndReflect(ctx, k, model, chosen);
  const items = readItems(dir, k);
  const corrections = items.length
    ? Array.from({ length: c.mathse.reflectionSamples }, (_, j) =>
        readPass(
          passPath(dir, k, 'reflection', j),
          items.map((it) => it.key),
        ),
      )
    : [];
  await phase(
    ctx,
    `r${k}:data`,
    async () => {
      const before = readData(dataDir(dir, k - 1));
      const grown = growData({
        dir,
        k,
        keepPerPrompt: c.mathse.keepPerPrompt,
        problems,
        before,
        solvedBefore: solved,
        chosen,
        samples,
        items,
        corrections,
        log: ctx.log,
      });
      await writeRoundData(dir, grown.row, grown.solved);
    },
    ['mathse-data', k],
  );
  const row = readRoundData(dir, k);
  // A round that adds no path would retrain on the same data: the run ends with the last round's model.
  const added = row.newSamplePaths + row.newReflectionPaths;
  if (added > 0) await sftPhase(ctx, k, c.mathse.sftFrom === 'base' ? c.base.model.source : model);
  await summarise(ctx, k);
  return added > 0 ? undefined : 'nothing-added';
}

/**
 * The sample and reflect phases of round k with the last model (loaded only if a phase still has work), and the
 * sampled answers, one list per sample index in `chosen` order.
 */
async function sampleAndReflect(ctx: Ctx, k: number, model: string, chosen: Problem[]): Promise<CompletionRecord[][]> {
  const { c, dir } = ctx;
  const m = c.mathse;
  // Reflection prompts are built after sampling; the sampler reads their prompt text from here.
  const prompts = new Map<string, Problem>();
  let sampler: Sampler | undefined;
  const samplerOf = async () => (sampler ??= await loadSampler(model, c.base, (p) => prompts.get(p.key) ?? p));
  const onBatch = (what: string) => (done: number, total: number) => {
    ctx.progress(`round ${k} ${what}: ${done}/${total}`, done === total);
    crashPoint('mathse-batch', ++ctx.batches);
  };
  try {
    await phase(
      ctx,
      `r${k}:sample`,
      async () => {
        for (let j = 0; j < m.samples; j++) {
          await samplePass({
            sampler: await samplerOf(),
            cfg: c.base,
            problems: chosen,
            seed: sampleSeed(c.base.run.seed, 'sample', k, j),
            completionsPath: passPath(dir, k, 'sample', j),
            onBatch: onBatch(`answers ${j + 1}/${m.samples}`),
          });
        }
      },
      ['mathse-sample', k],
    );
    const samples = Array.from({ length: m.samples }, (_, j) =>
      readPass(
        passPath(dir, k, 'sample', j),
        chosen.map((p) => p.key),
      ),
    );
    await phase(
      ctx,
      `r${k}:reflect`,
      async () => {
        const items = await feedbackItems(dir, k, chosen, samples, m.reflections, ctx.feedback);
        const derived = items.map((it) => reflectionProblem(ctx.byKey.get(it.sourceKey)!, it, m.template));
        for (const d of derived) prompts.set(d.problem.key, d.prompt);
        for (let j = 0; j < m.reflectionSamples && derived.length > 0; j++) {
          await samplePass({
            sampler: await samplerOf(),
            cfg: c.base,
            problems: derived.map((d) => d.problem),
            seed: sampleSeed(c.base.run.seed, 'reflect', k, j),
            completionsPath: passPath(dir, k, 'reflection', j),
            onBatch: onBatch(`corrections ${j + 1}/${m.reflectionSamples}`),
          });
        }
      },
      ['mathse-reflect', k],
    );
    return samples;
  } finally {
    sampler?.dispose();
  }
}

/** summary.json: every summarised round so far, the stop reason and the model the run ends with. */
async function writeSummary(dir: string, upTo: number | undefined, state: MathseState): Promise<MathseSummary> {
  const rows: RoundSummary[] = [];
  for (let k = 0; existsSync(join(roundDir(dir, k), 'summary.json')) && (upTo === undefined || k <= upTo); k++)
    rows.push(readRoundSummary(join(roundDir(dir, k), 'summary.json')));
  const trained = rows.filter((r) => r.sft);
  const summary: MathseSummary = {
    dir,
    rounds: rows,
    stop: state.stop ?? 'rounds',
    finalModel: trained.at(-1)?.sft?.model ?? '',
    trainingSeconds: rows.reduce((n, r) => n + r.seconds.sample + r.seconds.reflect + r.seconds.data + r.seconds.sft, 0),
  };
  await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify({ ...summary, done: upTo === undefined }, null, 2)}\n`);
  return summary;
}
