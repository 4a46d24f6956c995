"""Review items: one row per thing in an assessment worth an analyst's look, worst first.

Kinds (`KINDS`):
- false_positive: an FP region (annotated, but the image shows no object there);
- false_negative: an FN region beside an annotated feature (the outline misses part of the object);
- missed_object: an FN region touching no feature (the inventory lacks the object entirely);
- feature: an annotated feature whose estimated IoU is below FEATURE_IOU_BELOW.

Regions smaller than `min_item_area_m2` (MIN_ITEM_AREA_M2, and at least MIN_ITEM_PIXELS pixels)
are not items: speckle is not worth an analyst's time (they stay in the FP/FN layers).

**Severity** (the order of the queue) is the expected wrongly mapped ground area in m²:
`area_m2 * mean_confidence` for a region (its area times the probability that its class is
right), `(1 - est_iou) * area_m2` for a feature. `priority` ranks the items by descending
severity: 1 = look first, 1..N without gaps (ties: kind order of KINDS, then larger area).

`mean_confidence` of a feature item is the area-weighted mean confidence of the FP/FN regions
assigned to it (null when none is). `feature_id` is the source feature's id (`source_fid`, or
`object_id` for raster annotations): the feature itself, the one an FP region lies in, or the one
an FN region extends; null for missed objects. Every item starts `unreviewed`.
"""
from __future__ import annotations

from typing import Optional

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..common.crs import areas_m2, to_crs
from .matching import assign_regions
from .schema import (ACCEPTED, DECISION_FIELDS, FIELDS, KINDS, LAYER, RETIRED_LAYER, STATUSES,  # noqa: F401
                     UNREVIEWED)

FEATURE_IOU_BELOW = 0.5
MIN_ITEM_AREA_M2 = 1.0
MIN_ITEM_PIXELS = 4
_DTYPES = {"item_id": "int64", "kind": object, "priority": "int64", "severity": "float64", "area_m2": "float64",
           "mean_confidence": "float64", "feature_id": "Int64", "est_iou": "float64", "status": object,
           "note": object, "reviewer": object, "reviewed_at": object}


_EXTRA_DTYPES = {"sheet_item_id": "Int64"}  # columns of the campaign's merged items


def min_item_area_m2(pixel_area_m2: float) -> float:
    """Smallest region that becomes an item: MIN_ITEM_AREA_M2, and at least MIN_ITEM_PIXELS pixels."""
    return max(MIN_ITEM_AREA_M2, MIN_ITEM_PIXELS * float(pixel_area_m2))


def empty_items(crs) -> gpd.GeoDataFrame:
    """A review_items table without rows (the schema of every review_items layer)."""
    data = {name: pd.Series(dtype=dtype) for name, dtype in _DTYPES.items()}
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    out.attrs["geometry_type"] = "MultiPolygon"  # the layer type when written without rows
    return out


def _multi(geoms) -> list:
    """MultiPolygons throughout, so every review_items layer has one geometry type."""
    return [shapely.MultiPolygon([g]) if g is not None and g.geom_type == "Polygon" else g for g in geoms]


def _feature_ids(scored: gpd.GeoDataFrame) -> np.ndarray:
    for col in ("source_fid", "object_id"):
        if col in scored.columns:
            return pd.to_numeric(scored[col], errors="coerce").to_numpy(dtype=float)
    return np.arange(len(scored), dtype=float)


def _region_rows(regions: gpd.GeoDataFrame, kind_of, owners: np.ndarray, fids: np.ndarray,
                 min_area: float) -> pd.DataFrame:
    """Item rows of FP or FN regions at least `min_area` m² large."""
    area = regions["area_m2"].to_numpy(dtype=float) if len(regions) else np.zeros(0)
    conf = regions["mean_confidence"].to_numpy(dtype=float) if len(regions) else np.zeros(0)
    keep = area >= min_area
    owner_fid = np.where(owners >= 0, fids[np.clip(owners, 0, None)] if len(fids) else np.nan, np.nan)
    rows = pd.DataFrame({"kind": kind_of(owners), "area_m2": area, "mean_confidence": conf,
                         "severity": area * conf, "feature_id": owner_fid, "est_iou": np.nan,
                         "geometry": list(regions.geometry.values)})
    rows["_owner"] = owners
    return rows[keep]


