// `ahpo verify --input FILE [--out results.jsonl] [--force]`: verifies the `response` of every record in an
// official-format file (JSON list, JSONL, the benchmark's parquet, or a VLMEvalKit TSV, whose `prediction` column is
// the response) or folder. One JSON line per verified record goes to --out (or stdout);
// malformed records, warnings and a summary go to stderr. Exit code 2 when any record was malformed, else 0.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { describeProblem, scoreResponse } from '../../eval/scoring.js';
import type { ScoredItem } from '../../eval/scoring.js';
import { listRecordFiles, readRecordsAsync } from '../../dataset/records.js';
import type { ReadOptions, RecordProblem } from '../../dataset/records.js';

export interface VerifyArgs {
  input: string;
  out?: string;
  force?: boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const MAX_WARNINGS_SHOWN = 20;

/** Opens --out for writing; refuses an existing file unless forced ('wx' makes the check race-free). */
export function openOutput(path: string, force: boolean): number {
  try {
    return openSync(path, force ? 'w' : 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`output file '${path}' already exists. HINT: pass --force to overwrite it, or choose another --out.`);
    }
    throw err;
  }
}

export function summarize(items: readonly ScoredItem[], malformed: readonly RecordProblem[]): string {
  const perTask = new Map<string, { n: number; correct: number }>();
  for (const it of items) {
    const c = perTask.get(it.task) ?? { n: 0, correct: 0 };
    c.n++;
    if (it.correct) c.correct++;
    perTask.set(it.task, c);
  }
  const correct = items.filter((i) => i.correct).length;
  const faults = items.filter((i) => i.fault !== undefined);
  const share = items.length === 0 ? '0.0' : ((100 * correct) / items.length).toFixed(1);
  const lines = [
    `verify: ${items.length} record(s) verified: ${correct} correct, ${items.length - correct} wrong (${share}% correct); ` + `${malformed.length} malformed`,
  ];
  for (const [task, c] of [...perTask.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`  ${task}: ${c.correct}/${c.n} correct`);
  }
  if (faults.length > 0) {
    lines.push(`WARNING: ${faults.length} verifier fault(s) scored 0 (a verifier bug or an unreadable initial_state) — please report:`);
    // The first message of each faulting task: enough to find the bug, without one line per record.
    const first = new Map<string, string>();
    for (const f of faults) if (!first.has(f.task)) first.set(f.task, f.fault as string);
    for (const [task, msg] of first) lines.push(`  ${task}: ${msg}`);
  }
  return lines.join('\n') + '\n';
}

/** The command's work, callable in-process (tests inject a task look-up); returns the exit code. */
export async function runVerify(args: VerifyArgs, io: Io, readOptions: ReadOptions = {}): Promise<number> {
  // Check the input and refuse an existing --out before any work, so a long run never ends in a refusal and a bad
  // --input leaves no empty --out behind.
  listRecordFiles(args.input);
  const fd = args.out !== undefined ? openOutput(args.out, args.force ?? false) : null;
  try {
    // Verification needs no images: paths are normalised and escapes rejected, but the disk is not searched.
    // An --out kept inside an input folder (a *.jsonl) is output, not records.
    const exclude = [...(readOptions.exclude ?? []), ...(args.out !== undefined ? [args.out] : [])];
    const data = await readRecordsAsync(args.input, { checkImages: false, ...readOptions, exclude, requireResponse: true });
    const items: ScoredItem[] = [];
    for (const rec of data.records) {
      const item = scoreResponse(rec.spec, rec.instance, rec.response ?? '');
      items.push(item);
      const index = rec.instance.index ?? rec.location.line ?? rec.location.arrayIndex ?? null;
      const line = JSON.stringify({ index, task: item.task, correct: item.correct, reward: item.reward, reason: item.reason });
      if (fd !== null) writeSync(fd, line + '\n');
      else io.stdout(line + '\n');
    }
    for (const p of data.malformed) io.stderr(`malformed record ${describeProblem(p)}\n`);
    for (const w of data.warnings.slice(0, MAX_WARNINGS_SHOWN)) io.stderr(`warning: ${describeProblem(w)}\n`);
    if (data.warnings.length > MAX_WARNINGS_SHOWN) {
      io.stderr(`warning: ... and ${data.warnings.length - MAX_WARNINGS_SHOWN} more\n`);
    }
    io.stderr(summarize(items, data.malformed));
    return data.malformed.length > 0 ? 2 : 0;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: 'Verify the `response` of each official-format record; JSON lines out, summary on stderr',
  builder: (y) =>
    y
      .option('input', { type: 'string', demandOption: true, describe: 'annotations.json / .jsonl / .parquet / .tsv file, or a folder of them' })
      .option('out', { type: 'string', describe: 'write results here (JSON lines) instead of stdout' })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing --out file' }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    process.exitCode = await runVerify(argv, io);
  },
};
