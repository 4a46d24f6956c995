"""Geometry matching for the review: which feature a region concerns, which new item is an old one.

Regions (FP/FN polygons) are pixel outlines; features are the inventory's vector outlines. An FP
region lies inside the features it was cut from; an FN region lies beside the feature whose
outline misses it, its pixel squares reaching at most half a pixel into it. So a region is
assigned to the feature it overlaps most once that feature is grown by one pixel.

Items of two runs (a re-run assessment, a rewritten campaign report) are matched within the
same kind (and sheet) by the intersection over union of their geometries, greedily from the
best pair down, each item matched at most once.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

import geopandas as gpd
import numpy as np
import shapely

MATCH_IOU = 0.3  # two items of the same kind are the same item from this overlap on


def assign_regions(regions: Sequence, features: Sequence, grow: float) -> np.ndarray:
    """For each region, the index of the feature it overlaps most after growing the features by
    `grow` map units (one pixel); -1 for a region that touches no feature."""
    regions = np.asarray(regions, dtype=object)
    features = np.asarray(features, dtype=object)
    out = np.full(len(regions), -1, dtype=np.int64)
    if len(regions) == 0 or len(features) == 0:
        return out
    grown = shapely.buffer(features, grow, join_style="mitre") if grow > 0 else features
    left, right = shapely.STRtree(grown).query(regions, predicate="intersects")
    if len(left) == 0:
        return out
    overlap = shapely.area(shapely.intersection(regions[left], grown[right]))
    order = np.lexsort((right, -overlap, left))  # per region: largest overlap first, then lowest index
    first = np.ones(len(order), bool)
    first[1:] = left[order][1:] != left[order][:-1]
    out[left[order][first]] = right[order][first]
    return out


def _group_keys(gdf: gpd.GeoDataFrame, by: Sequence[str]) -> List[tuple]:
    return list(zip(*(gdf[c].astype(object).where(gdf[c].notna(), None).tolist() for c in by))) if len(gdf) else []


def match_items(new: gpd.GeoDataFrame, old: gpd.GeoDataFrame, by: Sequence[str] = ("kind",),
                min_iou: float = MATCH_IOU) -> List[Tuple[int, int]]:
    """Pairs (position in new, position in old) of the same item: same values in `by` columns,
    geometry IoU >= min_iou, greedy from the highest IoU, one-to-one."""
    if len(new) == 0 or len(old) == 0:
        return []
    a = np.asarray(new.geometry.values, dtype=object)
    b = np.asarray(old.geometry.values, dtype=object)
    left, right = shapely.STRtree(b).query(a, predicate="intersects")
    if len(left) == 0:
        return []
    keys_a, keys_b = _group_keys(new, by), _group_keys(old, by)
    same = np.array([keys_a[i] == keys_b[j] for i, j in zip(left, right)], bool)
    left, right = left[same], right[same]
    inter = shapely.area(shapely.intersection(a[left], b[right]))
    union = shapely.area(a[left]) + shapely.area(b[right]) - inter
    iou = np.divide(inter, union, out=np.zeros(len(inter)), where=union > 0)
    pairs, used_a, used_b = [], set(), set()
    for k in np.argsort(-iou, kind="stable"):
        if iou[k] < min_iou:
            break
        i, j = int(left[k]), int(right[k])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j))
    return pairs
