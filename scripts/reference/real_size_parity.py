#!/usr/bin/env python3
"""Reference side of the real-size parity check (issue 7): a random-init Qwen2.5-VL with the 3B dimensions, built
with Hugging Face transformers in fp32, saved in the HF layout, plus a tokenizer-free fixture and its logits.

    python3 scripts/reference/real_size_parity.py OUT [--device cuda|cpu] [--seed 0] [--small]

Writes into OUT:
    model/                   config.json + safetensors (save_pretrained, fp32; shards + index above 5 GB)
    fixture.json             input_ids, image_grid_thw, logits_positions, versions, timings, device
    reference.safetensors    pixel_values [1024, 1176] and logits [8, 151936], float32

Then ahpo compares: `npx tsx bench/gpu/real-size-parity.ts OUT` (webgpu; bench/gpu/run.sh parity on the GPU machine
does both steps). Needs torch, transformers (>= 4.49, the first release with Qwen2.5-VL), safetensors and numpy; no
download (no tokenizer: the prompt ids are written directly with Qwen2's special token ids from its
tokenizer_config.json; the ordinary ids are those Qwen2's tokenizer gives the default chat prompt, but nothing depends on that).

The image: one synthetic 448×448 RGB picture (gradients, a checkerboard and a disc), normalised with the CLIP
mean/std and cut into patches exactly as Qwen2VLImageProcessor does for a size that needs no resize (§4: 2 frames,
grid [1, 32, 32], 256 image tokens). When the processor class is importable, its pixel_values are compared (a note).

Weights: seed 0; N(0, 1/fan_in) matrices and embeddings, 1 + 0.1·N norm weights, 0.1·N biases — not HF's 0.02 init,
which makes attention nearly uniform and would hide position and masking differences. fp32 everywhere; TF32 off.

Memory: 3B dimensions are 3.75 B parameters = 15.0 GB in fp32. On CUDA the model lives on the GPU (≈ 16 GB); host
RAM peaks at about one 5 GB shard (+ its serialised copy) while saving. --device cpu needs ≈ 20 GB of host RAM and a
few minutes. Disk: 15 GB for OUT/model. --small builds a small geometry (same code path) for a quick check anywhere.
"""

import argparse
import json
import math
import os
import platform
import shutil
import sys
import time

# Qwen2.5-VL-3B-Instruct's config.json on the Hugging Face hub.
TEXT_3B = dict(hidden_size=2048, num_hidden_layers=36, num_attention_heads=16, num_key_value_heads=2,
               intermediate_size=11008, vocab_size=151936, rms_norm_eps=1e-6, rope_theta=1e6,
               max_position_embeddings=128000, hidden_act="silu", attention_dropout=0.0, use_sliding_window=False,
               sliding_window=32768, max_window_layers=70, tie_word_embeddings=True,
               rope_scaling={"type": "mrope", "mrope_section": [16, 24, 24]})
VISION_3B = dict(depth=32, hidden_size=1280, num_heads=16, intermediate_size=3420, patch_size=14, temporal_patch_size=2,
                 spatial_merge_size=2, window_size=112, fullatt_block_indexes=[7, 15, 23, 31], out_hidden_size=2048,
                 in_channels=3, in_chans=3, hidden_act="silu", tokens_per_second=2)
# --small: same code path, minutes → seconds (head_dim 64 → mrope_section [8, 12, 12]).
TEXT_SMALL = dict(TEXT_3B, hidden_size=256, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                  intermediate_size=512, rope_scaling={"type": "mrope", "mrope_section": [8, 12, 12]})
VISION_SMALL = dict(VISION_3B, depth=4, hidden_size=128, num_heads=2, intermediate_size=256, fullatt_block_indexes=[1, 3],
                    out_hidden_size=256)
# §1 top-level ids and §5 special tokens.
IDS = dict(bos_token_id=151643, eos_token_id=151645, pad_token_id=151643, vision_start_token_id=151652,
           vision_end_token_id=151653, vision_token_id=151654, image_token_id=151655, video_token_id=151656)
