"""Suggested edits: which items are applied (auto/reviewed, false alarms never), what they do to
the inventory (cut, join, remove, add; attributes and types kept), regularised outlines, the
changes table; and corrected inventories measured against the truth."""
import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from rasterio.features import rasterize, shapes
from rasterio.transform import from_origin
from shapely import affinity
from shapely.geometry import box, shape

from review_support import assess, scene_files, union_iou
from segassess.core.assess.job import AnnotationSpec
from segassess.core.common.errors import InputError
from segassess.core.review.decisions import read_items, record_decision
from segassess.core.review.edits import accepted_items, apply_edits, filter_values
from segassess.core.review.shapes import regularise_building, smooth_water
from segassess.core.review.suggest import EditRequest, suggest_edits

# UTM zone 18 with false easting 0: the test coordinates (x 0..70 m) lie on the central meridian, where
# ground areas are map areas (EPSG:32618 would put them 500 km off it, scale factor 1.005)
CRS = "+proj=tmerc +lat_0=0 +lon_0=-75 +k=0.9996 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"


def items_table(rows):
    cols = ["item_id", "kind", "mean_confidence", "status", "feature_id", "geometry"]
    return gpd.GeoDataFrame([dict(zip(cols, r)) for r in rows], geometry="geometry", crs=CRS)


@pytest.fixture
def inventory():
    return gpd.GeoDataFrame({"source_fid": [1, 2, 3], "name": ["a", "b", "c"],
                             "floors": np.array([2, 3, 1], dtype="int64")},
                            geometry=[box(0, 0, 10, 10), box(20, 0, 30, 10), box(40, 0, 50, 10)], crs=CRS)


@pytest.fixture
def flags():
    return items_table([
        (1, "false_positive", 0.95, "unreviewed", 1, box(0, 0, 10, 4)),   # cut the bottom of feature 1
        (2, "false_negative", 0.90, "unreviewed", 2, box(30, 0, 33, 10)),  # widen feature 2
        (3, "false_positive", 0.99, "unreviewed", 3, box(40, 0, 50, 10)),  # feature 3 is not there at all
        (4, "missed_object", 0.85, "unreviewed", None, box(60, 0, 68, 6)),  # a building the inventory lacks
        (5, "missed_object", 0.50, "unreviewed", None, box(80, 0, 86, 6)),  # a weak flag
        (6, "feature", np.nan, "unreviewed", 1, box(0, 0, 10, 10)),
    ])


def test_which_items_are_applied(flags):
    auto = accepted_items(flags, "auto", 0.8)
    assert auto["item_id"].tolist() == [1, 2, 3, 4]  # feature items are not flags of their own
    flags.loc[flags["item_id"] == 5, "status"] = "confirmed"   # confirmed below the threshold: applied
    flags.loc[flags["item_id"] == 3, "status"] = "false_alarm"  # confident but rejected: never
    assert accepted_items(flags, "auto", 0.8)["item_id"].tolist() == [1, 2, 4, 5]
    assert accepted_items(flags, "reviewed")["item_id"].tolist() == [5]
    # a confirmed feature item applies its own FP/FN items, but not one marked false_alarm
    flags.loc[flags["item_id"] == 6, "status"] = "fixed"
    assert accepted_items(flags, "reviewed")["item_id"].tolist() == [1, 5]
    flags.loc[flags["item_id"] == 1, "status"] = "false_alarm"
    assert accepted_items(flags, "reviewed")["item_id"].tolist() == [5]
    with pytest.raises(InputError):
        accepted_items(flags, "everything")
    with pytest.raises(InputError):
        accepted_items(flags, "auto", 1.5)


