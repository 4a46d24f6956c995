"""The error simulator: each error changes the annotation mask the way its name says, with
stated bounds, and seeded simulations are reproducible, valid and in the input CRS."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from rasterio.features import rasterize
from rasterio.transform import from_origin
from shapely.geometry import Point, Polygon, box

from segassess.core.synthetic import error_sim
from segassess.core.synthetic.error_sim import ERRORS, simulate_inventory
from segassess.core.common.errors import InputError
from segassess.core.synthetic.scene import generate_scene

X0, Y0 = 500_000.0, 4_600_000.0
CRS = "EPSG:32618"


def _grid(n=5, side=10.0, spacing=30.0) -> gpd.GeoDataFrame:
    """n x n axis-aligned squares of `side` m, `spacing` m apart (gaps of spacing - side)."""
    geoms = [box(X0 + i * spacing, Y0 + j * spacing, X0 + i * spacing + side, Y0 + j * spacing + side)
             for j in range(n) for i in range(n)]
    return gpd.GeoDataFrame({"id": np.arange(1, len(geoms) + 1), "class": "building"}, geometry=geoms, crs=CRS)


BOUNDS = (X0 - 20, Y0 - 20, X0 + 150, Y0 + 150)


def _mask(gdf, bounds=BOUNDS, res=0.25) -> np.ndarray:
    """Rasterised annotation mask, as the pipeline sees it."""
    shape = (int(round((bounds[3] - bounds[1]) / res)), int(round((bounds[2] - bounds[0]) / res)))
    if not len(gdf):
        return np.zeros(shape, bool)
    return rasterize(((g, 1) for g in gdf.geometry), out_shape=shape,
                     transform=from_origin(bounds[0], bounds[3], res, res), dtype="uint8").astype(bool)


def _iou(a, b) -> float:
    return (a & b).sum() / max((a | b).sum(), 1)


def _geom_iou(a, b) -> float:
    return a.intersection(b).area / a.union(b).area


@pytest.fixture(scope="module")
def scene_truth():
    """Scene truth with L-shaped buildings and irregular water shores."""
    return generate_scene(2, size=256, n_buildings=15, n_water=2).truth


def test_registry_and_common_contract(scene_truth):
    """Every registered error keeps the CRS, the input untouched, valid polygons, an `error`
    label per feature, and gives identical results for identical seeds."""
    assert set(ERRORS) == {"missing", "spurious", "shift", "rotate_scale", "erode", "dilate", "simplify",
                           "convex_hull", "min_rotated_rect", "merge", "outdated"}
    before = scene_truth.copy()
    for name, fn in ERRORS.items():
        a = fn(scene_truth, np.random.default_rng(5))
        b = fn(scene_truth, np.random.default_rng(5))
        assert a.crs == scene_truth.crs, name
        assert a.is_valid.all() and a.geom_type.isin(["Polygon", "MultiPolygon"]).all(), name
        assert a["error"].notna().all() and set(a["error"]) <= {"none", name, "spurious", "built"}, name
        assert list(shapely.to_wkb(a.geometry.values)) == list(shapely.to_wkb(b.geometry.values)), name
        assert a["error"].tolist() == b["error"].tolist(), name
    assert before.geom_equals_exact(scene_truth.geometry, 0).all() and "error" not in scene_truth.columns


def test_missing_drops_exact_fraction():
    """missing(0.2) on 25 objects leaves 20 untouched ones: mask area drops by exactly 5 objects."""
    t = _grid()
    out = ERRORS["missing"](t, np.random.default_rng(0), fraction=0.2)
    assert len(out) == 20
    assert set(out["id"]) < set(t["id"])
    kept = t.set_index("id").loc[out["id"]]
    assert kept.geometry.geom_equals_exact(out.set_index("id").geometry, 0).all()
    m, mt = _mask(out), _mask(t)
    assert not (m & ~mt).any()
    assert m.sum() == pytest.approx(0.8 * mt.sum(), rel=1e-3)


def test_spurious_adds_objects_away_from_truth():
    """spurious(0.2) adds 5 objects, none within the 2 m clearance of a truth object: the mask
    only grows (recall 1, precision < 1)."""
    t = _grid()
    out = ERRORS["spurious"](t, np.random.default_rng(1), fraction=0.2, extent=BOUNDS)
    new = out[out["error"] == "spurious"]
    assert len(out) == 30 and len(new) == 5
    assert new["id"].min() > t["id"].max() and out["id"].is_unique
    assert (new["class"] == "building").all()
    truth_union = shapely.union_all(t.geometry)
    assert all(g.distance(truth_union) >= 2.0 - 1e-9 for g in new.geometry)
    assert all(box(*BOUNDS).contains(g) for g in new.geometry)
    assert new.area.between(6 * 6, 20 * 20).all()
    m, mt = _mask(out), _mask(t)
    assert (m & mt).sum() == mt.sum() and m.sum() > mt.sum()


@pytest.mark.parametrize("d", [0.5, 1.0, 2.0, 4.0])
def test_shift_lowers_iou_as_expected(d):
    """A co-registration shift of d m along x turns a 10 m square's IoU into (10-d)/(10+d)."""
    t = _grid()
    out = ERRORS["shift"](t, np.random.default_rng(0), distance=d, angle=0.0)
    assert (out["error"] == "shift").all()
    expected = (10 - d) / (10 + d)
    assert _iou(_mask(out), _mask(t)) == pytest.approx(expected, abs=0.02)
    assert out.area.to_numpy() == pytest.approx(t.area.to_numpy())


