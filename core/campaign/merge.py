"""The merged GeoPackage of a campaign report: the FP, FN, scored-feature and missed-object layers
of every done sheet in one file, with `sheet_id` first.

One CRS: the sheets' common CRS, or EPSG:4326 when they are in several. Columns: the union of the
sheets' attribute columns (case-insensitive, as in SQLite; first spelling wins) with one dtype
each (nullable ints and bools, because sheets without the field contribute nulls). Streamed sheet
by sheet in bounded chunks appended to each layer, so campaigns of tens of thousands of sheets
do not need their polygons in memory at once.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from ..common.crs import describe
from ..common.errors import InputError
from ..common.progress import Progress, check_cancel

LAYERS = ("false_positive", "false_negative", "scored_features", "missed_objects")
APPEND_ROWS = 50_000   # rows buffered per layer before one append: few GPKG transactions, bounded memory
WGS84 = CRS.from_epsg(4326)


def polygons_path(record: dict) -> Path:
    path = (record.get("outputs") or {}).get("polygons")
    if not path:
        raise InputError(f"Sheet {record['sheet_id']} is marked done but has no assessment GeoPackage; rerun it.")
    return Path(path)


def reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _unify_dtype(dtypes: set) -> str:
    """One pandas dtype that holds the values of every sheet's field: nullable ints and bools,
    because sheets without the field contribute nulls; mixed kinds fall back to text."""
    kinds = {np.dtype(d).kind for d in dtypes}
    if kinds <= {"i", "u"}:
        return "Int64"
    if kinds == {"b"}:
        return "boolean"
    if kinds <= {"i", "u", "f", "b"}:
        return "float64"
    if kinds == {"M"} and len(dtypes) == 1:
        return str(next(iter(dtypes)))
    return "object"


def _geometry_type(types: set) -> str:
    """Layer geometry type: Polygon when nothing else was written (also for empty layers,
    which QGIS otherwise opens without geometry), MultiPolygon when sheets mix both."""
    types = {t for t in types if t and t != "Unknown"}
    if not types:
        return "Polygon"
    if len(types) == 1:
        return next(iter(types))
    return "MultiPolygon" if types <= {"Polygon", "MultiPolygon"} else "Unknown"


def _survey(done: List[dict], progress: Progress):
    """Read every done sheet's layer info (no features): CRSs, the union of the attribute
    columns (case-insensitive, as in SQLite; first spelling wins) and geometry types."""
    crs_names = set()
    schemas = {name: {} for name in LAYERS}   # lower name -> [spelling, set of dtypes]
    geom_types = {name: set() for name in LAYERS}
    for i, rec in enumerate(done):
        check_cancel(progress)
        path = polygons_path(rec)
        for layer in LAYERS:
            try:
                info = pyogrio.read_info(path, layer=layer)
            except Exception as exc:
                raise InputError(f"Sheet {rec['sheet_id']}: cannot read layer {layer} of {path}: {reason(exc)}; "
                                 "rerun the sheet.") from None
            crs = info.get("crs") or rec["summary"].get("crs_wkt")
            if not crs:
                raise InputError(f"Sheet {rec['sheet_id']}: layer {layer} of {path} has no CRS; rerun the sheet.")
            crs_names.add(crs)
            for field, dtype in zip(info["fields"], info["dtypes"]):
                if field == "sheet_id":
                    field = "source_sheet_id"
                entry = schemas[layer].setdefault(field.lower(), [field, set()])
                entry[1].add(dtype)
            if info["features"]:
                geom_types[layer].add(info["geometry_type"])
        progress.set_progress(10.0 * (i + 1) / len(done), f"Read the layer info of sheet {i + 1}/{len(done)}")
    return crs_names, schemas, geom_types


def target_crs(crs_names: set, progress: Progress) -> CRS:
    """The sheets' common CRS, or EPSG:4326 when they differ (UTM zones of a large campaign)."""
    crss = [CRS.from_user_input(c) for c in sorted(crs_names)]
    if not crss:
        progress.info("No sheet is done yet: the campaign GeoPackage's empty layers are in EPSG:4326.")
        return WGS84
    if all(c == crss[0] for c in crss[1:]):
        return crss[0]
    names = sorted({describe(c) for c in crss})
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    progress.info(f"The done sheets are in {len(names)} different CRSs ({shown}): the campaign GeoPackage is "
                  "reprojected to EPSG:4326 (WGS 84).")
    return WGS84


