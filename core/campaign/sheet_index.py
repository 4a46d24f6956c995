"""The sheets of a campaign as a layer and as a map: footprints, estimated IoU, review progress.

`sheets_table` gives one row per sheet (any state) with its footprint in the report's CRS (the
quality raster's extent for a done sheet, the image's for the others when it can be opened),
status, estimated IoU, review item counts, the image and bands it was assessed with, and the
relative link to its output folder. It is written as the `sheets` layer of campaign_report.gpkg
(the review panel and `segassess edits --training-sheets` read it) and drawn as the report's
sheet-index map (`index_map`: SVG paths in a fitted view box, one colour per sheet).

Colours: estimated IoU from red (0) through yellow (0.5) to green (1) (IOU_STOPS); review
progress (share of a sheet's items decided) from white to blue (REVIEW_STOPS); grey = no value.
"""
from __future__ import annotations

import math
from typing import Dict, List, Optional

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from shapely.geometry import box

IOU_STOPS = ((0.0, (215, 48, 39)), (0.5, (254, 224, 139)), (1.0, (26, 152, 80)))
REVIEW_STOPS = ((0.0, (247, 251, 255)), (1.0, (33, 102, 172)))
NO_VALUE = "#bdbdbd"
MAP_WIDTH = 540
MAP_MAX_HEIGHT = 400
MARGIN = 8


def ramp(value: Optional[float], stops) -> str:
    """Hex colour of `value` on a piecewise-linear colour ramp; NO_VALUE for None/NaN."""
    if value is None or not math.isfinite(value):
        return NO_VALUE
    v = min(max(float(value), stops[0][0]), stops[-1][0])
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if v <= b:
            t = 0.0 if b == a else (v - a) / (b - a)
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
    return "#" + "".join(f"{c:02x}" for c in stops[-1][1])


def footprint(record: dict, target):
    """The sheet's extent as a polygon in `target` (densified, so it stays right when reprojected)."""
    outputs = record.get("outputs") or {}
    path = outputs.get("quality") if record.get("state") == "done" else record.get("image")
    if not path:
        return None
    try:
        with rasterio.open(path) as ds:
            bounds, crs = ds.bounds, ds.crs
    except Exception:
        return None
    if crs is None:
        return None
    span = max(bounds.right - bounds.left, bounds.top - bounds.bottom)
    poly = shapely.segmentize(box(*bounds), span / 16)
    return gpd.GeoSeries([poly], crs=crs.to_wkt()).to_crs(target).iloc[0]


def _bands_text(summary: dict) -> Optional[str]:
    bands = (summary.get("parameters") or {}).get("bands")
    return ",".join(str(int(b)) for b in bands) if bands else None


def sheets_table(rows: List[dict], review: Dict[str, dict], links: Dict[str, Optional[str]], target
                 ) -> gpd.GeoDataFrame:
    """One row per sheet (rows: the report's sheet rows, worst first; review: item counts per sheet)."""
    recs, geoms = [], []
    for row in rows:
        rec = row["_record"]
        counts = review.get(row["sheet_id"], {})
        summary = rec.get("summary") or {}
        recs.append({"sheet_id": row["sheet_id"], "status": row["status"], "est_iou": row["est_iou"],
                     "items": counts.get("items"), "open_items": counts.get("open"),
                     "reviewed_items": counts.get("reviewed"), "image": rec.get("image"),
                     "bands": _bands_text(summary), "stretch": (summary.get("parameters") or {}).get("stretch"),
                     "outputs": links.get(row["sheet_id"])})
        geoms.append(footprint(rec, target))
    table = pd.DataFrame(recs, columns=["sheet_id", "status", "est_iou", "items", "open_items", "reviewed_items",
                                        "image", "bands", "stretch", "outputs"])
    for col in ("items", "open_items", "reviewed_items"):
        table[col] = table[col].astype("Int64")
    table["est_iou"] = table["est_iou"].astype(float)
    out = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, crs=target), crs=target)
    out.attrs["geometry_type"] = "Polygon"
    return out


def _to_view(table: gpd.GeoDataFrame):
    """Affine (scale, x0, y0, width, height) that fits the footprints into the map's view box."""
    x0, y0, x1, y1 = table.total_bounds
    sx = math.cos(math.radians((y0 + y1) / 2)) if table.crs is not None and table.crs.is_geographic else 1.0
    w, h = max((x1 - x0) * sx, 1e-12), max(y1 - y0, 1e-12)
    scale = min((MAP_WIDTH - 2 * MARGIN) / w, (MAP_MAX_HEIGHT - 2 * MARGIN) / h)
    return sx * scale, scale, x0, y1, round(w * scale + 2 * MARGIN), round(h * scale + 2 * MARGIN)


def _path(geom, kx, ky, x0, y_top) -> str:
    parts = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            pts = " L".join(f"{MARGIN + (x - x0) * kx:.1f},{MARGIN + (y_top - y) * ky:.1f}" for x, y in xy)
            parts.append(f"M{pts} Z")
    return " ".join(parts)


def index_map(table: gpd.GeoDataFrame) -> Optional[dict]:
    """The sheet-index map for the report template: {width, height, sheets: [...], reviewed: bool};
    None when no sheet has a footprint."""
    shown = table[table.geometry.notna() & ~table.geometry.is_empty]
    if len(shown) == 0:
        return None
    kx, ky, x0, y_top, width, height = _to_view(shown)
    sheets = []
    for _, r in shown.iterrows():
        items, reviewed = r["items"], r["reviewed_items"]
        share = float(reviewed) / float(items) if not pd.isna(items) and items else None
        c = r.geometry.representative_point()
        sheets.append({"id": r["sheet_id"], "d": _path(r.geometry, kx, ky, x0, y_top), "link": r["outputs"],
                       "status": r["status"], "iou": None if pd.isna(r["est_iou"]) else float(r["est_iou"]),
                       "iou_fill": ramp(None if pd.isna(r["est_iou"]) else r["est_iou"], IOU_STOPS),
                       "review_fill": ramp(share, REVIEW_STOPS), "share": share,
                       "open": None if pd.isna(r["open_items"]) else int(r["open_items"]),
                       "x": MARGIN + (c.x - x0) * kx, "y": MARGIN + (y_top - c.y) * ky})
    reviewed_any = bool(shown["reviewed_items"].fillna(0).astype(int).sum() > 0)
    return {"width": width, "height": height, "sheets": sheets, "reviewed": reviewed_any,
            "iou_legend": [(v, ramp(v, IOU_STOPS)) for v in (0.0, 0.25, 0.5, 0.75, 1.0)],
            "review_legend": [(v, ramp(v, REVIEW_STOPS)) for v in (0.0, 0.5, 1.0)]}
