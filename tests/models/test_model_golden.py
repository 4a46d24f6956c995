"""The network reproduces the official implementation: released key layout loads strictly,
and the seeded reference checkpoint gives the official golden outputs (fp32, CPU, eval)."""
from __future__ import annotations

import numpy as np
import torch

from model_fixtures import golden, golden_inputs, read_manifest, reference_checkpoint_path, reference_state_dict
from segassess.models.checkpoint import ALIAS_PREFIXES, canonicalize, load_segassess, load_state
from segassess.models.network import SegAssess, build_model

torch.set_num_threads(2)


def _meta_model(config="base", tile=512):
    with torch.device("meta"):
        return SegAssess(config, tile)


def test_state_dict_keys_and_shapes_match_the_released_manifest():
    rows = read_manifest()
    assert len(rows) == 811
    canonical = [(k, s) for k, s, _ in rows if not k.startswith(ALIAS_PREFIXES)]
    aliases = [(k, s) for k, s, _ in rows if k.startswith(ALIAS_PREFIXES)]
    assert len(canonical) == 454 and len(aliases) == 357
    own = {k: tuple(v.shape) for k, v in _meta_model().state_dict().items()}
    # same names, same order as the official model lists them, same shapes
    assert list(own) == [k for k, _ in canonical]
    mism = [(k, own[k], s) for k, s in canonical if own[k] != s]
    assert mism == []
    # every alias duplicates a sam.* key of the same shape
    assert all(own["sam." + k] == s for k, s in aliases)
    # dtypes: float32 except BatchNorm counters
    assert {d for k, _, d in rows if k.endswith("num_batches_tracked")} == {"int64"}
    # the documented count of unique parameters (buffers such as the PE matrix excluded)
    assert sum(p.numel() for p in _meta_model().parameters()) == 127_777_780


def test_image_encoder_keys_are_official_sam_vit_b_names():
    """init_encoder_from_sam relies on SAM ViT-B's own key names mapping 1:1."""
    from segment_anything import sam_model_registry

    with torch.device("meta"):
        sam = sam_model_registry["vit_b"]()
    sam_enc = {k: tuple(v.shape) for k, v in sam.state_dict().items() if k.startswith("image_encoder.")}
    own = {k[4:]: tuple(v.shape) for k, v in _meta_model().state_dict().items() if k.startswith("sam.image_encoder.")}
    assert sam_enc == own


def _compare(name, outs, edge):
    g = golden(name)
    got = {"coarse_logits": outs[2][0].numpy(), "final_logits": outs[3][0].numpy(), "edge_logits": edge[0].numpy()}
    report = {}
    for key, val in got.items():
        ref = g[key]
        assert val.shape == ref.shape, key
        diff = float(np.abs(val - ref).max())
        rng = float(ref.max() - ref.min())
        agree = float((val.argmax(0) == ref.argmax(0)).mean()) if key != "edge_logits" else \
            float(((val > 0) == (ref > 0)).mean())
        report[key] = (diff, rng, agree)
        assert diff <= 1e-3 * rng, f"{name} {key}: max abs diff {diff:.3g} > 1e-3 x range {rng:.3g}"
        assert agree >= 0.999, f"{name} {key}: argmax agreement {agree:.5f}"
    print(name, {k: f"diff {d:.2e} / range {r:.1f}, agree {a:.5f}" for k, (d, r, a) in report.items()})
    return report


def test_golden_random128_via_file_loader():
    g = golden("golden_random128")
    model = load_segassess(reference_checkpoint_path(), int(g["tile_size"]), "cpu")
    assert not model.training and model.config.name == "base"
    img, msk = golden_inputs(g)
    with torch.inference_mode():
        outs, edge = model(img, msk)
    assert len(outs) == 4 and all(o.shape == (1, 4, 128, 128) for o in outs) and edge.shape == (1, 1, 128, 128)
    # coarse = masks_sam + masks_hq, by construction of the official decoder
    assert torch.allclose(outs[2], outs[0] + outs[1])
    _compare("golden_random128", outs, edge)
    with torch.inference_mode():
        assert torch.equal(model.predict_logits(img, msk), outs[3])


def test_golden_aerial256_from_unprefixed_state_dict():
    """Files without the `module.` prefix (and with or without aliases) load the same."""
    g = golden("golden_aerial256")
    sd = {k[len("module."):]: v for k, v in reference_state_dict().items()}
    assert not any(k.startswith("module.") for k in sd)
    model = build_model("base", int(g["tile_size"]))
    rep = load_state(model, sd, strict=True)
    assert rep["missing"] == rep["unexpected"] == rep["misshaped"] == [] and rep["loaded"] == 454
    img, msk = golden_inputs(g)
    with torch.inference_mode():
        outs, edge = model(img, msk)
    _compare("golden_aerial256", outs, edge)


def test_alias_only_layout_is_folded_into_sam():
    sd = reference_state_dict()
    only_alias = {k: v for k, v in sd.items() if not k.startswith("module.sam.")}
    canon = canonicalize(only_alias)
    assert sum(k.startswith("sam.") for k in canon) == 357
    assert not any(k.startswith(ALIAS_PREFIXES) for k in canon)
    full = canonicalize(sd)
    assert len(full) == 454 and all(torch.equal(full[k], canon[k]) for k in canon)


def test_fast_attention_equals_sam_attention():
    """The SDPA attention path gives SAM's result (golden tests run the fast path)."""
    torch.manual_seed(0)
    model = build_model("tiny", 96)
    with torch.no_grad():
        for blk in model.sam.image_encoder.blocks:
            blk.attn.rel_pos_h.normal_(0, 0.5)
            blk.attn.rel_pos_w.normal_(0, 0.5)
    x, m = torch.rand(2, 3, 96, 96), (torch.rand(2, 1, 96, 96) > 0.5).float()
    with torch.inference_mode():
        fast = model(x, m)[0][3]
        model.sam.image_encoder.set_fast_attention(False)
        slow = model(x, m)[0][3]
    assert torch.allclose(fast, slow, atol=1e-5 * float(slow.abs().max()) + 1e-6)
