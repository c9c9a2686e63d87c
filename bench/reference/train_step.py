"""PyTorch reference for bench/train-step.ts: the identical Qwen2 decoder (RMSNorm, GQA with q/k/v bias, RoPE,
SwiGLU, tied lm_head) and the identical step (forward + token NLL backward + Adam), fp32 on CPU or CUDA.

    /usr/bin/python3 bench/reference/train_step.py [--batch 4] [--seq 256] [--steps 5] [--device cpu]

Written from the Qwen2.5-VL spec (transformers' modeling_qwen2_5_vl.py; docs/vision.md); text positions make M-RoPE plain RoPE.
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

PRESETS = {
    "reference": dict(vocab=2048, hidden=256, layers=4, heads=4, kv=2, head_dim=64, inter=1024),
    "large": dict(vocab=2048, hidden=1024, layers=12, heads=16, kv=4, head_dim=64, inter=4096),
}


def rms_norm(x, w, eps=1e-6):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], -1)


class Decoder(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        d, q, kv, i = c["hidden"], c["heads"] * c["head_dim"], c["kv"] * c["head_dim"], c["inter"]
        self.embed = torch.nn.Parameter(torch.randn(c["vocab"], d) * 0.02)
        self.layers = torch.nn.ModuleList()
        for _ in range(c["layers"]):
            m = torch.nn.Module()
            m.ln1 = torch.nn.Parameter(torch.ones(d))
            m.ln2 = torch.nn.Parameter(torch.ones(d))
            m.q = torch.nn.Linear(d, q)
            m.k = torch.nn.Linear(d, kv)
            m.v = torch.nn.Linear(d, kv)
            m.o = torch.nn.Linear(q, d, bias=False)
            m.gate = torch.nn.Linear(d, i, bias=False)
            m.up = torch.nn.Linear(d, i, bias=False)
            m.down = torch.nn.Linear(i, d, bias=False)
            self.layers.append(m)
        self.norm = torch.nn.Parameter(torch.ones(d))

    def forward(self, ids):
        c = self.c
        B, T = ids.shape
        H, KV, Dh = c["heads"], c["kv"], c["head_dim"]
        inv = 1.0 / (1e6 ** (torch.arange(0, Dh, 2, device=ids.device).float() / Dh))
        ang = torch.arange(T, device=ids.device).float()[:, None] * inv[None]
        emb = torch.cat([ang, ang], -1)
        cos, sin = emb.cos()[None, None], emb.sin()[None, None]
        mask = torch.full((T, T), float("-inf"), device=ids.device).triu(1)
        h = self.embed[ids]
        for m in self.layers:
            x = rms_norm(h, m.ln1)
            q = m.q(x).view(B, T, H, Dh).transpose(1, 2)
            k = m.k(x).view(B, T, KV, Dh).transpose(1, 2)
            v = m.v(x).view(B, T, KV, Dh).transpose(1, 2)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            k = k.repeat_interleave(H // KV, 1)
            v = v.repeat_interleave(H // KV, 1)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(Dh) + mask, -1)
            h = h + m.o((att @ v).transpose(1, 2).reshape(B, T, H * Dh))
            x = rms_norm(h, m.ln2)
            h = h + m.down(F.silu(m.gate(x)) * m.up(x))
        return rms_norm(h, self.norm) @ self.embed.t()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="reference", choices=sorted(PRESETS))
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args()
    torch.manual_seed(0)
    dev = torch.device(a.device)
    model = Decoder(PRESETS[a.preset]).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    ids = torch.randint(0, PRESETS[a.preset]["vocab"], (a.batch, a.seq + 1), device=dev)
    x, y = ids[:, :-1], ids[:, 1:]
    sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)

    def train():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x).reshape(-1, PRESETS[a.preset]["vocab"]), y.reshape(-1))
        loss.backward()
        opt.step()
        loss.item()

    def fwd():
        with torch.no_grad():
            model(x).sum().item()

    def timed(fn):
        for _ in range(a.warmup):
            fn()
        ts = []
        for _ in range(a.steps):
            sync()
            t0 = time.perf_counter()
            fn()
            sync()
            ts.append(time.perf_counter() - t0)
        return sorted(ts)[len(ts) // 2]

    n = a.batch * a.seq
    tr, fw = timed(train), timed(fwd)
    nparams = sum(p.numel() for p in model.parameters())
    print(
        f"pytorch {torch.__version__} {dev.type} threads {torch.get_num_threads()} | preset {a.preset} "
        f"({nparams / 1e6:.2f} M params) batch {a.batch} x seq {a.seq} | train {n / tr:.0f} tokens/s "
        f"(step {tr:.3f} s) | forward {n / fw:.0f} tokens/s"
    )


if __name__ == "__main__":
    main()
