// The training loop, top to bottom (nanoGPT's train.py): for each step — 1. sample prompts → 2. rollouts →
// 3. verifier rewards → 4. advantages and the gate ξ → 5. update (loss over micro-batches with accumulation, clip,
// AdamW) → 6. log → 7. maybe evaluate → 8. maybe checkpoint. Everything a step draws is a function of (seed, step),
// so a resumed run repeats the uninterrupted one exactly.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { Params } from '../model/params.js';
import { writeFileAtomic } from '../io/atomic.js';
import { TrainingClock, EvalSchedule } from './clock.js';
import { sampleRollouts, scoreGroups, trainBatch, type TrainBatch } from './collect.js';
import type { Config } from './config.js';
import { crashPoint } from './crash-points.js';
import { dataCursor, stepIndices } from './data-order.js';
import { describeEval, evaluate, EvalHistory } from './evaluate.js';
import type { EvalRow } from './metrics.js';
import { disposeAdamW } from './optimizer.js';
import { plotRun } from './plot.js';
import { ProblemFiles } from './problem-files.js';
import { referenceDir, referenceStep, saveReference } from './reference.js';
import { loadResume, saveRun, type Resumed } from './resume.js';
import { lockRunDir } from './run-lock.js';
import { createRunDir, refuseExistingRun, runDirOf, setupRun, type Run } from './setup.js';
import { onStopSignal } from './signals.js';
import { resetMoments, stepPlan, type StepPlan } from './stages.js';
import { appendMetricsRow, logCompletions, trainRow } from './step-log.js';
import { overIterations, update, type UpdateResult } from './update.js';
import { naming } from './write-errors.js';

export interface TrainOptions {
  configPath?: string;
  /** Resume from this run folder or step folder. */
  resume?: string;
  log?: (line: string) => void;
  progress?: (line: string, final: boolean) => void;
}

export interface TrainSummary {
  dir: string;
  status: 'done' | 'stopped';
  step: number;
  firstEval?: EvalRow;
  lastEval?: EvalRow;
  xiShares: number[];
}

/** What the loop changes as it goes, besides the weights and Adam moments (which change in place). */
interface LoopState {
  /** Optimizer steps the run has done, over all its sessions. */
  step: number;
  /** Steps this session has done: a folder this call created is removed on failure only while this is 0. */
  sessionSteps: number;
  /**
   * The KL term's frozen reference (reference.ts), once it exists: loaded on resume past its step, else taken at that
   * step. Undefined with ahpo.klCoef = 0.
   */
  refParams?: Params;
  /** The folder the next checkpoint copies tokenizer files from (saveRun). */
  tokenizerDir: string;
  /** Each step's ξ share, over all sessions (kept in checkpoints). */
  xiShares: number[];
  /** Consecutive skipped updates (train.maxBadSteps). */
  badInARow: number;
}

/** What the loop's helpers share: fixed for the session. */
interface Session {
  run: Run;
  clock: TrainingClock;
  evals: EvalHistory;
  problemFiles: ProblemFiles;
  log: (m: string) => void;
}

