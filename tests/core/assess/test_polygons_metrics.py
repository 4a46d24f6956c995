import geopandas as gpd
import numpy as np
import pytest
from affine import Affine
from pyproj import CRS
from rasterio.features import rasterize
from shapely.geometry import box

from segassess.core.assess.assessors import ReferenceAssessor, TrivialAssessor, quality_from_truth
from segassess.core.common.crs import areas_m2, buffer_m, metres_per_unit, pixel_area_m2
from segassess.core.assess.metrics import confusion, metrics
from segassess.core.assess.polygons import missed_objects, polygonize_class

T = Affine(0.5, 0, 500000, 0, -0.5, 4500000)  # on the central meridian of the zone: scale factor 0.9996
UTM = CRS.from_epsg(32618)


def test_polygons_rasterize_back_to_the_same_pixels():
    rng = np.random.default_rng(3)
    q = rng.integers(1, 5, size=(60, 80)).astype(np.uint8)
    conf = rng.random((60, 80)).astype(np.float32)
    for value in (2, 4):
        gdf = polygonize_class(q, conf, value, T, UTM)
        back = rasterize(gdf.geometry, out_shape=q.shape, transform=T, dtype="uint8")
        np.testing.assert_array_equal(back, (q == value).astype(np.uint8))
        assert gdf["pixels"].sum() == (q == value).sum()
        np.testing.assert_allclose(gdf["area_m2"], gdf["pixels"] * 0.25)
        # mean confidence per polygon, checked on one polygon by hand
        one = gdf.iloc[int(np.argmax(gdf["pixels"]))]
        px = rasterize([one.geometry], out_shape=q.shape, transform=T, dtype="uint8").astype(bool)
        assert one.mean_confidence == pytest.approx(conf[px].mean(), rel=1e-5)


def test_min_area_filter_in_ground_square_metres():
    q = np.full((20, 20), 3, np.uint8)
    q[1:3, 1:3] = 2     # 4 px = 1 m²
    q[10:18, 10:18] = 2  # 64 px = 16 m²
    gdf = polygonize_class(q, np.ones_like(q, np.float32), 2, T, UTM, min_area=2.0)
    assert len(gdf) == 1 and gdf.area_m2.iloc[0] == pytest.approx(16.0)


def test_missed_objects_touch_no_feature():
    fn = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(5, 5, 6, 6)], crs=UTM)
    feats = gpd.GeoDataFrame(geometry=[box(0.5, 0.5, 2, 2)], crs=UTM)
    m = missed_objects(fn, feats)
    assert len(m) == 1 and m.geometry.iloc[0].bounds == (5, 5, 6, 6)


def test_metrics_hand_computed():
    true = np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 3])
    pred = np.array([0, 0, 1, 1, 2, 2, 2, 3, 3, 0])
    cm = confusion(pred, true)
    assert cm[0].tolist() == [2, 1, 0, 0] and cm[3].tolist() == [1, 0, 0, 1]
    r = metrics(pred, true)
    # TP class: tp=2, fp=1 (true FN predicted TP), fn=1 -> P=2/3, R=2/3, F1=2/3, IoU=2/4
    assert r["classes"]["TP"]["precision"] == pytest.approx(2 / 3)
    assert r["classes"]["TP"]["iou"] == pytest.approx(0.5)
    # FP class: tp=1, fp=1, fn=1 -> F1 = 0.5, IoU = 1/3
    assert r["classes"]["FP"]["f1"] == pytest.approx(0.5)
    assert r["classes"]["FP"]["iou"] == pytest.approx(1 / 3)
    f1s = [2 / 3, 0.5, 2 * 2 / (2 * 2 + 1 + 1), 2 * 1 / (2 + 1 + 1)]
    assert r["mF1"] == pytest.approx(np.mean(f1s))
    # column sums 3, 2, 3, 2 and row sums 3, 2, 3, 2 with diagonal 2, 1, 2, 1
    assert r["mPrecision"] == pytest.approx(np.mean([2 / 3, 1 / 2, 2 / 3, 1 / 2]))
    assert r["mRecall"] == pytest.approx(np.mean([2 / 3, 1 / 2, 2 / 3, 1 / 2]))


