"""Engines: the assessor protocol, ONNX export parity, consistent mode, the OOM policy and
the process-wide model cache (QGIS reuses one model across batch rows)."""
from __future__ import annotations

import os

import numpy as np
import pytest
import torch

from segassess.core.common.errors import InputError
from segassess.models import engines
from segassess.models.checkpoint import save_checkpoint
from segassess.models.engines import OnnxAssessor, TorchAssessor, make_assessor, softmax_probs
from segassess.models.network import build_model
from segassess.models.export import check_parity, export_onnx

torch.set_num_threads(2)
T = 64


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    d = tmp_path_factory.mktemp("engines")
    torch.manual_seed(7)
    model = build_model("tiny", T)
    # larger final-layer weights so the classes are not all near-uniform
    with torch.no_grad():
        for p in model.TCCA.BPM.parameters():
            p.mul_(4.0)
    return save_checkpoint(model, d / "tiny.safetensors"), d


def _batch(b=3, seed=0):
    rng = np.random.default_rng(seed)
    img = rng.random((b, 3, T, T), dtype=np.float32)
    yy, xx = np.mgrid[:T, :T]
    mask = np.stack([((yy - 20 - 5 * i) ** 2 + (xx - 30) ** 2 < 15 ** 2) for i in range(b)])[:, None]
    return img, mask.astype(np.float32)


def test_torch_assessor_protocol(tiny):
    path, _ = tiny
    a = make_assessor(path, "torch", T, "cpu", batch_size=2, precision="fp32")
    assert a.needs_truth is False and a.tile_size == T and a.batch_size == 2 and "torch" in a.name
    img, mask = _batch(3)
    p = a.assess(img, mask)
    assert p.shape == (3, 4, T, T) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(1), 1.0, atol=1e-5)
    # batching does not change the answer
    one = make_assessor(path, "torch", T, "cpu", batch_size=1, precision="fp32").assess(img, mask)
    np.testing.assert_allclose(p, one, atol=1e-5)
    # probabilities are the softmax of the model's final logits, classes TP,FP,TN,FN
    with torch.inference_mode():
        logits = a.model(torch.from_numpy(img), torch.from_numpy(mask))[0][3]
    np.testing.assert_allclose(p, torch.softmax(logits, 1).numpy(), atol=1e-5)
    with pytest.raises(InputError, match="32x32"):
        a.assess(img[:, :, :32, :32], mask[:, :, :32, :32])
    with pytest.raises(InputError, match="mask"):
        a.assess(img, mask[:2])


def test_consistent_mode(tiny):
    path, _ = tiny
    img, mask = _batch(2, seed=1)
    free = make_assessor(path, "torch", T, "cpu").assess(img, mask)
    cons = make_assessor(path, "torch", T, "cpu", consistent=True).assess(img, mask)
    inside = mask[:, 0] > 0.5
    np.testing.assert_allclose(cons.sum(1), 1.0, atol=1e-5)
    assert np.all(cons[:, 2][inside] == 0) and np.all(cons[:, 3][inside] == 0)
    assert np.all(cons[:, 0][~inside] == 0) and np.all(cons[:, 1][~inside] == 0)
    # renormalisation keeps the ratio TP:FP inside and TN:FN outside
    ratio_free = free[:, 0][inside] / free[:, 1][inside]
    ratio_cons = cons[:, 0][inside] / cons[:, 1][inside]
    np.testing.assert_allclose(ratio_cons, ratio_free, rtol=1e-3)
    np.testing.assert_allclose(cons[:, 2][~inside] / cons[:, 3][~inside], free[:, 2][~inside] / free[:, 3][~inside],
                               rtol=1e-3)
    # off by default: the free output puts mass on "impossible" classes
    assert free[:, 2][inside].max() > 0 and not make_assessor(path, "torch", T, "cpu").consistent


def test_non_finite_logits_never_make_a_map(tiny, tmp_path, make_fixture):
    """A model whose weights went NaN in memory (past the load check): no probabilities, no map."""
    from segassess.core.assess.job import AnnotationSpec, AssessJob
    from segassess.core.assess.pipeline import run_assessment
    from segassess.models.checkpoint import load_segassess

    model = load_segassess(tiny[0], T, "cpu")
    with torch.no_grad():
        model.TCCA.BPM.conv_in_x.weight.fill_(float("nan"))
    a = TorchAssessor(model, T, "cpu", batch_size=2)
    img, mask = _batch(2)
    with pytest.raises(InputError, match="non-finite"):
        a.assess(img, mask)
    with pytest.raises(InputError, match="non-finite"):
        softmax_probs(np.full((1, 4, 2, 2), np.nan, np.float32))
    fx = make_fixture("utm")
    out = tmp_path / "out"
    with pytest.raises(InputError, match="non-finite"):
        run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), out, tile_size=T, overlap=16), a)
    assert not out.exists() or list(out.iterdir()) == []