export async function train(trainConfig: Config, o: TrainOptions = {}): Promise<TrainSummary> {
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = runDirOf(trainConfig);
  // A new run refuses an existing folder before the slow setup, and creates its folder only after setup succeeded
  // (a bad input leaves nothing behind). A resume locks the folder first: loading truncates its logs.
  // Set once this call has made the folder itself (never for one that another process created in a race).
  let createdHere = false;
  if (!o.resume) refuseExistingRun(dir);
  else {
    createdHere = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
  }
  let lock = o.resume ? lockRunDir(dir, log) : undefined;
  let run: Run | undefined;
  let state: LoopState | undefined;
  try {
    const resumed = o.resume ? await loadResume(trainConfig, dir, log) : undefined;
    run = await setupRun(trainConfig, { configPath: o.configPath, restored: resumed?.restored, log });
    if (!o.resume) {
      createRunDir(dir);
      createdHere = true;
      lock = lockRunDir(dir, log);
    }
    state = {
      step: resumed?.step ?? 0,
      sessionSteps: 0,
      refParams: resumed?.restored.refParams,
      tokenizerDir: run.tokenizerDir,
      xiShares: resumed?.xiShares ?? [],
      badInARow: 0,
    };
    return await trainLoop(run, state, resumed, o, log);
  } catch (e) {
    // A folder this call created and no step ever reached holds nothing worth keeping (and would make the same
    // command exit with "folder exists" once the input is fixed).
    if (createdHere && !state?.sessionSteps && existsSync(dir)) {
      lock?.release();
      lock = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
    throw e;
  } finally {
    if (run) {
      disposeAdamW(run.optimizer);
      for (const v of Object.values(run.params)) v.dispose();
    }
    for (const v of Object.values(state?.refParams ?? {})) v.dispose();
    lock?.release();
  }
}

async function trainLoop(run: Run, state: LoopState, resumed: Resumed | undefined, o: TrainOptions, log: (m: string) => void): Promise<TrainSummary> {
  const cfg = run.trainConfig;
  const configPath = join(run.dir, 'config.yaml');
  // Atomic: a kill mid-write must never leave an empty config that a later --resume would read.
  await naming(configPath, 'writing', () =>
    writeFileAtomic(configPath, `# resolved configuration of this run${resumed ? ` (resumed at step ${resumed.step})` : ''}\n${toYaml(cfg)}`),
  );
  const session: Session = {
    run,
    clock: new TrainingClock(resumed?.elapsedSec ?? 0),
    evals: new EvalHistory(resumed?.evals ?? []),
    problemFiles: new ProblemFiles(run.dir, cfg.data.variant),
    log,
  };
  const { clock, evals } = session;
  const schedule = new EvalSchedule(cfg.eval.every, cfg.eval.everySeconds, clock.elapsed);
  const resumedAt = state.step;
  const overBudget = () => cfg.train.maxSeconds > 0 && clock.elapsed >= cfg.train.maxSeconds;
  // What rollouts and scoring need besides the step's config, bound once.
  const rolloutCtx = {
    policy: run.policy,
    tokenizer: run.tokenizer,
    reward: run.reward,
    stopIds: run.stopIds,
    suppressIds: run.suppressIds,
    prepare: run.prepare,
  };
  const stop = onStopSignal((sig) => log(`${sig}: saving a checkpoint after the current step (press Ctrl-C again to quit now)`), {
    onEcho: (sig) => log(`${sig} again at once (a supervisor signalling the whole process group): still saving; send it again to quit without saving`),
  });
  try {
    logStart(run, log);
    if (state.step === 0 && schedule.periodic && run.eval.length > 0) await evaluateAt(session, 0);
    clock.start();
    while (state.step < cfg.train.steps && !stop.requested && !overBudget()) {
      // The step's loss mode and lr (stages.ts); a later stage's first step resets the Adam moments.
      const plan = stepPlan(cfg, state.step, clock.elapsed);
      await beforeStep(run, state, plan, log);
      // 1. Sample prompts: a function of (seed, step), so a resumed run draws what the uninterrupted one drew.
      const problems = stepIndices(run.train.length, cfg.train.promptsPerStep, cfg.run.seed, state.step).map((i) => run.train[i]);
      // 2. Rollouts: N completions per prompt from the current policy, with their sampling log-probs.
      const ctx = { ...rolloutCtx, cfg: plan.cfg };
      const rollouts = await sampleRollouts(ctx, problems, state.step);
      // 3. Rewards and 4. advantages and ξ, group by group; then the batch, its per-token weights holding ξ and 1/D.
      const groups = scoreGroups(ctx, problems, rollouts.completions);
      const batch = trainBatch(plan.cfg, groups, rollouts.prepared);
      crashPoint('rollouts', state.step + 1);
      // 5. Update.
      const u = await updateOnBatch(run, state, plan, batch);
      crashPoint('update', state.step + 1);
      state.step++;
      state.sessionSteps++;
      clock.lap();
      // 6. Log.
      const row = trainRow({ step: state.step, time: clock.elapsed, lr: plan.lr, stage: plan.mode }, groups.prompts, rollouts, u);
      state.xiShares.push(row.xiShare);
      appendMetricsRow(run.dir, row);
      countBadSteps(run, state, u, log);
      if (cfg.log.completionsEvery > 0 && state.step % cfg.log.completionsEvery === 0) logCompletions(run, state.step, groups.prompts, session.problemFiles);
      const eta = ((cfg.train.steps - state.step) * (clock.elapsed - clock.before)) / Math.max(1, state.step - resumedAt);
      o.progress?.(
        `step ${state.step}/${cfg.train.steps} reward ${row.rewardMean.toFixed(3)} acc ${row.accuracy.toFixed(3)} ξ ${row.xiShare.toFixed(2)} loss ${row.loss.toFixed(4)} lr ${plan.lr.toExponential(2)} ETA ${eta.toFixed(0)}s`,
        state.step === cfg.train.steps,
      );
      // 7. Maybe evaluate (its time kept off the training clock), 8. maybe checkpoint; the last step does both below.
      if (schedule.due(state.step, clock.elapsed) && state.step < cfg.train.steps && run.eval.length > 0) await evaluateAt(session, state.step);
      if (cfg.checkpoint.every > 0 && state.step % cfg.checkpoint.every === 0 && state.step < cfg.train.steps) await checkpoint(run, state, clock);
      // Hand the event loop a turn: signal handlers run only there, and a step without I/O (SFT on cached prompts)
      // only awaits settled promises, so without this SIGINT/SIGTERM would wait for the end of training.
      await new Promise<void>((r) => setImmediate(r));
    }
    const step = state.step;
    if (overBudget()) log(`train.maxSeconds (${cfg.train.maxSeconds} s) reached at step ${step}`);
    if (stop.requested) {
      await checkpoint(run, state, clock);
      log(`stopped at step ${step}; resume with: ahpo train --resume ${run.dir}`);
      return { dir: run.dir, status: 'stopped', step, firstEval: evals.first, lastEval: evals.last, xiShares: state.xiShares };
    }
    if (run.eval.length > 0 && evals.last?.step !== step) await evaluateAt(session, step);
    // A resume of a finished run has nothing new to save: its checkpoint is the one just loaded.
    if (step !== resumedAt || !resumed) await checkpoint(run, state, clock);
    await plotRun(run.dir).catch((err: Error) => log(`plots: ${err.message}`));
    const done = {
      finalStep: step,
      wallSeconds: clock.elapsed,
      first: evals.first ?? null,
      final: evals.last ?? null,
      best: evals.best ?? null,
      cursor: dataCursor(run.train.length, cfg.train.promptsPerStep, step),
    };
    const donePath = join(run.dir, 'done.json');
    await naming(donePath, 'writing', () => writeFileAtomic(donePath, `${JSON.stringify(done)}\n`));
    return { dir: run.dir, status: 'done', step, firstEval: evals.first, lastEval: evals.last, xiShares: state.xiShares };
  } finally {
    stop.dispose();
  }
}

function logStart(run: Run, log: (m: string) => void): void {
  const cfg = run.trainConfig;
  log(
    `run ${run.dir}: ${run.train.length} training problems, ${run.eval.length} held-out${run.retention.length ? `, ${run.retention.length} retention` : ''}; mode ${cfg.ahpo.mode}, R̂ ${cfg.ahpo.threshold}, N ${cfg.ahpo.groupSize}`,
  );
  const t = cfg.train;
  if (t.maxSeconds > 0 && t.schedule === 'steps' && t.minLrRatio < 1) {
    log(
      `lr: cosine over train.steps = ${t.steps} while train.maxSeconds = ${t.maxSeconds} stops the run: runs stopped by the clock end at different lrs (their step rates differ). train.schedule=time runs the cosine over the time budget; train.minLrRatio=1 keeps the lr constant`,
    );
  }
}

/** Before a step: sft-grpo's first GRPO step starts from fresh Adam moments; the KL reference is taken at its step. */
async function beforeStep(run: Run, state: LoopState, plan: StepPlan, log: (m: string) => void): Promise<void> {
  const cfg = run.trainConfig;
  if (plan.startsStage) {
    resetMoments(run.optimizer);
    log(
      `step ${state.step + 1}: ${plan.mode} stage begins (ahpo.switchAtStep ${cfg.ahpo.switchAtStep}): Adam moments reset, lr schedule restarts at peak ${(cfg.ahpo.rlLr || cfg.train.lr).toExponential(2)}`,
    );
  }
  if (state.step === referenceStep(cfg) && !state.refParams) {
    state.refParams = await saveReference(run.dir, run.modelConfig, run.params, state.step);
    log(`KL reference (ahpo.klCoef ${cfg.ahpo.klCoef}): the weights of step ${state.step}, kept frozen and saved in ${referenceDir(run.dir)}`);
  }
}

/** 5. train.updatesPerBatch updates on the step's batch; the row holds their mean (update.ts overIterations). */
async function updateOnBatch(run: Run, state: LoopState, plan: StepPlan, batch: TrainBatch): Promise<UpdateResult> {
  const ctx = {
    trainConfig: plan.cfg,
    modelConfig: run.modelConfig,
    params: run.params,
    refParams: state.refParams,
    optimizer: run.optimizer,
    suppressIds: run.suppressIds,
  };
  const iterations: UpdateResult[] = [];
  for (let it = 0; it < run.trainConfig.train.updatesPerBatch; it++) iterations.push(await update(ctx, batch.sequences, plan.lr));
  return overIterations(iterations);
}

/** Counts consecutive skipped updates, and aborts at train.maxBadSteps naming the last good checkpoint. */
function countBadSteps(run: Run, state: LoopState, u: UpdateResult, log: (m: string) => void): void {
  const { maxBadSteps } = run.trainConfig.train;
  state.badInARow = u.skipped ? state.badInARow + 1 : 0;
  const what = u.skipReason === 'weights' ? 'the update would make weights non-finite' : 'non-finite loss or gradient';
  if (u.skipped) log(`step ${state.step}: ${what} — update skipped (${state.badInARow} in a row, limit ${maxBadSteps})`);
  if (state.badInARow < maxBadSteps) return;
  const latest = join(run.dir, 'latest');
  throw new Error(
    `aborting: ${state.badInARow} consecutive steps skipped, the last because ${what} (train.maxBadSteps). Lower train.lr or check the data; ` +
      `checkpoints hold only finite weights: ${existsSync(latest) ? `the last good one is ${join(run.dir, readFileSync(latest, 'utf8').trim())}` : 'none was saved yet'}.`,
  );
}

/** 7. Evaluates at `step`, its time kept off the training clock, and records the row. */
async function evaluateAt(s: Session, step: number): Promise<void> {
  const row = await s.clock.excluding(() => evaluate(s.run, step, s.clock.elapsed, s.problemFiles));
  crashPoint('eval', step);
  appendMetricsRow(s.run.dir, row);
  s.evals.add(row);
  s.log(describeEval(row));
}

/** 8. Saves the current step; the next save copies tokenizer files from this one (saveRun). */
async function checkpoint(run: Run, state: LoopState, clock: TrainingClock): Promise<void> {
  const saved = await saveRun(run, { step: state.step, elapsedSec: clock.elapsed, xiShares: state.xiShares, tokenizerDir: state.tokenizerDir });
  state.tokenizerDir = saved.tokenizerDir;
}
