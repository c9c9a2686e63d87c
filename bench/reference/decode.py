"""PyTorch reference for bench/decode.ts: the same decoder as train_step.py with a KV cache, sampling one token per
row per step at T = 1 (no stop), batch 1/8/32; and the batch-1 step time at cache position 512 ÷ position 32.

    /usr/bin/python3 bench/reference/decode.py [--preset reference] [--batches 1,8,32] [--prompt 32] [--new 64]
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

from train_step import PRESETS, Decoder, rms_norm, rotate_half


def rope(x, pos, head_dim):
    inv = 1.0 / (1e6 ** (torch.arange(0, head_dim, 2).float() / head_dim))
    ang = pos.float()[:, None] * inv[None]
    emb = torch.cat([ang, ang], -1)
    return x * emb.cos()[None, None] + rotate_half(x) * emb.sin()[None, None]


@torch.no_grad()
def forward_cached(model, ids, start, cache):
    """ids [B, T] at positions start..start+T-1; cache: list of (k, v) per layer, grown in place."""
    c = model.c
    B, T = ids.shape
    H, KV, Dh = c["heads"], c["kv"], c["head_dim"]
    pos = torch.arange(start, start + T)
    h = model.embed[ids]
    for li, m in enumerate(model.layers):
        x = rms_norm(h, m.ln1)
        q = rope(m.q(x).view(B, T, H, Dh).transpose(1, 2), pos, Dh)
        k = rope(m.k(x).view(B, T, KV, Dh).transpose(1, 2), pos, Dh)
        v = m.v(x).view(B, T, KV, Dh).transpose(1, 2)
        if cache[li] is not None:
            k = torch.cat([cache[li][0], k], 2)
            v = torch.cat([cache[li][1], v], 2)
        cache[li] = (k, v)
        S = k.shape[2]
        kk, vv = k.repeat_interleave(H // KV, 1), v.repeat_interleave(H // KV, 1)
        mask = torch.full((T, S), float("-inf")).triu(S - T + 1)
        att = torch.softmax(q @ kk.transpose(-1, -2) / math.sqrt(Dh) + mask, -1)
        h = h + m.o((att @ vv).transpose(1, 2).reshape(B, T, H * Dh))
        x = rms_norm(h, m.ln2)
        h = h + m.down(F.silu(m.gate(x)) * m.up(x))
    return rms_norm(h[:, -1], model.norm) @ model.embed.t()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="reference", choices=sorted(PRESETS))
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--prompt", type=int, default=32)
    ap.add_argument("--new", type=int, default=64)
    a = ap.parse_args()
    torch.manual_seed(0)
    model = Decoder(PRESETS[a.preset]).eval()
    V, L = PRESETS[a.preset]["vocab"], PRESETS[a.preset]["layers"]
    print(f"pytorch {torch.__version__} cpu threads {torch.get_num_threads()} | preset {a.preset} | prompt {a.prompt} tokens, {a.new} new tokens")
    for B in [int(b) for b in a.batches.split(",")]:
        ids = torch.randint(0, V, (B, a.prompt))
        cache = [None] * L
        logits = forward_cached(model, ids, 0, cache)
        t0 = time.perf_counter()
        for s in range(a.new - 1):
            tok = torch.multinomial(torch.softmax(logits, -1), 1)
            logits = forward_cached(model, tok, a.prompt + s, cache)
        dt = time.perf_counter() - t0
        print(f"batch {B}: decode {B * (a.new - 1) / dt:.1f} tokens/s ({dt / (a.new - 1) * 1000:.1f} ms/step)")

    def step_time(length, steps=16):
        cache = [None] * L
        forward_cached(model, torch.randint(0, V, (1, length)), 0, cache)
        ts = []
        for s in range(steps):
            t0 = time.perf_counter()
            forward_cached(model, torch.tensor([[5]]), length + s, cache)
            ts.append(time.perf_counter() - t0)
        return sorted(ts)[len(ts) // 2] * 1000

    step_time(32, 4)
    t32, t512 = step_time(32), step_time(512)
    print(f"decode step at position 32: {t32:.2f} ms; at position 512: {t512:.2f} ms; ratio {t512 / t32:.2f}")


if __name__ == "__main__":
    main()