IM_START, IM_END, NL = 151644, 151645, 198
# "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|>
#  <|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n"
PROMPT = ([IM_START, 8948, NL, 2610, 525, 264, 10950, 17847, 13, IM_END, NL, IM_START, 872, NL,
           IDS["vision_start_token_id"], IDS["image_token_id"], IDS["vision_end_token_id"],
           74785, 419, 2168, 13, IM_END, NL, IM_START, 77091, NL])
IMAGE = 448
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
LAST = 8  # logits of the last 8 positions


def fail(msg):
    sys.exit(f"real_size_parity: {msg}")


def build_config(transformers, text, vision):
    """Qwen2_5_VLConfig across transformers versions: 4.49–4.51 take flat text fields; later ones nest text_config
    (and may build it from flat kwargs). Verify the geometry either way: an ignored field would give class defaults."""
    want = (text["hidden_size"], text["num_hidden_layers"], text["intermediate_size"], text["vocab_size"],
            vision["depth"], vision["hidden_size"], vision["out_hidden_size"])
    nested = dict(text, **{k: v for k, v in IDS.items()})
    for kwargs in (dict(vision_config=vision, **text, **IDS), dict(text_config=nested, vision_config=vision, **IDS)):
        try:
            cfg = transformers.Qwen2_5_VLConfig(**kwargs)
            sub = getattr(cfg, "text_config", None)
            t = sub if isinstance(sub, transformers.PretrainedConfig) else cfg
            v = cfg.vision_config
            got = (t.hidden_size, t.num_hidden_layers, t.intermediate_size, t.vocab_size, v.depth, v.hidden_size,
                   v.out_hidden_size)
        except (TypeError, AttributeError, ValueError) as e:
            print(f"note: Qwen2_5_VLConfig({', '.join(sorted(kwargs)[:3])}, ...) failed here: {e}", file=sys.stderr)
            continue
        if got == want:
            return cfg
        print(f"note: Qwen2_5_VLConfig gave {got}, wanted {want}; trying the other layout", file=sys.stderr)
    fail(f"could not build a Qwen2_5_VLConfig with geometry {want} in transformers {transformers.__version__}")


def randomize_(model, torch, seed, device):
    g = torch.Generator(device=device).manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():  # tied lm_head is the embedding: listed once
            z = torch.randn(p.shape, generator=g, dtype=torch.float32, device=device)
            if name.endswith(".bias"):
                p.copy_(0.1 * z)
            elif p.dim() == 1:  # RMSNorm weights
                p.copy_(1 + 0.1 * z)
            else:
                p.copy_(z / math.sqrt(p[0].numel()))