def test_shift_is_one_vector_unless_independent():
    """Default shift moves every object by the same random vector of the given length; the
    independent variant moves each by the same length in its own direction."""
    t = _grid()
    c0 = np.c_[t.centroid.x, t.centroid.y]
    out = ERRORS["shift"](t, np.random.default_rng(3), distance=1.5)
    dv = np.c_[out.centroid.x, out.centroid.y] - c0
    assert np.hypot(*dv.T) == pytest.approx(np.full(25, 1.5))
    assert np.ptp(dv, axis=0) == pytest.approx([0, 0], abs=1e-9)
    ind = ERRORS["shift"](t, np.random.default_rng(3), distance=1.5, independent=True)
    dv = np.c_[ind.centroid.x, ind.centroid.y] - c0
    assert np.hypot(*dv.T) == pytest.approx(np.full(25, 1.5))
    assert np.ptp(np.arctan2(dv[:, 1], dv[:, 0])) > 1.0


def test_erode_and_dilate_change_area_by_the_buffer():
    """Erosion by 0.5 m turns 10 m squares into 9 m squares (area x0.81, IoU 0.81), dilation
    into 11 m squares (area x1.21); eroding more than half the width removes the object."""
    t = _grid()
    er = ERRORS["erode"](t, np.random.default_rng(0), distance=0.5)
    di = ERRORS["dilate"](t, np.random.default_rng(0), distance=0.5)
    assert er.area.to_numpy() == pytest.approx(np.full(25, 81.0))
    assert di.area.to_numpy() == pytest.approx(np.full(25, 121.0))
    mt = _mask(t)
    assert _iou(_mask(er), mt) == pytest.approx(0.81, abs=0.01)
    assert _iou(_mask(di), mt) == pytest.approx(1 / 1.21, abs=0.01)
    assert not (_mask(er) & ~mt).any() and not (mt & ~_mask(di)).any()
    assert len(ERRORS["erode"](t, np.random.default_rng(0), distance=6.0)) == 0
    half = ERRORS["erode"](t, np.random.default_rng(0), distance=0.5, fraction=0.4)
    assert (half["error"] == "erode").sum() == 10 and (half.area < 100 - 1e-6).sum() == 10


