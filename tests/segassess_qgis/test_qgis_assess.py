"""segassess:assess (the network) and segassess:export_onnx in real headless QGIS.

The network is a tiny SegAssess with seeded random weights saved through the model API
(64 px tiles keep it fast on CPU): these tests check the plumbing (outputs, CRS, progress,
cancel, model cache, settings, engines), not the quality of a trained model.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from qgis_support import (BUILDINGS, NB_GPKG, NB_IMAGE, WATER, need_data, output_layer, quality_counts, raster,
                          run, start_qgis, tiny_model)

TILE = 64


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()
    try:  # 2 shared CPU cores: one intra-op thread is several times faster than two contending ones
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
    except ImportError:
        threads = None
    yield
    if threads:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return tiny_model(tmp_path_factory.mktemp("tiny_model"), TILE)


def assess_params(model, out: Path, filter_expr=BUILDINGS, **extra):
    p = {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": filter_expr, "MODEL": str(model),
         "TILE_SIZE": TILE, "OVERLAP": 8, "BATCH_SIZE": 8, "DEVICE": 1,
         "OUTPUT_QUALITY": str(out / "quality.tif"), "OUTPUT_CONFIDENCE": str(out / "confidence.tif"),
         "OUTPUT_SCORED": str(out / "scored.gpkg"), "OUTPUT_SUMMARY": str(out / "summary.html")}
    p.update(extra)
    return p


def _recording_feedback(cancel_after_first_batch=False):
    from qgis.core import QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.texts, self.values = [], []

        def setProgressText(self, text):  # noqa: N802
            self.texts.append(text)
            if cancel_after_first_batch and text.startswith("Assessed tile"):
                self.cancel()
            super().setProgressText(text)

        def setProgress(self, value):  # noqa: N802
            self.values.append(value)
            super().setProgress(value)

    return Recorder()


@pytest.fixture(scope="module")
def assessed(model, tmp_path_factory):
    out = tmp_path_factory.mktemp("assess")
    fb = _recording_feedback()
    res = run("segassess:assess", assess_params(model, out), feedback=fb)
    return res, out, fb


def test_assess_outputs_valid_layers(assessed):
    """The network run gives a full quality map (values 1-4), a confidence in [0.25, 1] and scored
    buildings, all in the image CRS EPSG:2953."""
    res, out, _ = assessed
    img = raster(NB_IMAGE)
    q = raster(out / "quality.tif")
    assert q.crs().authid() == "EPSG:2953" and (q.width(), q.height()) == (img.width(), img.height())
    counts = quality_counts(out / "quality.tif")
    assert counts["nodata"] == 0 and sum(counts.values()) == img.width() * img.height()
    from osgeo import gdal

    conf = gdal.Open(str(out / "confidence.tif")).ReadAsArray()
    assert conf.min() >= 0.25 - 1e-6 and conf.max() <= 1.0 + 1e-6  # max of four probabilities
    assert 0.0 <= res["ESTIMATED_IOU"] <= 1.0
    scored = output_layer(res["OUTPUT_SCORED"])
    assert scored.crs().authid() == "EPSG:2953"
    assert scored.featureCount() == 28  # the buildings of the layer
    assert {"Niveau_2", "est_iou", "est_dice", "fp_area_m2", "fn_area_m2"} <= set(scored.fields().names())
    fp = output_layer(res["OUTPUT_FP"])  # unset optional output: a temporary layer
    assert fp.isValid() and fp.featureCount() == res["FP_COUNT"]
    assert (out / "summary.html").read_text(encoding="utf-8").count("<table") >= 2


def test_progress_is_reported_every_5_percent(assessed):
    """Progress rises monotonically to 100; 'Assessed tile k/N' texts (which the dialog writes to the log)
    come at most every 5 % of the run, not one per tile."""
    _, _, fb = assessed
    tiles = [t for t in fb.texts if t.startswith("Assessed tile")]
    n_tiles = int(tiles[0].split()[2].split("/")[1])
    assert 2 <= len(tiles) <= min(n_tiles, 100 // 5 + 1)
    assert fb.values == sorted(fb.values) and fb.values[-1] == 100
    assert any("Loading the model" in t for t in fb.texts)


def test_no_model_is_remembered_between_runs(assessed):
    """After a run with a model file, a new algorithm instance still defaults to the demo model (empty)."""
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById("segassess:assess")
    assert alg.parameterDefinition("MODEL").defaultValue() in (None, "")
    assert alg.parameterDefinition("TILE_SIZE").defaultValue() == 0  # the model's own tile size


def test_batch_of_runs_loads_the_model_once(model, tmp_path):
    """Three sheets/annotations in a row (as a batch or a model does) load the network once."""
    from segassess.models import engines

    fresh = tiny_model(tmp_path / "fresh", TILE)  # a new file: not in the cache yet
    before = engines.load_count()
    results = []
    for i, expr in enumerate((BUILDINGS, WATER, "\"Niveau_2\" IN ('Building', 'Hydro')")):
        (tmp_path / str(i)).mkdir()
        results.append(run("segassess:assess", assess_params(fresh, tmp_path / str(i), expr)))
    assert engines.load_count() - before == 1
    assert [output_layer(r["OUTPUT_SCORED"]).featureCount() for r in results] == [28, 3, 31]


def test_cancel_after_first_batch(model, tmp_path):
    """Cancelling during the first batch stops before the next one and leaves no output file."""
    from qgis.core import QgsProcessingException

    fb = _recording_feedback(cancel_after_first_batch=True)
    t0 = time.perf_counter()
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:assess", assess_params(model, tmp_path, BATCH_SIZE=1), feedback=fb)
    elapsed = time.perf_counter() - t0
    assert "Cancelled" in str(err.value)
    assert len([t for t in fb.texts if t.startswith("Assessed tile")]) == 1  # no second batch ran
    assert elapsed < 30
    assert not (tmp_path / "quality.tif").exists() and not (tmp_path / "confidence.tif").exists()
    assert not list(tmp_path.iterdir())


def test_cuda_unavailable_is_explained(model, tmp_path):
    """Choosing CUDA without a usable GPU fails with a sentence saying why and what to choose."""
    import torch
    from qgis.core import QgsProcessingException

    if torch.cuda.is_available():
        pytest.skip("a CUDA GPU is available here")
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:assess", assess_params(model, tmp_path, DEVICE=2))
    msg = str(err.value)
    assert "CUDA" in msg and "'auto' or 'CPU'" in msg
    assert not (tmp_path / "quality.tif").exists()


def test_missing_model_file_is_explained(tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as err:
        run("segassess:assess", assess_params(tmp_path / "nope.safetensors", tmp_path))
    assert "does not exist" in str(err.value) and "github.com/Yangbn97/SegAssess" in str(err.value)


def test_export_onnx_then_assess_with_onnx_runtime(model, assessed, tmp_path):
    """export_onnx writes an .onnx that ONNX Runtime runs to (nearly) the same confidence as PyTorch."""
    pytest.importorskip("onnxruntime")
    res = run("segassess:export_onnx", {"MODEL": str(model), "TILE_SIZE": TILE, "OUTPUT": str(tmp_path / "m.onnx")})
    assert res["OUTPUT"] == str(tmp_path / "m.onnx") and (tmp_path / "m.onnx").stat().st_size > 100_000
    assert not list(tmp_path.glob("*.part*"))
    out = tmp_path / "onnx"
    out.mkdir()
    run("segassess:assess", assess_params(tmp_path / "m.onnx", out, ENGINE=1))
    from osgeo import gdal

    _, torch_out, _ = assessed
    a = gdal.Open(str(out / "confidence.tif")).ReadAsArray()
    b = gdal.Open(str(torch_out / "confidence.tif")).ReadAsArray()
    assert np.abs(a - b).max() < 1e-3
    qa = gdal.Open(str(out / "quality.tif")).ReadAsArray()
    qb = gdal.Open(str(torch_out / "quality.tif")).ReadAsArray()
    assert (qa == qb).mean() > 0.999


def test_consistent_classes_follow_the_annotation(model, tmp_path):
    """CONSISTENT: every pixel inside the annotation is TP or FP and every other pixel TN or FN."""
    from osgeo import gdal

    run("segassess:assess", assess_params(model, tmp_path, CONSISTENT=True))
    ref = tmp_path / "ref.tif"  # the annotation rasterized on the image grid: TP/FN of the reference
    run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS, "OUTPUT_QUALITY": str(ref)})
    q = gdal.Open(str(tmp_path / "quality.tif")).ReadAsArray()
    inside = gdal.Open(str(ref)).ReadAsArray() == 1
    assert inside.any() and (~inside).any()
    assert np.isin(q[inside], (1, 2)).all()
    assert np.isin(q[~inside], (3, 4)).all()
