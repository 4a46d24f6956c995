"""segassess:reference and segassess:evaluate in real headless QGIS on the shared sample data."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from qgis_support import (BUILDINGS, NB_GPKG, NB_IMAGE, VEGAS_IMAGE, VEGAS_PRED, VEGAS_PRED_TIF, VEGAS_TRUTH,
                          WATER, need_data, output_layer, quality_counts, raster, run, start_qgis, vector)

BUILDINGS_AND_WATER = "\"Niveau_2\" IN ('Building', 'Hydro')"


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()


def _null():
    from qgis.core import NULL

    return NULL


NULL = _null()


def _features_in(layer_path, expression, extent_layer):
    """Features matching an expression whose geometry intersects the image extent (both EPSG:2953)."""
    from qgis.core import QgsFeatureRequest, QgsGeometry

    vl = vector(layer_path)
    box = QgsGeometry.fromRect(raster(extent_layer).extent())
    return [f for f in vl.getFeatures(QgsFeatureRequest().setFilterExpression(expression))
            if f.geometry().intersects(box)]


@pytest.fixture(scope="module")
def water_as_fp(tmp_path_factory):
    """Buildings + water assessed against buildings only: every water pixel is FP, nothing is FN."""
    out = tmp_path_factory.mktemp("ref_water")
    params = {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS_AND_WATER,
              "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS, "TILE_SIZE": 128, "OVERLAP": 16,
              "OUTPUT_QUALITY": str(out / "quality.tif"),
              "OUTPUT_FP": str(out / "fp.gpkg"), "OUTPUT_FN": str(out / "fn.gpkg"),
              "OUTPUT_SCORED": str(out / "scored.gpkg"), "OUTPUT_MISSED": str(out / "missed.gpkg"),
              "OUTPUT_SUMMARY": str(out / "summary.html")}
    return run("segassess:reference", params), out


def test_reference_water_is_false_positive(water_as_fp):
    """Water polygons given as buildings must come out as FP regions, with no FN at all."""
    res, out = water_as_fp
    counts = quality_counts(res["OUTPUT_QUALITY"])
    img = raster(NB_IMAGE)
    assert sum(counts.values()) == img.width() * img.height()
    assert counts["nodata"] == 0 and counts["FN"] == 0
    assert counts["TP"] > 0 and counts["FP"] > 0 and counts["TN"] > 0
    # FP area equals the water area inside the image (rasterization tolerance 3 %)
    from qgis.core import QgsGeometry

    box = QgsGeometry.fromRect(img.extent())
    water = _features_in(NB_GPKG, WATER, NB_IMAGE)
    water_area = sum(f.geometry().intersection(box).area() for f in water)
    px_area = img.rasterUnitsPerPixelX() * img.rasterUnitsPerPixelY()
    assert counts["FP"] * px_area == pytest.approx(water_area, rel=0.03)
    # reference assessor: the estimate is the exact IoU of the labels
    assert res["IOU"] == pytest.approx(counts["TP"] / (counts["TP"] + counts["FP"]), rel=1e-6)
    assert res["FN_COUNT"] == 0 and res["MISSED_COUNT"] == 0
    assert res["FP_COUNT"] >= 1  # a water body cut by the image edge may give several regions


def test_reference_outputs_are_valid_layers_in_image_crs(water_as_fp):
    """Every output opens in QGIS, in EPSG:2953, with the documented fields and consistent counts."""
    res, out = water_as_fp
    q = raster(res["OUTPUT_QUALITY"])
    img = raster(NB_IMAGE)
    assert q.crs().authid() == "EPSG:2953"
    assert (q.width(), q.height()) == (img.width(), img.height())
    assert q.extent().toString(3) == img.extent().toString(3)
    assert "OUTPUT_CONFIDENCE" not in res  # exact: no constant confidence raster
    fp = output_layer(res["OUTPUT_FP"])
    assert fp.crs().authid() == "EPSG:2953"
    assert fp.featureCount() == res["FP_COUNT"]
    names = fp.fields().names()
    assert {"area_m2", "mean_confidence", "pixels"} <= set(names)
    fp_pixels = sum(f["pixels"] for f in fp.getFeatures())
    assert fp_pixels == quality_counts(res["OUTPUT_QUALITY"])["FP"]
    # every FP region lies on a water polygon
    water = _features_in(NB_GPKG, WATER, NB_IMAGE)
    for f in fp.getFeatures():
        assert any(f.geometry().intersects(w.geometry()) for w in water)
    scored = output_layer(res["OUTPUT_SCORED"])
    assert scored.crs().authid() == "EPSG:2953"
    assert {"Niveau_2", "est_iou", "est_precision", "est_recall", "fp_area_m2", "fn_area_m2"} <= set(
        scored.fields().names())
    by_class = {"Building": [], "Hydro": []}
    for f in scored.getFeatures():
        v = f["est_iou"]
        if v is not None and v != NULL and not math.isnan(v):
            by_class[f["Niveau_2"]].append(v)
    assert by_class["Building"] and min(by_class["Building"]) == pytest.approx(1.0)
    assert by_class["Hydro"] and max(by_class["Hydro"]) == pytest.approx(0.0)
    assert output_layer(res["OUTPUT_FN"]).featureCount() == 0
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "IoU of the annotation (exact, against the reference)" in html and f"{res['IOU']:.4g}" in html
    assert "Estimated" not in html


def test_selected_features_only_is_honoured(tmp_path):
    """Selecting the buildings (no filter) is the same annotation as the truth: no FP, no FN."""
    from qgis.core import QgsFeatureRequest, QgsProcessingFeatureSourceDefinition, QgsProject

    layer = vector(NB_GPKG)
    QgsProject.instance().addMapLayer(layer)
    try:
        ids = [f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(BUILDINGS))]
        layer.selectByIds(ids)
        res = run("segassess:reference", {
            "IMAGE": str(NB_IMAGE), "ANNOTATION": QgsProcessingFeatureSourceDefinition(layer.id(), True),
            "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS, "TILE_SIZE": 256, "OVERLAP": 32,
            "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    counts = quality_counts(tmp_path / "q.tif")
    assert counts["FP"] == 0 and counts["FN"] == 0 and counts["TP"] > 0
    assert res["IOU"] == pytest.approx(1.0)
    scored = output_layer(res["OUTPUT_SCORED"])
    assert scored.featureCount() == len(ids)
    assert {f["Niveau_2"] for f in scored.getFeatures()} == {"Building"}


def test_annotation_and_mask_are_exclusive(tmp_path):
    """Giving both (or neither) an annotation layer and a mask is a clear error, before any work."""
    from qgis.core import QgsProcessingException

    need_data(VEGAS_PRED_TIF)
    base = {"IMAGE": str(VEGAS_IMAGE), "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": str(tmp_path / "q.tif")}
    with pytest.raises(QgsProcessingException) as both:
        run("segassess:reference", {**base, "ANNOTATION": str(VEGAS_PRED), "MASK": str(VEGAS_PRED_TIF)})
    assert "not both" in str(both.value)
    with pytest.raises(QgsProcessingException) as neither:
        run("segassess:reference", base)
    assert "No annotation" in str(neither.value)
    assert not (tmp_path / "q.tif").exists()


def test_vector_annotation_in_other_crs(tmp_path):
    """A prediction layer in EPSG:4326 over a EPSG:26911 image is reprojected by QGIS and lines up."""
    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_TRUTH)
    assert vector(VEGAS_PRED).crs().authid() == "EPSG:4326"
    res = run("segassess:reference", {
        "IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED), "TRUTH": str(VEGAS_TRUTH),
        "OUTPUT_QUALITY": str(tmp_path / "q.tif"), "OUTPUT_FP": str(tmp_path / "fp.gpkg")})
    q = raster(tmp_path / "q.tif")
    assert q.crs().authid() == "EPSG:26911"
    counts = quality_counts(tmp_path / "q.tif")
    assert min(counts["TP"], counts["FP"], counts["FN"]) > 0  # a real model's imperfect buildings
    # the pixel IoU equals the geometric IoU computed here with QGIS geometries in the image CRS
    from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsProject

    img = raster(VEGAS_IMAGE)
    box = QgsGeometry.fromRect(img.extent())
    pred_layer = vector(VEGAS_PRED)
    ct = QgsCoordinateTransform(pred_layer.crs(), img.crs(), QgsProject.instance())
    pred = []
    for f in pred_layer.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(ct)
        pred.append(g)
    truth = [f.geometry() for f in vector(VEGAS_TRUTH).getFeatures()]
    p = QgsGeometry.unaryUnion(pred).intersection(box)
    t = QgsGeometry.unaryUnion(truth).intersection(box)
    geometric_iou = p.intersection(t).area() / p.combine(t).area()
    assert res["IOU"] == pytest.approx(geometric_iou, abs=0.02)
    fp = output_layer(res["OUTPUT_FP"])
    assert fp.crs().authid() == "EPSG:26911"
    img_ext = raster(VEGAS_IMAGE).extent()
    for f in fp.getFeatures():
        assert img_ext.contains(f.geometry().boundingBox())


def test_vector_and_raster_annotation_agree(tmp_path):
    """The same prediction as a raster mask (EPSG:4326 grid) gives nearly the same quality map."""
    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_PRED_TIF, VEGAS_TRUTH)
    run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED),
                                "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": str(tmp_path / "v.tif")})
    run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "MASK": str(VEGAS_PRED_TIF),
                                "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": str(tmp_path / "r.tif")})
    from osgeo import gdal

    a = gdal.Open(str(tmp_path / "v.tif")).ReadAsArray()
    b = gdal.Open(str(tmp_path / "r.tif")).ReadAsArray()
    assert a.shape == b.shape
    assert (a == b).mean() > 0.97


def test_mask_without_overlap_names_both_extents(tmp_path):
    """A raster mask of another place (New Brunswick over Las Vegas): the error names both extents and CRSs.
    (A vector inventory recording nothing on the image is assessed instead: test_qgis_faults.py.)"""
    from qgis.core import QgsProcessingException

    need_data(VEGAS_IMAGE, VEGAS_TRUTH)
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "MASK": str(NB_IMAGE),
                                    "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    msg = str(err.value)
    assert "does not overlap" in msg
    img = raster(VEGAS_IMAGE).extent()
    assert f"{img.xMinimum():.1f}, {img.yMinimum():.1f} : {img.xMaximum():.1f}, {img.yMaximum():.1f}" in msg
    assert "EPSG:26911" in msg and "EPSG:2953" in msg
    assert msg.count(" : ") >= 2  # two extents
    assert not (tmp_path / "q.tif").exists()


def test_evaluate_matches_numpy(water_as_fp, tmp_path):
    """segassess:evaluate on two reference maps equals per-class scores computed here with numpy."""
    res_pred, _ = water_as_fp
    ref = run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                       "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS,
                                       "OUTPUT_QUALITY": str(tmp_path / "ref.tif")})
    ev = run("segassess:evaluate", {"PREDICTED": res_pred["OUTPUT_QUALITY"], "REFERENCE": ref["OUTPUT_QUALITY"],
                                    "OUTPUT_TABLE": str(tmp_path / "scores.csv")})
    from osgeo import gdal

    p = gdal.Open(res_pred["OUTPUT_QUALITY"]).ReadAsArray()
    t = gdal.Open(ref["OUTPUT_QUALITY"]).ReadAsArray()
    table = {f["class"]: f for f in vector(tmp_path / "scores.csv").getFeatures()}
    assert set(table) == {"TP", "FP", "TN", "FN", "mean"}
    f1s, ious = [], []
    for v, name in enumerate(("TP", "FP", "TN", "FN"), start=1):
        tp = np.sum((p == v) & (t == v))
        fp = np.sum((p == v) & (t != v))
        fn = np.sum((p != v) & (t == v))
        if tp + fp + fn == 0:
            assert table[name]["f1"] in (None, "") or table[name]["f1"] != table[name]["f1"]
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn))
        ious.append(tp / (tp + fp + fn))
        assert float(table[name]["iou"]) == pytest.approx(ious[-1], abs=1e-9)
        assert float(table[name]["f1"]) == pytest.approx(f1s[-1], abs=1e-9)
    assert ev["MF1"] == pytest.approx(np.mean(f1s), abs=1e-9)
    assert ev["MIOU"] == pytest.approx(np.mean(ious), abs=1e-9)
    assert float(table["mean"]["iou"]) == pytest.approx(ev["MIOU"], abs=1e-9)
    # the water pixels are TN in the reference but FP here: FP precision is 0, TN recall < 1
    assert float(table["FP"]["precision"]) == 0.0
    assert float(table["TN"]["recall"]) < 1.0


def test_truth_as_raster_mask(tmp_path):
    """A raster ground truth (on another CRS's grid) works: the prediction against its own raster
    version is almost perfect."""
    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_PRED_TIF)
    res = run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED),
                                       "TRUTH": str(VEGAS_PRED_TIF), "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    counts = quality_counts(tmp_path / "q.tif")
    assert counts["TP"] > 0 and counts["FP"] + counts["FN"] < 0.1 * counts["TP"]
    assert res["IOU"] > 0.9


def test_min_area_drops_small_regions(water_as_fp, tmp_path):
    """MIN_AREA (map units²) removes FP regions smaller than it, and only those."""
    res, _ = water_as_fp
    areas = sorted(f.geometry().area() for f in output_layer(res["OUTPUT_FP"]).getFeatures())
    threshold = (areas[0] + areas[-1]) / 2 if len(areas) > 1 else areas[0] + 1
    small = run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG),
                                         "FILTER": BUILDINGS_AND_WATER, "TRUTH": str(NB_GPKG),
                                         "TRUTH_FILTER": BUILDINGS, "MIN_AREA": threshold,
                                         "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert small["FP_COUNT"] == sum(1 for a in areas if a >= threshold) < len(areas)
    # the quality raster itself is not filtered
    assert quality_counts(tmp_path / "q.tif") == quality_counts(res["OUTPUT_QUALITY"])


def test_evaluate_refuses_different_grids(water_as_fp, tmp_path):
    """Quality maps of two different sheets cannot be compared: the error names both files."""
    from qgis.core import QgsProcessingException

    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_TRUTH)
    res_nb, _ = water_as_fp
    run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED), "TRUTH": str(VEGAS_TRUTH),
                                "OUTPUT_QUALITY": str(tmp_path / "vegas.tif")})
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:evaluate", {"PREDICTED": res_nb["OUTPUT_QUALITY"], "REFERENCE": str(tmp_path / "vegas.tif"),
                                   "OUTPUT_TABLE": str(tmp_path / "t.csv")})
    assert "same grid" in str(err.value) and "vegas.tif" in str(err.value)


def test_image_must_be_a_file(tmp_path):
    """A raster that is not a local file (an XYZ tile service) is refused with what to do."""
    from qgis.core import QgsProcessingException, QgsRasterLayer

    xyz = QgsRasterLayer("type=xyz&url=http://127.0.0.1:9/{z}/{x}/{y}.png&zmax=19&zmin=0", "tiles", "wms")
    if not xyz.isValid():
        pytest.skip("the WMS/XYZ provider is not available")
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": xyz, "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                    "TRUTH": str(NB_GPKG), "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert "not a file-based raster" in str(err.value) and "'tiles'" in str(err.value)


def test_second_annotation_against_reference_on_panchromatic(tmp_path):
    """Atlanta: 1-band uint16 image, an imperfect second annotation against the reference labels.
    The pixel IoU matches the geometric IoU, and buildings the second annotation lacks entirely
    come out as missed objects that overlap reference buildings."""
    from qgis.core import QgsGeometry

    atl = NB_IMAGE.parents[1] / "spacenet_atlanta_pan"
    image, second, labels = atl / "sample_geotiff.tif", atl / "gdf_from_mask_2.geojson", atl / "geotiff_labels.geojson"
    need_data(image, second, labels)
    res = run("segassess:reference", {"IMAGE": str(image), "ANNOTATION": str(second), "TRUTH": str(labels),
                                       "OUTPUT_QUALITY": str(tmp_path / "q.tif"),
                                       "OUTPUT_MISSED": str(tmp_path / "missed.gpkg")})
    img = raster(image)
    assert img.bandCount() == 1 and raster(tmp_path / "q.tif").crs() == img.crs()
    box = QgsGeometry.fromRect(img.extent())
    a = QgsGeometry.unaryUnion([f.geometry() for f in vector(second).getFeatures()]).intersection(box)
    t = QgsGeometry.unaryUnion([f.geometry() for f in vector(labels).getFeatures()]).intersection(box)
    assert res["IOU"] == pytest.approx(a.intersection(t).area() / a.combine(t).area(), abs=0.02)
    missed = vector(tmp_path / "missed.gpkg")
    assert missed.featureCount() == res["MISSED_COUNT"] >= 1
    for f in missed.getFeatures():
        assert f.geometry().intersects(t) and not f.geometry().intersects(a)


def test_other_raster_formats_as_destinations(water_as_fp, tmp_path):
    """Destinations in other GDAL formats (multi-file SAGA, Erdas .img) get every file of the format,
    the same values, and no leftovers."""
    res, _ = water_as_fp
    run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS_AND_WATER,
                                "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS,
                                "OUTPUT_QUALITY": str(tmp_path / "q.img")})
    run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS_AND_WATER,
                                "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS,
                                "OUTPUT_QUALITY": str(tmp_path / "q.sdat")})
    assert quality_counts(tmp_path / "q.img") == quality_counts(res["OUTPUT_QUALITY"])
    assert quality_counts(tmp_path / "q.sdat") == quality_counts(res["OUTPUT_QUALITY"])
    assert (tmp_path / "q.sgrd").exists() and raster(tmp_path / "q.sdat").width() == raster(NB_IMAGE).width()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or ".part" in p.name]


def _segassess_work_dirs():
    from qgis.core import QgsProcessingUtils

    return {p.name for p in Path(QgsProcessingUtils.tempFolder()).glob("segassess_*")}


def test_selected_features_only_with_nothing_selected_is_refused(tmp_path):
    """'Selected features only' with an empty selection: QGIS gives an empty source, which must not be
    assessed silently as an empty annotation; the error says what to do and no work folder is left."""
    from qgis.core import QgsProcessingException, QgsProcessingFeatureSourceDefinition, QgsProject

    layer = vector(NB_GPKG)
    QgsProject.instance().addMapLayer(layer)
    before = _segassess_work_dirs()
    try:
        layer.removeSelection()
        with pytest.raises(QgsProcessingException) as err:
            run("segassess:reference", {
                "IMAGE": str(NB_IMAGE), "ANNOTATION": QgsProcessingFeatureSourceDefinition(layer.id(), True),
                "TRUTH": str(NB_GPKG), "TRUTH_FILTER": BUILDINGS, "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert "is selected" in str(err.value) and "Selected features only" in str(err.value)
    assert not (tmp_path / "q.tif").exists()
    assert _segassess_work_dirs() <= before


def test_invalid_filter_expression_is_explained(tmp_path):
    """A filter with a syntax error is reported as such (not as 'selected no feature')."""
    from qgis.core import QgsProcessingException

    before = _segassess_work_dirs()
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG),
                                    "FILTER": "\"Niveau_2\" = = 'Building'", "TRUTH": str(NB_GPKG),
                                    "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert "not a valid expression" in str(err.value) and "selected no feature" not in str(err.value)
    assert _segassess_work_dirs() <= before  # the work folder of the failed run was removed
    with pytest.raises(QgsProcessingException) as err:  # the reference filter too (QGIS would drop it)
        run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                    "TRUTH": str(NB_GPKG), "TRUTH_FILTER": "\"Niveau_2\" = 'Building' AND",
                                    "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert "not a valid expression" in str(err.value)
    assert not (tmp_path / "q.tif").exists()


def test_raster_inside_a_zip_is_refused_clearly(tmp_path):
    """A raster inside a zip (/vsizip/): decodeUri gives the archive's path, which the core would try to
    read as a raster; it is refused with the 'save it as GeoTIFF' advice instead."""
    import zipfile

    from qgis.core import QgsProcessingException, QgsRasterLayer

    need_data(VEGAS_IMAGE, VEGAS_PRED, VEGAS_PRED_TIF)
    archive = tmp_path / "pred.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(VEGAS_PRED_TIF, "sub/pred.tif")
    zipped = QgsRasterLayer(f"/vsizip/{archive}/sub/pred.tif", "zipped", "gdal")
    assert zipped.isValid()
    from segassess.segassess_qgis.qgis_io import raster_path_or_none

    assert raster_path_or_none(zipped) is None
    assert raster_path_or_none(raster(VEGAS_PRED_TIF)) == str(VEGAS_PRED_TIF)
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(VEGAS_PRED), "TRUTH": zipped,
                                    "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert "not a file-based raster" in str(err.value) and "'zipped'" in str(err.value)
    assert not (tmp_path / "q.tif").exists()


def test_post_processors_stay_alive_until_their_layer_is_loaded(tmp_path):
    """Many runs (a batch or a model over many sheets) attach post-processors before any layer is loaded:
    the first one must still style its layer, and each is released once it ran."""
    from qgis.core import QgsPalettedRasterRenderer, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from segassess.segassess_qgis import styling

    project = QgsProject()
    contexts = []
    for i in range(100):  # 100 outputs waiting to be loaded
        context = QgsProcessingContext()
        context.setProject(project)
        context.addLayerToLoadOnCompletion(f"out{i}", QgsProcessingContext.LayerDetails("q", project, "OUTPUT"))
        styling.attach(context, f"out{i}", "quality", "sheet", f"Quality {i}")
        contexts.append(context)
    import gc

    gc.collect()
    layer = raster(VEGAS_PRED_TIF)
    project.addMapLayer(layer)
    pp = contexts[0].layerToLoadOnCompletionDetails("out0").postProcessor()
    live = len(styling._LIVE)
    pp.postProcessLayer(layer, contexts[0], QgsProcessingFeedback())
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer) and layer.name() == "Quality 0"
    assert project.layerTreeRoot().findGroup("sheet") is not None
    assert len(styling._LIVE) == live - 1
    del pp, contexts
    gc.collect()
