"""Campaign report: the per-sheet results of a campaign merged into one GeoPackage, one CSV
row per sheet and a self-contained HTML page, so an analyst sees at once which sheets are
worst and where their errors lie.

The three files are staged together and renamed into place only when all of them are
complete (`core.assess.outputs.StagedOutputs`), so a cancelled or failed report leaves no
campaign_report.* file that looks complete (an earlier complete report stays as it was).
The merged GeoPackage is streamed sheet by sheet (bounded chunks appended to each layer),
so campaigns of tens of thousands of sheets do not need their polygons in memory at once.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import os
import statistics
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence
from urllib.parse import quote

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import rasterio
from PIL import Image
from pyproj import CRS
from rasterio.enums import Resampling

from ..common.crs import describe
from ..common.errors import InputError
from ..assess.outputs import StagedOutputs
from ..common.classes import CLASS_COLOURS, CLASS_LABELS
from ..common.progress import NullProgress, Progress, check_cancel

LAYERS = ("false_positive", "false_negative", "scored_features", "missed_objects")
REPORT_NAMES = {"gpkg": "campaign_report.gpkg", "csv": "campaign_sheets.csv", "html": "campaign_report.html"}
CSV_COLUMNS = ("sheet_id", "status", "est_iou", "est_f1", "est_precision", "est_recall", "fp_area_m2", "fn_area_m2",
               "fp_polygons", "fn_polygons", "missed_objects", "features", "runtime_s", "attempts", "error", "image")
APPEND_ROWS = 50_000   # rows buffered per layer before one append: few GPKG transactions, bounded memory
THUMBNAIL_PX = 256     # long side of the quality thumbnails
HIST_BINS = 10
WGS84 = CRS.from_epsg(4326)


def write_report(out_dir, records: Sequence[dict], progress: Optional[Progress] = None,
                 worst: int = 12) -> Dict[str, Path]:
    """Write campaign_report.gpkg, campaign_sheets.csv and campaign_report.html into out_dir.

    records: one plain dict per sheet in campaign order (sheet_id, state, image, error,
    runtime_s, attempts, outputs, summary). Returns {"gpkg", "csv", "html"} -> final paths.
    Raises InputError when a done sheet's outputs cannot be read (a merged layer silently
    missing a sheet would mislead), OutputError when out_dir is not writable, Cancelled.
    """
    progress = progress or NullProgress()
    out_dir = Path(out_dir)
    records = [dict(r, summary=_summary_of(r)) for r in records]
    done = [r for r in records if r.get("state") == "done"]
    staged = StagedOutputs(out_dir, list(REPORT_NAMES.values()), overwrite=True)
    with staged:
        areas = _write_gpkg(staged.path(REPORT_NAMES["gpkg"]), done, progress)
        rows = _sheet_rows(records, areas)
        _write_csv(staged.path(REPORT_NAMES["csv"]), rows)
        _write_html(staged.path(REPORT_NAMES["html"]), out_dir, records, rows, worst, progress)
        check_cancel(progress)
        final = staged.commit([REPORT_NAMES["gpkg"], REPORT_NAMES["csv"], REPORT_NAMES["html"]])
    progress.set_progress(100, "Campaign report written")
    return {key: final[name] for key, name in REPORT_NAMES.items()}


def _summary_of(record: dict) -> dict:
    """The record's parsed summary, or the summary file of a done sheet, or {}."""
    if record.get("summary"):
        return record["summary"]
    path = (record.get("outputs") or {}).get("summary")
    if record.get("state") == "done" and path and Path(path).is_file():
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return {}


