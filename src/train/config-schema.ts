// The training configuration's schema: one strict object (unknown keys are errors), every default written once on
// its field, every field documented (docs/config.md is generated from the descriptions), and the cross-field checks
// whose messages name the key, the value, what was expected and the fix. Loading and overrides: config.ts.
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const prob = z.number().gt(0).lte(1);

export const ConfigSchema = z
  .object({
    run: z
      .object({
        name: z
          .string()
          .regex(/^[\w.-]+$/, 'letters, digits, _, . and - only')
          .default('ahpo')
          .describe('run folder name under outDir'),
        outDir: z.string().default('checkpoints').describe('parent folder of run folders'),
        seed: z.number().int().default(0).describe('seed for data order, sampling and init'),
      })
      .strict()
      .prefault({}),
    model: z
      .object({
        source: z.string().default('preset:tiny-vl').describe('preset:NAME (random init with run.seed) or a Hugging Face model folder'),
        backend: z.enum(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto').describe('tensor backend'),
      })
      .strict()
      .prefault({}),
    data: z
      .object({
        train: z
          .string()
          .default('gen:tasks=maze,24_points,levels=1-2,n=200,seed=1')
          .describe(
            'training problems: gen:tasks=…,levels=…,n=…,seed=…[,style=short] (short: one-line questions and path-only traces for maze and 24_points, for tiny CPU models) or official-format records (with `trace` for expert data)',
          ),
        eval: z
          .string()
          .default('gen:tasks=maze,24_points,levels=1-2,n=60,seed=1001')
          .describe('held-out problems for periodic evaluation; any that match a training problem (content hash) are dropped'),
        exclude: z
          .array(z.string())
          .default([])
          .describe(
            'more problem sources (same syntax as train) whose problems are also dropped from the held-out set, e.g. the data that trained the starting model',
          ),
        retention: z
          .string()
          .default('')
          .describe(
            "a second evaluation set, of problems the starting model already solves (its easy levels, another task family), evaluated with every evaluation to measure forgetting; only the run's own training problems are dropped from it (not data.exclude: it is meant to hold what the base learned). '' = none",
          ),
        variant: z
          .enum(['image', 'text', 'both'])
          .default('image')
          .describe('prompt variant: image (question + images, the benchmark), text (text-only question), both (images + text-only question)'),
        imageSize: positiveInt.default(112).describe('longest side in pixels of rasterised generated images'),
      })
      .strict()
      .prefault({}),
    ahpo: z
      .object({
        mode: z
          .enum(['ahpo', 'static', 'grpo', 'sft', 'luffy', 'sft-grpo', 'hpt'])
          .default('ahpo')
          .describe(
            'ahpo: gated expert NLL + on-policy; static: expert NLL always on; grpo: on-policy only; sft: expert NLL only, no rollouts; ' +
              'luffy: the trace joins its group (advantages over N + 1 rewards) with the shaped weight f(p) = p/(p + luffyGamma) (LUFFY); ' +
              'sft-grpo: sft for ahpo.switchAtStep steps, then grpo with fresh Adam moments and a restarted lr schedule; ' +
              "hpt: per prompt, when ≤ ahpo.hptK of N rollouts succeed, the trace's NLL replaces the rollouts, else grpo (HPT). docs/loss.md",
          ),
        threshold: z.number().int().min(0).default(2).describe('R̂: expert NLL is on for a prompt when fewer than R̂ of its rollouts succeed (paper: 2 of 5)'),
        success: z.number().gt(0).lte(1).default(1).describe('a rollout succeeds when its reward is ≥ this'),
        groupSize: positiveInt.default(5).describe('N: rollouts per prompt'),
        clipLow: z.number().gt(0).lt(1).default(0.2).describe('ε_low of the clipped surrogate'),
        clipHigh: z.number().gt(0).default(0.2).describe('ε_high of the clipped surrogate (clip-higher when > clipLow)'),
        normalize: z
          .enum(['token', 'sequence'])
          .default('token')
          .describe('token: sum over counted tokens ÷ counted tokens in the optimizer batch; sequence: Eq. 2 as written (per-sequence means)'),
        klCoef: z
          .number()
          .min(0)
          .default(0)
          .describe(
            "k3 KL (clipped as verl's low_var_kl) to a frozen reference: the initial weights, or in sft-grpo the weights at the switch; kept in RUN/reference/ for resume. 0 = off, no reference kept; refused in mode sft",
          ),
        entropyCoef: z.number().min(0).default(0).describe('entropy bonus on rollout tokens (entropy is always logged); refused in mode sft'),
        maskTruncated: z.boolean().default(false).describe('drop completions that hit maxNewTokens from the loss'),
        advantageStd: z
          .boolean()
          .default(true)
          .describe(
            "divide group advantages by the group std (Eq. 3); false: A = R − mean(R), as LUFFY's script (grpo_use_std=False) and Dr. GRPO. Every mode with rollouts",
          ),
        luffyGamma: z.number().gt(0).default(0.1).describe('luffy: γ of the shaped expert weight f(p) = p/(p + γ) (LUFFY: 0.1); read only by ahpo.mode=luffy'),
        switchAtStep: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe(
            'sft-grpo: K, the SFT steps before GRPO takes over (required there, 1 ≤ K < train.steps; a step count even with train.maxSeconds); 0 = unset, refused in other modes',
          ),
        rlLr: z
          .number()
          .min(0)
          .lte(1)
          .default(0)
          .describe('sft-grpo: peak lr of the GRPO stage (RL usually runs ~10× below SFT); 0 = train.lr; refused in other modes'),
        hptK: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe(
            "hpt: a prompt trains on its trace instead of its rollouts when at most k of them succeed (HPT's switch_gate, default 0); k < ahpo.groupSize; refused in other modes",
          ),
      })
      .strict()
      .prefault({}),
    rollout: z
      .object({
        temperature: z.number().gt(0).default(1).describe('sampling temperature of rollouts'),
        topP: prob.default(1).describe('nucleus sampling mass (chooses tokens only; log-probs stay full-vocabulary)'),
        topK: z.number().int().min(0).default(0).describe('top-k sampling (0 = off)'),
        maxNewTokens: positiveInt.default(128).describe('completion length limit'),
      })
      .strict()
      .prefault({}),
    train: z
      .object({
        steps: positiveInt.default(100).describe('optimizer steps'),
        promptsPerStep: positiveInt.default(8).describe('prompts per step (each sampled groupSize times)'),
        microBatch: positiveInt.default(8).describe('sequences per forward/backward; gradients accumulate, the result does not depend on it'),
        updatesPerBatch: positiveInt.default(1).describe('update iterations on one batch of rollouts (>1 makes the ratio and clipping matter)'),
        skipZeroAdvantage: z
          .boolean()
          .default(true)
          .describe(
            'leave rollouts with advantage 0 out of the forward/backward pass: their gradient is exactly zero; they stay in the normaliser and the logged statistics (applies without KL, entropy bonus or updatesPerBatch > 1)',
          ),
        lr: z
          .number()
          .gt(0)
          .lte(1, 'AdamW moves each weight by about lr per step, so lr above 1 only destroys the model (typical: 1e-6 to 1e-3)')
          .default(2e-4)
          .describe('peak learning rate (0 < lr ≤ 1)'),
        warmupSteps: z.number().int().min(0).default(0).describe('linear warm-up steps'),
        minLrRatio: z.number().min(0).lte(1).default(0.1).describe('cosine decay floor as a fraction of lr (1 = constant lr after warm-up)'),
        schedule: z
          .enum(['steps', 'time'])
          .default('steps')
          .describe(
            'what the cosine runs over: steps (train.steps) or time (train.maxSeconds of training time, so runs stopped by the clock all end at the floor whatever their step rate; needs train.maxSeconds > 0). Warm-up is in steps either way',
          ),
        weightDecay: z.number().min(0).default(0).describe('AdamW decoupled weight decay'),
        beta1: z.number().min(0).lt(1).default(0.9).describe('Adam β1'),
        beta2: z.number().min(0).lt(1).default(0.999).describe('Adam β2'),
        adamEps: z.number().gt(0).default(1e-8).describe('Adam ε'),
        gradClip: z.number().min(0).default(1).describe('global gradient-norm clip (0 = off)'),
        freeze: z.array(z.string()).default([]).describe('glob patterns of parameter names kept fixed (e.g. visual.*)'),
        maxBadSteps: positiveInt.default(3).describe('abort after this many NaN/Inf steps in a row (each is skipped)'),
        maxSeconds: z
          .number()
          .min(0)
          .default(0)
          .describe(
            'stop after this much training time (evaluation excluded), for runs matched by wall clock; 0 = off. The lr cosine follows train.steps unless train.schedule=time',
          ),
      })
      .strict()
      .prefault({}),
    eval: z
      .object({
        every: z.number().int().min(0).default(20).describe('evaluate every N steps (0 = only at the end)'),
        everySeconds: z
          .number()
          .min(0)
          .default(0)
          .describe(
            'also evaluate after the first step past each multiple of this much training time (evaluation excluded); for runs matched by wall clock, whose step rates differ by mode. 0 = off',
          ),
        maxNewTokens: positiveInt.default(128).describe('answer length limit during evaluation'),
        batchSize: positiveInt.default(16).describe('problems decoded together'),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        completionsEvery: z.number().int().min(0).default(10).describe('write sampled completions every N steps (0 = never)'),
        completionsPerStep: positiveInt.default(4).describe('completions written per logged step'),
      })
      .strict()
      .prefault({}),
    checkpoint: z
      .object({
        every: z.number().int().min(0).default(50).describe('save a step-N checkpoint every N steps (0 = only at the end)'),
        keepLast: positiveInt.default(3).describe('checkpoints kept (older ones are deleted)'),
        dtype: z.enum(['f32', 'bf16']).default('f32').describe('weight dtype on disk (optimizer state is always f32)'),
      })
      .strict()
      .prefault({}),
    rewards: z
      .object({
        verifierWeight: z.number().min(0).default(1).describe('weight of the task verifier reward'),
        plugins: z
          .array(
            z
              .object({
                module: z.string().describe('path to a JS/TS module exporting verify(instance, response)'),
                weight: z.number().default(1).describe('weight of its reward'),
              })
              .strict(),
          )
          .default([])
          .describe('extra reward functions; the total is the weighted sum, clipped to [0, 1]'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (c.ahpo.threshold > c.ahpo.groupSize) {
      issue(
        ['ahpo', 'threshold'],
        `R̂ = ${c.ahpo.threshold} exceeds ahpo.groupSize = ${c.ahpo.groupSize}: the gate would always be open. Set ahpo.threshold ≤ ${c.ahpo.groupSize} (paper: 2 of 5), or use ahpo.mode=static.`,
      );
    }
    if (c.train.warmupSteps >= c.train.steps)
      issue(['train', 'warmupSteps'], `train.warmupSteps = ${c.train.warmupSteps} must be below train.steps = ${c.train.steps}`);
    if (c.train.schedule === 'time' && c.train.maxSeconds === 0) {
      issue(
        ['train', 'schedule'],
        'train.schedule = time runs the lr cosine over train.maxSeconds, which is 0 (off). Set train.maxSeconds (the training-time budget), or train.schedule=steps',
      );
    }
    if (c.train.schedule === 'time' && c.ahpo.mode === 'sft-grpo') {
      issue(
        ['train', 'schedule'],
        'train.schedule = time cannot split its time budget between the stages of ahpo.mode=sft-grpo, which switch at a step (ahpo.switchAtStep). Use train.schedule=steps (or train.minLrRatio=1 for a constant lr)',
      );
    }
    // No rollouts in sft: terms over rollout tokens would be read by nothing.
    for (const key of ['klCoef', 'entropyCoef'] as const) {
      if (c.ahpo.mode === 'sft' && c.ahpo[key] > 0)
        issue(
          ['ahpo', key],
          `ahpo.${key} = ${c.ahpo[key]} applies to rollout tokens, and ahpo.mode=sft has none; remove it so that nothing is silently ignored`,
        );
    }
    stageIssues(c, issue);
  });

/** Cross-field rules of the staged and switching modes: a key that a mode would not read is refused, never ignored. */
function stageIssues(
  c: { ahpo: { mode: string; switchAtStep: number; rlLr: number; hptK: number; groupSize: number }; train: { steps: number; warmupSteps: number } },
  issue: (path: string[], message: string) => void,
): void {
  const { mode, switchAtStep: k, rlLr, hptK, groupSize } = c.ahpo;
  const { steps, warmupSteps } = c.train;
  const only = (key: string, value: number, owner: string) =>
    issue(
      ['ahpo', key],
      `ahpo.${key} = ${value} applies only to ahpo.mode=${owner}, but the mode is ${mode}; remove it (or set ahpo.mode=${owner}) so that nothing is silently ignored`,
    );
  if (mode === 'sft-grpo') {
    if (k === 0)
      issue(
        ['ahpo', 'switchAtStep'],
        `ahpo.mode=sft-grpo needs ahpo.switchAtStep: K, the number of SFT steps before GRPO takes over (an integer with 1 ≤ K < train.steps = ${steps}), e.g. --ahpo.switchAtStep=${Math.max(1, Math.floor(steps / 2))}`,
      );
    else if (k >= steps)
      issue(
        ['ahpo', 'switchAtStep'],
        `ahpo.switchAtStep = ${k} must be below train.steps = ${steps}, or the GRPO stage never runs (for SFT alone use ahpo.mode=sft)`,
      );
    else if (warmupSteps >= k || warmupSteps >= steps - k) {
      issue(
        ['train', 'warmupSteps'],
        `train.warmupSteps = ${warmupSteps} must be below each stage's length with ahpo.mode=sft-grpo (each stage warms up anew): SFT ${k} steps, GRPO ${steps - k} steps`,
      );
    }
  } else {
    if (k !== 0) only('switchAtStep', k, 'sft-grpo');
    if (rlLr !== 0) only('rlLr', rlLr, 'sft-grpo');
  }
  if (mode === 'hpt') {
    if (hptK >= groupSize)
      issue(
        ['ahpo', 'hptK'],
        `ahpo.hptK = ${hptK} must be below ahpo.groupSize = ${groupSize}: with k ≥ N every prompt with a trace trains on the trace alone (that is ahpo.mode=sft)`,
      );
  } else if (hptK !== 0) only('hptK', hptK, 'hpt');
}

export type Config = z.infer<typeof ConfigSchema>;
