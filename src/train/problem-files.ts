// What a run folder keeps of each problem it showed the model, for people (and `ahpo board`) to read next to the
// completions: RUN/problems/<file>.json holds the prompt text, the expert trace and the names of the prompt's
// images, written beside it as RUN/problems/<file>.image<j>.<ext>. completions.jsonl and eval/step-N.jsonl name
// problems by key only; problemFileName(key) finds the file, so those formats did not change.
//
// Why copies in the run folder rather than a pointer to the source: a run folder must be readable on its own (copied
// off a cluster, served by `ahpo board`, which serves nothing outside the folders it is given), and a generated
// problem's image exists only in memory. Only problems the run logs are written: the logged training prompts
// (log.completionsEvery) and the held-out and retention sets, each once per run. Generated images are their SVG
// source (a few kB, exact at any zoom); record images are hard-linked where the file system allows (no extra space)
// and copied otherwise.
//
// Everything written is a function of the problem, so a resumed run rewrites nothing and a run killed mid-write
// ends up with the same files: the JSON is written last and atomically, so its presence means the images are there.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic.js';
import { extname, join } from 'node:path';
import type { Problem } from '../data/problems.js';
import { buildPrompt, type PromptVariant } from '../tasks/prompt.js';
import { namingSync } from './write-errors.js';

export const PROBLEMS_DIR = 'problems';
/** Bumped when a field changes meaning; readers check it. */
export const PROBLEM_FILE_FORMAT = 1;

export interface ProblemFile {
  format: number;
  key: string;
  /** `<task>/<index>`, for people. */
  name: string;
  task: string;
  level: number;
  hash: string;
  /** The prompt's text exactly as the model was given it (data.variant's question plus the answer-format line). */
  prompt: string;
  /** The prompt's images in order, as paths relative to the run folder; empty for the text variant. */
  images: string[];
  /** The expert trace (SERG or the short form), when the problem has one. */
  trace?: string;
}

/**
 * The file name (without extension) for a problem key: readable task and index, plus a hash of the whole key, since
 * keys differ only by their source (`maze/L2-3@gen:seed=7` and `maze/L2-3@gen:seed=2001` are different problems).
 */
export function problemFileName(key: string): string {
  const at = key.indexOf('@');
  const readable = (at < 0 ? key : key.slice(0, at)).replace(/[^\w.-]/g, '_').slice(0, 80);
  return `${readable}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Path of a problem's JSON, relative to the run folder. */
export const problemJsonPath = (key: string): string => join(PROBLEMS_DIR, `${problemFileName(key)}.json`);

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.svg']);

/** Hard link (same file system: no space used), else a copy; replaces a leftover from a killed write. */
function linkOrCopy(from: string, to: string): void {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Writes RUN/problems/ files for problems not written yet. One per run (the loop keeps it): it lists the folder
 * once, removing temporary files a killed writer left, and remembers what it wrote.
 */
export class ProblemFiles {
  private readonly dir: string;
  private readonly written = new Set<string>();

  constructor(
    runDir: string,
    private readonly variant: PromptVariant,
  ) {
    this.dir = join(runDir, PROBLEMS_DIR);
    if (!existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir)) {
      if (/\.tmp-\d+$/.test(f)) rmSync(join(this.dir, f), { force: true });
      else if (f.endsWith('.json')) this.written.add(f.slice(0, -'.json'.length));
    }
  }

  write(problems: readonly Problem[]): void {
    for (const p of problems) {
      const name = problemFileName(p.key);
      if (this.written.has(name)) continue;
      mkdirSync(this.dir, { recursive: true });
      const prompt = buildPrompt(p.instance, this.variant);
      const images = prompt.images.length === 0 ? [] : p.images.map((img, j) => this.writeImage(p, name, j, img));
      const file: ProblemFile = {
        format: PROBLEM_FILE_FORMAT,
        key: p.key,
        name: p.name,
        task: p.spec.key,
        level: p.instance.difficulty,
        hash: p.hash,
        prompt: prompt.text,
        images,
        ...(p.trace === undefined ? {} : { trace: p.trace }),
      };
      const path = join(this.dir, `${name}.json`);
      namingSync(path, 'writing', () => writeFileAtomicSync(path, `${JSON.stringify(file)}\n`));
      this.written.add(name);
    }
  }

  /** One image of a problem, returned as a path relative to the run folder. */
  private writeImage(p: Problem, name: string, j: number, img: Problem['images'][number]): string {
    if (img.svg !== undefined) {
      const file = `${name}.image${j}.svg`;
      namingSync(join(this.dir, file), 'writing', () => writeFileAtomicSync(join(this.dir, file), img.svg!));
      return join(PROBLEMS_DIR, file);
    }
    if (!img.path) throw new Error(`problem ${p.key}: image ${j} has neither a file path nor SVG source; expected one of them (data/problems.ts)`);
    const ext = extname(img.path).toLowerCase();
    const file = `${name}.image${j}${IMAGE_EXTENSIONS.has(ext) ? ext : '.bin'}`;
    namingSync(join(this.dir, file), 'writing', () => linkOrCopy(img.path!, join(this.dir, file)));
    return join(PROBLEMS_DIR, file);
  }
}
