"""Suggested edits: accepted review items applied to the inventory, as a corrected layer.

Which items are applied (`accepted_items`):
- `auto`: FP, FN and missed-object items whose mean_confidence is at least `min_confidence`
  (DEFAULT_MIN_CONFIDENCE), plus every item the analyst marked confirmed or fixed;
- `reviewed`: only items marked confirmed or fixed;
- in both modes a confirmed/fixed `feature` item applies the FP and FN items of that feature, and
  an item marked `false_alarm` is never applied, whatever else says so.

What they do (`apply_edits`), in a projected working CRS (the inventory's, or its UTM zone):
- an FP region is cut out of every feature it overlaps; a feature left with less than
  MIN_KEEP_PIXELS pixels of area is `removed` (it stays a row with an empty geometry, its
  attributes and source_fid kept, so it can be joined back; filter `edit <> 'removed'` to drop it);
- an FN region is joined to the feature it overlaps most once grown by one pixel;
- the outline of a changed feature is cleaned (`core.review.shapes.clean`) and the feature is
  `reshaped`; untouched features are `kept` as they were;
- a missed object becomes a new feature (`added`, no source_fid), regularised as a building or as
  water (`core.review.shapes.regularise`); its attributes are empty except the fields that the
  annotation filter sets by simple equalities (`"Niveau_2" = 'Building'` gives Niveau_2 = Building).

`changes` lists every edit with the area it added and removed (ground m²) and the items behind it.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..common.crs import areas_m2
from ..common.errors import InputError
from .matching import assign_regions
from .schema import ACCEPT_MODES, ACCEPTED, DEFAULT_MIN_CONFIDENCE, OBJECT_TYPES
from .shapes import clean, regularise

MIN_KEEP_PIXELS = 4
REGION_KINDS = ("false_positive", "false_negative", "missed_object")
_EQUALITY = re.compile(r"""^\s*"?([A-Za-z_][\w]*)"?\s*=\s*'((?:[^']|'')*)'\s*$""")


def filter_values(where: Optional[str]) -> Dict[str, str]:
    """Field values that an attribute filter made of `field = 'text'` terms joined by AND fixes
    (what an added feature must carry to pass the same filter); {} for anything else."""
    if not where:
        return {}
    terms = re.split(r"\s+AND\s+", where.strip(), flags=re.IGNORECASE)
    values = {}
    for term in terms:
        m = _EQUALITY.match(term.strip().strip("()"))
        if not m:
            return {}
        values[m.group(1)] = m.group(2).replace("''", "'")
    return values


