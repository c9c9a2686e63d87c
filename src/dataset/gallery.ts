// `ahpo data gallery DIR`: one self-contained HTML page with one instance per task × level (its image, the
// image-variant question and the reference answer), grouped by category, so a person can eyeball all 42 × 5
// renderings at once and spot an illegible level or a question that does not match its picture. No scripts, no
// external assets: images are linked by relative path (the page stays small and works when DIR is moved with it)
// or embedded as data URIs (one file to send around). Every dataset string is HTML-escaped: records are untrusted.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileAtomicSync } from '../io/atomic.js';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { answerText, LEVELS } from './generate.js';
import { readRecords } from './records.js';
import { TASKS } from '../tasks/registry.js';
import type { DatasetRecord, ReadOptions } from './records.js';
import type { Category, Level } from '../tasks/types.js';

export interface GalleryOptions {
  /** Output HTML file; default DIR/gallery.html (beside the data, so relative image links survive a move). */
  out?: string;
  /** Replace an existing output file; without it the call refuses before reading anything. */
  force?: boolean;
  /** Embed images as data URIs instead of relative links. */
  embed?: boolean;
  /** Page title; default "ahpo data gallery: <DIR>". */
  title?: string;
  /** Task look-up (tests inject fake specs); default: the registry. */
  findTask?: ReadOptions['findTask'];
}

export interface GalleryResult {
  out: string;
  /** Task × level cells shown (one instance each). */
  cells: number;
  /** Images placed on the page (an isomorphism instance has two). */
  images: number;
  tasks: number;
  /** Registered tasks with no record in DIR (listed on the page too). */
  missingTasks: string[];
  bytes: number;
}

const CATEGORY_ORDER: readonly Category[] = ['graphs', 'algorithms', 'puzzles', 'games'];
const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A relative URL from the page's folder to an image file: posix separators, each segment percent-encoded. */
function relativeUrl(fromDir: string, file: string): string {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join('/');
}

