"""Matching features across candidate layers (overlap clusters) and choosing the best version of each
object, on hand-made layers."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from segassess.core.rank.matching import (BEST_OF_FIELDS, best_of_layer, choose, cluster_zones, overlap_clusters,
                                          versions)

CRS = "EPSG:32618"


def layer(*boxes, fid0=1):
    return gpd.GeoDataFrame({"source_fid": np.arange(fid0, fid0 + len(boxes))},
                            geometry=[box(*b) for b in boxes], crs=CRS)


def test_overlap_clusters_join_shifted_merged_and_leave_apart():
    a = layer((0, 0, 10, 10), (20, 0, 30, 10), (100, 100, 110, 110))
    b = layer((1, 0, 11, 10), (50, 0, 60, 10))            # a1 shifted by 1 m; an object only b has
    c = layer((0, 0, 30, 10))                               # one merged outline over a1 and a2
    cl = overlap_clusters([a, b, c])
    assert cl.count == 3
    la, lb, lc = cl.labels
    assert la[0] == la[1] == lb[0] == lc[0]                 # a1, a2, b1 and c's block: one object group
    assert len({la[0], la[2], lb[1]}) == 3                  # the far square and b's own object stand alone
    presence = cl.presence()
    assert presence[la[0]].tolist() == [True, True, True]
    assert presence[lb[1]].tolist() == [False, True, False] and presence[la[2]].tolist() == [True, False, False]
    assert cl.members(0, la[0]).tolist() == [0, 1] and cl.members(2, la[0]).tolist() == [0]


def test_grazing_neighbours_are_not_one_object():
    """Overlap below min_overlap of the smaller feature (here 5 %) does not match; touching never does."""
    a = layer((0, 0, 10, 10))
    b = layer((9.5, 0, 19.5, 10), (-10, 0, 0, 10))          # 0.5 m x 10 m = 5 % of a; b2 only touches a
    assert overlap_clusters([a, b]).count == 3
    assert overlap_clusters([a, b], min_overlap=0.01).count == 2
    # a small feature inside a big one matches (overlap measured on the smaller one)
    assert overlap_clusters([layer((0, 0, 100, 100)), layer((40, 40, 42, 42))]).count == 1


def test_empty_layers_and_missing_geometries():
    empty = layer()
    cl = overlap_clusters([empty, empty])
    assert cl.count == 0 and [len(x) for x in cl.labels] == [0, 0]
    a = gpd.GeoDataFrame({"source_fid": [1, 2]}, geometry=[box(0, 0, 10, 10), None], crs=CRS)
    cl = overlap_clusters([a, layer((1, 1, 9, 9))])
    assert cl.count == 2 and cl.labels[0][0] == cl.labels[1][0] != cl.labels[0][1]


def test_versions_and_zones():
    a = layer((0, 0, 10, 10), (12, 0, 20, 10))
    b = layer((0, 0, 20, 10))
    cl = overlap_clusters([a, b])
    assert cl.count == 1
    va, vb = versions([a, b], cl)
    assert va[0].area == pytest.approx(180.0) and vb[0].area == pytest.approx(200.0)
    # the buffer is 2 m on the ground: 2 / 0.9996 map units on the zone's central meridian (x = 500 km),
    # more 500 km away from it (x = 0), where UTM's scale factor is larger
    for x0, grow in ((500000.0, 2 / 0.9996), (0.0, 2.0054)):
        shifted = [gpd.GeoSeries(v, crs=CRS).translate(x0, 4.5e6).values for v in (va, vb)]
        zone = cluster_zones(shifted, CRS, 2.0).iloc[0]
        expected = (x0 - grow, 4.5e6 - grow, x0 + 20 + grow, 4.5e6 + 10 + grow)
        assert zone.bounds == pytest.approx(expected, abs=2e-3)


def test_choose_best_runner_up_and_single_rule():
    presence = np.array([[True, True, True], [False, True, False], [False, False, True], [True, True, False],
                         [True, True, False]])
    est = np.array([[0.6, 0.9, 0.7],        # b best, c runner-up
                    [0.0, 0.8, 0.0],        # only b, supported: kept
                    [0.0, 0.0, 0.3],        # only c, not supported: dropped
                    [0.5, 0.5, np.nan],     # tie: the candidate given first
                    [np.nan, 0.2, 0.9]])    # no estimate loses to any estimate; c's value is ignored (absent)
    ch = {c.cluster: c for c in choose(est, presence)}
    assert sorted(ch) == [0, 1, 3, 4]
    assert (ch[0].winner, ch[0].runner_up, ch[0].est_iou, ch[0].runner_up_iou) == (1, 2, 0.9, 0.7)
    assert ch[0].rule == "best of 3" and ch[0].n_sources == 3
    assert ch[1].winner == 1 and ch[1].runner_up is None and np.isnan(ch[1].runner_up_iou)
    assert ch[1].rule == "single, supported"
    assert (ch[3].winner, ch[3].runner_up) == (0, 1)
    assert (ch[4].winner, ch[4].runner_up) == (1, 0) and np.isnan(ch[4].runner_up_iou)
    assert 2 in {c.cluster for c in choose(est, presence, single_min_iou=0.25)}


def test_best_of_layer_rows():
    a = layer((0, 0, 10, 10), (20, 0, 30, 10), fid0=11)
    b = layer((0, 0, 30, 10), (50, 0, 60, 10), fid0=21)
    cl = overlap_clusters([a, b])
    k_block, k_single = cl.labels[1]
    est = np.zeros((cl.count, 2))
    est[k_block] = [0.9, 0.4]
    est[k_single] = [np.nan, 0.7]
    out = best_of_layer([a, b], cl, choose(est, cl.presence()), ["a", "b"], ["source_fid", None])
    assert list(out.columns) == list(BEST_OF_FIELDS) + ["geometry"] and out.crs == a.crs
    block = out[out["cluster"] == k_block]
    assert block["source"].tolist() == ["a", "a"] and block["source_fid"].tolist() == [11, 12]
    assert block["runner_up"].tolist() == ["b", "b"] and block["runner_up_iou"].tolist() == [0.4, 0.4]
    single = out[out["cluster"] == k_single].iloc[0]
    assert (single["source"], single["source_fid"], single["n_sources"]) == ("b", 2, 1)  # row number: no id column
    assert single.geometry.equals(box(50, 0, 60, 10))
