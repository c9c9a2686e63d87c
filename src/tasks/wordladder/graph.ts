// The word graph the ladder generator searches: every word of one length in the ladder list (the words the official
// verifier accepts, common/dictionary.ts), linked when exactly one letter differs. Searching only that list is what
// keeps every rung of a generated ladder acceptable to the official scorer. Neighbours come from wildcard buckets
// ("c*t" → cat, cot, cut, ...), built once per length on first use, so a breadth-first search touches only real
// words instead of testing 25·L spellings per word.
import { ladderWords } from '../common/dictionary.js';
import type { Rng } from '../types.js';

interface LengthIndex {
  words: string[];
  id: Map<string, number>;
  /** CSR adjacency: the neighbours of word i are adj[off[i] .. off[i+1]). */
  off: Int32Array;
  adj: Int32Array;
}

const byLength = new Map<number, LengthIndex>();

function index(n: number): LengthIndex {
  let idx = byLength.get(n);
  if (idx) return idx;
  const words = ladderWords(n);
  const id = new Map(words.map((w, i) => [w, i]));
  const buckets = new Map<string, number[]>();
  words.forEach((w, wi) => {
    for (let i = 0; i < n; i++) {
      const k = `${w.slice(0, i)}*${w.slice(i + 1)}`;
      const list = buckets.get(k);
      if (list) list.push(wi);
      else buckets.set(k, [wi]);
    }
  });
  const lists: number[][] = words.map(() => []);
  for (const members of buckets.values()) {
    for (const a of members) for (const b of members) if (a !== b) lists[a].push(b);
  }
  const off = new Int32Array(words.length + 1);
  lists.forEach((l, i) => (off[i + 1] = off[i] + l.length));
  const adj = new Int32Array(off[words.length]);
  lists.forEach((l, i) => adj.set(l, off[i]));
  idx = { words, id, off, adj };
  byLength.set(n, idx);
  return idx;
}

/** Ladder-list words that differ from `w` in exactly one letter (empty for a word not in the list). */
export function neighbours(w: string): string[] {
  const idx = index(w.length);
  const i = idx.id.get(w);
  if (i === undefined) return [];
  return Array.from(idx.adj.subarray(idx.off[i], idx.off[i + 1]), (j) => idx.words[j]);
}

export interface Bfs {
  /** layers[d] = the words at distance d from the start. */
  layers: string[][];
  dist: Map<string, number>;
  /** Shortest ladder start → target through the most words of `preferred`; null when target is not reached. */
  ladder(target: string, preferred: ReadonlySet<string>, rng: Rng): string[] | null;
}

/** Breadth-first layers from `start`, stopping after depth `maxDepth`. */
export function bfsLayers(start: string, maxDepth: number): Bfs {
  const idx = index(start.length);
  const s = idx.id.get(start);
  if (s === undefined) throw new Error(`wordladder: start word '${start}' is not in the ladder word list (data/words/web2-3to5.txt.gz)`);
  const d = new Int32Array(idx.words.length).fill(-1);
  d[s] = 0;
  const layerIds: number[][] = [[s]];
  for (let k = 0; k < maxDepth; k++) {
    const next: number[] = [];
    for (const u of layerIds[k]) {
      for (let e = idx.off[u]; e < idx.off[u + 1]; e++) {
        const v = idx.adj[e];
        if (d[v] < 0) {
          d[v] = k + 1;
          next.push(v);
        }
      }
    }
    if (next.length === 0) break;
    layerIds.push(next);
  }
  const layers = layerIds.map((l) => l.map((i) => idx.words[i]));
  const dist = new Map<string, number>();
  layerIds.forEach((l, k) => l.forEach((i) => dist.set(idx.words[i], k)));
  const ladder = (target: string, preferred: ReadonlySet<string>, rng: Rng): string[] | null => {
    const t = idx.id.get(target);
    if (t === undefined || d[t] < 0) return null;
    // best[v] = most preferred words on a shortest path start → v (dynamic programme over the BFS layers).
    const best = new Int32Array(idx.words.length).fill(-1);
    best[s] = preferred.has(start) ? 1 : 0;
    for (let k = 1; k <= d[t]; k++) {
      for (const v of layerIds[k]) {
        let b = -1;
        for (let e = idx.off[v]; e < idx.off[v + 1]; e++) if (d[idx.adj[e]] === k - 1) b = Math.max(b, best[idx.adj[e]]);
        best[v] = b + (preferred.has(idx.words[v]) ? 1 : 0);
      }
    }
    const path = [t];
    while (path[0] !== s) {
      const v = path[0];
      const preds: number[] = [];
      for (let e = idx.off[v]; e < idx.off[v + 1]; e++) if (d[idx.adj[e]] === d[v] - 1) preds.push(idx.adj[e]);
      const top = Math.max(...preds.map((u) => best[u]));
      path.unshift(rng.pick(preds.filter((u) => best[u] === top)));
    }
    return path.map((i) => idx.words[i]);
  };
  return { layers, dist, ladder };
}

/** Position of the one letter in which a and b differ. */
export function changedAt(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