def _num(value) -> Optional[float]:
    """A finite float, or None (missing, NaN, not a number)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


# ---- merged GeoPackage -------------------------------------------------------------------

def _polygons_path(record: dict) -> Path:
    path = (record.get("outputs") or {}).get("polygons")
    if not path:
        raise InputError(f"Sheet {record['sheet_id']} is marked done but has no assessment GeoPackage; rerun it.")
    return Path(path)


def _reason(exc: Exception) -> str:
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
        path = _polygons_path(rec)
        for layer in LAYERS:
            try:
                info = pyogrio.read_info(path, layer=layer)
            except Exception as exc:
                raise InputError(f"Sheet {rec['sheet_id']}: cannot read layer {layer} of {path}: {_reason(exc)}; "
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


def _target_crs(crs_names: set, progress: Progress) -> CRS:
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


def _write_gpkg(path: Path, done: List[dict], progress: Progress) -> Dict[str, Dict[str, Optional[float]]]:
    """Merged layers of all done sheets; returns the FP/FN areas (sum of area_m2) per sheet,
    read along the way for sheets whose summary does not carry them."""
    crs_names, schemas, geom_types = _survey(done, progress)
    target = _target_crs(crs_names, progress)
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
        sid, src = str(rec["sheet_id"]), _polygons_path(rec)
        areas[sid] = {}
        for layer in LAYERS:
            try:
                gdf = pyogrio.read_dataframe(src, layer=layer)
            except Exception as exc:
                raise InputError(f"Sheet {sid}: cannot read layer {layer} of {src}: {_reason(exc)}; "
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
    return areas


# ---- CSV ---------------------------------------------------------------------------------

def _sheet_rows(records: List[dict], areas: Dict[str, dict]) -> List[dict]:
    """One row per sheet, worst first: done sheets by ascending estimated IoU (sheets without
    an estimate after them), then failed/pending/running sheets in campaign order."""
    rows = []
    for idx, rec in enumerate(records):
        s = rec["summary"] if rec.get("state") == "done" else {}
        est = s.get("estimated") or {}
        polys = s.get("polygons") or {}
        sid = str(rec["sheet_id"])
        given = s.get("areas_m2") or {}
        area = {k: _num(given[k]) if k in given else areas.get(sid, {}).get(k)
                for k in ("false_positive", "false_negative")}
        row = {
            "sheet_id": sid, "status": rec.get("state"),
            "est_iou": _num(est.get("iou")), "est_f1": _num(est.get("f1")),
            "est_precision": _num(est.get("precision")), "est_recall": _num(est.get("recall")),
            "fp_area_m2": area["false_positive"], "fn_area_m2": area["false_negative"],
            "fp_polygons": polys.get("false_positive"), "fn_polygons": polys.get("false_negative"),
            "missed_objects": polys.get("missed_objects"), "features": (s.get("features") or {}).get("count"),
            "runtime_s": _num(rec.get("runtime_s")), "attempts": rec.get("attempts"),
            "error": rec.get("error"), "image": rec.get("image"),
            "_index": idx, "_record": rec,
        }
        rows.append(row)

    def key(row):
        if row["status"] != "done":
            return (2, 0.0, row["_index"])
        if row["est_iou"] is None:
            return (1, 0.0, row["_index"])
        return (0, row["est_iou"], row["_index"])

    return sorted(rows, key=key)


def _write_csv(path: Path, rows: List[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])


# ---- HTML --------------------------------------------------------------------------------

def quality_thumbnail(path, max_px: int = THUMBNAIL_PX) -> bytes:
    """PNG of a quality raster in the class colours (nodata transparent), long side <= max_px,
    from a decimated nearest-neighbour read (GDAL uses the COG's overviews), never the full grid."""
    with rasterio.open(path) as ds:
        scale = min(1.0, max_px / max(ds.width, ds.height))
        shape = (max(1, round(ds.height * scale)), max(1, round(ds.width * scale)))
        q = ds.read(1, out_shape=shape, resampling=Resampling.nearest)
    lut = np.zeros((256, 4), np.uint8)
    for value, rgb in CLASS_COLOURS.items():
        lut[value] = (*rgb, 255)
    buf = io.BytesIO()
    Image.fromarray(lut[q]).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def iou_histogram_svg(values: Sequence[float], bins: int = HIST_BINS) -> str:
    """Bar chart of per-sheet estimated IoU over [0, 1], as inline SVG written by hand: ten
    rectangles need no plotting library, and the page stays one self-contained file."""
    counts, edges = np.histogram(np.clip(np.asarray(values, float), 0.0, 1.0), bins=bins, range=(0.0, 1.0))
    w, h, left, right, top, bottom = 460, 240, 48, 12, 20, 44
    pw, ph = w - left - right, h - top - bottom
    peak = max(int(counts.max()) if len(counts) else 0, 1)
    bar_w = pw / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
             'role="img" aria-label="Histogram of the estimated IoU per sheet" class="histogram">',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>']
    for i, n in enumerate(counts):
        bh = ph * int(n) / peak
        x, y = left + i * bar_w, top + ph - bh
        label = f"{edges[i]:.1f}–{edges[i + 1]:.1f}"
        parts.append(f'<rect class="bar" data-bin="{label}" data-count="{int(n)}" x="{x + 1:.1f}" y="{y:.1f}" '
                     f'width="{bar_w - 2:.1f}" height="{bh:.1f}" fill="#4a78b5"><title>{label}: {int(n)} sheet(s)'
                     '</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
                     f'text-anchor="middle">{int(n)}</text>')
    for i, e in enumerate(edges):
        x = left + i * bar_w
        parts.append(f'<text x="{x:.1f}" y="{top + ph + 14}" font-size="10" text-anchor="middle">{e:.1f}</text>')
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{h - 8}" font-size="12" text-anchor="middle">'
                 'estimated IoU of the sheet</text>')
    parts.append(f'<text x="12" y="{top + ph / 2:.1f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + ph / 2:.1f})">sheets</text>')
    parts.append(f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end">{peak}</text>')
    parts.append(f'<text x="{left - 4}" y="{top + ph}" font-size="10" text-anchor="end">0</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _fmt(value, digits: int = 3) -> str:
    v = _num(value)
    return "–" if v is None else f"{v:,.{digits}f}"


def _count(value) -> str:
    return "–" if value is None else html.escape(str(value))


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _sheet_link(out_dir: Path, record: dict) -> Optional[str]:
    """Relative URL of the sheet's output folder (so the report folder can be moved whole)."""
    outputs = record.get("outputs") or {}
    path = outputs.get("quality") or outputs.get("summary") or outputs.get("polygons")
    if not path:
        return None
    folder = Path(path).parent
    try:
        rel = os.path.relpath(folder, out_dir)
    except ValueError:  # another drive (Windows)
        return folder.as_uri()
    return quote(Path(rel).as_posix()) + "/"


_CSS = """body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:middle}th{background:#f2f2f2}
td.num{text-align:right}img.thumb{image-rendering:pixelated;background:#eee}.legend span{display:inline-block;
width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}pre{white-space:pre-wrap;margin:0}"""


def _write_html(path: Path, out_dir: Path, records: List[dict], rows: List[dict], worst: int,
                progress: Progress) -> None:
    e = html.escape
    states = [r.get("state") for r in records]
    n_done, n_failed = states.count("done"), states.count("failed")
    n_pending, n_running = states.count("pending"), states.count("running")
    runtime = sum(v for v in (_num(r.get("runtime_s")) for r in records) if v is not None)
    ious = [row["est_iou"] for row in rows if row["status"] == "done" and row["est_iou"] is not None]

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>SegAssess campaign report</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>SegAssess campaign report</h1>",
           f"<p>Written {e(time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime()))} into {e(str(out_dir))}. "
           f"Per-sheet values: <a href=\"{REPORT_NAMES['csv']}\">{REPORT_NAMES['csv']}</a>; merged polygons: "
           f"<a href=\"{REPORT_NAMES['gpkg']}\">{REPORT_NAMES['gpkg']}</a>.</p>",
           "<h2>Sheets</h2><table>",
           f"<tr><th>sheets</th><td class=\"num\">{len(records)}</td></tr>",
           f"<tr><th>done</th><td class=\"num\" id=\"n-done\">{n_done}</td></tr>",
           f"<tr><th>failed</th><td class=\"num\" id=\"n-failed\">{n_failed}</td></tr>",
           f"<tr><th>pending</th><td class=\"num\" id=\"n-pending\">{n_pending}</td></tr>"]
    if n_running:
        out.append(f"<tr><th>running</th><td class=\"num\" id=\"n-running\">{n_running}</td></tr>")
    out.append(f"<tr><th>total runtime</th><td class=\"num\">{_duration(runtime)} ({runtime:,.1f} s)</td></tr></table>")

    out.append("<h2>Estimated IoU</h2>")
    if ious:
        out.append(f"<p>Mean of the per-sheet estimated IoU: <b id=\"iou-mean\">{statistics.fmean(ious):.4f}</b>, "
                   f"median <b id=\"iou-median\">{statistics.median(ious):.4f}</b>, over {len(ious)} done sheet(s) "
                   "(each sheet counts once, whatever its size). A pooled, pixel-weighted IoU of the whole campaign "
                   "is not given: the sheet summaries do not hold the expected pixel sums it needs.</p>")
    else:
        out.append("<p>No done sheet has an estimated IoU yet.</p>")
    if len(ious) < n_done:
        out.append(f"<p>{n_done - len(ious)} done sheet(s) have no estimate (nothing annotated or found).</p>")
    out.append(iou_histogram_svg(ious))

    worst_rows = [row for row in rows if row["status"] == "done"][:max(0, int(worst))]
    out.append(f"<h2>Worst {len(worst_rows)} sheet(s)</h2>")
    legend = "".join(f'<span style="background:rgb{rgb}"></span>{e(CLASS_LABELS[v])}'
                     for v, rgb in CLASS_COLOURS.items())
    out.append(f'<p class="legend">Thumbnails of the quality raster: {legend}; nodata transparent.</p>')
    out.append("<table><tr><th>#</th><th>sheet</th><th>quality</th><th>est. IoU</th><th>est. F1</th>"
               "<th>FP area m²</th><th>FN area m²</th><th>FP / FN polygons</th></tr>")
    for rank, row in enumerate(worst_rows, 1):
        check_cancel(progress)
        rec = row["_record"]
        quality = (rec.get("outputs") or {}).get("quality")
        thumb = "no quality raster"
        if quality:
            try:
                data = base64.b64encode(quality_thumbnail(quality)).decode("ascii")
                thumb = (f'<img class="thumb" data-sheet="{e(row["sheet_id"])}" '
                         f'alt="quality classes of sheet {e(row["sheet_id"])}" src="data:image/png;base64,{data}">')
            except (OSError, rasterio.errors.RasterioError) as exc:
                progress.warning(f"No thumbnail for sheet {row['sheet_id']}: {exc}")
                thumb = "unreadable quality raster"
        link = _sheet_link(out_dir, rec)
        name = e(row["sheet_id"])
        cell = f'<a href="{e(link)}">{name}</a>' if link else name
        out.append(f"<tr><td class=\"num\">{rank}</td><td>{cell}</td><td>{thumb}</td>"
                   f"<td class=\"num\">{_fmt(row['est_iou'], 4)}</td><td class=\"num\">{_fmt(row['est_f1'], 4)}</td>"
                   f"<td class=\"num\">{_fmt(row['fp_area_m2'], 1)}</td>"
                   f"<td class=\"num\">{_fmt(row['fn_area_m2'], 1)}</td>"
                   f"<td class=\"num\">{_count(row['fp_polygons'])} / {_count(row['fn_polygons'])}</td></tr>")
        progress.set_progress(80.0 + 20.0 * rank / max(len(worst_rows), 1), f"Thumbnail {rank}/{len(worst_rows)}")
    out.append("</table>")

    failed = [row for row in rows if row["status"] == "failed"]
    out.append(f"<h2>Failed sheets ({len(failed)})</h2>")
    if failed:
        out.append("<table><tr><th>sheet</th><th>attempts</th><th>error</th><th>image</th></tr>")
        for row in failed:
            out.append(f"<tr><td>{e(row['sheet_id'])}</td><td class=\"num\">{e(str(row['attempts']))}</td>"
                       f"<td class=\"error\"><pre>{e(str(row['error'] or ''))}</pre></td>"
                       f"<td>{e(str(row['image'] or ''))}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
