"""Graphical models and PROJ sanity with the segassess provider, in real headless QGIS."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from qgis_support import BUILDINGS, NB_GPKG, NB_IMAGE, VEGAS_IMAGE, VEGAS_PRED, VEGAS_TRUTH, need_data, output_layer, \
    quality_counts, raster, run, start_qgis

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "segassess_reference_chain.model3"


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()


def test_model3_chains_reference_and_field_calculator(tmp_path):
    """The .model3 (segassess:reference -> native:fieldcalculator on the scored features) runs and
    flags exactly the features whose estimated IoU is below 0.5 (the water bodies)."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProcessingModelAlgorithm, QgsProject

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL_FILE))
    assert [c.algorithmId() for c in model.childAlgorithms().values()].count("segassess:reference") == 1
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"image": str(NB_IMAGE), "annotation": str(NB_GPKG), "truth": str(NB_GPKG),
              "annotation_filter": "\"Niveau_2\" IN ('Building', 'Hydro')", "truth_filter": BUILDINGS,
              "reference:quality": str(tmp_path / "quality.tif"), "flag:flagged": str(tmp_path / "flagged.gpkg")}
    res = run(model, params, feedback=QgsProcessingFeedback(), context=context)
    assert Path(res["reference:quality"]).exists()
    assert raster(res["reference:quality"]).crs().authid() == "EPSG:2953"
    assert quality_counts(tmp_path / "quality.tif")["FP"] > 0
    flagged = output_layer(res["flag:flagged"])
    assert flagged.crs().authid() == "EPSG:2953"
    assert "needs_fix" in flagged.fields().names()
    seen = {"Building": set(), "Hydro": set()}
    for f in flagged.getFeatures():
        iou = f["est_iou"]
        if iou is None or str(iou) == "NULL" or math.isnan(float(iou)):
            continue  # features outside the sheet have no score
        assert f["needs_fix"] == (1 if float(iou) < 0.5 else 0)
        seen[f["Niveau_2"]].add(f["needs_fix"])
    assert seen == {"Building": {0}, "Hydro": {1}}


def test_proj_in_process_after_core():
    """After the core (rasterio, pyproj, geopandas with their own PROJ) ran in this QGIS process,
    QgsCoordinateTransform and pyproj still reproject correctly and agree."""
    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_TRUTH)
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    res = run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED),
                                       "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": "TEMPORARY_OUTPUT"})
    assert res["IOU"] > 0.3  # the core ran on the reprojected (EPSG:4326) prediction
    import pyproj

    pairs = {"EPSG:2953": raster(NB_IMAGE).extent().center(), "EPSG:26911": raster(VEGAS_IMAGE).extent().center()}
    for src, c in pairs.items():
        ct = QgsCoordinateTransform(QgsCoordinateReferenceSystem(src), QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsProject.instance())
        q = ct.transform(QgsPointXY(c.x(), c.y()))
        lon, lat = pyproj.Transformer.from_crs(src, "EPSG:4326", always_xy=True).transform(c.x(), c.y())
        assert q.x() == pytest.approx(lon, abs=1e-7) and q.y() == pytest.approx(lat, abs=1e-7)
        back = ct.transform(q, QgsCoordinateTransform.ReverseTransform)
        assert back.x() == pytest.approx(c.x(), abs=1e-3) and back.y() == pytest.approx(c.y(), abs=1e-3)
    # and both place the sheets where they are: New Brunswick and Las Vegas
    nb = pyproj.Transformer.from_crs("EPSG:2953", "EPSG:4326", always_xy=True).transform(
        pairs["EPSG:2953"].x(), pairs["EPSG:2953"].y())
    lv = pyproj.Transformer.from_crs("EPSG:26911", "EPSG:4326", always_xy=True).transform(
        pairs["EPSG:26911"].x(), pairs["EPSG:26911"].y())
    assert -69.1 < nb[0] < -63.7 and 44.5 < nb[1] < 48.1
    assert -115.4 < lv[0] < -114.9 and 35.9 < lv[1] < 36.4
