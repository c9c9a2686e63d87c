// The training loop, top to bottom: for each step — pick prompts → rollouts → verifier rewards → advantages and
// gates → loss over micro-batches with accumulation → clip → AdamW → log → maybe evaluate → maybe checkpoint.
// Everything a step draws is a function of (seed, step), so a resumed run repeats the uninterrupted one exactly.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { evaluateModel } from '../eval/model-eval.js';
import { accuracyTable } from '../eval/scoring.js';
import { collect, type Collected } from './collect.js';
import type { Config } from './config.js';
import { dataCursor, stepIndices } from './data-order.js';
import type { Problem } from '../data/problems.js';
import type { EvalRow, EvalScores, TrainRow } from './metrics.js';
import { disposeAdamW } from './optimizer.js';
import { plotRun } from './plot.js';
import { ProblemFiles } from './problem-files.js';
import { writeFileAtomic } from './checkpoint.js';
import { crashPoint } from './crash-points.js';
import { loadResume, saveRun, type Resumed } from './resume.js';
import { lockRunDir } from './run-lock.js';
import { createRunDir, refuseExistingRun, runDirOf, setupRun, type Run } from './setup.js';
import { naming, namingSync } from './write-errors.js';
import { onStopSignal } from './signals.js';
import { resetMoments, stepPlan } from './stages.js';
import { overIterations, update, type UpdateResult } from './update.js';
import { referenceDir, referenceStep, saveReference } from './reference.js';

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

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Greedy answers to one problem set, kept in RUN/eval/<name>.jsonl so a person can read what the model wrote; the
 * problems themselves (prompt, images, trace) in RUN/problems/.
 */
async function evaluateSet(run: Run, problems: Problem[], name: string, files: ProblemFiles): Promise<EvalScores> {
  files.write(problems);
  const completionsPath = join(run.dir, 'eval', `${name}.jsonl`);
  mkdirSync(join(run.dir, 'eval'), { recursive: true });
  rmSync(completionsPath, { force: true });
  const { records } = await evaluateModel({
    completionsPath,
    policy: run.policy,
    tokenizer: run.tokenizer,
    problems,
    prepare: run.prepare,
    batchSize: run.cfg.eval.batchSize,
    maxNewTokens: run.cfg.eval.maxNewTokens,
    temperature: 0,
    topK: 0,
    topP: 1,
    seed: run.cfg.run.seed,
    stopIds: run.stopIds,
    suppressIds: run.suppressIds,
  });
  const table = accuracyTable(records);
  const cells: Record<string, number> = {};
  for (const row of table.rows) for (const [level, cell] of Object.entries(row.levels)) if (cell) cells[`${row.task}/L${level}`] = cell.correct / cell.n;
  return { overall: table.overall, tasks: Object.fromEntries(table.rows.map((r) => [r.task, r.accuracy])), cells, n: table.n };
}

/** The held-out set (eval/step-N.jsonl) and, when configured, the retention set (eval/step-N-retention.jsonl). */
async function evaluate(run: Run, step: number, elapsed: number, files: ProblemFiles): Promise<EvalRow> {
  const held = await evaluateSet(run, run.eval, `step-${step}`, files);
  const retention = run.retention.length > 0 ? await evaluateSet(run, run.retention, `step-${step}-retention`, files) : undefined;
  return { kind: 'eval', step, time: elapsed, ...held, ...(retention ? { retention } : {}) };
}

