// An independent float64 reference of the Qwen2 decoder written with plain loops straight from the spec
// (qwen25vl.md §3): no tfjs, no shared helpers. Used to check our tensor implementation numerically, including
// GQA's head mapping (query head i reads KV head floor(i / (H / KV))) and M-RoPE's per-section positions.
import type { ModelConfig } from '../../src/model/config.js';

export type HostParams = Record<string, { data: Float32Array; shape: number[] }>;

function matVec(w: { data: Float32Array; shape: number[] }, x: number[], bias?: { data: Float32Array }): number[] {
  const [out, inp] = w.shape;
  const y = new Array(out).fill(0);
  for (let o = 0; o < out; o++) {
    let s = bias ? bias.data[o] : 0;
    for (let i = 0; i < inp; i++) s += w.data[o * inp + i] * x[i];
    y[o] = s;
  }
  return y;
}

function rms(x: number[], w: Float32Array, eps: number): number[] {
  const ms = x.reduce((a, v) => a + v * v, 0) / x.length;
  const r = 1 / Math.sqrt(ms + eps);
  return x.map((v, i) => v * r * w[i]);
}

function rope(v: number[], pos: [number, number, number], c: ModelConfig['text']): number[] {
  const d = v.length;
  const half = d / 2;
  const [s0, s1] = c.mropeSection;
  const out = new Array(d);
  for (let j = 0; j < half; j++) {
    const axis = j < s0 ? 0 : j < s0 + s1 ? 1 : 2;
    const angle = pos[axis] * Math.pow(c.ropeTheta, (-2 * j) / d);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    // rotate_half(x) = (-x2, x1) over the two halves.
    out[j] = v[j] * cos - v[j + half] * sin;
    out[j + half] = v[j + half] * cos + v[j] * sin;
  }
  return out;
}

/** logits[b][t][v] for ids [B][T] with padding mask [B][T] and positions [3][B][T]. */
export function referenceLogits(p: HostParams, c: ModelConfig, ids: number[][], mask: number[][], pos: number[][][]): number[][][] {
  const t = c.text;
  const { numHeads: H, numKvHeads: KV, headDim: Dh, hiddenSize: D } = t;
  return ids.map((row, b) => {
    const T = row.length;
    let h = row.map((id) => Array.from(p['model.embed_tokens.weight'].data.slice(id * D, (id + 1) * D)));
    for (let l = 0; l < t.numLayers; l++) {
      const pre = `model.layers.${l}.`;
      const x = h.map((v) => rms(v, p[`${pre}input_layernorm.weight`].data, t.rmsNormEps));
      const position = (i: number): [number, number, number] => [pos[0][b][i], pos[1][b][i], pos[2][b][i]];
      const q = x.map((v) => matVec(p[`${pre}self_attn.q_proj.weight`], v, p[`${pre}self_attn.q_proj.bias`]));
      const k = x.map((v) => matVec(p[`${pre}self_attn.k_proj.weight`], v, p[`${pre}self_attn.k_proj.bias`]));
      const vv = x.map((v) => matVec(p[`${pre}self_attn.v_proj.weight`], v, p[`${pre}self_attn.v_proj.bias`]));
      const attnOut = x.map((_, i) => {
        const concat: number[] = [];
        for (let head = 0; head < H; head++) {
          const kvHead = Math.floor(head / (H / KV));
          const qi = rope(q[i].slice(head * Dh, (head + 1) * Dh), position(i), t);
          const scores: number[] = [];
          for (let j = 0; j < T; j++) {
            const allowed = j <= i && mask[b][j] === 1;
            const kj = rope(k[j].slice(kvHead * Dh, (kvHead + 1) * Dh), position(j), t);
            scores.push(allowed ? qi.reduce((a, qv, d) => a + qv * kj[d], 0) / Math.sqrt(Dh) : -Infinity);
          }
          // A fully masked (left-pad) query row has nothing to attend to: it is left at zero and never compared.
          const m = Math.max(...scores);
          const e = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - m)));
          const z = e.reduce((a, v) => a + v, 0);
          for (let d = 0; d < Dh; d++) {
            let acc = 0;
            for (let j = 0; j < T; j++) if (e[j] > 0) acc += (e[j] / z) * vv[j][kvHead * Dh + d];
            concat.push(acc);
          }
        }
        return matVec(p[`${pre}self_attn.o_proj.weight`], concat);
      });
      h = h.map((v, i) => v.map((s, d) => s + attnOut[i][d]));
      const x2 = h.map((v) => rms(v, p[`${pre}post_attention_layernorm.weight`].data, t.rmsNormEps));
      const mlp = x2.map((v) => {
        const g = matVec(p[`${pre}mlp.gate_proj.weight`], v);
        const u = matVec(p[`${pre}mlp.up_proj.weight`], v);
        return matVec(
          p[`${pre}mlp.down_proj.weight`],
          g.map((gv, i) => (gv / (1 + Math.exp(-gv))) * u[i]),
        );
      });
      h = h.map((v, i) => v.map((s, d) => s + mlp[i][d]));
    }
    const head = t.tieWordEmbeddings ? p['model.embed_tokens.weight'] : p['lm_head.weight'];
    return h.map((v) => matVec(head, rms(v, p['model.norm.weight'].data, t.rmsNormEps)));
  });
}
