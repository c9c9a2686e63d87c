// Feedback on wrong answers: for every step-sequence task the verifier's reason names the FIRST failing step (the
// answer's prefix before it has no failing step, the prefix through it fails there), and the feedback carries that
// index; elsewhere it names the rule that fails. Outside judges (a module, an OpenAI-compatible endpoint on a local
// fake server) may give the feedback instead.
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProblems, type Problem } from '../../src/data/problems.js';
import { answerText } from '../../src/dataset/generate.js';
import { createFeedback, failingStep, verifierFeedback } from '../../src/mathse/feedback.js';
import { ormMessages } from '../../src/mathse/orm-client.js';

const problem = (task: string, level: number, seed = 3): Problem => loadProblems(`gen:tasks=${task},levels=${level},n=1,seed=${seed}`)[0];
const reasonOf = (p: Problem, answer: string) => p.spec.verify(p.instance, `\\boxed{${answer}}`).reason;

/**
 * `steps` (an answer as a list of steps, formatted by `fmt`) fails: the reason names step n, the answer cut before
 * step n names no failing step, and the answer cut after step n fails at n. Returns n.
 */
function expectFirstFailingStep(p: Problem, steps: string[], fmt: (s: string[]) => string): number {
  const reason = reasonOf(p, fmt(steps));
  const n = failingStep(reason);
  expect(n, `${p.spec.key}: ${reason}`).toBeDefined();
  expect(failingStep(reasonOf(p, fmt(steps.slice(0, n! - 1)))), `${p.spec.key}: the prefix before step ${n} is legal`).toBeUndefined();
  expect(failingStep(reasonOf(p, fmt(steps.slice(0, n!))))).toBe(n);
  const fb = verifierFeedback({ reason, truncated: false });
  expect([fb.step, fb.text, fb.source]).toEqual([n, `The first error: ${reason}.`, 'verifier']);
  return n!;
}

describe('the first failing step of step-sequence answers', () => {
  it('direction moves (maze, sokoban, nibbles, slidingpuzzle): a run of one direction fails at the step the verifier names', () => {
    for (const task of ['maze', 'sokoban', 'nibbles', 'slidingpuzzle']) {
      const p = problem(task, 2);
      const prefix = answerText(p.instance.answer).split(/\s+/).slice(0, 2);
      // Some direction repeated must break a rule: a wall, the board edge, the snake's own neck.
      const failing = ['up', 'down', 'left', 'right']
        .map((d) => [...prefix, ...Array<string>(12).fill(d)])
        .filter((s) => failingStep(reasonOf(p, s.join(' '))) !== undefined);
      expect(failing.length, task).toBeGreaterThan(0);
      for (const s of failing)
        expect(
          expectFirstFailingStep(p, s, (x) => x.join(' ')),
          task,
        ).toBeGreaterThanOrEqual(1);
    }
  });

  it('maze: "move 3 (down) crosses a wall" style reasons, in the feedback text', () => {
    const p = problem('maze', 2);
    const moves = answerText(p.instance.answer).split(' ');
    const wrong = ['up', 'down', 'left', 'right']
      .map((d) => [...moves.slice(0, 2), d])
      .find((s) => /^move 3 \(\w+\) (crosses a wall|leaves the)/.test(reasonOf(p, s.join(' '))));
    expect(wrong).toBeDefined();
    expect(verifierFeedback({ reason: reasonOf(p, wrong!.join(' ')), truncated: false }).text).toMatch(/^The first error: move 3 \((up|down|left|right)\) /);
  });

  it('hanoi: repeating a move fails at the repeat', () => {
    const p = problem('hanoi', 3);
    const moves = answerText(p.instance.answer).match(/\(\d+,\d+\)/g)!;
    expect(moves.length).toBeGreaterThan(2);
    expect(expectFirstFailingStep(p, [...moves.slice(0, 2), moves[1], ...moves.slice(2)], (x) => x.join(' '))).toBe(3);
  });

  it('paths and orderings (hamiltonian_path, topological_sort, wordladder): a repeated or unreachable item at step 3', () => {
    const ham = problem('hamiltonian_path', 2);
    const nodes = JSON.parse(answerText(ham.instance.answer)) as number[];
    expect(expectFirstFailingStep(ham, [nodes[0], nodes[1], nodes[1], ...nodes.slice(3)].map(String), (x) => `[${x.join(', ')}]`)).toBe(3);
    const topo = problem('topological_sort', 2);
    const order = JSON.parse(answerText(topo.instance.answer)) as number[];
    expect(expectFirstFailingStep(topo, [order[0], order[1], order[1], ...order.slice(3)].map(String), (x) => `[${x.join(', ')}]`)).toBe(3);
    const ladder = problem('wordladder', 2);
    const words = JSON.parse(answerText(ladder.instance.answer)) as string[];
    // The ladder must still end on the target for the step rules to be reached: change the middle.
    const reason = reasonOf(ladder, JSON.stringify([words[0], words[1], 'zzz'.padEnd(words[0].length, 'z'), ...words.slice(2)]));
    expect([failingStep(reason), reason]).toEqual([2, expect.stringMatching(/^step 2: '\w+' → 'z+' changes \d letters/)]);
  });

  it('elsewhere names the rule and where, without a step; a missing answer says whether it was cut off', () => {
    const p = problem('maze', 2);
    const legalButShort = answerText(p.instance.answer).split(' ').slice(0, 1).join(' ');
    const fb = verifierFeedback({ reason: reasonOf(p, legalButShort), truncated: false });
    expect(fb.step).toBeUndefined();
    expect(fb.text).toMatch(/^What is wrong: path ends at \(\d+,\d+\), not at the end cell E \(\d+,\d+\)\.$/);
    expect(verifierFeedback({ reason: 'no final answer found (expected \\boxed{...})', truncated: true }).text).toBe(
      'The answer has no final answer in \\boxed{}. It was cut off at the length limit before the final answer.',
    );
    expect(verifierFeedback({ reason: 'row 3 has two 5s', truncated: false })).toEqual({ text: 'What is wrong: row 3 has two 5s.', source: 'verifier' });
  });
});