function trainRow(step: number, time: number, lr: number, stage: string, c: Collected, u: UpdateResult, rolloutTokensPerSec: number): TrainRow {
  const rollouts = c.prompts.flatMap((p) => p.rollouts);
  const rewards = rollouts.map((r) => r.reward);
  const m = mean(rewards);
  const groups = c.prompts.filter((p) => p.rollouts.length > 0);
  return {
    kind: 'train',
    step,
    time,
    stage,
    lr,
    rewardMean: m,
    rewardStd: Math.sqrt(mean(rewards.map((r) => (r - m) ** 2))),
    accuracy: mean(rollouts.map((r) => (r.correct ? 1 : 0))),
    xiShare: mean(c.prompts.map((p) => p.xi)),
    zeroVarShare: mean(groups.map((p) => (p.rollouts.every((r) => r.reward === p.rollouts[0].reward) ? 1 : 0))),
    clipFrac: u.clipFrac,
    ratioMean: u.ratioMean,
    entropy: u.entropy,
    loss: u.loss,
    lossOn: u.lossOn,
    lossOff: u.lossOff,
    kl: u.kl,
    nll: u.nll,
    expertProb: u.expertProb,
    expertTokens: u.expertTokens,
    shapedWeight: u.shapedWeight,
    expertEntropy: u.expertEntropy,
    gradNorm: u.gradNorm,
    rolloutTokensPerSec,
    trainTokensPerSec: u.seconds > 0 ? u.trainedTokens / u.seconds : 0,
    truncationRate: mean(rollouts.map((r) => (r.completion.truncated ? 1 : 0))),
    completionTokens: mean(rollouts.map((r) => r.completion.tokens.length)),
    skippedRollouts: u.skippedRollouts,
    verifierFaults: c.verifierFaults,
    skipped: u.skipped,
  };
}

function logCompletions(run: Run, step: number, c: Collected, files: ProblemFiles): void {
  const logged = c.prompts.slice(0, run.cfg.log.completionsPerStep);
  // The problem files first: a line in completions.jsonl can always find its problem's prompt and images.
  files.write(logged.map((p) => p.problem));
  const lines = logged.map((p) =>
    JSON.stringify({
      step,
      key: p.problem.key,
      task: p.problem.spec.key,
      level: p.problem.instance.difficulty,
      xi: p.xi,
      question: run.cfg.data.variant === 'image' ? p.problem.instance.question : p.problem.instance.questionLanguage,
      rollouts: p.rollouts.map((r) => ({ response: r.response, reward: r.reward, correct: r.correct, reason: r.reason, tokens: r.completion.tokens.length, truncated: r.completion.truncated })),
    }),
  );
  const path = join(run.dir, 'completions.jsonl');
  namingSync(path, 'appending to', () => appendFileSync(path, lines.map((l) => `${l}\n`).join('')));
}