def test_edits_cut_join_remove_and_add(inventory, flags):
    chosen = accepted_items(flags, "auto", 0.8)
    corrected, changes = apply_edits(inventory, chosen, pixel=0.5, added_values={"name": "new"})
    assert corrected["edit"].tolist() == ["reshaped", "reshaped", "removed", "added"]
    g = corrected.geometry
    assert g.iloc[0].area == pytest.approx(60.0) and g.iloc[0].bounds == pytest.approx((0, 4, 10, 10))
    assert g.iloc[1].area == pytest.approx(130.0) and g.iloc[1].bounds == pytest.approx((20, 0, 33, 10))
    assert g.iloc[2] is None  # removed: the row stays (attributes, source_fid) without a geometry
    assert shapely.equals_exact(shapely.normalize(g.iloc[3]), shapely.normalize(box(60, 0, 68, 6)), 1e-6)
    assert corrected["name"].tolist() == ["a", "b", "c", "new"]  # the filter's value on the added one
    assert corrected["floors"].tolist()[:3] == [2, 3, 1] and corrected["floors"].isna().tolist()[3]
    assert corrected["source_fid"].tolist()[:3] == [1, 2, 3] and corrected["source_fid"].isna().tolist()[3]
    assert changes["edit"].tolist() == ["reshaped", "reshaped", "removed", "added"]
    assert changes["items"].tolist() == ["1", "2", "3", "4"]
    np.testing.assert_allclose(changes["area_removed_m2"], [40.0, 0.0, 100.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(changes["area_added_m2"], [0.0, 30.0, 0.0, 48.0], atol=1e-6)


def test_nothing_accepted_keeps_the_inventory(inventory, flags):
    flags["status"] = "false_alarm"
    corrected, changes = apply_edits(inventory, accepted_items(flags, "reviewed"), pixel=0.5)
    assert (corrected["edit"] == "kept").all() and len(changes) == 0
    assert corrected.geometry.geom_equals(inventory.geometry).all()


def test_filter_values_of_simple_equalities():
    assert filter_values("\"Niveau_2\" = 'Building'") == {"Niveau_2": "Building"}
    assert filter_values("a = 'x' AND b = 'it''s'") == {"a": "x", "b": "it's"}
    assert filter_values("a = 'x' OR b = 'y'") == {} and filter_values("h > 3") == {} and filter_values(None) == {}


def _pixel_outline(geom, pixel=0.5):
    """What the quality raster makes of an object: its pixel-centre rasterisation, polygonized."""
    x0, y0, x1, y1 = geom.bounds
    t = from_origin(np.floor(x0) - 2, np.ceil(y1) + 2, pixel, pixel)
    h, w = int((y1 - y0) / pixel) + 12, int((x1 - x0) / pixel) + 12
    mask = rasterize([(geom, 1)], out_shape=(h, w), transform=t, dtype="uint8")
    return shapely.union_all([shape(s) for s, v in shapes(mask, mask=mask > 0, transform=t)])


def test_added_buildings_are_squared_and_water_smooth():
    rect = affinity.rotate(box(0, 0, 12, 7), 27, origin=(0, 0))
    staircase = _pixel_outline(rect)
    assert len(staircase.exterior.coords) > 30
    squared = regularise_building(staircase, 0.5)
    assert len(squared.exterior.coords) == 5  # a rectangle
    assert squared.intersection(rect).area / squared.union(rect).area > 0.95
    ell = box(0, 0, 12, 12).difference(box(6, 6, 12, 12))  # an L: not squared, simplified
    simplified = regularise_building(_pixel_outline(affinity.rotate(ell, 20, origin=(0, 0))), 0.5)
    assert 6 <= len(simplified.exterior.coords) <= 12 and simplified.area == pytest.approx(108, rel=0.05)
    lake = shapely.Point(0, 0).buffer(15)
    smooth = smooth_water(_pixel_outline(lake), 0.5)
    assert smooth.intersection(lake).area / smooth.union(lake).area > 0.97
    xy = np.asarray(smooth.exterior.coords)[:-1]
    a, b = np.roll(xy, 1, axis=0) - xy, np.roll(xy, -1, axis=0) - xy
    cos = (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert np.degrees(np.arccos(np.clip(cos, -1, 1))).min() > 135  # no corners left, no staircase


@pytest.fixture
def scene(tmp_path):
    files = scene_files(tmp_path / "scene")
    return files, assess(files, tmp_path / "out").polygons


def test_auto_edits_restore_the_truth_and_false_alarms_restore_the_original(scene, tmp_path):
    files, gpkg = scene
    truth = gpd.read_file(files["truth"])
    original = gpd.read_file(files["inventory"])
    before = union_iou(original, truth)
    res = suggest_edits(EditRequest(gpkg, AnnotationSpec(files["inventory"], where="kind = 'Building'"),
                                    tmp_path / "auto.gpkg", accept="auto"))
    corrected = gpd.read_file(res["out"], layer="corrected")
    assert before < 0.85 and union_iou(corrected, truth) > 0.95
    assert res["edits"]["added"] >= 1 and res["edits"]["removed"] >= 1 and res["edits"]["reshaped"] >= 1
    assert (corrected.loc[corrected["edit"] == "added", "kind"] == "Building").all()
    info = pyogrio.read_info(res["out"], layer="corrected")
    assert dict(zip(info["fields"], info["dtypes"]))["source_fid"] == "int64"
    assert [n for n, _ in pyogrio.list_layers(res["out"])] == ["corrected", "changes"]
    changes = gpd.read_file(res["out"], layer="changes")
    assert changes["area_removed_m2"].sum() == pytest.approx(res["area_removed_m2"])
    for _, it in read_items(gpkg).iterrows():
        record_decision(gpkg, int(it["item_id"]), "false_alarm")
    res = suggest_edits(EditRequest(gpkg, AnnotationSpec(files["inventory"]), tmp_path / "none.gpkg",
                                    accept="reviewed"))
    corrected = gpd.read_file(res["out"], layer="corrected")
    assert res["accepted"] == 0 and (corrected["edit"] == "kept").all()
    assert union_iou(corrected, truth) == pytest.approx(before, abs=1e-12)
    with pytest.raises(Exception, match="exists"):
        suggest_edits(EditRequest(gpkg, AnnotationSpec(files["inventory"]), tmp_path / "none.gpkg", accept="auto"))
