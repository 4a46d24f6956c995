"""--precision: each offered setting keeps its agreement with the official fp32 outputs on the golden
inputs (CPU kernels) and with fp32 on the demo model's generated scene; `auto` chooses per device,
logs and records its choice; the bf16 parts never leak into fp32 runs (after a failure, or from
another thread)."""
from __future__ import annotations

import logging
import threading
from dataclasses import replace

import numpy as np
import pytest
import rasterio
import torch

from model_fixtures import golden, golden_inputs, reference_checkpoint_path
from segassess.core.common.errors import InputError
from segassess.models import precision
from segassess.models.checkpoint import load_segassess
from segassess.models.engines import TorchAssessor, make_assessor
from segassess.models.network import build_model

torch.set_num_threads(2)
# the bars: >= 99.5 % argmax agreement with the official fp32 outputs on the golden inputs,
# >= 99.8 % with fp32 on the demo model's generated scene
GOLDEN_BAR = {"fp32": 0.999, "bf16": 0.995, "fp16": 0.995}
DEMO_BAR = 0.998


def test_each_offered_precision_agrees_with_the_official_outputs():
    for name in ("golden_random128", "golden_aerial256"):
        g = golden(name)
        model = load_segassess(reference_checkpoint_path(), int(g["tile_size"]), "cpu")
        img, msk = golden_inputs(g)
        ref = g["final_logits"]
        logits, agreement = {}, {}
        for p in ("fp32", "bf16", "fp16", "fp32"):  # fp32 again: the bf16 weight copies were swapped back
            a = TorchAssessor(model, device="cpu", precision=p)
            assert a.precision_info["name"] == p
            logits[p] = a.logits(img.numpy(), msk.numpy())[0]
            agreement[p] = float((logits[p].argmax(0) == ref.argmax(0)).mean())
        print(name, {k: f"{100 * v:.3f} %" for k, v in agreement.items()})
        assert np.abs(logits["fp32"] - ref).max() <= 1e-3 * np.ptp(ref)
        for p, bar in GOLDEN_BAR.items():
            assert agreement[p] >= bar, f"{name}: {p} argmax agreement {agreement[p]:.5f} < {bar}"
        # the reduced formats really ran (the test could not fail otherwise)
        for p in ("bf16", "fp16"):
            assert agreement[p] < 1.0 and np.abs(logits[p] - logits["fp32"]).max() > 1e-3


def test_auto_chooses_per_device_and_logs_it(monkeypatch, caplog):
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    with caplog.at_level(logging.INFO, logger="segassess.models.precision"):
        monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: True)
        fast = precision.choose("auto", cpu)
        monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: False)
        plain = precision.choose("auto", cpu)
        gpu = precision.choose("auto", cuda)
    assert (fast.name, plain.name, gpu.name) == ("bf16", "fp32", "fp16")
    assert all(c.requested == "auto" and c.reason for c in (fast, plain, gpu))
    logged = [r.getMessage() for r in caplog.records]
    assert any("bf16" in m and "AMX" in m for m in logged) and any("fp32" in m for m in logged)
    assert precision.choose("BFloat16", cpu).name == "bf16" and precision.choose("off", cpu).name == "fp32"
    with pytest.raises(InputError, match="unknown precision 'int8'"):
        precision.choose("int8", cpu)


@pytest.fixture(scope="module")
def demo_scene(tmp_path_factory):
    """The `segassess demo` scene (seed 7, 768 px) with its simulated inventory."""
    from segassess.core.synthetic.error_sim import simulate_inventory
    from segassess.core.synthetic.scene import generate_scene, write_scene

    scene = generate_scene(7, size=768)
    buildings = scene.truth[scene.truth["class"] == "building"].reset_index(drop=True)
    inventory = simulate_inventory(buildings, 7)
    return write_scene(replace(scene, truth=buildings), tmp_path_factory.mktemp("demo_scene"), inventory)


def _assess_demo(paths, out_dir, precision_name, progress=None):
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment
    from segassess.models.registry import demo_model_path

    assessor = make_assessor(demo_model_path(), tile_size=256, batch_size=4, precision=precision_name)
    job = AssessJob(paths["image"], AnnotationSpec(paths["inventory"]), out_dir, tile_size=256, overlap=32)
    result = run_assessment(job, assessor, progress)
    with rasterio.open(result.quality) as ds:
        return result, ds.read(1)