def _feature_rows(scored: gpd.GeoDataFrame, crs, fids: np.ndarray, regions: pd.DataFrame) -> pd.DataFrame:
    """Item rows of the features whose estimated IoU is below FEATURE_IOU_BELOW."""
    est = pd.to_numeric(scored.get("est_iou", pd.Series(np.nan, index=scored.index)), errors="coerce").to_numpy()
    area = areas_m2(scored.geometry, crs) if len(scored) else np.zeros(0)
    weak = np.flatnonzero(np.nan_to_num(est, nan=1.0) < FEATURE_IOU_BELOW)
    conf = np.full(len(weak), np.nan)
    for k, i in enumerate(weak):
        mine = regions[regions["_owner"] == i]
        if len(mine) and mine["area_m2"].sum() > 0:
            conf[k] = float(np.average(mine["mean_confidence"], weights=mine["area_m2"]))
    return pd.DataFrame({"kind": "feature", "area_m2": area[weak], "mean_confidence": conf,
                         "severity": (1.0 - est[weak]) * area[weak], "feature_id": fids[weak],
                         "est_iou": est[weak], "geometry": list(scored.geometry.values[weak])})


def build_items(fp: gpd.GeoDataFrame, fn: gpd.GeoDataFrame, scored: gpd.GeoDataFrame, crs, pixel_size: float,
                min_area_m2: Optional[float] = None) -> gpd.GeoDataFrame:
    """The ranked review_items of one assessment (all in `crs`, the image CRS).

    fp, fn: the FP/FN region layers (area_m2, mean_confidence); scored: the annotated features
    with their estimated scores; pixel_size: the pixel side in map units (regions are assigned
    to the feature they overlap most once grown by one pixel); min_area_m2: smallest region
    item (default: `min_item_area_m2` of a pixel_size² pixel, in ground m² where the CRS says so).
    """
    crs_obj = to_crs(crs)
    wkt = crs_obj.to_wkt()
    if min_area_m2 is None:
        px = areas_m2(gpd.GeoSeries([shapely.box(0, 0, pixel_size, pixel_size)], crs=wkt), crs_obj)[0] \
            if not crs_obj.is_geographic else 0.0
        min_area_m2 = min_item_area_m2(px)
    geoms = scored.geometry.values if len(scored) else []
    fids = _feature_ids(scored)
    fp_owner = assign_regions(fp.geometry.values, geoms, pixel_size)
    fn_owner = assign_regions(fn.geometry.values, geoms, pixel_size)
    parts = [
        _region_rows(fp, lambda o: np.full(len(o), "false_positive", object), fp_owner, fids, min_area_m2),
        _region_rows(fn, lambda o: np.where(o >= 0, "false_negative", "missed_object").astype(object),
                     fn_owner, fids, min_area_m2),
    ]
    parts.append(_feature_rows(scored, crs_obj, fids, pd.concat(parts, ignore_index=True)))
    rows = pd.concat([p.drop(columns="_owner", errors="ignore") for p in parts], ignore_index=True)
    if len(rows) == 0:
        return empty_items(wkt)
    rows["geometry"] = _multi(rows["geometry"])
    items = gpd.GeoDataFrame(rows, geometry="geometry", crs=wkt)
    items = rank(items)
    items["item_id"] = items["priority"].astype("int64")
    items["status"] = UNREVIEWED
    for name in DECISION_FIELDS[1:]:
        items[name] = None
    return conform(items)


def rank(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Sorted worst first, with `priority` 1..N (descending severity; ties by kind, then area)."""
    kind_order = items["kind"].map({k: i for i, k in enumerate(KINDS)}).fillna(len(KINDS))
    order = np.lexsort((-items["area_m2"].fillna(0).to_numpy(), kind_order.to_numpy(),
                        -items["severity"].fillna(0).to_numpy()))
    out = items.iloc[order].reset_index(drop=True)
    out["priority"] = np.arange(1, len(out) + 1, dtype="int64")
    return out


def conform(items: gpd.GeoDataFrame, extra_first=()) -> gpd.GeoDataFrame:
    """The review_items columns in their order and types (`extra_first` columns, e.g. sheet_id, first)."""
    out = items.copy()
    for name in extra_first:
        if name not in out.columns:
            out[name] = None
        if _EXTRA_DTYPES.get(name) is not None:
            out[name] = out[name].astype(_EXTRA_DTYPES[name])
    for name, dtype in _DTYPES.items():
        if name not in out.columns:
            out[name] = None if dtype is object else np.nan
        out[name] = out[name].astype(dtype) if dtype is not object else out[name].astype(object).where(
            out[name].notna(), None)
    columns = [*extra_first, *[c for c in FIELDS if c not in extra_first], out.geometry.name]
    return out[columns]
