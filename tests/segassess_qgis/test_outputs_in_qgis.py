"""The files the core writes open in real headless QGIS as valid, styled layers in the right CRS."""
import pytest

from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment


@pytest.fixture(scope="module")
def qgis_app():
    from qgis_support import start_qgis

    return start_qgis()


@pytest.mark.parametrize("kind", ["utm", "custom"])
def test_written_outputs_are_valid_styled_qgis_layers(qgis_app, make_fixture, tmp_path, kind):
    from qgis.core import QgsCoordinateReferenceSystem, QgsPalettedRasterRenderer, QgsRasterLayer, QgsVectorLayer

    fx = make_fixture(kind)
    truth = tmp_path / "truth.gpkg"
    import geopandas as gpd

    g = gpd.read_file(fx.vector)
    g["geometry"] = g.translate(3 * fx.transform.a, 0)
    g.to_file(truth)
    res = run_assessment(AssessJob(fx.image, AnnotationSpec(fx.vector), tmp_path / "o", truth=AnnotationSpec(truth),
                                   tile_size=64, overlap=16), ReferenceAssessor())
    from pyproj import CRS

    expected = CRS.from_user_input(fx.crs)

    def same_crs(layer):
        got = CRS.from_wkt(layer.crs().toWkt(QgsCoordinateReferenceSystem.WKT2_2019))
        return got.equals(expected, ignore_axis_order=True)

    q = QgsRasterLayer(str(res.quality), "quality")
    assert q.isValid()
    assert same_crs(q)
    msg, ok = q.loadNamedStyle(str(res.quality.with_suffix(".qml")))
    assert ok, msg
    renderer = q.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = {c.value: (c.color.red(), c.color.green(), c.color.blue(), c.label) for c in renderer.classes()}
    assert classes[1][:3] == (255, 0, 0) and classes[2][:3] == (0, 255, 0)
    assert classes[3][:3] == (0, 0, 255) and classes[4][:3] == (0, 255, 255)
    assert classes[4][3].startswith("FN")
    # the file's own colour table is what QGIS shows by default, before any style
    q2 = QgsRasterLayer(str(res.quality), "quality2")
    assert q2.renderer().type() == "paletted"

    c = QgsRasterLayer(str(res.confidence), "confidence")
    assert c.isValid() and same_crs(c) and c.width() == 200

    for layer, fields in [("false_positive", {"area_m2", "mean_confidence"}),
                          ("false_negative", {"area_m2", "mean_confidence"}),
                          ("scored_features", {"est_iou", "est_dice", "fp_area_m2", "fn_area_m2", "kind"}),
                          ("missed_objects", {"area_m2"})]:
        v = QgsVectorLayer(f"{res.polygons}|layername={layer}", layer, "ogr")
        assert v.isValid(), layer
        assert same_crs(v), layer
        assert fields <= set(v.fields().names()), (layer, v.fields().names())
    fp = QgsVectorLayer(f"{res.polygons}|layername=false_positive", "fp", "ogr")
    assert fp.featureCount() == 3  # each rectangle shifted right leaves one FP strip on its left
    assert sum(f["pixels"] for f in fp.getFeatures()) == res.summary_data["pixels"]["FP"]