describe('outside feedback', () => {
  const p = problem('maze', 2);
  const verdict = { reason: 'move 2 (down) crosses a wall at (0,1)', truncated: false };

  it('a feedback module: its sentence, with the step it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ahpo-feedback-'));
    writeFileSync(
      join(dir, 'judge.mjs'),
      'export async function feedback(instance, response, verdict) { return `Step 2 is wrong (${instance.task}): ${verdict.reason}`; }\n',
    );
    const fb = await createFeedback({ module: 'judge.mjs', url: '', model: '', apiKeyEnv: '', timeoutSeconds: 1 }, dir);
    expect(await fb(p.instance, 'x', verdict)).toEqual({ text: 'Step 2 is wrong (maze): move 2 (down) crosses a wall at (0,1)', step: 2, source: 'module' });
    writeFileSync(join(dir, 'none.mjs'), 'export const verify = () => ({ reward: 0 });\n');
    await expect(createFeedback({ module: 'none.mjs', url: '', model: '', apiKeyEnv: '', timeoutSeconds: 1 }, dir)).rejects.toThrow(
      /mathse\.feedback\.module none\.mjs: expected an exported function feedback\(instance, response, verdict\).*found exports: verify/,
    );
  });

  it('an OpenAI-compatible endpoint (a local fake server): the request carries the answer and the verdict; errors name the URL', async () => {
    const requests: { auth?: string; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          status === 200
            ? JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Step 2: moving down from (0,1) crosses a wall.' } }] })
            : '{"error":"overloaded"}',
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    process.env.AHPO_TEST_ORM_KEY = 'sk-test';
    try {
      const fb = await createFeedback({ module: '', url, model: 'judge-7b', apiKeyEnv: 'AHPO_TEST_ORM_KEY', timeoutSeconds: 5 }, process.cwd());
      expect(await fb(p.instance, 'down down', verdict)).toEqual({ text: 'Step 2: moving down from (0,1) crosses a wall.', step: 2, source: 'url' });
      expect(requests[0].auth).toBe('Bearer sk-test');
      expect(requests[0].body.model).toBe('judge-7b');
      expect(requests[0].body.messages).toEqual(ormMessages(p.instance, 'down down', verdict));
      expect(requests[0].body.messages[1].content).toContain('Rule checker: move 2 (down) crosses a wall at (0,1)');
      status = 503;
      await expect(fb(p.instance, 'down down', verdict)).rejects.toThrow(new RegExp(`POST ${url}/chat/completions answered 503: \\{"error":"overloaded"\\}`));
    } finally {
      delete process.env.AHPO_TEST_ORM_KEY;
      server.close();
    }
  });
});