def accepted_items(items: pd.DataFrame, accept: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> pd.DataFrame:
    """The region items (FP, FN, missed objects) to apply; see the module doc for the rules."""
    if accept not in ACCEPT_MODES:
        raise InputError(f"--accept must be one of {', '.join(ACCEPT_MODES)} (got {accept!r}).")
    if not (0.0 <= min_confidence <= 1.0):
        raise InputError(f"The minimum confidence must lie between 0 and 1 (got {min_confidence}).")
    if len(items) == 0:
        return items
    status = items["status"].fillna("unreviewed")
    said_yes = status.isin(ACCEPTED)
    region = items["kind"].isin(REGION_KINDS)
    chosen = region & said_yes
    if accept == "auto":
        chosen |= region & (items["mean_confidence"].fillna(0) >= min_confidence)
    features = items[(items["kind"] == "feature") & said_yes]
    if len(features):
        keys = ["sheet_id", "feature_id"] if "sheet_id" in items.columns else ["feature_id"]
        wanted = set(map(tuple, features[keys].astype(str).to_numpy()))
        mine = items[keys].astype(str).apply(tuple, axis=1).isin(wanted) & items["feature_id"].notna()
        chosen |= mine & items["kind"].isin(("false_positive", "false_negative"))
    return items[chosen & (status != "false_alarm")]


def working_crs(gdf: gpd.GeoDataFrame):
    """The inventory's CRS when projected, else its UTM zone (distances of a pixel are needed)."""
    if gdf.crs is None:
        raise InputError("The inventory has no coordinate reference system; assign one first.")
    if not gdf.crs.is_geographic:
        return gdf.crs
    return gdf.estimate_utm_crs() if len(gdf) else "EPSG:3857"


def _cut_fp(geoms: np.ndarray, fp: gpd.GeoDataFrame, touched: Dict[int, list]) -> np.ndarray:
    out = geoms.copy()
    if len(fp) == 0 or len(geoms) == 0:
        return out
    regions = np.asarray(fp.geometry.values, dtype=object)
    left, right = shapely.STRtree(geoms).query(regions, predicate="intersects")
    overlap = shapely.area(shapely.intersection(regions[left], geoms[right])) > 0
    for r, f in zip(left[overlap], right[overlap]):
        touched.setdefault(int(f), []).append(fp.iloc[int(r)])
    for f, rows in touched.items():
        cut = shapely.union_all([row.geometry for row in rows if row["kind"] == "false_positive"])
        out[f] = shapely.difference(out[f], cut)
    return out


def _join_fn(geoms: np.ndarray, fn: gpd.GeoDataFrame, pixel: float, touched: Dict[int, list]) -> Tuple[np.ndarray, list]:
    """FN regions joined to their feature; those touching no feature returned apart."""
    out = geoms.copy()
    owners = assign_regions(fn.geometry.values, geoms, pixel)
    alone = []
    for k, owner in enumerate(owners):
        row = fn.iloc[k]
        if owner < 0:
            alone.append(row)
            continue
        touched.setdefault(int(owner), []).append(row)
        out[owner] = shapely.union(out[owner], row.geometry) if out[owner] is not None else row.geometry
    return out, alone


def apply_edits(inventory: gpd.GeoDataFrame, items: gpd.GeoDataFrame, pixel: float, object_type: str = "building",
                added_values: Optional[Dict[str, str]] = None) -> Tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(corrected inventory, changes) from accepted region `items`; both in the inventory's CRS
    (`inventory` and `items` in the same projected CRS, `pixel` the pixel side in its units)."""
    if object_type not in OBJECT_TYPES:
        raise InputError(f"The object type must be one of {', '.join(OBJECT_TYPES)} (got {object_type!r}).")
    geoms = np.asarray(inventory.geometry.values, dtype=object)
    touched: Dict[int, list] = {}
    fp = items[items["kind"] == "false_positive"]
    new = _cut_fp(geoms, fp, touched)
    new, alone = _join_fn(new, items[items["kind"] == "false_negative"], pixel, touched)
    edits = np.full(len(geoms), "kept", dtype=object)
    min_keep = MIN_KEEP_PIXELS * pixel * pixel
    for f in touched:
        g = clean(new[f], pixel, object_type)
        new[f] = g if g is not None and g.area >= min_keep else None
        edits[f] = "reshaped" if new[f] is not None else "removed"
    corrected = inventory.copy()
    for c in corrected.columns:  # added features leave most fields empty: integer fields must hold nulls
        if c != corrected.geometry.name and _nullable(corrected[c].dtype) != corrected[c].dtype:
            corrected[c] = corrected[c].astype(_nullable(corrected[c].dtype))
    corrected[corrected.geometry.name] = gpd.GeoSeries(new, index=corrected.index, crs=inventory.crs)
    corrected["edit"] = edits
    added_rows = [*alone, *[row for _, row in items[items["kind"] == "missed_object"].iterrows()]]
    added = _added(corrected, added_rows, pixel, object_type, added_values or {}, min_keep)
    corrected = pd.concat([corrected, added], ignore_index=True) if len(added) else corrected.reset_index(drop=True)
    corrected = gpd.GeoDataFrame(corrected, geometry=inventory.geometry.name, crs=inventory.crs)
    changes = _changes(geoms, corrected, touched, added, added_rows)
    return corrected, changes


def _nullable(dtype):
    """A dtype that holds missing values too (added features have no value in most fields)."""
    kind = np.dtype(dtype).kind if not isinstance(dtype, pd.api.extensions.ExtensionDtype) else ""
    return {"i": "Int64", "u": "Int64", "b": "boolean"}.get(kind, dtype)


def _added(corrected: gpd.GeoDataFrame, rows: List[pd.Series], pixel: float, object_type: str,
           values: Dict[str, str], min_keep: float) -> gpd.GeoDataFrame:
    """New features for missed objects: regularised outlines, filter values, no source_fid."""
    geoms, kept = [], []
    for k, row in enumerate(rows):
        g = regularise(row.geometry, pixel, object_type)
        if g is not None and g.area >= min_keep:
            geoms.append(g)
            kept.append(k)
    lower = {c.lower(): c for c in corrected.columns}
    data = {}
    for c in corrected.columns:
        if c == corrected.geometry.name:
            continue
        dtype = _nullable(corrected[c].dtype)
        data[c] = pd.Series([None] * len(geoms), dtype=object).astype(dtype) if dtype != object else \
            pd.Series([None] * len(geoms), dtype=object)
    for field, value in values.items():
        if field.lower() in lower:
            data[lower[field.lower()]] = pd.Series([value] * len(geoms), dtype=object)
    data["edit"] = pd.Series(["added"] * len(geoms), dtype=object)
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=corrected.crs), crs=corrected.crs)
    out.attrs["rows"] = kept
    return out.rename_geometry(corrected.geometry.name) if corrected.geometry.name != "geometry" else out


def _ids(rows) -> str:
    ids = sorted({int(r["item_id"]) for r in rows})
    sheets = sorted({str(r["sheet_id"]) for r in rows if "sheet_id" in r.index and r["sheet_id"] is not None})
    text = ",".join(str(i) for i in ids)
    return f"{'/'.join(sheets)}:{text}" if sheets else text


def _changes(old: np.ndarray, corrected: gpd.GeoDataFrame, touched: Dict[int, list], added: gpd.GeoDataFrame,
             added_rows: list) -> gpd.GeoDataFrame:
    """One row per changed feature and per added one: the changed area as geometry."""
    crs, gname = corrected.crs, corrected.geometry.name
    recs = []
    for f in sorted(touched):
        before, after = old[f], corrected.geometry.iloc[f]
        gained = shapely.difference(after, before) if after is not None else None
        lost = shapely.difference(before, after) if after is not None else before
        recs.append((corrected["edit"].iloc[f], corrected["source_fid"].iloc[f], _ids(touched[f]),
                     gained, lost, shapely.union_all([g for g in (gained, lost) if g is not None])))
    for j, k in enumerate(added.attrs.get("rows", [])):
        g = added.geometry.iloc[j]
        recs.append(("added", None, _ids([added_rows[k]]), g, None, g))
    gained = gpd.GeoSeries([r[3] for r in recs], crs=crs)
    lost = gpd.GeoSeries([r[4] for r in recs], crs=crs)
    table = gpd.GeoDataFrame({
        "change_id": np.arange(1, len(recs) + 1, dtype="int64"),
        "edit": pd.Series([r[0] for r in recs], dtype=object),
        "source_fid": pd.array([r[1] for r in recs], dtype="Int64"),
        "items": pd.Series([r[2] for r in recs], dtype=object),
        "area_added_m2": areas_m2(gained.fillna(shapely.Polygon()), crs) if len(recs) else np.zeros(0),
        "area_removed_m2": areas_m2(lost.fillna(shapely.Polygon()), crs) if len(recs) else np.zeros(0),
    }, geometry=gpd.GeoSeries([r[5] for r in recs], crs=crs), crs=crs)
    table["area_m2"] = table["area_added_m2"] + table["area_removed_m2"]
    table.attrs["geometry_type"] = "MultiPolygon"
    return table.rename_geometry(gname) if gname != "geometry" else table
