// An independent float64 reference of the Qwen2.5-VL vision tower, written from qwen25vl.md §2 with plain loops.
// It never permutes: patches stay in processor (raster-of-2×2-blocks) order and window attention is done by
// explicit window membership, which is equivalent because attention is permutation-equivariant and the
// permutation moves whole 2×2 groups. So it checks our window index, RoPE order and un-permutation too.
import type { VisionConfig } from '../../src/model/config.js';

type Weights = Record<string, { shape: number[]; data: Float64Array }>;
type Grid = readonly [number, number, number];

/** erf to ~1e-15 (series for small |x|, continued fraction for the tail). */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = 0;
    let term = ax;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-ax * ax) / (n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc via Lentz continued fraction.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

function linear(x: Float64Array, rows: number, w: Weights[string], b?: Weights[string]): Float64Array {
  const [out, inp] = w.shape;
  const y = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < out; o++) {
      let s = b ? b.data[o] : 0;
      for (let i = 0; i < inp; i++) s += x[r * inp + i] * w.data[o * inp + i];
      y[r * out + o] = s;
    }
  }
  return y;
}

function rms(x: Float64Array, rows: number, w: Weights[string]): Float64Array {
  const d = w.shape[0];
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let i = 0; i < d; i++) ss += x[r * d + i] ** 2;
    const s = 1 / Math.sqrt(ss / d + 1e-6);
    for (let i = 0; i < d; i++) y[r * d + i] = x[r * d + i] * s * w.data[i];
  }
  return y;
}

interface PatchInfo {
  hpos: number;
  wpos: number;
  /** Attention groups: same image frame (full) and same window of the same frame (window). */
  frame: number;
  window: number;
}

function patchInfo(grids: readonly Grid[], v: VisionConfig): PatchInfo[] {
  const m = v.spatialMergeSize;
  const ws = v.windowSize / m / v.patchSize;
  const out: PatchInfo[] = [];
  let frameId = 0;
  let windowId = 0;
  for (const [t, h, w] of grids) {
    const perFrame = h * w;
    for (let f = 0; f < t; f++) {
      for (let r = 0; r < perFrame; r++) {
        const blk = Math.floor(r / (m * m));
        const inner = r % (m * m);
        const by = Math.floor(blk / (w / m));
        const bx = blk % (w / m);
        const nww = Math.ceil(w / m / ws) + ((w / m) % ws === 0 ? 1 : 0);
        out.push({
          hpos: by * m + Math.floor(inner / m),
          wpos: bx * m + (inner % m),
          frame: frameId,
          window: windowId + Math.floor(by / ws) * nww + Math.floor(bx / ws),
        });
      }
      frameId++;
      windowId += 1000;
    }
  }
  return out;
}

