// The configuration of `ahpo mathse`: the sections of `ahpo train` that a MathSE run reads, plus a strict `mathse:`
// section for the loop itself (docs/mathse.md). Every SFT phase is an ordinary `ahpo train` run in ahpo.mode=sft, so
// the shared sections keep their meaning there; the sections and keys mathse would not read are refused, never
// silently ignored: `ahpo` (mathse has no RL loss), `rewards` (a kept path is one the task verifier accepts) and
// `train.steps` (each SFT phase runs mathse.sftSteps steps).
import { z } from 'zod';
import { ConfigFileError, parseOverrideValue, readConfigFile, resolveConfig, setDotted, type Config } from '../train/config.js';

const count = z.number().int().min(0);
const positive = z.number().int().positive();

/** What a reflection prompt may name; {question}, {answer} and {feedback} must all appear. */
export const TEMPLATE_FIELDS = ['question', 'answer', 'feedback'] as const;

/**
 * The default reflection prompt (MathSE §3.3: the model sees the problem, its own wrong path and the reward model's
 * feedback, and writes a corrected path). The final-answer line is added after it, as for every prompt (prompt.ts).
 */
export const DEFAULT_TEMPLATE = [
  '{question}',
  '',
  'Here is an earlier answer to this problem:',
  '{answer}',
  '',
  'A checker found it wrong. {feedback}',
  'Reflect on that error, then solve the problem again from the start and give the corrected answer.',
].join('\n');