def test_simplify_and_generalisation_bounds(scene_truth):
    """Simplification (1 m) keeps every object's IoU > 0.8; convex hulls and minimum rotated
    rectangles only add area (IoU > 0.6) and make L-shapes bigger; rectangles stay exact."""
    t = scene_truth.set_index("id")
    rng = lambda: np.random.default_rng(0)  # noqa: E731
    simp = ERRORS["simplify"](scene_truth, rng(), tolerance=1.0).set_index("id")
    hull = ERRORS["convex_hull"](scene_truth, rng(), fraction=1.0).set_index("id")
    mrr = ERRORS["min_rotated_rect"](scene_truth, rng(), fraction=1.0).set_index("id")
    water_ids = t.index[t["class"] == "water"]
    assert len(water_ids) == 2
    for i, g in t.geometry.items():
        assert _geom_iou(g, simp.geometry[i]) > 0.8
        assert hull.geometry[i].covers(g) and _geom_iou(g, hull.geometry[i]) > 0.6
        assert mrr.geometry[i].area >= g.area - 1e-6 and _geom_iou(g, mrr.geometry[i]) > 0.6
        assert len(mrr.geometry[i].exterior.coords) == 5
    # water shores lose vertices under simplification
    assert all(len(simp.geometry[i].exterior.coords) < len(t.geometry[i].exterior.coords) for i in water_ids)
    is_l = [i for i, g in t.geometry.items() if t["class"][i] == "building" and len(g.exterior.coords) > 5]
    is_rect = [i for i, g in t.geometry.items() if t["class"][i] == "building" and len(g.exterior.coords) == 5]
    assert is_l and is_rect
    assert all(hull.geometry[i].area > t.geometry[i].area * 1.05 for i in is_l)
    assert all(_geom_iou(t.geometry[i], mrr.geometry[i]) > 0.999 for i in is_rect)


def test_rotate_scale_keeps_centroids_and_bounds_area():
    """Rotation/scaling about the centroid: centroids stay, area ratio within scale², IoU < 1."""
    t = _grid()
    out = ERRORS["rotate_scale"](t, np.random.default_rng(4), fraction=1.0, max_angle=10.0, scale=(0.9, 1.1))
    assert np.c_[out.centroid.x, out.centroid.y] == pytest.approx(np.c_[t.centroid.x, t.centroid.y])
    ratio = out.area.to_numpy() / 100.0
    assert ((ratio >= 0.81 - 1e-9) & (ratio <= 1.21 + 1e-9)).all()
    ious = np.array([_geom_iou(a, b) for a, b in zip(t.geometry, out.geometry)])
    assert (ious > 0.6).all() and (ious < 0.999).sum() >= 20


def test_merge_joins_close_neighbours_only():
    """Squares 2 m apart merge into one 10 x 22 m outline (gap filled) with distance 3 m; with
    distance 1 m or across classes nothing merges."""
    pairs = [box(X0 + k * 40, Y0, X0 + k * 40 + 10, Y0 + 10) for k in range(3)]
    partners = [box(X0 + k * 40 + 12, Y0, X0 + k * 40 + 22, Y0 + 10) for k in range(3)]
    lonely = [box(X0 + k * 40, Y0 + 40, X0 + k * 40 + 10, Y0 + 50) for k in range(4)]
    t = gpd.GeoDataFrame({"id": np.arange(1, 11), "class": "building"}, geometry=pairs + partners + lonely, crs=CRS)
    out = ERRORS["merge"](t, np.random.default_rng(0), distance=3.0)
    assert len(out) == 7
    merged = out[out["error"] == "merge"]
    assert sorted(merged["id"]) == [1, 2, 3]
    assert merged.area.to_numpy() == pytest.approx(np.full(3, 220.0))
    assert (merged.geom_type == "Polygon").all()
    assert len(ERRORS["merge"](t, np.random.default_rng(0), distance=1.0)) == 10
    t2 = t.copy()
    t2.loc[3:5, "class"] = "water"  # the partners are water: no merge across classes
    assert len(ERRORS["merge"](t2, np.random.default_rng(0), distance=3.0)) == 10


