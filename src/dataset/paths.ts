// Image paths in records are untrusted: they are resolved only INSIDE the dataset folder. Official generators write
// some broken relative paths (joined with a cwd-relative or absolute images dir), so a path that does not resolve is
// looked up by its basename inside the dataset folder; a path that escapes the folder is never opened.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Folders never worth walking for images; the cap bounds the walk on a huge or wrong root. */
const SKIP_DIRS = new Set(['node_modules', '.git']);
const MAX_WALK_ENTRIES = 200_000;

export type ImageResolution = { ok: true; path: string; byBasename: boolean } | { ok: false; reason: string; path?: string };

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** Resolves record image paths against one dataset folder; the basename index is built once, on first need. */
export class DatasetPaths {
  readonly root: string;
  private index: Map<string, string[]> | null = null;

  constructor(root: string) {
    const abs = resolve(root);
    // realpath so that a symlinked dataset folder and symlinks inside it are judged by where they really point.
    this.root = existsSync(abs) ? realpathSync(abs) : abs;
  }

  /**
   * Resolves `image` as written in a record that lives in `recordDir`. With `checkFiles` false the disk is not
   * touched (verification needs no images): the path is only normalised and checked lexically for escapes.
   */
  resolveImage(image: string, recordDir: string, checkFiles: boolean): ImageResolution {
    const raw = image.trim().replace(/\\/g, '/');
    if (raw.length === 0) return { ok: false, reason: 'empty image path' };
    const candidate = isAbsolute(raw) ? resolve(raw) : resolve(recordDir, raw);
    const lexicallyInside = isInside(this.root, candidate);
    if (!checkFiles) {
      if (!lexicallyInside) return { ok: false, reason: this.escapeReason(image) };
      return { ok: true, path: toPosix(relative(this.root, candidate)), byBasename: false };
    }
    if (existsSync(candidate)) {
      const real = realpathSync(candidate);
      if (isInside(this.root, real) && statSync(real).isFile()) {
        return { ok: true, path: toPosix(relative(this.root, real)), byBasename: false };
      }
    }
    const found = this.findByBasename(raw);
    if (found !== null) return { ok: true, path: found, byBasename: true };
    if (!lexicallyInside) return { ok: false, reason: this.escapeReason(image) };
    return {
      ok: false,
      reason: `image '${image}' not found (nor any file named '${basename(raw)}' under ${this.root})`,
      path: toPosix(relative(this.root, candidate)),
    };
  }

  private escapeReason(image: string): string {
    return `image path '${image}' points outside the dataset folder ${this.root}; rejected (paths must stay inside it)`;
  }

  /** The file under the root with this basename; among several, the one sharing the longest path suffix. */
  private findByBasename(raw: string): string | null {
    const name = basename(raw);
    if (name === '' || name === '.' || name === '..') return null;
    const hits = this.buildIndex().get(name);
    if (!hits || hits.length === 0) return null;
    const wanted = raw
      .split('/')
      .filter((s) => s.length > 0)
      .reverse();
    let best = hits[0];
    let bestScore = -1;
    for (const hit of hits) {
      const parts = hit.split('/').reverse();
      let score = 0;
      while (score < parts.length && score < wanted.length && parts[score] === wanted[score]) score++;
      if (score > bestScore) {
        best = hit;
        bestScore = score;
      }
    }
    return best;
  }

  private buildIndex(): Map<string, string[]> {
    if (this.index) return this.index;
    const index = new Map<string, string[]>();
    let seen = 0;
    const stack = [this.root];
    while (stack.length > 0 && seen < MAX_WALK_ENTRIES) {
      const dir = stack.pop() as string;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: its images simply are not found, and that is reported per image
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        seen++;
        // Symlinks are not followed: a link could lead out of the dataset folder.
        if (e.isDirectory() && !SKIP_DIRS.has(e.name)) stack.push(join(dir, e.name));
        else if (e.isFile()) {
          const rel = toPosix(relative(this.root, join(dir, e.name)));
          const list = index.get(e.name);
          if (list) list.push(rel);
          else index.set(e.name, [rel]);
        }
      }
    }
    for (const list of index.values()) list.sort();
    this.index = index;
    return index;
  }
}

/** The dataset folder for an input path: the folder itself, or the folder holding a file. */
export function datasetRootOf(inputPath: string): string {
  const abs = resolve(inputPath);
  return existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs);
}
