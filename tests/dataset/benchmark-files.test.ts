// Issue 21 item 4: `ahpo eval --dataset` and `ahpo verify` read the benchmark as it is distributed — the Hugging Face
// parquet (images embedded) and VLMEvalKit's TSV (images base64 or paths) — besides records.jsonl folders, and say
// which file lacks which column when a file is in neither shape. The files are made here, in the same shapes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/commands/eval.js';
import { runVerify } from '../../src/cli/commands/verify.js';
import { loadProblemsAsync } from '../../src/data/problems.js';
import { formatLocation, listRecordFiles, readRecords, readRecordsAsync } from '../../src/dataset/records.js';
import { parseTsv, tablePath } from '../../src/dataset/tables.js';
import { benchRows, pyList, writeHfParquet, writeTsv, zstdRawFrame, type BenchRow } from './benchmark-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'ahpo-bench-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dirOf = (name: string): string => {
  const d = join(scratch, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const capture = (): { out: string; err: string; stdout: (t: string) => void; stderr: (t: string) => void } => {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
};

let rows: BenchRow[] = [];
beforeAll(async () => {
  // maze (text state), isomorphism (two images, no state), 24_points (JSON state).
  rows = await benchRows([
    ['maze', 1],
    ['isomorphism', 1],
    ['24_points', 2],
  ]);
}, 60_000);

describe('Hugging Face parquet (tianhao2k/MM-HELIX)', () => {
  it('reads every row as a record, writes the embedded images beside the file, and the references verify', async () => {
    const dir = dirOf('hf');
    const file = join(dir, 'test-00000-of-00001.parquet');
    writeHfParquet(file, rows);
    const read = await readRecordsAsync(file);
    expect(read.malformed).toEqual([]);
    expect(read.records.map((r) => [r.spec.key, r.instance.index, r.instance.difficulty])).toEqual([
      ['maze', 100, 1],
      ['isomorphism', 101, 1],
      ['24_points', 102, 2],
    ]);
    read.records.forEach((r, i) => {
      expect(r.instance.question).toBe(rows[i].question);
      expect(r.instance.questionLanguage).toBe(rows[i].question_text);
      expect(formatLocation(r.location)).toBe(`${file}[${i}]`);
      expect(r.spec.verify(r.instance, `\\boxed{${rows[i].answer}}`).correct, r.spec.key).toBe(true);
      // Each image is a file under <stem>_images/<category>/ holding exactly the embedded bytes.
      expect(r.instance.images).toEqual(rows[i].images.map((_, j) => `test-00000-of-00001_images/${rows[i].category}/${rows[i].task}_${rows[i].id}_${j}.png`));
      r.instance.images.forEach((p, j) => expect(new Uint8Array(readFileSync(join(dir, p)))).toEqual(rows[i].images[j]));
    });
  });

  it('reads ZSTD- and GZIP-coded files (pyarrow and datasets may write either) to the same records', async () => {
    const dir = dirOf('codecs');
    const plain = join(dir, 'snappy.parquet');
    writeHfParquet(plain, rows);
    const zstd = join(dir, 'zstd.parquet');
    writeHfParquet(zstd, rows, { codec: 'ZSTD', compressors: { ZSTD: zstdRawFrame } });
    const gzip = join(dir, 'gzip.parquet');
    writeHfParquet(gzip, rows, { codec: 'GZIP', compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) } });
    const summary = async (f: string): Promise<unknown> =>
      (await readRecordsAsync(f, { checkImages: false })).records.map((r) => [r.spec.key, r.instance.index, r.instance.answer, r.instance.questionLanguage]);
    const want = await summary(plain);
    expect(await summary(zstd)).toEqual(want);
    expect(await summary(gzip)).toEqual(want);
  });

  it('verification needs no images: nothing is written when images are not checked', async () => {
    const dir = dirOf('no-write');
    const file = join(dir, 'test.parquet');
    writeHfParquet(file, rows);
    const read = await readRecordsAsync(file, { checkImages: false });
    expect(read.records).toHaveLength(3);
    expect(existsSync(join(dir, 'test_images'))).toBe(false);
  });

  it('names images without a stored path by row id, and keeps two rows from sharing a file', async () => {
    const dir = dirOf('no-path');
    const file = join(dir, 'p.parquet');
    writeHfParquet(file, rows, { imagePath: (r) => (r.task === 'isomorphism' ? 'same.png' : null) });
    const read = await readRecordsAsync(file);
    expect(read.records.map((r) => r.instance.images)).toEqual([
      ['p_images/maze/100_0.png'],
      ['p_images/graph_isomorphism/same.png', 'p_images/graph_isomorphism/same_2.png'],
      ['p_images/24Points/102_0.png'],
    ]);
  });

  it('`ahpo eval --dataset FILE.parquet --responses` scores by index; a folder of parquet files is read too', async () => {
    const dir = dirOf('eval');
    mkdirSync(join(dir, 'data'));
    writeHfParquet(join(dir, 'data', 'test-00000-of-00001.parquet'), rows);
    const responses = join(dir, 'responses.jsonl');
    writeFileSync(
      responses,
      [JSON.stringify({ index: 100, response: `\\boxed{${rows[0].answer}}` }), JSON.stringify({ index: 101, response: '\\boxed{nonsense}' })].join('\n'),
    );
    expect(listRecordFiles(dir)).toEqual([join(dir, 'data', 'test-00000-of-00001.parquet'), responses]);
    const io = capture();
    expect(await runEval({ dataset: join(dir, 'data'), responses, json: true }, io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ n: 3, correct: 1, missing: 1, malformed: 0 });
  });

  it('gives the model-driven eval problems whose image files exist', async () => {
    const dir = dirOf('model');
    const file = join(dir, 'test.parquet');
    writeHfParquet(file, rows);
    const problems = await loadProblemsAsync(file, () => undefined);
    expect(problems.map((p) => p.images.length)).toEqual([1, 2, 1]);
    for (const p of problems) for (const img of p.images) expect(existsSync(img.path as string)).toBe(true);
  });

  it('says which file lacks which column, and what the two shapes are', async () => {
    const file = join(dirOf('bad'), 'odd.parquet');
    writeHfParquet(file, rows, { omit: ['answer', 'images'] });
    await expect(readRecordsAsync(file)).rejects.toThrow(
      /odd\.parquet is not an MM-HELIX table: no column 'answer', no column 'images' or 'image' \(its columns: id, category, question, question_text, difficulty, metric_info, initial_state\)\. Expected the Hugging Face dataset tianhao2k\/MM-HELIX .*HINT/,
    );
  });

  it('explains a Git LFS pointer and a file that is not parquet', async () => {
    const dir = dirOf('lfs');
    const lfs = join(dir, 'test.parquet');
    writeFileSync(lfs, 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 60812104\n');
    await expect(readRecordsAsync(lfs)).rejects.toThrow(/test\.parquet is a Git LFS pointer.*git lfs pull/);
    writeFileSync(lfs, 'not parquet at all');
    await expect(readRecordsAsync(lfs)).rejects.toThrow(/test\.parquet is not a readable parquet file: .*HINT/);
  });

  it('the synchronous reader (training) refuses parquet with a pointer to the commands that read it', () => {
    const file = join(dirOf('sync'), 'test.parquet');
    writeHfParquet(file, rows);
    expect(() => readRecords(file)).toThrow(/test\.parquet is a parquet file, which this command does not read\. HINT: `ahpo eval`, `ahpo verify`/);
  });
});

/** The columns VLMEvalKit's loader writes (the HF columns, id renamed to index, images dropped for image_path). */
const TSV_COLUMNS = ['index', 'category', 'question', 'question_text', 'answer', 'difficulty', 'metric_info', 'initial_state'];
const tsvRow = (r: BenchRow): Record<string, unknown> => ({ ...r, index: r.id });
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe("VLMEvalKit's TSV", () => {
  it('reads image_path columns as LMUData writes them (absolute paths of another machine) against the local images folder', async () => {
    const root = dirOf('lmu');
    const paths = rows.map((r) => r.images.map((_, j) => `/home/someone/LMUData/images/MM-HELIX/${r.category}/${r.task}_${j}.png`));
    rows.forEach((r, i) =>
      r.images.forEach((bytes, j) => {
        const local = join(root, paths[i][j].slice('/home/someone/LMUData/'.length));
        mkdirSync(join(local, '..'), { recursive: true });
        writeFileSync(local, bytes);
      }),
    );
    const file = join(root, 'MM-HELIX.tsv');
    writeTsv(
      file,
      [...TSV_COLUMNS, 'image_path'],
      rows.map((r, i) => ({ ...tsvRow(r), image_path: pyList(paths[i]) })),
    );
    const read = readRecords(file);
    expect(read.malformed).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.records.map((r) => r.instance.images)).toEqual(paths.map((ps) => ps.map((p) => p.slice('/home/someone/LMUData/'.length))));
    // Multi-line questions survive pandas' quoting; numeric cells stay the text the verifiers read.
    read.records.forEach((r, i) => {
      expect(r.instance.question).toBe(rows[i].question);
      expect(r.instance.questionLanguage).toBe(rows[i].question_text);
      expect(formatLocation(r.location)).toMatch(/MM-HELIX\.tsv:\d+$/);
      expect(r.spec.verify(r.instance, `\\boxed{${rows[i].answer}}`).correct, r.spec.key).toBe(true);
    });
  });

  it('decodes base64 images (one, a list, or a short reference to another row) into files beside the TSV', () => {
    const dir = dirOf('b64');
    const file = join(dir, 'MM-HELIX.tsv');
    const data: Array<Record<string, unknown>> = rows.map((r) => ({
      ...tsvRow(r),
      image: r.images.length === 1 ? b64(r.images[0]) : pyList(r.images.map(b64)),
    }));
    // A fourth row reuses the maze's image by naming its index, as VLMEvalKit's files do to save space.
    data.push({ ...data[0], index: 200, image: '100' });
    writeTsv(file, [...TSV_COLUMNS, 'image'], data);
    const read = readRecords(file);
    expect(read.malformed).toEqual([]);
    expect(read.records.map((r) => r.instance.images)).toEqual([
      ['MM-HELIX_images/maze/100.png'],
      ['MM-HELIX_images/graph_isomorphism/101_0.png', 'MM-HELIX_images/graph_isomorphism/101_1.png'],
      ['MM-HELIX_images/24Points/102.png'],
      ['MM-HELIX_images/maze/200.png'],
    ]);
    expect(new Uint8Array(readFileSync(join(dir, 'MM-HELIX_images/graph_isomorphism/101_1.png')))).toEqual(rows[1].images[1]);
    expect(readFileSync(join(dir, 'MM-HELIX_images/maze/200.png'))).toEqual(readFileSync(join(dir, 'MM-HELIX_images/maze/100.png')));
  });

  it('`ahpo verify` takes a VLMEvalKit predictions TSV: `prediction` is the response', async () => {
    const dir = dirOf('pred');
    const file = join(dir, 'MM-HELIX_model.tsv');
    const preds = [`so \\boxed{${rows[0].answer}}`, '\\boxed{Maybe}', ''];
    writeTsv(
      file,
      [...TSV_COLUMNS, 'image_path', 'prediction'],
      rows.map((r, i) => ({ ...tsvRow(r), image_path: `${r.task}.png`, prediction: preds[i] })),
    );
    const io = capture();
    expect(await runVerify({ input: file }, io)).toBe(2); // the row without a prediction is malformed
    expect(
      io.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { index: number; correct: boolean }),
    ).toEqual([
      expect.objectContaining({ index: 100, task: 'maze', correct: true }),
      expect.objectContaining({ index: 101, task: 'isomorphism', correct: false }),
    ]);
    expect(io.err).toMatch(/MM-HELIX_model\.tsv:\d+: record has no 'response'/);
  });

  it('names the file and the missing columns when a TSV is in neither shape', () => {
    const file = join(dirOf('bad-tsv'), 'other.tsv');
    writeTsv(file, ['index', 'question', 'answer'], [{ index: 1, question: 'q', answer: 'a' }]);
    expect(() => readRecords(file)).toThrow(
      /other\.tsv is not an MM-HELIX table: no column 'category', no column 'image' or 'image_path' \(its columns: index, question, answer\)\. Expected VLMEvalKit's MM-HELIX\.tsv/,
    );
  });
});

describe('TSV parsing', () => {
  it('handles quoted fields with tabs, line breaks and doubled quotes, CRLF, and reports the line each row starts on', () => {
    const text = 'a\tb\r\n"x\ty"\t"say ""hi""\nthere"\r\n\nlast\t\n';
    expect(parseTsv(text, 'f.tsv')).toEqual({
      rows: [
        ['a', 'b'],
        ['x\ty', 'say "hi"\nthere'],
        ['last', ''],
      ],
      lines: [1, 2, 5],
    });
  });

  it('names the file and line of a quote that is never closed', () => {
    expect(() => parseTsv('a\tb\n1\t"open\nstill open', 'f.tsv')).toThrow(/f\.tsv:2: a quoted TSV field is never closed/);
  });

  it('keeps image paths from their images/ folder on, and bare names of other absolute paths', () => {
    expect(tablePath('/root/LMUData/images/MM-HELIX/maze/a.png')).toBe('images/MM-HELIX/maze/a.png');
    expect(tablePath('C:\\data\\x\\b.png')).toBe('b.png');
    expect(tablePath('rel/c.png')).toBe('rel/c.png');
  });
});