function imageSrc(file: string, outDir: string, embed: boolean): string | null {
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  if (!embed) return relativeUrl(outDir, file);
  const mime = MIME[extname(file).toLowerCase()];
  // An unknown extension is still linked rather than embedded with a guessed type the browser might refuse.
  if (!mime) return relativeUrl(outDir, file);
  return `data:${mime};base64,${readFileSync(file).toString('base64')}`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:0 1.5rem 3rem;color:#1d1d1f;background:#f4f5f7;line-height:1.4}
header{position:sticky;top:0;background:#f4f5f7;padding:.75rem 0;border-bottom:1px solid #d0d4da;z-index:1}
h1{font-size:1.3rem;margin:0 0 .3rem}
h2{font-size:1.15rem;margin:2rem 0 .5rem;text-transform:capitalize;border-bottom:2px solid #1d1d1f}
h3{font-size:1rem;margin:1.5rem 0 .5rem;font-family:ui-monospace,Menlo,Consolas,monospace}
h3 small{font-family:system-ui,sans-serif;font-weight:normal;color:#5a6270}
nav a{margin-right:.6rem;font-size:.85rem;white-space:nowrap}
.summary{font-size:.85rem;color:#5a6270}
.row{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.8rem}
.card{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:.6rem;min-width:0}
.card.empty{color:#8a919c;background:#fafafa;font-style:italic}
.lvl{font-weight:600;font-size:.85rem;margin-bottom:.3rem}
.imgs{display:flex;gap:.3rem;flex-wrap:wrap}
.imgs img{max-width:100%;height:auto;border:1px solid #e3e6ea;background:#fff}
.missing{border:1px dashed #c33;color:#c33;padding:1rem;font-size:.85rem}
.q,.a{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.82rem;margin:.4rem 0 0}
.q{max-height:14rem;overflow:auto}
.a{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eef6ee;padding:.3rem;border-radius:4px;max-height:8rem;overflow:auto}
.label{font-size:.7rem;text-transform:uppercase;letter-spacing:.05em;color:#5a6270;margin-top:.4rem}
`;

function card(level: Level, rec: DatasetRecord | undefined, root: string, outDir: string, embed: boolean): { html: string; images: number } {
  if (!rec) return { html: `<div class="card empty"><div class="lvl">Level ${level}</div>no instance at this level</div>`, images: 0 };
  const inst = rec.instance;
  const imgs = inst.images.map((p) => {
    const file = join(root, p);
    const src = imageSrc(file, outDir, embed);
    if (src === null) return `<div class="missing">image not found: ${escapeHtml(p)}</div>`;
    const img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(`${inst.task} level ${level}`)}" loading="lazy">`;
    // Linked images open full size in a new tab; an embedded one is already full size on the page.
    return embed ? img : `<a href="${escapeHtml(src)}" target="_blank" rel="noopener">${img}</a>`;
  });
  const where = inst.index !== undefined ? ` · #${escapeHtml(String(inst.index))}` : '';
  const html = [
    `<div class="card" id="${escapeHtml(`${inst.task}-L${level}`)}">`,
    `<div class="lvl">Level ${level}${where}</div>`,
    `<div class="imgs">${imgs.join('') || '<div class="missing">record has no image</div>'}</div>`,
    `<div class="label">Question</div><p class="q">${escapeHtml(inst.question || '(empty)')}</p>`,
    `<div class="label">Answer</div><pre class="a">${escapeHtml(answerText(inst.answer))}</pre>`,
    `</div>`,
  ].join('');
  return { html, images: imgs.length };
}

/** Builds the page (pure apart from reading images for embedding); writeGallery adds the file handling. */
export function buildGallery(dir: string, outFile: string, o: GalleryOptions = {}): { html: string } & Omit<GalleryResult, 'out' | 'bytes'> {
  const read = readRecords(dir, { checkImages: true, findTask: o.findTask });
  const outDir = dirname(resolve(outFile));
  // The first record of each task × level in reading order (records.jsonl order = instance 0 first).
  const first = new Map<string, Map<Level, DatasetRecord>>();
  const specs = new Map<string, { category: Category; official: string }>();
  for (const r of read.records) {
    const byLevel = first.get(r.spec.key) ?? new Map<Level, DatasetRecord>();
    first.set(r.spec.key, byLevel);
    specs.set(r.spec.key, { category: r.spec.category, official: r.spec.officialName });
    if (!byLevel.has(r.instance.difficulty)) byLevel.set(r.instance.difficulty, r);
  }
  const taskOrder = new Map(TASKS.map((t, i) => [t.key, i]));
  const tasks = [...first.keys()].sort((a, b) => (taskOrder.get(a) ?? Infinity) - (taskOrder.get(b) ?? Infinity) || a.localeCompare(b));
  const missingTasks = TASKS.filter((t) => !first.has(t.key)).map((t) => t.key);
  let cells = 0;
  let images = 0;
  const sections: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const inCat = tasks.filter((t) => specs.get(t)!.category === category);
    if (inCat.length === 0) continue;
    sections.push(`<section id="cat-${category}"><h2>${escapeHtml(category)} (${inCat.length})</h2>`);
    for (const task of inCat) {
      const byLevel = first.get(task)!;
      const official = specs.get(task)!.official;
      sections.push(`<h3 id="${escapeHtml(task)}">${escapeHtml(task)} <small>${escapeHtml(official)} · ${byLevel.size} level(s)</small></h3><div class="row">`);
      // Levels outside 1..5 cannot occur (parseDifficulty maps them), so LEVELS covers every record.
      for (const level of LEVELS) {
        const c = card(level, byLevel.get(level), read.root, outDir, o.embed ?? false);
        if (byLevel.has(level)) cells++;
        images += c.images;
        sections.push(c.html);
      }
      sections.push('</div>');
    }
    sections.push('</section>');
  }
  const title = o.title ?? `ahpo data gallery: ${dir}`;
  const nav = tasks.map((t) => `<a href="#${escapeHtml(t)}">${escapeHtml(t)}</a>`).join('');
  const notes = [
    `${tasks.length} task(s), ${cells} task × level cell(s), ${images} image(s), from ${escapeHtml(read.root)}.`,
    missingTasks.length > 0 ? ` Registered tasks with no records here: ${missingTasks.map(escapeHtml).join(', ')}.` : '',
    read.malformed.length > 0 ? ` ${read.malformed.length} malformed record(s) skipped.` : '',
  ].join('');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1><p class="summary">${notes}</p><nav>${nav}</nav></header>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
  return { html, cells, images, tasks: tasks.length, missingTasks };
}

/** Writes the gallery; refuses to replace an existing file without `force` (checked before any work). */
export function writeGallery(dir: string, o: GalleryOptions = {}): GalleryResult {
  const out = resolve(o.out ?? join(dir, 'gallery.html'));
  if (existsSync(out) && !o.force) {
    throw new Error(`output already exists: ${out}. HINT: pass --force to replace it, or choose another --out`);
  }
  const page = buildGallery(dir, out, o);
  // Atomic so an interrupted run never leaves half a page where a good one was.
  writeFileAtomicSync(out, page.html);
  return { out, cells: page.cells, images: page.images, tasks: page.tasks, missingTasks: page.missingTasks, bytes: Buffer.byteLength(page.html) };
}