def test_outdated_removes_and_adds_buildings_only():
    """outdated(0.2, 0.2) removes 5 of 25 buildings and adds 5 house-sized ones nearby, away
    from the truth; water is never touched."""
    t = _grid()
    lake = gpd.GeoDataFrame({"id": [100], "class": ["water"]}, geometry=[Point(X0 + 200, Y0 + 60).buffer(15)], crs=CRS)
    t = gpd.GeoDataFrame(pd.concat([t, lake], ignore_index=True), crs=CRS)
    out = ERRORS["outdated"](t, np.random.default_rng(2), demolished=0.2, built=0.2,
                             extent=(X0 - 20, Y0 - 20, X0 + 240, Y0 + 150))
    built = out[out["error"] == "built"]
    old = out[out["error"] == "none"]
    assert len(old) == 21 and 100 in set(old["id"])
    assert len(built) == 5 and (built["class"] == "building").all()
    assert built.area.to_numpy() == pytest.approx(np.full(5, 100.0))
    tu = shapely.union_all(t.geometry)
    assert all(2.0 - 1e-9 <= g.distance(tu) <= 30.0 for g in built.geometry)


def test_simulate_inventory_is_seeded_and_valid(scene_truth):
    """Same seed, same inventory; another seed, another one; always valid, same CRS, labelled."""
    a = simulate_inventory(scene_truth, 42)
    b = simulate_inventory(scene_truth, 42)
    assert list(shapely.to_wkb(a.geometry.values)) == list(shapely.to_wkb(b.geometry.values))
    assert a["error"].tolist() == b["error"].tolist() and a.attrs["simulation"] == b.attrs["simulation"]
    differs = 0
    for seed in range(6):
        c = simulate_inventory(scene_truth, seed)
        assert c.crs == scene_truth.crs and c.is_valid.all() and c["id"].is_unique
        assert c["error"].notna().all()
        steps = [s["error"] for s in c.attrs["simulation"]]
        assert not ({"erode", "dilate"} <= set(steps))
        same = len(c) == len(a) and c.geometry.geom_equals_exact(a.geometry, 1e-6).all()
        differs += not same
    assert differs >= 5


def test_simulate_inventory_config():
    """config forces or disables steps: only a 2 m shift gives every feature "shift" and the
    IoU of a 2 m shift; disabling everything returns the truth with "none" labels."""
    t = _grid()
    out = simulate_inventory(t, 1, {"only": ["shift"], "shift": {"p": 1.0, "distance": 2.0, "angle": 0.0}})
    assert (out["error"] == "shift").all() and len(out) == 25
    assert _iou(_mask(out), _mask(t)) == pytest.approx(8 / 12, abs=0.02)
    assert out.attrs["simulation"] == [{"error": "shift", "distance": 2.0, "angle": 0.0}]
    none = simulate_inventory(t, 1, {name: None for name in error_sim.DEFAULT_CONFIG})
    assert (none["error"] == "none").all() and none.geometry.geom_equals_exact(t.geometry, 0).all()
    sp = simulate_inventory(t, 3, {"only": ["spurious"], "spurious": {"p": 1.0, "fraction": 0.2}})
    assert (sp["error"] == "spurious").sum() == 5
    assert all(g.distance(shapely.union_all(t.geometry)) >= 2.0 - 1e-9 for g in sp.geometry[sp["error"] == "spurious"])
    with pytest.raises(InputError):
        simulate_inventory(t, 1, {"teleport": {}})


def test_geographic_crs_refused():
    """Distances are metres: a lon/lat inventory must be reprojected first."""
    g = gpd.GeoDataFrame({"id": [1]}, geometry=[Polygon([(0, 0), (0.001, 0), (0.001, 0.001)])], crs="EPSG:4326")
    with pytest.raises(InputError):
        simulate_inventory(g, 0)
    with pytest.raises(InputError):
        ERRORS["shift"](g, np.random.default_rng(0))
