#!/usr/bin/env python3
"""Build the tiny Qwen2.5-VL parity fixture with Hugging Face transformers.

One command, on a machine with Python 3.9+, torch, transformers (>= 4.49, the first release with Qwen2.5-VL),
safetensors, numpy and Pillow:

    python3 scripts/reference/make_fixture.py            # writes tests/fixtures/qwen25vl-tiny/

It builds a random Qwen2_5_VLForConditionalGeneration with the geometry of ahpo's `tiny-vl` preset and the vocab of
ahpo's built-in tokenizer (data/tokenizer), runs the slow Qwen2VLImageProcessor (bicubic PIL) and the tokenizer on
a fixed synthetic image and chat prompt, and records the processor's pixel_values, image_grid_thw, input ids and
the model's logits. tests/model/vlm-parity.test.ts feeds the recorded pixel values to our model and compares.

Precision choices (so that the fixture stays under 2 MB yet the comparison is exact up to fp32 rounding):
- the weights are rounded to bf16 *before* the reference forward, and saved as bf16: our loader widens bf16
  exactly, so both sides compute with identical weights;
- pixel_values are rounded to fp16 before the forward, and saved as fp16 (exactly representable, again identical);
- logits are fp32, from the <|vision_start|> token onward (`logits_from` in reference.json).
"""

import argparse
import json
import math
import os
import shutil
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOKENIZER_DIR = os.path.join(ROOT, "data", "tokenizer")
DEFAULT_OUT = os.path.join(ROOT, "tests", "fixtures", "qwen25vl-tiny")
SIZE_LIMIT = 2_000_000  # bytes, the whole fixture folder

# ahpo preset `tiny-vl` (src/model/presets.ts); head_dim 32 → mrope_section [4, 6, 6] (= head_dim/8, 3/16, 3/16).
TEXT = dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, intermediate_size=384,
            rms_norm_eps=1e-6, rope_theta=1e6, max_position_embeddings=4096, hidden_act="silu", attention_dropout=0.0,
            use_sliding_window=False, sliding_window=4096, max_window_layers=2, tie_word_embeddings=True,
            rope_scaling={"type": "mrope", "mrope_section": [4, 6, 6]})
VISION = dict(depth=2, hidden_size=64, num_heads=4, intermediate_size=128, patch_size=14, temporal_patch_size=2,
              spatial_merge_size=2, window_size=112, fullatt_block_indexes=[1], out_hidden_size=128, in_channels=3,
              in_chans=3, hidden_act="silu", tokens_per_second=2)
# Checkpoint preprocessor_config.json values (qwen25vl.md §4); the slow processor is the bicubic-PIL one ahpo mirrors.
PROCESSOR = dict(min_pixels=3136, max_pixels=12845056, patch_size=14, temporal_patch_size=2, merge_size=2,
                 image_mean=[0.48145466, 0.4578275, 0.40821073], image_std=[0.26862954, 0.26130258, 0.27577711])
PROMPT = ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
          "<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n")
IMAGE_W, IMAGE_H = 150, 120  # smart_resize → 140×112 (grid [1, 8, 10]): a real bicubic downscale, two windows
SEED = 20251121


def fail(msg):
    sys.exit(f"make_fixture: {msg}")