def test_demo_model_agreement_on_its_generated_scene_and_auto_in_the_summary(demo_scene, tmp_path):
    from segassess.core.common.progress import NullProgress

    _, ref = _assess_demo(demo_scene, tmp_path / "fp32", "fp32")
    for p in ("bf16", "fp16"):
        result, q = _assess_demo(demo_scene, tmp_path / p, p)
        agreement = float((q == ref).mean())
        print(p, f"{100 * agreement:.3f} %")
        assert agreement >= DEMO_BAR and result.summary_data["precision"]["name"] == p
    progress = NullProgress()
    result, _ = _assess_demo(demo_scene, tmp_path / "auto", "auto", progress)
    chosen = result.summary_data["precision"]
    expected = "bf16" if precision.cpu_has_fast_bf16() else "fp32"
    assert chosen["requested"] == "auto" and chosen["name"] == expected and chosen["reason"]
    assert any(m.startswith(f"Network precision: {expected}") and "chosen by auto" in m for m in progress.messages)


def _tiny(tile=64):
    torch.manual_seed(3)
    model = build_model("tiny", tile)
    with torch.no_grad():
        for p in model.TCCA.BPM.parameters():
            p.mul_(4.0)
    rng = np.random.default_rng(0)
    img = rng.random((2, 3, tile, tile), dtype=np.float32)
    mask = (rng.random((2, 1, tile, tile)) > 0.5).astype(np.float32)
    return model, img, mask


def test_a_failed_bf16_forward_leaves_the_model_in_fp32():
    model, img, mask = _tiny()
    exact = TorchAssessor(model, device="cpu", precision="fp32").logits(img, mask)
    bf16 = TorchAssessor(model, device="cpu", precision="bf16")
    block = model.sam.image_encoder.blocks[1]
    real = block.forward

    def broken(x):
        raise RuntimeError("boom")

    block.forward = broken
    with pytest.raises(RuntimeError, match="boom"):
        bf16.logits(img, mask)
    block.forward = real
    assert all(p.dtype == torch.float32 for p in model.parameters())
    assert not torch.is_autocast_enabled("cpu")
    np.testing.assert_array_equal(TorchAssessor(model, device="cpu", precision="fp32").logits(img, mask), exact)
    assert not np.array_equal(bf16.logits(img, mask), exact)


def test_bf16_runs_in_one_thread_never_touch_fp32_runs_in_another():
    model, img, mask = _tiny()
    exact = TorchAssessor(model, device="cpu", precision="fp32").logits(img, mask)
    stop, errors = threading.Event(), []

    def bf16_loop():
        a = TorchAssessor(model, device="cpu", precision="bf16")
        while not stop.is_set():
            a.logits(img, mask)

    worker = threading.Thread(target=bf16_loop)
    worker.start()
    try:
        fp32 = TorchAssessor(model, device="cpu", precision="fp32")
        for _ in range(4):
            if not np.array_equal(fp32.logits(img, mask), exact):
                errors.append("an fp32 run differed")
    finally:
        stop.set()
        worker.join()
    assert errors == []


def test_bf16_weight_copies_follow_the_model_they_belong_to():
    """The bf16 weight copies are made once, but a deep copy works on its own weights and a weight
    changed in place later (load_state_dict, fine-tuning) gets a fresh copy."""
    import copy

    def bf16(m):
        return TorchAssessor(m, device="cpu", precision="bf16").logits(img, mask)

    model, img, mask = _tiny()
    before = bf16(model)
    twin = copy.deepcopy(model)
    np.testing.assert_array_equal(bf16(twin), before)
    with torch.no_grad():
        twin.sam.image_encoder.blocks[1].mlp.lin1.weight.mul_(0.5)
    changed = bf16(twin)
    assert not np.array_equal(changed, before)
    np.testing.assert_array_equal(bf16(model), before)  # the original is untouched
    fresh, _, _ = _tiny()  # the same seeded weights, changed before any bf16 run
    with torch.no_grad():
        fresh.sam.image_encoder.blocks[1].mlp.lin1.weight.mul_(0.5)
    np.testing.assert_array_equal(bf16(fresh), changed)
    assert all(p.dtype == torch.float32 for m in (model, twin) for p in m.parameters())


def test_bf16_works_on_a_model_loaded_under_inference_mode():
    """Weights made under torch.inference_mode() (a model loaded there, as benchmarks do) have no version
    counter: bf16 still runs, gives the same maps as with ordinary weights and follows in-place changes."""
    model, img, mask = _tiny()
    want = TorchAssessor(model, device="cpu", precision="bf16").logits(img, mask)
    with torch.inference_mode():
        loaded, _, _ = _tiny()
    assert all(p.is_inference() for p in loaded.parameters())
    got = TorchAssessor(loaded, device="cpu", precision="bf16").logits(img, mask)
    np.testing.assert_array_equal(got, want)
    with torch.inference_mode():
        loaded.sam.image_encoder.blocks[1].mlp.lin1.weight.mul_(0.5)
    assert not np.array_equal(TorchAssessor(loaded, device="cpu", precision="bf16").logits(img, mask), want)
