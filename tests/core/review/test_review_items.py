"""Review items: kinds, the feature each region concerns, the documented severity, priorities
1..N worst first, the speckle floor; and the review_items layer of a real assessment."""
import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import box

from review_support import assess, scene_files
from segassess.core.review.items import (FEATURE_IOU_BELOW, KINDS, LAYER, build_items, min_item_area_m2,
                                         rank)

# UTM zone 18 with false easting 0: the test coordinates (x 0..60 m) lie on the central meridian, where
# ground areas are map areas (EPSG:32618 would put them 500 km off it, scale factor 1.005)
CRS = "+proj=tmerc +lat_0=0 +lon_0=-75 +k=0.9996 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"


def regions(rows):
    """FP/FN layer rows (geometry, area_m2, mean_confidence) as the pipeline writes them."""
    return gpd.GeoDataFrame({"area_m2": [r[1] for r in rows], "mean_confidence": [r[2] for r in rows],
                             "pixels": [int(r[1] * 4) for r in rows]}, geometry=[r[0] for r in rows], crs=CRS)


@pytest.fixture
def layers():
    scored = gpd.GeoDataFrame({"source_fid": [11, 12, 13], "est_iou": [0.2, 0.9, np.nan]},
                              geometry=[box(0, 0, 10, 10), box(20, 0, 30, 10), box(40, 0, 50, 10)], crs=CRS)
    fp = regions([(box(0, 0, 10, 6), 60.0, 0.9),        # inside feature 11
                  (box(20, 0, 20.5, 0.5), 0.25, 0.9)])  # one pixel of speckle: not an item
    fn = regions([(box(10, 0, 12, 10), 20.0, 0.8),      # beside feature 11 (its pixels reach it)
                  (box(30, 0, 31, 4), 4.0, 0.5),        # beside feature 12
                  (box(100, 100, 110, 110), 100.0, 0.7)])  # touches nothing: a missed object
    return fp, fn, scored


def test_kinds_features_and_severity(layers):
    fp, fn, scored = layers
    items = build_items(fp, fn, scored, CRS, pixel_size=0.5)
    by_kind = {k: items[items["kind"] == k] for k in KINDS}
    assert len(by_kind["false_positive"]) == 1 and by_kind["false_positive"]["feature_id"].tolist() == [11]
    assert sorted(by_kind["false_negative"]["feature_id"].tolist()) == [11, 12]
    assert len(by_kind["missed_object"]) == 1 and by_kind["missed_object"]["feature_id"].isna().all()
    feat = by_kind["feature"]  # only the feature below FEATURE_IOU_BELOW (NaN is not weak)
    assert feat["feature_id"].tolist() == [11] and FEATURE_IOU_BELOW > 0.2
    assert feat["severity"].iloc[0] == pytest.approx((1 - 0.2) * 100.0)
    # a feature item's confidence: its regions' confidences weighted by their areas
    assert feat["mean_confidence"].iloc[0] == pytest.approx((60 * 0.9 + 20 * 0.8) / 80)
    regions_ = items[items["kind"] != "feature"]
    np.testing.assert_allclose(regions_["severity"], regions_["area_m2"] * regions_["mean_confidence"])
    assert (items["status"] == "unreviewed").all() and items[["note", "reviewer", "reviewed_at"]].isna().all().all()
    assert set(items.geom_type) == {"MultiPolygon"}


def test_priorities_are_worst_first_without_gaps(layers):
    items = build_items(*layers, CRS, pixel_size=0.5)
    assert items["priority"].tolist() == list(range(1, len(items) + 1))
    assert (np.diff(items["severity"].to_numpy()) <= 0).all()
    assert items["item_id"].tolist() == items["priority"].tolist()  # a fresh file numbers items in queue order
    # ties: kind order, then the larger area first
    tied = gpd.GeoDataFrame({"kind": ["feature", "missed_object", "false_positive", "false_positive"],
                             "severity": [5.0, 5.0, 5.0, 9.0], "area_m2": [1.0, 2.0, 3.0, 1.0]},
                            geometry=[box(0, 0, 1, 1)] * 4, crs=CRS)
    assert rank(tied)["kind"].tolist() == ["false_positive", "false_positive", "missed_object", "feature"]


def test_speckle_floor_is_in_ground_square_metres_and_pixels(layers):
    fp, fn, scored = layers
    assert min_item_area_m2(0.25) == 1.0 and min_item_area_m2(23.0) == 92.0  # 4 pixels of a 4.8 m image
    items = build_items(fp, fn, scored, CRS, pixel_size=0.5)
    assert items["area_m2"][items["kind"] != "feature"].min() >= 1.0
    coarse = build_items(fp, fn, scored, CRS, pixel_size=4.8)  # 4 px = 92 m²: only the 100 m² region is left
    assert coarse[coarse["kind"] != "feature"]["kind"].tolist() == ["missed_object"]


def test_empty_assessment_gives_an_empty_typed_layer(tmp_path):
    empty = regions([])
    items = build_items(empty, empty, gpd.GeoDataFrame(geometry=[], crs=CRS), CRS, 0.5)
    assert len(items) == 0
    items.to_file(tmp_path / "a.gpkg", layer=LAYER, engine="pyogrio",
                  geometry_type=items.attrs["geometry_type"])
    info = pyogrio.read_info(tmp_path / "a.gpkg", layer=LAYER)
    assert info["geometry_type"] == "MultiPolygon"
    assert list(info["fields"])[:4] == ["item_id", "kind", "priority", "severity"]


def test_assessment_geopackage_holds_the_ranked_items(tmp_path):
    files = scene_files(tmp_path / "scene")
    res = assess(files, tmp_path / "out")
    items = gpd.read_file(res.polygons, layer=LAYER)
    fp = gpd.read_file(res.polygons, layer="false_positive")
    fn = gpd.read_file(res.polygons, layer="false_negative")
    scored = gpd.read_file(res.polygons, layer="scored_features")
    assert items["priority"].tolist() == list(range(1, len(items) + 1))
    big = 1.0  # 4 pixels of 0.5 m = 1 m²
    assert (items["kind"] == "false_positive").sum() == (fp["area_m2"] >= big).sum()
    assert ((items["kind"] == "false_negative") | (items["kind"] == "missed_object")).sum() == (fn["area_m2"] >= big).sum()
    assert (items["kind"] == "feature").sum() == (scored["est_iou"] < FEATURE_IOU_BELOW).sum()
    # the spurious building (no truth under it) is a feature item with estimated IoU 0, its FP region first in line
    inv = gpd.read_file(files["inventory"], fid_as_index=True)
    spurious = set(inv.index[inv["error"] == "spurious"])
    feats = items[items["kind"] == "feature"]
    assert set(feats["feature_id"].astype(int)) >= spurious and (feats["est_iou"] == 0).any()
    # each FP item lies in the feature it names
    for _, it in items[items["kind"] == "false_positive"].iterrows():
        feature = inv.geometry.loc[int(it["feature_id"])]
        assert shapely.area(it.geometry.intersection(feature)) >= 0.5 * it.geometry.area
