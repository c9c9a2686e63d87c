import { describe, expect, it } from 'vitest';
import { getTask } from '../../src/tasks/registry.js';
import type { Level, TaskInstance } from '../../src/tasks/types.js';
import { expectBoundedVerdicts } from './hostile.js';

function inst(task: string, answer: unknown, initialState: unknown, question = '', difficulty: Level = 1): TaskInstance {
  return { task, question, questionLanguage: question, answer, initialState, difficulty, images: [] };
}
const boxed = (s: string): string => `Reasoning...\n\\boxed{${s}}`;
const check = (i: TaskInstance, text: string) => getTask(i.task).verify(i, text);

// Official-style DAG (JSON keys are strings, as annotations.json holds them).
const DAG = { '0': [1, 3], '1': [2], '2': [5], '3': [4], '4': [5], '5': [] };
// Undirected graph as the Hamiltonian generators write it (both directions listed).
const HAM = { '0': [1, 2], '1': [0, 3], '2': [0, 3], '3': [1, 2, 4], '4': [3] };
// Eulerian path graph: odd vertices 0 and 2.
const EPATH = { '0': [1, 2, 3], '1': [0, 2], '2': [0, 1, 3], '3': [0, 2] };
// Eulerian cycle graph: two triangles sharing vertex 0 (all degrees even).
const ECYCLE = { '0': [1, 2, 3, 4], '1': [0, 2], '2': [0, 1], '3': [0, 4], '4': [0, 3] };

describe('topological_sort', () => {
  const i = inst('topological_sort', [0, 1, 3, 2, 4, 5], DAG);
  it('reference passes, also as a Python-literal state string and with int keys', () => {
    expect(check(i, boxed('[0, 1, 3, 2, 4, 5]')).correct).toBe(true);
    expect(check(inst('topological_sort', '', '{0: [1, 3], 1: [2], 2: [5], 3: [4], 4: [5], 5: []}'), boxed('[0,1,3,2,4,5]')).correct).toBe(true);
  });
  it('another valid order passes', () => {
    expect(check(i, boxed('[0, 3, 4, 1, 2, 5]')).correct).toBe(true);
    expect(check(i, '<answer>0 -> 3 -> 1 -> 4 -> 2 -> 5</answer>').correct).toBe(true);
  });
  it('one-edit corruptions fail with the violated rule', () => {
    expect(check(i, boxed('[1, 0, 3, 2, 4, 5]')).reason).toMatch(/edge 0→1 is violated/);
    expect(check(i, boxed('[0, 1, 3, 2, 4]')).reason).toMatch(/vertex 5 is missing/);
    expect(check(i, boxed('[0, 1, 3, 2, 4, 4]')).reason).toMatch(/listed twice/);
    expect(check(i, boxed('[0, 1, 3, 2, 4, 9]')).reason).toMatch(/not in the graph/);
    expect(check(i, boxed('No')).correct).toBe(false);
  });
});

describe('hamiltonian_path', () => {
  const q = 'Given an undirected graph below, determine whether a Hamiltonian path starting from vertex 0 (marked in red) exists.';
  const i = inst('hamiltonian_path', '[0, 1, 3, 2]', HAM, q);
  const ham4 = { '0': [1], '1': [0, 2], '2': [1, 3], '3': [2] };
  it('reference passes and the reversed path fails only because of the start vertex', () => {
    const j = inst('hamiltonian_path', '[0, 1, 2, 3]', ham4, 'a Hamiltonian path starting from vertex 0 exists');
    expect(check(j, boxed('[0, 1, 2, 3]')).correct).toBe(true);
    const r = check(j, boxed('[3, 2, 1, 0]'));
    expect(r.correct).toBe(false);
    expect(r.reason).toMatch(/starts at vertex 3.*starting from vertex 0/);
    // Without a named start vertex any Hamiltonian path passes (the official rule).
    expect(check(inst('hamiltonian_path', '[0, 1, 2, 3]', ham4, 'determine whether a Hamiltonian path exists.'), boxed('[3, 2, 1, 0]')).correct).toBe(true);
  });
  it('a graph with a pendant vertex: No is judged against the reference', () => {
    expect(check(i, boxed('No')).correct).toBe(false);
    const none = inst('hamiltonian_path', 'No', HAM, 'a Hamiltonian path starting from vertex 4 exists');
    expect(check(none, boxed('No')).correct).toBe(true);
    expect(check(none, boxed('[0, 1, 3, 4]')).correct).toBe(false);
  });
  it('one-edit corruptions fail', () => {
    const j = inst('hamiltonian_path', '[0, 1, 2, 3]', ham4, 'starting from vertex 0');
    expect(check(j, boxed('[0, 2, 1, 3]')).reason).toMatch(/step 2: edge 0–2 is not in the graph/);
    expect(check(j, boxed('[0, 1, 2]')).reason).toMatch(/vertex 3 is never visited/);
    expect(check(j, boxed('[0, 1, 0, 1]')).reason).toMatch(/visited twice/);
  });
});

describe('hamiltonian_cycle', () => {
  const sq = { '0': [1, 3], '1': [0, 2], '2': [1, 3], '3': [2, 0] };
  const i = inst('hamiltonian_cycle', '[0, 1, 2, 3]', sq);
  it('reference passes with or without the closing vertex; another rotation passes', () => {
    expect(check(i, boxed('[0, 1, 2, 3]')).correct).toBe(true);
    expect(check(i, boxed('[0, 1, 2, 3, 0]')).correct).toBe(true);
    expect(check(i, boxed('[2, 1, 0, 3]')).correct).toBe(true);
  });
  it('corruptions fail: missing closing edge, bad edge, No', () => {
    const path = { '0': [1], '1': [0, 2], '2': [1, 3], '3': [2] };
    expect(check(inst('hamiltonian_cycle', 'No', path), boxed('[0, 1, 2, 3]')).reason).toMatch(/closing edge 3–0/);
    expect(check(inst('hamiltonian_cycle', 'No', path), boxed('No')).correct).toBe(true);
    expect(check(i, boxed('[0, 2, 1, 3]')).correct).toBe(false);
    expect(check(i, boxed('No')).correct).toBe(false);
  });
});

