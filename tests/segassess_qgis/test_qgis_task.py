"""Algorithms run as the toolbox runs them: in a QgsProcessingAlgRunnerTask on a worker thread
(the provider sets no FlagNoThreading, so this must work)."""
from __future__ import annotations

import time

import numpy as np
import pytest

from qgis_support import BUILDINGS, NB_GPKG, NB_IMAGE, need_data, quality_counts, raster, start_qgis, tiny_model


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()


def run_in_task(alg_id, params, timeout=240):
    """Run an algorithm in a background task and spin the event loop until it finishes."""
    from qgis.core import (QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                           QgsProcessingFeedback, QgsProject)
    from qgis.PyQt.QtCore import QCoreApplication, QThread

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    threads = []

    class ThreadRecorder(QgsProcessingFeedback):
        def setProgress(self, value):  # noqa: N802 (called by the algorithm, on its thread)
            threads.append(QThread.currentThread())
            super().setProgress(value)

    feedback = ThreadRecorder()
    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    done = {}

    def executed(ok, results):
        done["ok"], done["results"] = ok, results

    task.executed.connect(executed)
    main = QThread.currentThread()
    QgsApplication.taskManager().addTask(task)
    t0 = time.time()
    while "ok" not in done and time.time() - t0 < timeout:
        QCoreApplication.processEvents()
        time.sleep(0.02)
    assert "ok" in done, "the task did not finish"
    return done["ok"], done["results"], [t is not main for t in threads]


def test_reference_in_background_task(tmp_path):
    ok, results, off_main = run_in_task("segassess:reference", {
        "IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS, "TRUTH": str(NB_GPKG),
        "TRUTH_FILTER": BUILDINGS, "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert ok and results["IOU"] == pytest.approx(1.0)
    assert any(off_main)  # progress was reported from the worker thread
    c = quality_counts(tmp_path / "q.tif")
    assert c["FP"] == c["FN"] == 0 and c["TP"] > 0


def test_assess_in_background_task_with_bands(tmp_path):
    """The network runs on the worker thread; BANDS reorders the image bands (recorded in the summary)."""
    import re

    from osgeo import gdal

    model = tiny_model(tmp_path / "m", 64)
    params = {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS, "MODEL": str(model),
              "TILE_SIZE": 64, "OVERLAP": 8, "BATCH_SIZE": 8, "DEVICE": 1}
    ok, results, off_main = run_in_task("segassess:assess", {
        **params, "BANDS": [3, 2, 1], "OUTPUT_QUALITY": str(tmp_path / "q.tif"),
        "OUTPUT_CONFIDENCE": str(tmp_path / "c321.tif"), "OUTPUT_SUMMARY": str(tmp_path / "s.html")})
    assert ok and any(off_main)  # progress was reported from the worker thread
    assert raster(tmp_path / "q.tif").crs().authid() == "EPSG:2953"
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert re.search(r"<th>bands</th><td>\[3, 2, 1\]</td>", html), "the summary does not record BANDS"
    # the bands really reach the network: in the default order its probabilities differ
    ok, _, _ = run_in_task("segassess:assess", {**params, "OUTPUT_QUALITY": str(tmp_path / "q123.tif"),
                                                "OUTPUT_CONFIDENCE": str(tmp_path / "c123.tif")})
    assert ok
    a, b = (gdal.Open(str(tmp_path / n)).ReadAsArray() for n in ("c321.tif", "c123.tif"))
    assert a.shape == b.shape and np.abs(a - b).max() > 1e-3