def test_metrics_perfect_and_absent_class():
    true = np.array([0, 0, 2, 2])
    r = metrics(true, true)
    assert r["mF1"] == 1.0 and r["mIoU"] == 1.0
    assert r["absent_classes"] == ["FP", "FN"]
    assert r["mPrecision"] == 1.0 and r["mRecall"] == 1.0
    # FP only predicted (never true): its recall is undefined and left out, its precision is 0
    r = metrics(np.array([0, 1, 2, 2]), np.array([0, 0, 2, 2]))
    assert r["classes"]["FP"]["precision"] == 0 and np.isnan(r["classes"]["FP"]["recall"])
    assert r["mRecall"] == pytest.approx(np.mean([0.5, 1.0]))


def test_reference_and_trivial_assessors():
    mask = np.array([[1, 1, 0, 0]], np.float32).reshape(1, 1, 1, 4)
    truth = np.array([[1, 0, 1, 0]], np.float32).reshape(1, 1, 1, 4)
    assert quality_from_truth(mask, truth).ravel().tolist() == [0, 1, 3, 2]
    p = ReferenceAssessor().assess(np.zeros((1, 3, 1, 4), np.float32), mask, truth=truth)
    assert p.shape == (1, 4, 1, 4) and p.argmax(1).ravel().tolist() == [0, 1, 3, 2]
    assert TrivialAssessor().assess(None, mask).argmax(1).ravel().tolist() == [0, 0, 2, 2]


def test_areas_and_buffers_in_metres_in_a_geographic_crs():
    wgs = CRS.from_epsg(4326)
    # 0.001° x 0.001° at the equator is ~111.3 m x 110.6 m
    g = gpd.GeoSeries([box(0, 0, 0.001, 0.001)], crs=wgs)
    a = areas_m2(g, wgs)[0]
    assert a == pytest.approx(111.32 * 110.57, rel=0.01)
    b = buffer_m(g, 10.0, wgs)
    assert areas_m2(b, wgs)[0] == pytest.approx((111.32 + 20) * (110.57 + 20) - (4 - np.pi) * 100, rel=0.01)
    px = pixel_area_m2(Affine(1e-5, 0, 0, 0, -1e-5, 0), wgs, 0.0, 0.0)
    assert px == pytest.approx(1.113 * 1.106, rel=0.01)


def test_metres_per_unit_of_a_foot_crs():
    assert metres_per_unit(CRS.from_epsg(2263)) == pytest.approx(0.3048006, rel=1e-6)  # NY State Plane, US ft
    g = gpd.GeoSeries([box(0, 0, 10, 10)])
    assert areas_m2(g, CRS.from_epsg(2263))[0] == pytest.approx(100 * 0.3048006 ** 2, rel=1e-6)


def test_areas_in_a_geographic_crs_on_a_sphere():
    """A geographic CRS on a sphere (inverse flattening 0) must not divide by zero."""
    sphere = CRS.from_proj4("+proj=longlat +R=6371000 +no_defs")
    assert sphere.is_geographic and sphere.ellipsoid.inverse_flattening == 0
    side = 6371000 * np.pi / 180 * 0.001  # 0.001° of a great circle
    a = areas_m2(gpd.GeoSeries([box(0, 0, 0.001, 0.001)], crs=sphere), sphere)[0]
    assert a == pytest.approx(side * side, rel=1e-3)
    px = pixel_area_m2(Affine(1e-5, 0, 0, 0, -1e-5, 0), sphere, 0.0, 0.0)
    assert px == pytest.approx((side / 100) ** 2, rel=1e-3)