export const MathseSchema = z
  .object({
    rounds: positive.default(3).describe('K: self-evolution rounds (sample → verify → reflect → SFT); the run also stops after a round that adds no path'),
    sftSteps: positive.default(100).describe('optimizer steps of every SFT phase (round 0 on the expert traces, then one per round); train.steps is not read'),
    sftFrom: z
      .enum(['base', 'previous'])
      .default('base')
      .describe(
        "where each SFT phase starts: base = model.source, trained on all data so far (STaR / ReST-EM); previous = the last round's weights, also on all data so far",
      ),
    expertShare: z
      .number()
      .gt(0)
      .lte(1)
      .default(1)
      .describe(
        "share of data.train's prompts whose expert traces are round 0's data, drawn by run.seed (MathSE starts from distilled traces of part of the prompts); the others start with no path. 1 = all",
      ),
    samples: positive.default(4).describe('N: answers sampled per unsolved prompt each round (rollout.temperature/topP/topK, one seed per sample index)'),
    promptsPerRound: count.default(0).describe('unsolved prompts sampled per round, drawn by run.seed and the round (0 = all of them)'),
    keepPerPrompt: positive.default(2).describe('new verified paths kept per prompt per round (sampled ones first, then corrections), after de-duplication'),
    reflections: count.default(1).describe('distinct wrong answers reflected on per prompt left unsolved by the samples (0 = no reflection)'),
    reflectionSamples: positive.default(2).describe('corrections sampled per reflection prompt; only those the verifier accepts join the data'),
    template: z
      .string()
      .default(DEFAULT_TEMPLATE)
      .describe('the reflection prompt: {question}, {answer} (the wrong answer) and {feedback} are filled in; the final-answer line follows'),
    feedback: z
      .object({
        module: z
          .string()
          .default('')
          .describe(
            "a JS/TS module exporting feedback(instance, response, verdict) → string (sync or async), used instead of the verifier's own feedback; '' = none",
          ),
        url: z
          .string()
          .default('')
          .describe("an OpenAI-compatible endpoint (…/v1) asked for the first wrong step of each wrong answer, as the paper's outcome reward model; '' = none"),
        model: z.string().default('').describe('the model name sent to feedback.url'),
        apiKeyEnv: z.string().default('').describe("environment variable holding the endpoint's API key ('' = no Authorization header)"),
        timeoutSeconds: z.number().gt(0).default(60).describe('per request to feedback.url'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    const placeholders = [...m.template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
    const unknown = placeholders.filter((p) => !(TEMPLATE_FIELDS as readonly string[]).includes(p));
    if (unknown.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: `unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; the template may use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}`,
      });
    const missing = TEMPLATE_FIELDS.filter((f) => !placeholders.includes(f));
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: `the template lacks ${missing.map((f) => `{${f}}`).join(', ')}: a reflection prompt shows the problem, the wrong answer and the feedback`,
      });
    if (m.feedback.module && m.feedback.url)
      ctx.addIssue({ code: 'custom', path: ['feedback'], message: 'feedback.module and feedback.url both set; give one source of feedback' });
    if (m.feedback.url && !m.feedback.model)
      ctx.addIssue({ code: 'custom', path: ['feedback', 'model'], message: 'feedback.url needs feedback.model (the model name the endpoint serves)' });
    if (!m.feedback.url) {
      for (const key of ['model', 'apiKeyEnv'] as const)
        if (m.feedback[key])
          ctx.addIssue({
            code: 'custom',
            path: ['feedback', key],
            message: `feedback.${key} = ${JSON.stringify(m.feedback[key])} is read only with feedback.url; remove it or set feedback.url`,
          });
    }
  });

export type MathseSection = z.infer<typeof MathseSchema>;

/** A MathSE run's configuration: the shared sections (validated by the train schema) and the mathse section. */
export interface MathseConfig {
  /** The shared sections; train.steps = mathse.sftSteps, ahpo.mode = sft (what every SFT phase runs with). */
  base: Config;
  mathse: MathseSection;
}

/** Sections mathse does not read, with why (a config that sets them is refused). */
const REFUSED: Record<string, string> = {
  ahpo: 'every SFT phase runs ahpo.mode=sft and mathse has no RL loss, so no ahpo key would be read; remove the section',
  rewards:
    'a path joins the data when the task verifier accepts it (reward plug-ins shape RL rewards, which mathse has none of); for an outside judge use mathse.feedback',
};

function issue(source: string, key: string, message: string): ConfigFileError {
  return new ConfigFileError(`invalid configuration (${source}):\n  ${key}: ${message}`);
}

/** Validates a raw object (YAML + overrides) into a MathseConfig; errors name the key, the value and the fix. */
export function resolveMathseConfig(raw: Record<string, unknown>, source = 'config'): MathseConfig {
  const rest: Record<string, unknown> = { ...raw };
  const section = rest.mathse ?? {};
  delete rest.mathse;
  for (const [name, why] of Object.entries(REFUSED)) if (rest[name] !== undefined) throw issue(source, name, `mathse does not read this section: ${why}`);
  const train = rest.train;
  if (train !== undefined && (train === null || typeof train !== 'object' || Array.isArray(train)))
    throw issue(source, 'train', `expected a mapping, got ${JSON.stringify(train)}`);
  if (train && (train as Record<string, unknown>).steps !== undefined) {
    throw issue(
      source,
      'train.steps',
      `= ${JSON.stringify((train as Record<string, unknown>).steps)} is not read by mathse: each SFT phase runs mathse.sftSteps steps; move the value there`,
    );
  }
  const parsed = MathseSchema.safeParse(section);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = `mathse${i.path.length ? `.${i.path.join('.')}` : ''}`;
      return i.code === 'unrecognized_keys'
        ? `  ${key}: unknown key(s) ${i.keys.map((k) => `'${k}'`).join(', ')} (docs/mathse.md lists every key)`
        : `  ${key}: ${i.message}`;
    });
    throw new ConfigFileError(`invalid configuration (${source}):\n${lines.join('\n')}`);
  }
  const mathse = parsed.data;
  const warmup = (train as Record<string, unknown> | undefined)?.warmupSteps;
  if (typeof warmup === 'number' && warmup >= mathse.sftSteps)
    throw issue(source, 'train.warmupSteps', `= ${warmup} must be below mathse.sftSteps = ${mathse.sftSteps} (each SFT phase warms up anew)`);
  const base = resolveConfig({ ...rest, train: { ...(train as object | undefined), steps: mathse.sftSteps }, ahpo: { mode: 'sft' } }, source);
  return { base, mathse };
}

/** YAML file (or none), then dotted overrides (mathse.* included), then validation. */
export function loadMathseConfig(path: string | undefined, overrides: [string, unknown][] = []): MathseConfig {
  const raw: Record<string, unknown> = path === undefined ? {} : readConfigFile(path);
  for (const [k, v] of overrides) setDotted(raw, k, typeof v === 'string' ? parseOverrideValue(v) : v);
  return resolveMathseConfig(raw, path !== undefined ? `${path}${overrides.length ? ' + overrides' : ''}` : 'defaults + overrides');
}

/** The raw form a run folder keeps (config.yaml): loading it gives the same MathseConfig. */
export function savedForm(c: MathseConfig): Record<string, unknown> {
  const { ahpo: _ahpo, rewards: _rewards, train, ...shared } = c.base;
  const { steps: _steps, ...trainRest } = train;
  return { ...shared, train: trainRest, mathse: c.mathse };
}