def _conform(gdf: gpd.GeoDataFrame, sheet_id: str, columns: Dict[str, str], canon: Dict[str, str],
             crs: CRS, same_crs: bool) -> gpd.GeoDataFrame:
    """One sheet's layer on the campaign schema: sheet_id first, every union column in the
    layer's order (pyogrio appends by position) with its unified dtype, nulls where absent."""
    if "sheet_id" in gdf.columns:
        gdf = gdf.rename(columns={"sheet_id": "source_sheet_id"})
    gdf = gdf.rename(columns={c: canon[c.lower()] for c in gdf.columns if c.lower() in canon})
    if not same_crs:
        gdf = gdf.to_crs(crs)
    data = {"sheet_id": pd.Series([sheet_id] * len(gdf), index=gdf.index, dtype=object)}
    for name, dtype in columns.items():
        s = gdf[name] if name in gdf.columns else pd.Series(np.nan, index=gdf.index)
        data[name] = _cast(s, dtype)
    return gpd.GeoDataFrame(data, geometry=gdf.geometry.values, crs=crs, index=gdf.index)


def _cast(s: pd.Series, dtype: str) -> pd.Series:
    if dtype != "object":
        try:
            return s.astype(dtype)
        except (TypeError, ValueError):
            pass
    # text: GDAL wants str or None in a string field
    return s.astype(object).map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v))
                                or v is pd.NA or v is pd.NaT else (v if isinstance(v, str) else str(v)))


def write_merged(path: Path, done: List[dict], progress: Progress) -> Tuple[Dict[str, Dict[str, Optional[float]]], CRS]:
    """Merged layers of all done sheets; returns the FP/FN areas (sum of area_m2) per sheet,
    read along the way for sheets whose summary does not carry them, and the report's CRS."""
    crs_names, schemas, geom_types = _survey(done, progress)
    target = target_crs(crs_names, progress)
    columns = {layer: {spelling: _unify_dtype(dtypes) for spelling, dtypes in schemas[layer].values()}
               for layer in LAYERS}
    canon = {layer: {low: spelling for low, (spelling, _) in schemas[layer].items()} for layer in LAYERS}
    gtypes = {layer: _geometry_type(geom_types[layer]) for layer in LAYERS}
    for layer in LAYERS:
        empty = gpd.GeoDataFrame({"sheet_id": pd.Series(dtype=object),
                                  **{c: pd.Series(dtype=d) for c, d in columns[layer].items()}},
                                 geometry=gpd.GeoSeries([], crs=target), crs=target)
        empty.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", geometry_type=gtypes[layer])

    buffers = {layer: [] for layer in LAYERS}
    counts = dict.fromkeys(LAYERS, 0)

    def flush(layer):
        if buffers[layer]:
            chunk = gpd.GeoDataFrame(pd.concat(buffers[layer], ignore_index=True), crs=target)
            chunk.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", append=True,
                          promote_to_multi=gtypes[layer] == "MultiPolygon")
            buffers[layer], counts[layer] = [], 0

    areas = {}
    for i, rec in enumerate(done):
        check_cancel(progress)
        sid, src = str(rec["sheet_id"]), polygons_path(rec)
        areas[sid] = {}
        for layer in LAYERS:
            try:
                gdf = pyogrio.read_dataframe(src, layer=layer)
            except Exception as exc:
                raise InputError(f"Sheet {sid}: cannot read layer {layer} of {src}: {reason(exc)}; "
                                 "rerun the sheet.") from None
            if layer in ("false_positive", "false_negative"):
                areas[sid][layer] = float(gdf["area_m2"].sum()) if "area_m2" in gdf.columns else None
            if len(gdf) == 0:
                continue
            if gdf.crs is None:  # _survey checked that the summary names it
                gdf = gdf.set_crs(rec["summary"]["crs_wkt"])
            buffers[layer].append(_conform(gdf, sid, columns[layer], canon[layer], target, gdf.crs == target))
            counts[layer] += len(gdf)
            if counts[layer] >= APPEND_ROWS:
                flush(layer)
        progress.set_progress(10.0 + 70.0 * (i + 1) / len(done), f"Merged sheet {i + 1}/{len(done)} ({sid})")
    for layer in LAYERS:
        flush(layer)
    return areas, target
