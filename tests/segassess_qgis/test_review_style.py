"""Outputs styled for reviewing over the imagery: loaded as the toolbox loads them, the quality map keeps
the paper's class colours with TN transparent, TP faint and FP/FN semi-transparent (checked on pixels
rendered by QGIS's own map renderer), FP/FN are outlined in contrasting colours with map tips, and the
layers sit in a fixed order in one group per sheet, named exact or estimated."""
from __future__ import annotations

import numpy as np
import pytest

from qgis_support import BUILDINGS, NB_GPKG, NB_IMAGE, algorithm, need_data, start_qgis, tiny_model

BUILDINGS_AND_WATER = "\"Niveau_2\" IN ('Building', 'Hydro')"


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()


def _load(alg_id, params, tmp_path):
    """Run as the toolbox dialog does, then load the results into a fresh project; its layer tree."""
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProcessingOutputLayerDefinition, QgsProject

    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    alg = algorithm(alg_id)
    full = dict(params)
    for name in ("OUTPUT_QUALITY", "OUTPUT_CONFIDENCE", "OUTPUT_FP", "OUTPUT_FN", "OUTPUT_SCORED", "OUTPUT_MISSED"):
        if alg.parameterDefinition(name) is not None:
            dest = str(tmp_path / "quality.tif") if name == "OUTPUT_QUALITY" else "TEMPORARY_OUTPUT"
            full[name] = QgsProcessingOutputLayerDefinition(dest, project)
    results, ok = alg.run(full, context, QgsProcessingFeedback())
    assert ok
    assert handleAlgorithmResults(alg, context, QgsProcessingFeedback(), parameters=full)
    return project, results


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference_style")
    return _load("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG),
                                         "FILTER": BUILDINGS_AND_WATER, "TRUTH": str(NB_GPKG),
                                         "TRUTH_FILTER": BUILDINGS}, tmp) + (tmp,)


def test_reference_layers_are_exact_and_in_fixed_order(reference):
    project, _, _ = reference
    root = project.layerTreeRoot()
    assert [c.name() for c in root.children()] == [f"Reference – {NB_IMAGE.stem}"]
    names = [n.layer().name() for n in root.children()[0].findLayers()]
    assert names == [f"{what} – {NB_IMAGE.stem}" for what in (
        "False positive regions (FP polygons)", "False negative regions (FN polygons)",
        "Missed objects (FN regions touching no feature)", "Exact quality map",
        "Annotated features with quality scores")]


def test_fp_fn_outlined_in_contrasting_colours_with_map_tips(reference):
    project, _, _ = reference
    layers = {n.layer().name().split(" – ")[0]: n.layer() for n in project.layerTreeRoot().findLayers()}
    fp = layers["False positive regions (FP polygons)"]
    fn = layers["False negative regions (FN polygons)"]
    for layer, rgb in ((fp, (255, 0, 255)), (fn, (255, 140, 0))):
        symbol = layer.renderer().symbol()
        assert symbol.symbolLayer(0).color().getRgb()[:3] == (0, 0, 0)  # the halo under the outline
        assert symbol.symbolLayer(1).color().getRgb()[:3] == rgb
        assert "area_m2" in layer.mapTipTemplate() and "mean_confidence" in layer.mapTipTemplate()
    # the outline colours differ from the raster class each region sits on (FP green, FN cyan)
    assert fp.renderer().symbol().symbolLayer(1).color().getRgb()[:3] != (0, 255, 0)


def _rendered(layer):
    """The layer drawn by QGIS's map renderer at its own resolution, on a transparent background."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(layer.width(), layer.height()))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    argb = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()]
    return argb[..., 3].copy()  # alpha (little-endian ARGB32: B, G, R, A)


def test_quality_map_renders_tn_transparent_tp_faint_fp_strong(reference):
    from osgeo import gdal

    project, results, _ = reference
    quality = next(n.layer() for n in project.layerTreeRoot().findLayers()
                   if n.layer().name().startswith("Exact quality map"))
    alpha = _rendered(quality)
    classes = gdal.Open(results["OUTPUT_QUALITY"]).ReadAsArray()
    assert alpha.shape == classes.shape
    inner = np.zeros_like(classes, bool)
    inner[1:-1, 1:-1] = True  # class edges may blend with their neighbours in rendering
    by_class = {v: np.median(alpha[(classes == v) & inner]) for v in (1, 2, 3)}
    assert by_class[3] == 0  # TN: the imagery shows through
    assert 30 <= by_class[1] <= 100  # TP: faint
    assert 150 <= by_class[2] < 255  # FP: strong, still semi-transparent
    legend = {c.value: c.color for c in quality.renderer().classes()}
    assert {v: c.getRgb()[:3] for v, c in legend.items()} == {1: (255, 0, 0), 2: (0, 255, 0), 3: (0, 0, 255),
                                                              4: (0, 255, 255)}


def test_assess_group_has_confidence_unchecked_at_the_bottom(tmp_path):
    model = tiny_model(tmp_path / "model", 64)
    project, _ = _load("segassess:assess", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                            "MODEL": str(model), "OVERLAP": 8, "DEVICE": 1}, tmp_path)
    group = project.layerTreeRoot().children()[0]
    assert group.name() == f"SegAssess – {NB_IMAGE.stem}"
    nodes = group.findLayers()
    assert [n.layer().name().split(" – ")[0] for n in nodes][3:] == [
        "Estimated quality map", "Annotated features with quality scores", "Confidence"]
    assert [n.isVisible() for n in nodes] == [True] * 5 + [False]
