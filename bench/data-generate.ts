// Generation speed of the data-synthesis engine (issue 8 target: all 42 families × 5 levels × 10 instances at
// 448 px in under 5 minutes on 2 cores).
//   npx tsx bench/data-generate.ts [--per-level 10] [--size 448] [--seed 0] [--tasks all] [--keep]
// Generates every family with a generator into a temp folder (removed afterwards unless --keep), one family at a
// time so each gets its own wall time, with the CLI's progress bar on stderr. Prints the total seconds and the
// per-family seconds, slowest first. A family whose generator throws is reported and the run goes on (families
// are written concurrently by several people; one bug should not hide everyone else's numbers); exit code 1 then.
// One run, not a median: the whole point is the end-to-end wall time, and a run is minutes of CPU.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { progressReporter } from '../src/cli/progress.js';
import { LEVELS, generateDataset, generatorTasks, resolveGeneratorTasks } from '../src/dataset/generate.js';
import { TASKS } from '../src/tasks/registry.js';

const TARGET_S = 300;

const { values } = parseArgs({
  options: {
    'per-level': { type: 'string', default: '10' },
    size: { type: 'string', default: '448' },
    seed: { type: 'string', default: '0' },
    tasks: { type: 'string', default: 'all' },
    keep: { type: 'boolean', default: false },
  },
});
const perLevel = Number(values['per-level']);
const sizePx = Number(values.size);
const specs = resolveGeneratorTasks([values.tasks!]);
const out = mkdtempSync(join(tmpdir(), 'ahpo-bench-data-'));
const total = specs.length * LEVELS.length * perLevel;

process.stderr.write(
  `data-generate bench ${new Date().toISOString()}: ${specs.length}/${TASKS.length} families with a generator × ` +
    `${LEVELS.length} levels × ${perLevel} = ${total} instances at ${sizePx} px; ${cpus().length} CPUs, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version}; output ${out}\n`,
);

const report = progressReporter('bench data-generate');
const rows: Array<{ task: string; seconds: number; instances: number; error?: string }> = [];
let done = 0;
const t0 = performance.now();
for (const spec of specs) {
  const start = performance.now();
  const before = done;
  try {
    // One family per call so its time is its own; progress is offset so the bar counts over the whole run.
    await generateDataset({
      tasks: [spec.key],
      levels: [...LEVELS],
      perLevel,
      seed: Number(values.seed),
      outDir: out,
      sizePx,
      onProgress: (n, _t, task) => report(before + n, total, task),
    });
    done = before + LEVELS.length * perLevel;
    rows.push({ task: spec.key, seconds: (performance.now() - start) / 1000, instances: LEVELS.length * perLevel });
  } catch (err) {
    const seconds = (performance.now() - start) / 1000;
    // Keep the bar's total honest: the family's remaining instances count as done (skipped).
    done = before + LEVELS.length * perLevel;
    report(done, total, `${spec.key} FAILED`);
    rows.push({ task: spec.key, seconds, instances: 0, error: err instanceof Error ? err.message : String(err) });
  }
}
const totalS = (performance.now() - t0) / 1000;
if (!values.keep) rmSync(out, { recursive: true, force: true });

const failed = rows.filter((r) => r.error !== undefined);
const generated = rows.reduce((a, r) => a + r.instances, 0);
console.log(`per family (slowest first), seconds for ${LEVELS.length} levels × ${perLevel}:`);
for (const r of [...rows].sort((a, b) => b.seconds - a.seconds)) {
  const rate = r.instances > 0 ? `${(r.instances / r.seconds).toFixed(1)} inst/s` : `FAILED: ${r.error!.slice(0, 160)}`;
  console.log(`  ${r.task.padEnd(34)}${r.seconds.toFixed(2).padStart(8)} s  ${rate}`);
}
const verdict = failed.length > 0 ? `incomplete (${failed.length} failed)` : totalS < TARGET_S ? 'met' : 'MISSED';
console.log(
  `total ${totalS.toFixed(1)} s for ${generated} instances of ${rows.length - failed.length} families ` +
    `(${(generated / totalS).toFixed(1)} inst/s); target < ${TARGET_S} s for all 42: ${verdict}` +
    // A crude projection (mean family time × 42) until every family has a generator.
    (specs.length < TASKS.length
      ? `; ${TASKS.length - specs.length} families not run (${TASKS.length - generatorTasks().length} have no generator yet); ` +
        `projected for ${TASKS.length}: ` +
        `${((totalS / Math.max(1, specs.length)) * TASKS.length).toFixed(0)} s`
      : '') +
    (values.keep ? `; output kept in ${out}` : ''),
);
if (failed.length > 0) process.exitCode = 1;