describe('eulerian_path', () => {
  const i = inst('eulerian_path', '[0, 1, 2, 0, 3, 2]', EPATH);
  it('reference and another valid path pass', () => {
    expect(check(i, boxed('[0, 1, 2, 0, 3, 2]')).correct).toBe(true);
    expect(check(i, boxed('[0, 3, 2, 1, 0, 2]')).correct).toBe(true);
    expect(check(i, boxed('[2, 3, 0, 2, 1, 0]')).correct).toBe(true);
  });
  it('one-edit corruptions fail; No is checked against the graph', () => {
    expect(check(i, boxed('[0, 1, 2, 0, 3, 0]')).reason).toMatch(/edge 3–0 is used a second time/);
    expect(check(i, boxed('[0, 1, 2, 0, 3]')).reason).toMatch(/never used/);
    expect(check(i, boxed('[0, 1, 3, 0, 2, 3]')).reason).toMatch(/edge 1–3 is not in the graph/);
    expect(check(i, boxed('No')).reason).toMatch(/Eulerian path exists/);
    const star = { '0': [1, 2, 3], '1': [0], '2': [0], '3': [0] };
    expect(check(inst('eulerian_path', 'No', star), boxed('No')).correct).toBe(true);
  });
});

describe('eulerian_cycle', () => {
  const i = inst('eulerian_cycle', '[0, 1, 2, 0, 3, 4, 0]', ECYCLE);
  it('reference passes, without closing vertex too, and another cycle passes', () => {
    expect(check(i, boxed('[0, 1, 2, 0, 3, 4, 0]')).correct).toBe(true);
    expect(check(i, boxed('[0, 1, 2, 0, 3, 4]')).correct).toBe(true);
    expect(check(i, boxed('[0, 4, 3, 0, 2, 1, 0]')).correct).toBe(true);
  });
  it('corruptions fail', () => {
    expect(check(i, boxed('[0, 1, 2, 0, 4, 3, 4, 0]')).correct).toBe(false);
    expect(check(i, boxed('[0, 1, 2, 0, 3, 4, 3]')).correct).toBe(false);
    expect(check(i, boxed('No')).correct).toBe(false);
    expect(check(inst('eulerian_cycle', 'No', EPATH), boxed('No')).correct).toBe(true);
    expect(check(inst('eulerian_cycle', 'No', EPATH), boxed('[0, 1, 2, 0, 3, 2]')).correct).toBe(false);
  });
});

describe('match tasks: shortest_path, max_flow, isomorphism', () => {
  it('shortest_path: official match plus numeric equality', () => {
    const i = inst('shortest_distance_weighted', '12', null);
    expect(check(i, boxed('12')).correct).toBe(true);
    expect(check(i, boxed(' 12.0 ')).correct).toBe(true);
    expect(check(i, boxed('13')).correct).toBe(false);
    expect(check(i, boxed('twelve')).correct).toBe(false);
  });
  it('max_flow: integer match', () => {
    const i = inst('max_flow', '7', null);
    expect(check(i, 'Answer: 7').correct).toBe(true);
    expect(check(i, boxed('8')).reason).toMatch(/maximum flow 8 is wrong/);
  });
  it('isomorphism: Yes/No with light normalisation', () => {
    const i = inst('graph_isomorphism', 'Yes', null);
    expect(check(i, boxed('Yes')).correct).toBe(true);
    expect(check(i, boxed('\\text{yes.}')).correct).toBe(true);
    expect(check(i, boxed('No')).correct).toBe(false);
    expect(check(i, boxed('Maybe')).reason).toMatch(/neither Yes nor No/);
  });
});

describe('robustness (all graph families)', () => {
  const cases = [
    inst('topological_sort', [0], DAG),
    inst('hamiltonian_path', 'No', HAM, 'starting from vertex 0'),
    inst('hamiltonian_cycle', 'No', HAM),
    inst('eulerian_path', 'No', EPATH),
    inst('eulerian_cycle', 'No', ECYCLE),
    inst('shortest_path', '3', null),
    inst('max_flow', '3', null),
    inst('isomorphism', 'No', null),
  ];
  const nasty = [
    '',
    '\\boxed{',
    '\\boxed{[[[[[[',
    '\\boxed{' + '['.repeat(5000) + '}',
    '\\boxed{[1e999, -0, NaN]}',
    '💥\u0000\\boxed{}',
    '\\boxed{' + '1,'.repeat(300_000) + '}',
    'x'.repeat(1_000_000),
    '\\boxed{99999999999999999999999999999}',
  ];
  it('never throws, rewards in {0,1}, bounded time on 1 MB inputs', () => {
    expectBoundedVerdicts(cases, nasty, check, 5000);
  });
  it('a broken initial_state is a failed verdict, not a throw', () => {
    const broken = check(inst('topological_sort', [0], 'not a dict'), boxed('[0]'));
    expect(broken).toMatchObject({ reward: 0, correct: false, fault: broken.reason });
    expect(broken.reason).toMatch(/^initial_state unusable: /);
  });
});
