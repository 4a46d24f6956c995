"""Loading is strict and safe: every bad file gives ONE line naming the problem; our own
files round-trip through .safetensors + JSON card; the registry recognises files."""
from __future__ import annotations

import json
import os
import pickle

import pytest
import torch

from model_fixtures import reference_checkpoint_path, reference_state_dict
from segassess.core.common.errors import InputError
from segassess.core.common.files import file_sha256
from segassess.models import registry
from segassess.models.checkpoint import (card_path, infer_config, init_encoder_from_sam, load_segassess, load_state,
                                         read_state_dict, save_checkpoint)
from segassess.models.network import CONFIGS, build_model

torch.set_num_threads(2)


def _one_line_error(fn, *words):
    with pytest.raises(InputError) as ei:
        fn()
    msg = str(ei.value)
    assert "\n" not in msg and 0 < len(msg) < 500, msg
    for w in words:
        assert w in msg.lower(), f"{w!r} not in {msg!r}"
    return msg


@pytest.fixture(scope="module")
def tiny_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("tiny")
    torch.manual_seed(1)
    model = build_model("tiny", 64)
    # non-trivial BatchNorm statistics so that they must round-trip too
    for mod in model.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.1, 0.1)
            mod.running_var.uniform_(0.9, 1.1)
    f32 = save_checkpoint(model, d / "tiny32", extra={"dataset": "unit-test"})
    f16 = save_checkpoint(model, d / "tiny16.safetensors", dtype=torch.float16)
    return model, f32, f16, d