export async function train(cfg: Config, o: TrainOptions = {}): Promise<TrainSummary> {
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = runDirOf(cfg);
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
  let stepsDone = 0;
  let run: Run | undefined;
  try {
    const resumed = o.resume ? await loadResume(cfg, dir, log) : undefined;
    run = await setupRun(cfg, { configPath: o.configPath, restored: resumed?.restored, log });
    if (!o.resume) {
      createRunDir(dir);
      createdHere = true;
      lock = lockRunDir(dir, log);
    }
    return await trainLoop(run, cfg, o, log, resumed, () => stepsDone++);
  } catch (e) {
    // A folder this call created and no step ever reached holds nothing worth keeping (and would make the same
    // command exit with "folder exists" once the input is fixed).
    if (createdHere && stepsDone === 0 && existsSync(dir)) {
      lock?.release();
      lock = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
    throw e;
  } finally {
    if (run) {
      disposeAdamW(run.optimizer);
      for (const v of Object.values(run.params)) v.dispose();
      for (const v of Object.values(run.refParams ?? {})) v.dispose();
    }
    lock?.release();
  }
}

async function trainLoop(run: Run, cfg: Config, o: TrainOptions, log: (m: string) => void, resumed: Resumed | undefined, stepDone: () => void): Promise<TrainSummary> {
  const configPath = join(run.dir, 'config.yaml');
  // Atomic: a kill mid-write must never leave an empty config that a later --resume would read.
  await naming(configPath, 'writing', () => writeFileAtomic(configPath, `# resolved configuration of this run${resumed ? ` (resumed at step ${resumed.step})` : ''}\n${toYaml(cfg)}`));
  const metricsPath = join(run.dir, 'metrics.jsonl');
  const writeRow = (row: TrainRow | EvalRow) => namingSync(metricsPath, 'appending to', () => appendFileSync(metricsPath, `${JSON.stringify(row)}\n`));
  const problemFiles = new ProblemFiles(run.dir, cfg.data.variant);
  const stop = onStopSignal((sig) => log(`${sig}: saving a checkpoint after the current step (press Ctrl-C again to quit now)`), {
    onEcho: (sig) => log(`${sig} again at once (a supervisor signalling the whole process group): still saving; send it again to quit without saving`),
  });
  let step = resumed?.step ?? 0;
  const resumedAt = step;
  let elapsed = resumed?.elapsedSec ?? 0;
  let badInARow = 0;
  const xiShares: number[] = resumed?.xiShares ?? [];
  // Earlier sessions' evaluations count: the run's first, best and last, not this session's.
  const history = resumed?.evals ?? [];
  let firstEval: EvalRow | undefined = history[0];
  let lastEval: EvalRow | undefined = history.at(-1);
  let best: EvalRow | undefined = history.reduce<EvalRow | undefined>((b, r) => (!b || r.overall > b.overall ? r : b), undefined);
  let evalSeconds = 0;
  const evalAt = async (at: number): Promise<EvalRow> => {
    const t = performance.now();
    const row = await evaluate(run, at, elapsed, problemFiles);
    evalSeconds += (performance.now() - t) / 1000;
    crashPoint('eval', at);
    writeRow(row);
    firstEval ??= row;
    if (!best || row.overall > best.overall) best = row;
    const kept = row.retention ? `; retention ${(row.retention.overall * 100).toFixed(1)}% over ${row.retention.n}` : '';
    log(`eval at step ${at}: ${(row.overall * 100).toFixed(1)}% (mean of per-task accuracy over ${row.n} held-out problems)${kept}`);
    return (lastEval = row);
  };
  const save = () => saveRun(run, step, elapsed, xiShares);
  try {
    log(`run ${run.dir}: ${run.train.length} training problems, ${run.eval.length} held-out${run.retention.length ? `, ${run.retention.length} retention` : ''}; mode ${cfg.ahpo.mode}, R̂ ${cfg.ahpo.threshold}, N ${cfg.ahpo.groupSize}`);
    const t = cfg.train;
    if (t.maxSeconds > 0 && t.schedule === 'steps' && t.minLrRatio < 1) {
      log(`lr: cosine over train.steps = ${t.steps} while train.maxSeconds = ${t.maxSeconds} stops the run: runs stopped by the clock end at different lrs (their step rates differ). train.schedule=time runs the cosine over the time budget; train.minLrRatio=1 keeps the lr constant`);
    }
    const periodic = cfg.eval.every > 0 || cfg.eval.everySeconds > 0;
    if (step === 0 && periodic && run.eval.length > 0) await evalAt(0);
    // The training clock excludes evaluation time (and continues across resumes).
    const started = performance.now() - elapsed * 1000;
    const clock = () => (performance.now() - started) / 1000 - evalSeconds;
    evalSeconds = 0;
    const elapsedBefore = elapsed; // training time of earlier sessions of this run (resume): not this session's pace
    const overBudget = () => cfg.train.maxSeconds > 0 && elapsed >= cfg.train.maxSeconds;
    // Timed evaluations fall due at multiples of eval.everySeconds on the training clock (so a resumed run keeps
    // its grid); a step that crosses several multiples evaluates once.
    const nextTimed = () => (Math.floor(elapsed / cfg.eval.everySeconds) + 1) * cfg.eval.everySeconds;
    let timedDue = cfg.eval.everySeconds > 0 ? nextTimed() : Infinity;
    while (step < cfg.train.steps && !stop.requested && !overBudget()) {
      // 1. prompts, 2. rollouts + rewards + advantages + gates, 3. update, 4. log.
      // The step's loss mode and lr; sft-grpo's first GRPO step starts from fresh Adam moments (stages.ts).
      const plan = stepPlan(cfg, step, elapsed);
      const lr = plan.lr;
      if (plan.startsStage) {
        resetMoments(run.optimizer);
        log(`step ${step + 1}: ${plan.mode} stage begins (ahpo.switchAtStep ${cfg.ahpo.switchAtStep}): Adam moments reset, lr schedule restarts at peak ${(cfg.ahpo.rlLr || cfg.train.lr).toExponential(2)}`);
      }
      if (step === referenceStep(cfg) && !run.refParams) {
        run.refParams = await saveReference(run.dir, run.config, run.params, step);
        log(`KL reference (ahpo.klCoef ${cfg.ahpo.klCoef}): the weights of step ${step}, kept frozen and saved in ${referenceDir(run.dir)}`);
      }
      const problems = stepIndices(run.train.length, cfg.train.promptsPerStep, cfg.run.seed, step).map((i) => run.train[i]);
      const c = await collect({ cfg: plan.cfg, policy: run.policy, tokenizer: run.tokenizer, reward: run.reward, stopIds: run.stopIds, suppressIds: run.suppressIds, prepare: run.prepare }, problems, step);
      crashPoint('rollouts', step + 1);
      const iterations: UpdateResult[] = [];
      for (let it = 0; it < cfg.train.updatesPerBatch; it++) {
        iterations.push(await update({ cfg: plan.cfg, config: run.config, params: run.params, refParams: run.refParams, optimizer: run.optimizer, suppressIds: run.suppressIds }, c.sequences, lr));
      }
      const u = overIterations(iterations);
      crashPoint('update', step + 1);
      step++;
      stepDone();
      elapsed = clock();
      badInARow = u.skipped ? badInARow + 1 : 0;
      const row = trainRow(step, elapsed, lr, plan.mode, c, u, c.rolloutSeconds > 0 ? c.sampledTokens / c.rolloutSeconds : 0);
      xiShares.push(row.xiShare);
      writeRow(row);
      const what = u.skipReason === 'weights' ? 'the update would make weights non-finite' : 'non-finite loss or gradient';
      if (u.skipped) log(`step ${step}: ${what} — update skipped (${badInARow} in a row, limit ${cfg.train.maxBadSteps})`);
      if (badInARow >= cfg.train.maxBadSteps) {
        throw new Error(
          `aborting: ${badInARow} consecutive steps skipped, the last because ${what} (train.maxBadSteps). Lower train.lr or check the data; ` +
            `checkpoints hold only finite weights: ${existsSync(join(run.dir, 'latest')) ? `the last good one is ${join(run.dir, readFileSync(join(run.dir, 'latest'), 'utf8').trim())}` : 'none was saved yet'}.`,
        );
      }
      if (cfg.log.completionsEvery > 0 && step % cfg.log.completionsEvery === 0) logCompletions(run, step, c, problemFiles);
      const eta = ((cfg.train.steps - step) * (elapsed - elapsedBefore)) / Math.max(1, step - resumedAt);
      o.progress?.(`step ${step}/${cfg.train.steps} reward ${row.rewardMean.toFixed(3)} acc ${row.accuracy.toFixed(3)} ξ ${row.xiShare.toFixed(2)} loss ${row.loss.toFixed(4)} lr ${lr.toExponential(2)} ETA ${eta.toFixed(0)}s`, step === cfg.train.steps);
      // 5. maybe evaluate (its time is kept out of the training clock), 6. maybe checkpoint.
      const stepDue = cfg.eval.every > 0 && step % cfg.eval.every === 0;
      const timeDue = elapsed >= timedDue;
      if (timeDue) timedDue = nextTimed();
      if ((stepDue || timeDue) && step < cfg.train.steps && run.eval.length > 0) await evalAt(step);
      if (cfg.checkpoint.every > 0 && step % cfg.checkpoint.every === 0 && step < cfg.train.steps) await save();
      // Hand the event loop a turn: signal handlers run only there, and a step without I/O (SFT on cached prompts)
      // only awaits settled promises, so without this SIGINT/SIGTERM would wait for the end of training.
      await new Promise<void>((r) => setImmediate(r));
    }
    if (overBudget()) log(`train.maxSeconds (${cfg.train.maxSeconds} s) reached at step ${step}`);
    if (stop.requested) {
      await save();
      log(`stopped at step ${step}; resume with: ahpo train --resume ${run.dir}`);
      return { dir: run.dir, status: 'stopped', step, firstEval, lastEval, xiShares };
    }
    if (run.eval.length > 0 && lastEval?.step !== step) await evalAt(step);
    // A resume of a finished run has nothing new to save: its checkpoint is the one just loaded.
    if (step !== resumedAt || !resumed) await save();
    await plotRun(run.dir).catch((err: Error) => log(`plots: ${err.message}`));
    const done = { finalStep: step, wallSeconds: elapsed, first: firstEval ?? null, final: lastEval ?? null, best: best ?? null, cursor: dataCursor(run.train.length, cfg.train.promptsPerStep, step) };
    const donePath = join(run.dir, 'done.json');
    await naming(donePath, 'writing', () => writeFileAtomic(donePath, `${JSON.stringify(done)}\n`));
    return { dir: run.dir, status: 'done', step, firstEval, lastEval, xiShares };
  } finally {
    stop.dispose();
  }
}