def special_ids(tok):
    ids = {}
    for name in ["<|endoftext|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]:
        i = tok.convert_tokens_to_ids(name)
        if not isinstance(i, int) or i < 0 or i == tok.unk_token_id:
            fail(f"tokenizer in {TOKENIZER_DIR} has no {name}")
        ids[name] = i
    return ids


def build_config(transformers, vocab, ids):
    top = dict(vocab_size=vocab, image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
               vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
               vision_token_id=ids["<|vision_start|>"] + 2, bos_token_id=ids["<|endoftext|>"],
               eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"], initializer_range=0.02)
    # 4.49–4.51 take flat text fields only; later releases build text_config from flat kwargs too, and some take
    # only text_config. Try flat first (a nested dict would be kept as a stray attribute by the old flat class),
    # and verify the geometry either way: a silently ignored field would give the class defaults (a 7B text model).
    nested_text = dict(TEXT, vocab_size=vocab, **{k: v for k, v in top.items() if k.endswith("token_id")})
    attempts = [dict(vision_config=VISION, **TEXT, **top),
                dict(text_config=nested_text, vision_config=VISION, **top)]
    for kwargs in attempts:
        try:
            cfg = transformers.Qwen2_5_VLConfig(**kwargs)
            sub = getattr(cfg, "text_config", None)
            text = sub if isinstance(sub, transformers.PretrainedConfig) else cfg
            vis = cfg.vision_config
            got = (text.hidden_size, text.num_hidden_layers, text.vocab_size, vis.depth, vis.hidden_size, vis.out_hidden_size)
        except (TypeError, AttributeError, ValueError) as e:
            print(f"note: Qwen2_5_VLConfig({', '.join(sorted(kwargs)[:3])}, ...) failed here: {e}", file=sys.stderr)
            continue
        if got == (128, 2, vocab, 2, 64, 128):
            return cfg
    fail("could not build a Qwen2_5_VLConfig with the tiny-vl geometry in this transformers version")


def randomize_(model, torch):
    """N(0, 1/fan_in) matrices, 1 + 0.1·N norms, 0.1·N biases (HF's 0.02 init makes attention ~uniform and would hide
    position bugs), then round to bf16 so the saved bf16 weights are exactly the ones used for the reference logits."""
    g = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in model.named_parameters():
            z = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if name.endswith(".bias"):
                v = 0.1 * z
            elif p.dim() == 1:  # RMSNorm weights (norm1/norm2/ln_q/input_layernorm/…)
                v = 1 + 0.1 * z
            else:
                fan_in = p[0].numel()
                v = z / math.sqrt(fan_in)
            p.copy_(v.to(torch.bfloat16).to(torch.float32))


def make_image(np, Image):
    y, x = np.mgrid[0:IMAGE_H, 0:IMAGE_W].astype(np.float64)
    r = 255 * x / (IMAGE_W - 1)
    g = 255 * y / (IMAGE_H - 1)
    b = np.where(((x // 10) + (y // 10)) % 2 == 0, 40.0, 210.0)
    disc = (x - 95) ** 2 + (y - 50) ** 2 < 28 ** 2
    r[disc], g[disc], b[disc] = 250, 230, 20
    rgb = np.stack([r, g, b], axis=-1).round().clip(0, 255).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def process(transformers, tok, image, expected_tokens):
    ip = transformers.Qwen2VLImageProcessor(**PROCESSOR)
    vision = ip(images=[image], return_tensors="pt")
    pixel_values, grid = vision["pixel_values"], vision["image_grid_thw"]
    n = int(grid.prod().item()) // 4
    # What the processor does to the text: each <|image_pad|> becomes t·h·w/4 copies, then tokenize.
    manual = tok(PROMPT.replace("<|image_pad|>", "<|image_pad|>" * n), return_tensors="pt")["input_ids"]
    used = "manual expansion (Qwen2_5_VLProcessor unavailable)"
    try:
        proc = transformers.Qwen2_5_VLProcessor(image_processor=ip, tokenizer=tok)
        out = proc(text=[PROMPT], images=[image], return_tensors="pt")
        if not (out["input_ids"].tolist() == manual.tolist() and out["pixel_values"].equal(pixel_values)):
            fail("Qwen2_5_VLProcessor output differs from image processor + pad expansion; inspect before recording")
        used = "Qwen2_5_VLProcessor"
    except (TypeError, ValueError, AttributeError) as e:  # older/newer constructor signatures (video_processor)
        print(f"note: Qwen2_5_VLProcessor not usable here ({e}); using its two steps directly", file=sys.stderr)
    if n != expected_tokens:
        fail(f"image grid {grid.tolist()} gives {n} tokens, expected {expected_tokens}")
    return pixel_values, grid, manual, used


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    try:
        import numpy as np
        import torch
        import transformers
        from PIL import Image
        from safetensors.torch import save_file
    except ImportError as e:
        fail(f"{e}. Install: pip install torch transformers safetensors numpy pillow")

    torch.manual_seed(SEED)
    tok = transformers.AutoTokenizer.from_pretrained(TOKENIZER_DIR)
    ids = special_ids(tok)
    vocab = len(tok)
    cfg = build_config(transformers, vocab, ids)
    try:  # eager attention: plain fp32 matmul/softmax, the closest to ours; a read-only property in some releases
        cfg._attn_implementation = "eager"
    except (AttributeError, ValueError):
        pass
    model = transformers.Qwen2_5_VLForConditionalGeneration(cfg).eval().to(torch.float32)
    if model.lm_head.weight.data_ptr() != model.get_input_embeddings().weight.data_ptr():
        fail("lm_head is not tied to embed_tokens in this transformers version; tiny-vl ties them (tie_word_embeddings)")
    randomize_(model, torch)

    image = make_image(np, Image)
    pixel_values, grid, input_ids, used = process(transformers, tok, image, expected_tokens=20)
    pixel_values = pixel_values.to(torch.float16).to(torch.float32)  # stored as fp16: use exactly those values
    with torch.no_grad():
        logits = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), pixel_values=pixel_values,
                       image_grid_thw=grid).logits[0].float()
    ids_list = input_ids[0].tolist()
    logits_from = ids_list.index(ids["<|vision_start|>"])

    # Replace only what this script writes (the folder also holds the committed README.md).
    for name in ["model", "image.png", "reference.safetensors", "reference.json"]:
        path = os.path.join(args.out, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    os.makedirs(args.out, exist_ok=True)
    model_dir = os.path.join(args.out, "model")
    model.to(torch.bfloat16).save_pretrained(model_dir, safe_serialization=True)
    for extra in ["generation_config.json"]:
        p = os.path.join(model_dir, extra)
        if os.path.exists(p):
            os.remove(p)
    with open(os.path.join(model_dir, "preprocessor_config.json"), "w") as f:
        json.dump(dict(PROCESSOR, image_processor_type="Qwen2VLImageProcessor", do_resize=True, do_rescale=True,
                       do_normalize=True, do_convert_rgb=True, resample=3, rescale_factor=1 / 255), f, indent=2)
    image.save(os.path.join(args.out, "image.png"), optimize=True)
    save_file({"pixel_values": pixel_values.to(torch.float16).contiguous(),
               "logits": logits[logits_from:].contiguous()}, os.path.join(args.out, "reference.safetensors"))
    meta = dict(prompt=PROMPT, input_ids=ids_list, image_grid_thw=grid.tolist(), logits_from=logits_from,
                image=dict(file="image.png", width=IMAGE_W, height=IMAGE_H), processor=PROCESSOR, processed_by=used,
                seed=SEED, versions=dict(transformers=transformers.__version__, torch=torch.__version__),
                logits_abs_max=float(logits.abs().max()))
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(meta, f, indent=1)

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.out) for f in fs)
    print(f"wrote {args.out}: {total} bytes; grid {grid.tolist()}, {len(ids_list)} tokens, logits from {logits_from}, "
          f"transformers {transformers.__version__}, {used}")
    if total > SIZE_LIMIT:
        fail(f"fixture is {total} bytes, over the {SIZE_LIMIT}-byte budget")


if __name__ == "__main__":
    main()