def test_softmax_probs_is_stable_for_large_logits():
    z = np.array([[1000.0, 999.0, -1000.0, 0.0]], np.float32)[:, :, None, None]
    p = softmax_probs(z)
    assert np.isfinite(p).all() and abs(p.sum() - 1) < 1e-6 and p[0, 0, 0, 0] > p[0, 1, 0, 0]


def test_onnx_export_and_parity(tiny):
    path, d = tiny
    out = export_onnx(path, T, d / "tiny.onnx")
    assert out.is_file() and not list(d.glob(".tiny.onnx.*"))  # atomic_write's temporary folder is gone
    import onnx

    proto = onnx.load(str(out))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["segassess_tile_size"] == str(T) and meta["segassess_classes"] == "TP,FP,TN,FN"
    assert [o.name for o in proto.graph.output] == ["final"]
    par = check_parity(path, out, batch=3)  # exported at batch 1: batch is dynamic
    assert par["rel_diff"] < 1e-4 and par["argmax_agreement"] >= 0.999, par
    img, mask = _batch(3, seed=2)
    onnx_a = OnnxAssessor(out, T, "cpu", batch_size=2, threads=2)
    assert onnx_a.tile_size == T and onnx_a.needs_truth is False and "CPUExecutionProvider" in onnx_a.providers
    np.testing.assert_allclose(onnx_a.assess(img, mask), make_assessor(path, "torch", T, "cpu", precision="fp32").assess(img, mask), atol=1e-4)
    with pytest.raises(InputError, match="exported for 64"):
        OnnxAssessor(out, 128, "cpu")


def test_onnx_export_with_edge(tiny):
    path, d = tiny
    out = export_onnx(path, T, d / "tiny_edge.onnx", with_edge=True)
    import onnxruntime as ort

    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    assert [o.name for o in sess.get_outputs()] == ["final", "edge"]
    img, mask = _batch(2)
    final, edge = sess.run(None, {"image": img, "mask": mask})
    assert final.shape == (2, 4, T, T) and edge.shape == (2, 1, T, T)


def test_make_assessor_onnx_from_checkpoint(tiny, monkeypatch):
    path, d = tiny
    monkeypatch.setenv("SEGASSESS_CACHE", str(d / "cache"))
    a = make_assessor(path, "onnx", T, "cpu", batch_size=2)
    assert isinstance(a, OnnxAssessor) and list((d / "cache" / "onnx").glob("*.onnx"))
    img, mask = _batch(2)
    assert a.assess(img, mask).shape == (2, 4, T, T)
    assert a.assess(img[:0], mask[:0]).shape == (0, 4, T, T)  # an empty batch, as the torch engine answers it
    assert a._split_sessions() is None  # no split export unless asked for
    s = make_assessor(path, "onnx", T, "cpu", batch_size=2, split=True)
    assert s._split_sessions() is not None and len(list((d / "cache" / "onnx").glob("*.onnx"))) == 3
    np.testing.assert_allclose(s.assess_many(img, [mask])[0], a.assess(img, mask), atol=1e-4)
    with pytest.raises(InputError, match="engine"):
        make_assessor(path, "tensorflow", T)
    with pytest.raises(InputError, match="multiple of 16"):
        make_assessor(path, "torch", 72)


def test_model_cache_counts_loads(tiny, tmp_path):
    path, _ = tiny
    engines.clear_cache()
    n0 = engines.load_count()
    a1 = make_assessor(path, "torch", T, "cpu")
    a2 = make_assessor(path, "torch", T, "cpu", batch_size=4, consistent=True)
    assert engines.load_count() == n0 + 1 and a1.model is a2.model  # batch/consistent don't reload
    make_assessor(path, "torch", 2 * T, "cpu")
    assert engines.load_count() == n0 + 2  # another tile size is another model
    # a file replaced on disk (new mtime) is loaded again
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    a3 = make_assessor(path, "torch", T, "cpu")
    assert engines.load_count() == n0 + 3 and a3.model is not a1.model
    make_assessor(path, "torch", T, "cpu")
    assert engines.load_count() == n0 + 3
    engines.clear_cache()
    make_assessor(path, "torch", T, "cpu")
    assert engines.load_count() == n0 + 4
    # an explicit config is part of the key: a tiny file asked for as "base" is refused, cached or not
    with pytest.raises(InputError, match="does not fit"):
        make_assessor(path, "torch", T, "cpu", config="base")
    assert make_assessor(path, "torch", T, "cpu", config="tiny").model.config.name == "tiny"


