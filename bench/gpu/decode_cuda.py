"""PyTorch CUDA counterpart of bench/gpu/bench.ts's decode: the train_step.py decoder with decode.py's KV cache,
batch B, a P-token prefill, then N greedy one-token steps, each reading the sampled ids back to the host (as ahpo does).

    python3 bench/gpu/decode_cuda.py [--preset reference|large] [--batch 4] [--prompt 128] [--new 64] [--device cuda]
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from decode import forward_cached  # noqa: E402
from train_step import PRESETS, Decoder  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="reference", choices=sorted(PRESETS))
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--prompt", type=int, default=128)
    ap.add_argument("--new", type=int, default=64)
    ap.add_argument("--device", default="cuda")
    a = ap.parse_args()
    # decode.py builds positions and masks without a device argument: make the default device the GPU.
    if hasattr(torch, "set_default_device"):
        torch.set_default_device(a.device)
    elif a.device != "cpu":
        sys.exit("decode_cuda.py: --device other than cpu needs torch >= 2.0 (torch.set_default_device)")
    torch.manual_seed(0)
    model = Decoder(PRESETS[a.preset]).eval()
    V, L = PRESETS[a.preset]["vocab"], PRESETS[a.preset]["layers"]
    sync = torch.cuda.synchronize if a.device.startswith("cuda") else (lambda: None)

    def run():
        cache = [None] * L
        ids = torch.randint(0, V, (a.batch, a.prompt))
        sync()
        t0 = time.perf_counter()
        tok = forward_cached(model, ids, 0, cache).argmax(-1, keepdim=True)
        tok.cpu()
        t1 = time.perf_counter()
        for s in range(a.new):
            tok = forward_cached(model, tok, a.prompt + s, cache).argmax(-1, keepdim=True)
            tok.cpu()  # the sampled ids: the only per-token host read
        t2 = time.perf_counter()
        return t1 - t0, (t2 - t1) / a.new

    run()
    prefill, step = sorted((run() for _ in range(3)), key=lambda r: r[1])[1]
    print(
        f"pytorch {torch.__version__} {a.device} | preset {a.preset} | decode {a.batch}x{a.new} after a {a.prompt}-token "
        f"prefill: {a.batch / step:.1f} tokens/s ({step * 1000:.2f} ms/step, prefill {prefill:.3f} s)"
    )


if __name__ == "__main__":
    main()