/** Reference forward: pixels [N, C·T·p·p] → [N/merge², out_hidden], raster order per image. */
export function visionReference(w: Weights, v: VisionConfig, pixels: Float64Array, grids: readonly Grid[]): Float64Array {
  const info = patchInfo(grids, v);
  const n = info.length;
  const H = v.hiddenSize;
  const heads = v.numHeads;
  const dh = H / heads;
  const patchDim = pixels.length / n;
  let x = linear(pixels, n, { shape: [H, patchDim], data: w['visual.patch_embed.proj.weight'].data });
  const quarter = dh / 4;
  const angle = (p: PatchInfo, d: number): number => {
    const j = d % (dh / 2);
    const pos = j < quarter ? p.hpos : p.wpos;
    return pos * Math.pow(10000, -(2 * (j % quarter)) / (dh / 2));
  };
  const rope = (vec: Float64Array, base: number, p: PatchInfo): Float64Array => {
    const out = new Float64Array(dh);
    for (let d = 0; d < dh; d++) {
      const rot = d < dh / 2 ? -vec[base + d + dh / 2] : vec[base + d - dh / 2];
      out[d] = vec[base + d] * Math.cos(angle(p, d)) + rot * Math.sin(angle(p, d));
    }
    return out;
  };
  for (let b = 0; b < v.depth; b++) {
    const p = `visual.blocks.${b}.`;
    const full = v.fullattBlockIndexes.includes(b);
    const qkv = linear(rms(x, n, w[`${p}norm1.weight`]), n, w[`${p}attn.qkv.weight`], w[`${p}attn.qkv.bias`]);
    const ctx = new Float64Array(n * H);
    for (let hd = 0; hd < heads; hd++) {
      const q = info.map((pi, i) => rope(qkv, i * 3 * H + hd * dh, pi));
      const k = info.map((pi, i) => rope(qkv, i * 3 * H + H + hd * dh, pi));
      for (let i = 0; i < n; i++) {
        const keys: number[] = [];
        for (let j = 0; j < n; j++) if (full ? info[j].frame === info[i].frame : info[j].window === info[i].window) keys.push(j);
        const s = keys.map((j) => q[i].reduce((a, qv, d) => a + qv * k[j][d], 0) / Math.sqrt(dh));
        const mx = Math.max(...s);
        const e = s.map((z) => Math.exp(z - mx));
        const z = e.reduce((a, b2) => a + b2, 0);
        keys.forEach((j, t) => {
          for (let d = 0; d < dh; d++) ctx[i * H + hd * dh + d] += (e[t] / z) * qkv[j * 3 * H + 2 * H + hd * dh + d];
        });
      }
    }
    const attn = linear(ctx, n, w[`${p}attn.proj.weight`], w[`${p}attn.proj.bias`]);
    x = x.map((xv, i) => xv + attn[i]);
    const n2 = rms(x, n, w[`${p}norm2.weight`]);
    const g = linear(n2, n, w[`${p}mlp.gate_proj.weight`], w[`${p}mlp.gate_proj.bias`]);
    const u = linear(n2, n, w[`${p}mlp.up_proj.weight`], w[`${p}mlp.up_proj.bias`]);
    const act = g.map((gv, i) => (gv / (1 + Math.exp(-gv))) * u[i]);
    const down = linear(act, n, w[`${p}mlp.down_proj.weight`], w[`${p}mlp.down_proj.bias`]);
    x = x.map((xv, i) => xv + down[i]);
  }
  const unit = v.spatialMergeSize ** 2;
  const merged = rms(x, n, w['visual.merger.ln_q.weight']); // consecutive `unit` rows form one merged token
  const h1 = linear(merged, n / unit, w['visual.merger.mlp.0.weight'], w['visual.merger.mlp.0.bias']);
  const gelu = h1.map((z) => 0.5 * z * (1 + erf64(z / Math.SQRT2)));
  return linear(gelu, n / unit, w['visual.merger.mlp.2.weight'], w['visual.merger.mlp.2.bias']);
}

/** Deterministic normal samples (mulberry32 + Box–Muller), rounded to float32 so both sides see the same values. */
export function normals(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const uni = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(uni())) * Math.cos(2 * Math.PI * uni());
  return out;
}

/**
 * Random weights for every parameter shape: matrices N(0, 1/fan_in) so activations stay O(1) through the tiny
 * towers (the HF 0.02 init would make attention nearly uniform and hide position bugs); norms 1 + 0.1·N;
 * biases 0.1·N (so a dropped bias shows).
 */
export function randomWeights(shapes: Record<string, number[]>, seed: number): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const z = normals(n, seed * 7919 + ++k);
    const fanIn = shape.length > 1 ? n / shape[0] : 1;
    const isNorm = /norm\d?\.weight$|ln_q\.weight$/.test(name);
    out[name] = { shape, data: z.map((x) => (isNorm ? 1 + 0.1 * x : name.endsWith('.bias') ? 0.1 * x : x / Math.sqrt(fanIn))) };
  }
  return out;
}

export function toFloat64(w: Record<string, { shape: number[]; data: Float32Array }>): Weights {
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, { shape: v.shape, data: Float64Array.from(v.data) }]));
}
