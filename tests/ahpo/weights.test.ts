import { describe, expect, it } from 'vitest';
import { tokenWeights, xiFor, type WeightPrompt } from '../../src/ahpo/weights.js';

const f32 = (x: number) => Math.fround(x);
const all = (a: Float32Array) => [...new Set(a)];

// Hand-made batch: prompt A is gated (ξ = 1, trace of 4 tokens) with rollouts of 2 and 3 tokens; prompt B has no
// trace and rollouts of 1 and 4 tokens, the second one truncated.
const batch: WeightPrompt[] = [
  { rolloutLengths: [2, 3], traceLength: 4, xi: 1 },
  { rolloutLengths: [1, 4], truncated: [false, true], traceLength: 0, xi: 0 },
];

describe('tokenWeights: token normalisation', () => {
  it('gives every counted token 1/D, D = all rollout tokens + gated expert tokens of the batch', () => {
    // D = (2 + 3) + (1 + 4) + 4 = 14.
    const w = tokenWeights(batch, { mode: 'ahpo', normalize: 'token', maskTruncated: false });
    expect([w.D, w.S, w.P]).toEqual([14, 4, 2]);
    expect(w.rollouts.map((p) => p.map((r) => r.length))).toEqual([
      [2, 3],
      [1, 4],
    ]);
    for (const r of w.rollouts.flat()) expect(all(r)).toEqual([f32(1 / 14)]);
    expect(w.expert[0].length).toBe(4);
    expect(all(w.expert[0])).toEqual([f32(1 / 14)]);
    expect(w.expert[1].length).toBe(0);
    expect(w.expertCounted).toEqual([true, false]);
    // The weights of the whole batch sum to 1: the loss is the mean over counted tokens.
    const sum = [...w.rollouts.flat(), ...w.expert].reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it('maskTruncated: truncated rollouts get weight 0 and leave D and S', () => {
    // D = 2 + 3 + 1 + 4 (expert) = 10; the truncated rollout of 4 tokens is out.
    const w = tokenWeights(batch, { mode: 'ahpo', normalize: 'token', maskTruncated: true });
    expect([w.D, w.S]).toEqual([10, 3]);
    expect(all(w.rollouts[0][0])).toEqual([f32(0.1)]);
    expect(all(w.rollouts[1][0])).toEqual([f32(0.1)]);
    expect(Array.from(w.rollouts[1][1])).toEqual([0, 0, 0, 0]);
    expect(w.rolloutCounted).toEqual([
      [true, true],
      [true, false],
    ]);
    expect(all(w.expert[0])).toEqual([f32(0.1)]);
  });

  it('expert tokens of ungated prompts count nowhere (ξ = 0)', () => {
    // grpo: D = 2 + 3 + 1 + 4 = 10; the trace of prompt A is present but ξ = 0.
    const grpo = batch.map((p) => ({ ...p, xi: 0 }));
    const w = tokenWeights(grpo, { mode: 'grpo', normalize: 'token', maskTruncated: false });
    expect(w.D).toBe(10);
    expect(Array.from(w.expert[0])).toEqual([0, 0, 0, 0]);
    expect(w.expertCounted).toEqual([false, false]);
  });
});

describe('tokenWeights: sequence normalisation', () => {
  it('weights rollout tokens 1/(|τ|·S) and expert tokens ξ/(|y*|·P)', () => {
    // S = 4, P = 2: A.r0 1/(2·4) = 0.125, A.r1 1/(3·4) = 1/12, B.r0 1/(1·4) = 0.25, B.r1 1/(4·4) = 0.0625;
    // expert of A: 1/(4·2) = 0.125.
    const w = tokenWeights(batch, { mode: 'ahpo', normalize: 'sequence', maskTruncated: false });
    expect(all(w.rollouts[0][0])).toEqual([f32(0.125)]);
    expect(all(w.rollouts[0][1])).toEqual([f32(1 / 12)]);
    expect(all(w.rollouts[1][0])).toEqual([f32(0.25)]);
    expect(all(w.rollouts[1][1])).toEqual([f32(0.0625)]);
    expect(all(w.expert[0])).toEqual([f32(0.125)]);
    // Each rollout's weights sum to 1/S (Eq. 2: mean per sequence, then over sequences); the expert's to ξ/P.
    for (const r of w.rollouts.flat()) expect(r.reduce((a, x) => a + x, 0)).toBeCloseTo(0.25, 6);
    expect(w.expert[0].reduce((a, x) => a + x, 0)).toBeCloseTo(0.5, 6);
    expect(w.D).toBe(14);
  });

  it('maskTruncated drops the truncated rollout from S', () => {
    // S = 3: A.r0 1/6, A.r1 1/9, B.r0 1/3.
    const w = tokenWeights(batch, { mode: 'ahpo', normalize: 'sequence', maskTruncated: true });
    expect(w.S).toBe(3);
    expect(all(w.rollouts[0][0])).toEqual([f32(1 / 6)]);
    expect(all(w.rollouts[0][1])).toEqual([f32(1 / 9)]);
    expect(all(w.rollouts[1][0])).toEqual([f32(1 / 3)]);
    expect(all(w.rollouts[1][1])).toEqual([0]);
  });
});

describe('tokenWeights: modes and edge cases', () => {
  it('sft: expert tokens only', () => {
    // Traces of 3 and 5 tokens: token → 1/8 each; sequence → 1/(3·2) and 1/(5·2).
    const sft: WeightPrompt[] = [
      { rolloutLengths: [], traceLength: 3, xi: 1 },
      { rolloutLengths: [], traceLength: 5, xi: 1 },
    ];
    const tok = tokenWeights(sft, { mode: 'sft', normalize: 'token', maskTruncated: false });
    expect([tok.D, tok.S, tok.P]).toEqual([8, 0, 2]);
    expect(tok.expert.map(all)).toEqual([[f32(1 / 8)], [f32(1 / 8)]]);
    const seq = tokenWeights(sft, { mode: 'sft', normalize: 'sequence', maskTruncated: false });
    expect(seq.expert.map(all)).toEqual([[f32(1 / 6)], [f32(1 / 10)]]);
    expect(() => tokenWeights([{ rolloutLengths: [2], traceLength: 3, xi: 1 }], { mode: 'sft', normalize: 'token', maskTruncated: false })).toThrow(
      /sft has no rollouts/,
    );
  });

  it('a batch with nothing counted has all-zero weights, never NaN', () => {
    const w = tokenWeights([{ rolloutLengths: [3], truncated: [true], traceLength: 0, xi: 0 }], { mode: 'grpo', normalize: 'token', maskTruncated: true });
    expect(w.D).toBe(0);
    expect(Array.from(w.rollouts[0][0])).toEqual([0, 0, 0]);
    const s = tokenWeights([{ rolloutLengths: [3], truncated: [true], traceLength: 0, xi: 0 }], { mode: 'grpo', normalize: 'sequence', maskTruncated: true });
    expect(Array.from(s.rollouts[0][0])).toEqual([0, 0, 0]);
    expect(tokenWeights([], { mode: 'ahpo', normalize: 'token', maskTruncated: false }).D).toBe(0);
  });

  it('rejects inconsistent inputs with the reason', () => {
    const opts = { mode: 'ahpo' as const, normalize: 'token' as const, maskTruncated: false };
    expect(() => tokenWeights([{ rolloutLengths: [2], traceLength: 0, xi: 1 }], opts)).toThrow(/no expert trace/);
    expect(() => tokenWeights([{ rolloutLengths: [2], traceLength: 3, xi: 1 }], { ...opts, mode: 'grpo' })).toThrow(/grpo has ξ = 0/);
    expect(() => tokenWeights([{ rolloutLengths: [2, 1], truncated: [true], traceLength: 0, xi: 0 }], opts)).toThrow(/1 truncated flags for 2 rollouts/);
    expect(() => tokenWeights([{ rolloutLengths: [2.5], traceLength: 0, xi: 0 }], opts)).toThrow(/non-negative integers/);
    expect(() => tokenWeights([{ rolloutLengths: [2], traceLength: 3, xi: 2 }], opts)).toThrow(/ξ must be in \[0, 1\]/);
    expect(() => tokenWeights([], { ...opts, normalize: 'mean' as 'token' })).toThrow(/normalize must be token or sequence/);
  });
});

describe('xiFor: ξ per mode (Eq. 6 and the mode table)', () => {
  const oneCorrect = [1, 0, 0, 0, 0];
  const twoCorrect = [1, 1, 0, 0, 0];
  const allCorrect = [1, 1, 1, 1, 1];
  it('ahpo: the gate', () => {
    expect(xiFor('ahpo', oneCorrect, true, 2)).toBe(1); // 1 < R̂ = 2
    expect(xiFor('ahpo', twoCorrect, true, 2)).toBe(0); // exactly R̂ correct: closed
    expect(xiFor('ahpo', allCorrect, true, 2)).toBe(0);
    expect(xiFor('ahpo', [0, 0, 0, 0, 0], false, 2)).toBe(0); // no trace
    expect(xiFor('ahpo', [0.9, 0.9, 0, 0, 0], true, 2, 0.8)).toBe(0); // success level
    expect(() => xiFor('ahpo', oneCorrect, true, 6)).toThrow(/exceeds the group size/);
  });
  it('static: 1 whenever a trace exists, even when all are correct', () => {
    expect(xiFor('static', allCorrect, true, 2)).toBe(1);
    expect(xiFor('static', oneCorrect, false, 2)).toBe(0);
  });
  it('grpo: always 0', () => {
    expect(xiFor('grpo', [0, 0, 0, 0, 0], true, 2)).toBe(0);
  });
  it('sft: 1 with a trace, no rewards needed', () => {
    expect(xiFor('sft', [], true, 2)).toBe(1);
    expect(xiFor('sft', [], false, 2)).toBe(0);
  });
});

describe('tokenWeights and xiFor: luffy (the trace inside its group)', () => {
  // Prompt A has a trace of 4 tokens and rollouts of 2 and 3; prompt B has no trace (a plain GRPO group), rollouts 1, 4.
  const luffy: WeightPrompt[] = [
    { rolloutLengths: [2, 3], traceLength: 4, xi: xiFor('luffy', [0, 0], true, 2) },
    { rolloutLengths: [1, 4], traceLength: 0, xi: xiFor('luffy', [1, 0], false, 2) },
  ];

  it('ξ is 1 exactly when a trace exists, whatever the rewards (no gate)', () => {
    expect(luffy.map((p) => p.xi)).toEqual([1, 0]);
    expect(xiFor('luffy', [1, 1, 1, 1, 1], true, 2)).toBe(1);
  });

  it('token: every rollout and trace token 1/D, D counting the trace', () => {
    // D = 2 + 3 + 1 + 4 + 4 = 14, the same normaliser as every other mode's.
    const w = tokenWeights(luffy, { mode: 'luffy', normalize: 'token', maskTruncated: false });
    expect(w.D).toBe(14);
    for (const r of [...w.rollouts.flat(), w.expert[0]]) expect(all(r)).toEqual([f32(1 / 14)]);
    expect(w.expertCounted).toEqual([true, false]);
  });

  it('sequence: the trace is one more sequence, 1/(|y*|·S) with S = 4 rollouts + 1 trace', () => {
    // S = 5: A.r0 1/(2·5) = 0.1, A.r1 1/15, B.r0 1/5, B.r1 1/20, trace 1/(4·5) = 0.05. Each sequence sums to 1/S.
    const w = tokenWeights(luffy, { mode: 'luffy', normalize: 'sequence', maskTruncated: false });
    expect([w.S, w.P]).toEqual([5, 2]);
    expect(all(w.rollouts[0][0])).toEqual([f32(0.1)]);
    expect(all(w.rollouts[0][1])).toEqual([f32(1 / 15)]);
    expect(all(w.rollouts[1][0])).toEqual([f32(0.2)]);
    expect(all(w.rollouts[1][1])).toEqual([f32(0.05)]);
    expect(all(w.expert[0])).toEqual([f32(0.05)]);
    for (const r of [...w.rollouts.flat(), w.expert[0]]) expect(r.reduce((a, x) => a + x, 0)).toBeCloseTo(0.2, 6);
  });

  it('refuses a fractional ξ (the trace is in the group or not)', () => {
    expect(() => tokenWeights([{ rolloutLengths: [2], traceLength: 3, xi: 0.5 }], { mode: 'luffy', normalize: 'token', maskTruncated: false })).toThrow(
      /mode luffy needs ξ of 0 or 1, got 0\.5/,
    );
  });
});

describe('tokenWeights and xiFor: hpt (the trace replaces the rollouts of a prompt that failed)', () => {
  it('ξ = 1 when at most k of N rollouts succeed and a trace exists', () => {
    expect(xiFor('hpt', [0, 0, 0, 0], true, 0)).toBe(1); // HPT's default gate: none solved
    expect(xiFor('hpt', [1, 0, 0, 0], true, 0)).toBe(0);
    expect(xiFor('hpt', [1, 0, 0, 0], true, 1)).toBe(1); // 1 ≤ k = 1
    expect(xiFor('hpt', [1, 1, 0, 0], true, 1)).toBe(0);
    expect(xiFor('hpt', [0, 0, 0, 0], false, 0)).toBe(0); // no trace: RL on the rollouts
    expect(xiFor('hpt', [0.9, 0, 0, 0], true, 0, 0.8)).toBe(0); // success level
    expect(() => xiFor('hpt', [0, 0], true, 2)).toThrow(/hpt's k must be an integer in \[0, 1\].*got 2/);
  });

  it('drops the rollouts of a switched prompt from the loss, D and S; the others are plain GRPO', () => {
    // A switched (ξ = 1): its rollouts (2, 3) weigh 0, its trace (4) counts. B not switched: rollouts 1 and 4 count.
    // token: D = 4 + 1 + 4 = 9. sequence: S = 2, P = 2: B.r0 1/(1·2), B.r1 1/(4·2), trace 1/(4·2).
    const hpt: WeightPrompt[] = [
      { rolloutLengths: [2, 3], traceLength: 4, xi: 1 },
      { rolloutLengths: [1, 4], traceLength: 5, xi: 0 },
    ];
    const w = tokenWeights(hpt, { mode: 'hpt', normalize: 'token', maskTruncated: false });
    expect([w.D, w.S]).toEqual([9, 2]);
    expect(w.rolloutCounted).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(w.rollouts[0].map((r) => Array.from(r))).toEqual([
      [0, 0],
      [0, 0, 0],
    ]);
    for (const r of [...w.rollouts[1], w.expert[0]]) expect(all(r)).toEqual([f32(1 / 9)]);
    expect(w.expertCounted).toEqual([true, false]);
    const s = tokenWeights(hpt, { mode: 'hpt', normalize: 'sequence', maskTruncated: false });
    expect(s.S).toBe(2);
    expect(all(s.rollouts[1][0])).toEqual([f32(0.5)]);
    expect(all(s.rollouts[1][1])).toEqual([f32(0.125)]);
    expect(all(s.expert[0])).toEqual([f32(0.125)]);
  });
});
