// The adjacency-list state the official graph generators write as `initial_state`: {"0": [2], "1": [2, 3], ...}
// (JSON object keys are strings; a Python-literal string has int keys). Normalised to string ids so that a record, a
// re-parsed record and a generated instance all look the same to the verifiers.
import { parsePyLiteral } from './pyliteral.js';

/** Node id → neighbour ids (directed as written; undirected graphs list each edge from both ends). */
export type Adjacency = Record<string, string[]>;

/** Normalises any accepted shape (object, or a string holding JSON / a Python literal); throws naming the problem. */
export function parseAdjacency(raw: unknown): Adjacency {
  const value = typeof raw === 'string' ? parsePyLiteral(raw) : raw;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`graph initial_state must be an adjacency dict like {"0": [1, 2]}, got ${typeof value}`);
  }
  const adj: Adjacency = {};
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    const id = nodeId(key);
    if (!Array.isArray(list)) throw new Error(`graph initial_state: neighbours of ${key} must be a list`);
    adj[id] = list.map((n) => nodeId(n));
  }
  return adj;
}

function nodeId(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return String(Number(v.trim()));
  throw new Error(`graph initial_state: node id ${JSON.stringify(v)} is not an integer`);
}

/** Every node named anywhere (keys and neighbours), sorted numerically. */
export function allNodes(adj: Adjacency): string[] {
  const set = new Set<string>(Object.keys(adj));
  for (const list of Object.values(adj)) for (const n of list) set.add(n);
  return [...set].sort((a, b) => Number(a) - Number(b));
}

/** Undirected edge key, smaller id first. */
export function edgeKey(a: string, b: string): string {
  return Number(a) <= Number(b) ? `${a}-${b}` : `${b}-${a}`;
}

/** The undirected edge set: an edge listed from either end counts (the official verifiers read it this way). */
export function undirectedEdges(adj: Adjacency): Set<string> {
  const edges = new Set<string>();
  for (const [u, list] of Object.entries(adj)) for (const v of list) edges.add(edgeKey(u, v));
  return edges;
}

/** Symmetric neighbour sets for an undirected reading of the adjacency. */
export function undirectedNeighbours(adj: Adjacency): Map<string, Set<string>> {
  const nb = new Map<string, Set<string>>();
  for (const n of allNodes(adj)) nb.set(n, new Set());
  for (const [u, list] of Object.entries(adj)) {
    for (const v of list) {
      nb.get(u)?.add(v);
      nb.get(v)?.add(u);
    }
  }
  return nb;
}

/** Plain JSON shape of an adjacency with integer lists, as the official records hold it. */
export function toRecordAdjacency(adj: Adjacency): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const n of Object.keys(adj).sort((a, b) => Number(a) - Number(b))) out[n] = adj[n].map(Number);
  return out;
}

/** "0: [1, 2]" lines, the official text-only serialisation. */
export function adjacencyLines(adj: Adjacency): string {
  return Object.keys(adj)
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => `${n}: [${adj[n].join(', ')}]`)
    .join('\n');
}