class Evil:
    """Unpickling this would create a file: weights_only must refuse it."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


# --------------------------------------------------------------------------- errors
def test_truncated_checkpoint(tmp_path):
    bad = tmp_path / "best.pkl"
    with open(reference_checkpoint_path(), "rb") as f:
        bad.write_bytes(f.read(5_000_000))
    _one_line_error(lambda: load_segassess(bad, 128, "cpu"), "truncated", "best.pkl")
    empty = tmp_path / "empty.pth"
    empty.write_bytes(b"")
    _one_line_error(lambda: load_segassess(empty, 128, "cpu"), "empty")
    junk = tmp_path / "junk.pth"
    junk.write_bytes(os.urandom(4096))
    _one_line_error(lambda: load_segassess(junk, 128, "cpu"), "junk.pth")
    _one_line_error(lambda: load_segassess(tmp_path / "missing.pkl", 128, "cpu"), "not found")


def test_truncated_safetensors(tiny_files, tmp_path):
    _, f32, _, _ = tiny_files
    bad = tmp_path / "cut.safetensors"
    bad.write_bytes(f32.read_bytes()[: f32.stat().st_size // 2])
    _one_line_error(lambda: load_segassess(bad, 64, "cpu"), "truncated", "cut.safetensors")


@pytest.mark.parametrize("how", ["torch.save", "pickle.dump"])
def test_pickle_with_code_is_refused(tmp_path, how):
    marker = tmp_path / "code_ran"
    bad = tmp_path / "evil.pkl"
    payload = {"module.sam.image_encoder.pos_embed": torch.zeros(1), "x": Evil(str(marker))}
    if how == "torch.save":
        torch.save(payload, bad)
    else:
        with open(bad, "wb") as f:
            pickle.dump(payload, f)
    _one_line_error(lambda: load_segassess(bad, 64, "cpu"), "code", "refused", "evil.pkl")
    assert not marker.exists(), "unpickling executed code"
    # the file really is evil: a full unpickler runs its code
    if how == "torch.save":
        torch.load(bad, weights_only=False)
    else:
        with open(bad, "rb") as f:
            pickle.load(f)
    assert marker.exists()


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_weights_are_refused_at_load(tiny_files, tmp_path, value):
    model, _, _, _ = tiny_files
    broken = build_model("tiny", 64)
    broken.load_state_dict(model.state_dict())
    with torch.no_grad():
        broken.TCCA.BPM.conv_in_x.weight[0, 0, 0, 0] = value
    f = save_checkpoint(broken, tmp_path / "diverged")
    msg = _one_line_error(lambda: load_segassess(f, 64, "cpu"), "non-finite", "diverged.safetensors")
    assert "TCCA.BPM.conv_in_x.weight" in msg
    pth = tmp_path / "diverged.pth"
    torch.save({"module." + k: v for k, v in broken.state_dict().items()}, pth)
    _one_line_error(lambda: load_segassess(pth, 64, "cpu"), "non-finite", "diverged.pth")


def test_wrong_architecture_tiny_into_base(tiny_files):
    _, f32, _, _ = tiny_files
    msg = _one_line_error(lambda: load_segassess(f32, 64, "cpu", config="base"), "does not fit", "'base'",
                          "mis-shaped", "missing")
    assert "sam.image_encoder.pos_embed" in msg or "patch_embed" in msg


def test_wrong_architecture_base_into_tiny_and_non_strict():
    sd = reference_state_dict()
    tiny = build_model("tiny", 64)
    _one_line_error(lambda: load_state(tiny, sd, strict=True), "'tiny'", "mis-shaped")
    before = {k: v.clone() for k, v in tiny.state_dict().items()}
    with pytest.warns(UserWarning, match="does not fit"):
        rep = load_state(tiny, sd, strict=False)
    assert rep["misshaped"] and rep["unexpected"]  # 12 base blocks vs 4 tiny blocks
    # only same-shape tensors were taken, e.g. the 4x4 BPM convs; mis-shaped ones untouched
    assert torch.equal(tiny.state_dict()["TCCA.BPM.conv_in_x.weight"], sd["module.TCCA.BPM.conv_in_x.weight"])
    assert torch.equal(tiny.state_dict()["sam.image_encoder.pos_embed"], before["sam.image_encoder.pos_embed"])


def test_not_a_segassess_checkpoint(tmp_path):
    f = tmp_path / "other.pth"
    torch.save({"backbone.conv1.weight": torch.zeros(3, 3)}, f)
    _one_line_error(lambda: load_segassess(f, 64, "cpu"), "not a segassess checkpoint")


@pytest.mark.parametrize("tile", [100, 0, -16, 513, "abc"])
def test_tile_size_not_multiple_of_16(tile):
    # checked before the (large) file is read
    _one_line_error(lambda: load_segassess("/nonexistent/best.pkl", tile, "cpu"), "tile size", "16")


def test_cuda_requested_without_gpu(tiny_files):
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    _one_line_error(lambda: load_segassess(tiny_files[1], 64, "cuda"), "cuda")


# --------------------------------------------------------------------------- own files
def test_safetensors_roundtrip_with_card(tiny_files):
    model, f32, f16, d = tiny_files
    card = json.loads(card_path(f32).read_text())
    assert card["config_name"] == "tiny" and card["tile_size"] == 64 and card["dataset"] == "unit-test"
    assert card["classes"] == ["TP", "FP", "TN", "FN"] and card["sha256"] == file_sha256(f32)
    # atomic_write works in hidden `.<name>.*` folders beside the file: none may be left behind
    assert not [q.name for q in d.iterdir() if q.name.startswith(".")], "temporary files left behind"
    assert f16.stat().st_size < 25e6 and f16.stat().st_size < 0.6 * f32.stat().st_size
    x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(3))
    m = (torch.rand(2, 1, 64, 64, generator=torch.Generator().manual_seed(4)) > 0.5).float()
    with torch.inference_mode():
        ref = model(x, m)[0][3]
        same = load_segassess(f32, 64, "cpu")(x, m)[0][3]
        half = load_segassess(f16, 64, "cpu")(x, m)[0][3]
    assert torch.equal(ref, same)
    assert (half - ref).abs().max() <= 2e-2 * (ref.max() - ref.min())
    # the card's tile size is used when none is given
    assert load_segassess(f32, None, "cpu").tile_size == 64


def test_config_inferred_without_card(tiny_files, tmp_path):
    _, f32, _, _ = tiny_files
    bare = tmp_path / "bare.safetensors"
    bare.write_bytes(f32.read_bytes())  # the card travels in safetensors metadata too
    sd, card = read_state_dict(bare)
    assert card.get("config_name") == "tiny"
    assert infer_config(sd) == CONFIGS["tiny"]  # from shapes alone
    from segassess.models.network import SegAssessConfig
    assert infer_config(sd, {}).name == "tiny"
    # an unnamed variant is inferred from its shapes
    custom = SegAssessConfig(name="x", embed_dim=96, depth=4, num_heads=3, global_attn_indexes=(1, 3), window_size=7,
                             pos_grid=16, prompt_dim=64, decoder_heads=2, decoder_mlp_dim=128, iou_head_hidden=64)
    with torch.device("meta"):
        from segassess.models.network import SegAssess
        sd2 = SegAssess(custom, 64).state_dict()
    got = infer_config(sd2)
    assert (got.embed_dim, got.depth, got.num_heads, got.global_attn_indexes, got.window_size, got.pos_grid,
            got.prompt_dim, got.decoder_mlp_dim) == (96, 4, 3, (1, 3), 7, 16, 64, 128)


def test_released_checkpoint_config_is_inferred_as_base():
    sd, card = read_state_dict(reference_checkpoint_path())
    assert card == {} and len(sd) == 454
    assert infer_config(sd) == CONFIGS["base"]


def test_init_encoder_from_sam_key_names(tmp_path):
    """A SAM-style file (image_encoder.*, prompt_encoder.*, mask_decoder.*) initialises the encoder."""
    torch.manual_seed(5)
    donor = build_model("tiny", 64)
    sam_like = {k[len("sam."):]: v for k, v in donor.state_dict().items()
                if k.startswith(("sam.image_encoder.", "sam.prompt_encoder.", "sam.mask_decoder.transformer."))}
    sam_like["mask_decoder.hf_token.weight"] = torch.zeros(1, 128)  # wrong shape: must be skipped, not loaded
    f = tmp_path / "sam_vit_tiny.pth"
    torch.save(sam_like, f)
    model = build_model("tiny", 64)
    tcca = {k: v.clone() for k, v in model.state_dict().items() if k.startswith("TCCA.")}
    rep = init_encoder_from_sam(model, f)
    sd = model.state_dict()
    assert all(torch.equal(sd["sam." + k], v) for k, v in sam_like.items() if not k.endswith("hf_token.weight"))
    assert "sam.mask_decoder.hf_token.weight" in rep["skipped"]
    assert all(torch.equal(sd[k], v) for k, v in tcca.items())
    assert any(k.startswith("TCCA.") for k in rep["random"])
    # an encoder that does not fit is an error, not a partial load
    wrong = tmp_path / "wrong.pth"
    torch.save({k: v for k, v in sam_like.items() if not k.endswith("neck.0.weight")}, wrong)
    _one_line_error(lambda: init_encoder_from_sam(build_model("tiny", 64), wrong), "image encoder", "missing")


# --------------------------------------------------------------------------- registry
def test_registry_entries_are_complete():
    entries = registry.load_registry()
    assert {e["dataset"] for e in entries} >= {"Inria", "CrowdAI", "DeepGlobe", "GID", "WAQS", "BAQS"}
    for e in entries:
        assert e["tile_size"] % 16 == 0 and e["config"] in CONFIGS
        assert e["source_url"] == "https://github.com/Yangbn97/SegAssess" and e["licence"]
        assert e["sha256"] is None or len(e["sha256"]) == 64
    demo = registry.get_entry(registry.DEMO_NAME)
    assert demo["config"] == "tiny" and demo["builtin"]
    assert registry.demo_model_path().name == "segassess_tiny_demo.safetensors"
    assert registry.demo_model_path().parent.name == "weights"


def test_identify(tmp_path, tiny_files):
    _, f32, _, _ = tiny_files
    unknown = registry.identify(f32)
    assert unknown.status == "unknown" and not unknown.ok and unknown.sha256 in (file_sha256(f32),)
    assert "not a known segassess release" in unknown.message.lower() and "\n" not in unknown.message
    released = tmp_path / "SegAssess" / "Inria" / "best.pkl"
    released.parent.mkdir(parents=True)
    released.write_bytes(b"not really weights")
    ident = registry.identify(released)
    assert ident.status == "unverified" and ident.entry["name"] == "segassess-inria" and ident.ok
    assert registry.recommended_tile_size(released) == 320
    # with a registered hash: a match is verified, a different file is reported as a mismatch
    reg = json.loads(registry.REGISTRY_PATH.read_text())
    for e in reg["models"]:
        if e["name"] == "segassess-inria":
            e["sha256"] = "0" * 64
    custom = tmp_path / "registry.json"
    custom.write_text(json.dumps(reg))
    bad = registry.identify(released, custom)
    assert bad.status == "mismatch" and "does not match" in bad.message and "download it again" in bad.message
    for e in reg["models"]:
        if e["name"] == "segassess-inria":
            e["sha256"] = file_sha256(released)
    custom.write_text(json.dumps(reg))
    assert registry.identify(released, custom).status == "verified"


def test_registry_does_not_import_torch():
    """The plugin asks the registry for advice (trained tile size) without paying for torch."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from segassess.models.registry import identify, recommended_tile_size\n"
            "print(recommended_tile_size('/nowhere/SegAssess/Inria/best.pkl'), 'torch' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["320", "False"]