def make_image(np):
    y, x = np.mgrid[0:IMAGE, 0:IMAGE].astype(np.float64)
    r = 255 * x / (IMAGE - 1)
    g = 255 * y / (IMAGE - 1)
    b = np.where(((x // 28) + (y // 28)) % 2 == 0, 40.0, 210.0)
    disc = (x - 300) ** 2 + (y - 150) ** 2 < 90 ** 2
    r[disc], g[disc], b[disc] = 250, 230, 20
    return np.stack([r, g, b], axis=-1).round().clip(0, 255).astype(np.uint8)  # [H, W, 3]


def patchify(np, rgb):
    """Qwen2VLImageProcessor for an image that needs no resize (§4 steps 3–5), in float32."""
    x = rgb.astype(np.float32) / np.float32(255)
    x = (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    x = x.transpose(2, 0, 1)  # CHW
    frames = np.stack([x, x])  # one image → 2 frames
    gh = gw = IMAGE // 14
    p = frames.reshape(1, 2, 3, gh // 2, 2, 14, gw // 2, 2, 14).transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
    return np.ascontiguousarray(p.reshape(gh * gw, 3 * 2 * 14 * 14)), [1, gh, gw]


def check_processor(transformers, np, rgb, pixel_values):
    try:
        from PIL import Image
        ip = transformers.Qwen2VLImageProcessor(min_pixels=3136, max_pixels=12845056, image_mean=MEAN, image_std=STD)
        got = ip(images=[Image.fromarray(rgb, "RGB")], return_tensors="np")["pixel_values"]
        print(f"note: Qwen2VLImageProcessor pixel_values {got.shape}, max|Δ| vs ours {float(np.abs(got - pixel_values).max()):.2e}")
    except Exception as e:  # informational only
        print(f"note: processor cross-check skipped ({type(e).__name__}: {e})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="folder to write (replaced)")
    ap.add_argument("--device", default=None, help="cuda (default when available) or cpu")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--small", action="store_true", help="a small geometry, for checking the script itself")
    args = ap.parse_args()
    try:
        import numpy as np
        import torch
        import transformers
        from safetensors.numpy import save_file
    except ImportError as e:
        fail(f"{e}. Install: pip install torch transformers safetensors numpy")
    if not hasattr(transformers, "Qwen2_5_VLForConditionalGeneration"):
        fail(f"transformers {transformers.__version__} has no Qwen2.5-VL (needs >= 4.49)")
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    # fp32 means fp32: no TF32 in matmuls or in the patch-embedding Conv3d.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    text, vision = (TEXT_SMALL, VISION_SMALL) if args.small else (TEXT_3B, VISION_3B)
    times = {}

    t0 = time.perf_counter()
    cfg = build_config(transformers, text, vision)
    try:  # eager attention: plain fp32 matmul + softmax (a read-only property in some releases)
        cfg._attn_implementation = "eager"
    except (AttributeError, ValueError):
        pass
    torch.manual_seed(args.seed)
    with torch.device(device):
        model = transformers.Qwen2_5_VLForConditionalGeneration(cfg)
    model = model.to(device=device, dtype=torch.float32).eval()
    if model.lm_head.weight.data_ptr() != model.get_input_embeddings().weight.data_ptr():
        fail("lm_head is not tied to embed_tokens in this transformers version; the 3B model ties them")
    randomize_(model, torch, args.seed, device)
    n_params = sum(p.numel() for p in model.parameters())
    times["build_s"] = time.perf_counter() - t0
    print(f"built Qwen2.5-VL ({'small' if args.small else '3B dimensions'}): {n_params / 1e9:.3f} B parameters, fp32, "
          f"on {device} in {times['build_s']:.1f} s")

    rgb = make_image(np)
    pixel_values, grid = patchify(np, rgb)
    check_processor(transformers, np, rgb, pixel_values)
    n_image = grid[0] * grid[1] * grid[2] // 4
    ids = []
    for t in PROMPT:
        ids.extend([t] * n_image if t == IDS["image_token_id"] else [t])
    positions = list(range(len(ids) - LAST, len(ids)))

    t0 = time.perf_counter()
    with torch.no_grad():
        input_ids = torch.tensor([ids], device=device)
        out = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids),
                    pixel_values=torch.from_numpy(pixel_values).to(device),
                    image_grid_thw=torch.tensor([grid], device=device))
        logits = out.logits[0, positions].float().cpu().numpy()
    if device == "cuda":
        torch.cuda.synchronize()
    times["forward_s"] = time.perf_counter() - t0
    if not np.isfinite(logits).all():
        fail("reference logits are not finite")
    print(f"reference forward ({len(ids)} tokens, {n_image} image tokens): {times['forward_s']:.2f} s; "
          f"logits max|.| {float(np.abs(logits).max()):.3f}")

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    t0 = time.perf_counter()
    model.save_pretrained(os.path.join(args.out, "model"), safe_serialization=True)
    times["save_s"] = time.perf_counter() - t0
    save_file({"pixel_values": pixel_values.astype(np.float32), "logits": np.ascontiguousarray(logits, np.float32)},
              os.path.join(args.out, "reference.safetensors"))
    gpu = torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or platform.machine()
    fixture = dict(input_ids=ids, image_grid_thw=[grid], logits_positions=positions,
                   source=f"transformers {transformers.__version__}, torch {torch.__version__}, {device} ({gpu}), fp32, "
                          f"seed {args.seed}{', small' if args.small else ''}",
                   params=n_params, seed=args.seed, device=device, gpu=gpu, times=times,
                   logits_abs_max=float(np.abs(logits).max()), image=dict(width=IMAGE, height=IMAGE, synthetic=True))
    with open(os.path.join(args.out, "fixture.json"), "w") as f:
        json.dump(fixture, f)
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, fs in os.walk(args.out) for n in fs)
    print(f"saved {args.out} ({size / 1e9:.2f} GB) in {times['save_s']:.1f} s")


if __name__ == "__main__":
    main()