def _simulate_cuda(monkeypatch, oom):
    """Make TorchAssessor believe it runs on CUDA: `oom(batch_len, n_calls)` decides when a
    batch raises CUDA out-of-memory; otherwise the batch is computed on the CPU model.
    Returns the list of batch lengths tried. The OOM policy is host logic, testable without a GPU."""
    real_run = TorchAssessor._run
    calls = []

    def fake_run(self, img, msk):
        calls.append(len(img))
        if self.device.type != "cuda":
            return real_run(self, img, msk)
        if oom(len(img), len(calls)):
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        out = real_run(self, img, msk)  # computes on the CPU model, then pretends again
        self.device = torch.device("cuda")
        return out

    monkeypatch.setattr(TorchAssessor, "_run", fake_run)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: None)
    return calls


def test_cuda_oom_halves_batch_then_falls_back_to_cpu(tiny, monkeypatch):
    path, _ = tiny
    img, mask = _batch(4)
    ref = make_assessor(path, "torch", T, "cpu", batch_size=4).assess(img, mask)
    a = make_assessor(path, "torch", T, "cpu", batch_size=4)
    calls = _simulate_cuda(monkeypatch, lambda n, k: n > 1 or k > 3)
    a.device = torch.device("cuda")
    with pytest.warns(RuntimeWarning) as rec:
        p = a.assess(img, mask)
    texts = " | ".join(str(w.message) for w in rec)
    assert "batch size reduced to 2" in texts and "batch size reduced to 1" in texts and "CPU" in texts
    assert a.batch_size == 1 and a.fell_back_to_cpu and a.device.type == "cpu"
    assert calls[:3] == [4, 2, 1]
    np.testing.assert_allclose(p, ref, atol=1e-5)


def test_cuda_oom_on_a_single_tile_goes_to_cpu_without_halving(tiny, monkeypatch):
    """A short last batch (1 tile) that runs out of memory cannot be halved: straight to the CPU."""
    path, _ = tiny
    img, mask = _batch(5)
    ref = make_assessor(path, "torch", T, "cpu", batch_size=4).assess(img, mask)
    a = make_assessor(path, "torch", T, "cpu", batch_size=4)
    calls = _simulate_cuda(monkeypatch, lambda n, k: n == 1)
    a.device = torch.device("cuda")
    with pytest.warns(RuntimeWarning) as rec:
        p = a.assess(img, mask)
    texts = [str(w.message) for w in rec]
    assert not any("batch size reduced" in t for t in texts) and any("CPU" in t for t in texts), texts
    assert calls == [4, 1, 1] and a.fell_back_to_cpu and a.device.type == "cpu"
    np.testing.assert_allclose(p, ref, atol=1e-5)


def test_non_finite_reduced_precision_batch_is_recomputed_in_fp32(tiny, monkeypatch):
    """An fp16 overflow must not become a silently wrong map: the batch is rerun in fp32."""
    path, _ = tiny
    a = make_assessor(path, "torch", T, "cpu", batch_size=3, precision="fp16")
    assert a.precision_info["name"] == "fp16"
    img, mask = _batch(3)
    exact = make_assessor(path, "torch", T, "cpu", batch_size=3, precision="fp32").logits(img, mask)
    decode = a.model.decode

    def overflowing(*args, **kwargs):
        outs = decode(*args, **kwargs)
        if torch.is_autocast_enabled("cpu"):
            outs = outs[:3] + [torch.full_like(outs[3], float("inf"))]
        return outs

    monkeypatch.setattr(a.model, "decode", overflowing)
    with pytest.warns(RuntimeWarning, match="recomputed in fp32"):
        got = a.logits(img, mask)
    np.testing.assert_allclose(got, exact, atol=1e-5)
    with pytest.raises(InputError, match="unknown precision"):
        TorchAssessor(a.model, device="cpu", precision="int8")
