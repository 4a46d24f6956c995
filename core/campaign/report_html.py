"""The campaign report page (campaign_report.html): a jinja2 template with one partial per section.

`SECTIONS` lists the sections in page order, each with the builder of its context; the page
template includes `templates/sections/<name>.html` for each. To add a section (say, the winners
of a ranking), write its partial and its builder and add one entry here. Values are escaped by
the template engine (autoescape), so sheet ids and error messages are shown as text.
The page is self-contained: thumbnails are inline PNGs, charts and the sheet map inline SVG.
"""
from __future__ import annotations

import base64
import statistics
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import pandas as pd
import rasterio

from ..common.classes import CLASS_COLOURS, CLASS_LABELS, CLASS_VALUES
from ..common.progress import Progress, check_cancel
from ..review.schema import KINDS, STATUSES
from . import ranking
from .sheet_index import index_map
from .thumbnails import overlay_thumbnail, quality_thumbnail

TEMPLATES = Path(__file__).resolve().parent / "templates"
HIST_BINS = 10


def number(value) -> Optional[float]:
    """A finite float, or None (missing, NaN, not a number)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def _fmt(value, digits: int = 3) -> str:
    v = number(value)
    return "–" if v is None else f"{v:,.{digits}f}"


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def histogram(values: Sequence[float], bins: int = HIST_BINS) -> dict:
    """Bars of the per-sheet estimated IoU over [0, 1] in SVG coordinates (see sections/iou.html)."""
    counts, edges = np.histogram(np.clip(np.asarray(values, float), 0.0, 1.0), bins=bins, range=(0.0, 1.0))
    w, h, left, right, top, bottom = 460, 240, 48, 12, 20, 44
    pw, ph = w - left - right, h - top - bottom
    peak = max(int(counts.max()) if len(counts) else 0, 1)
    bar_w = pw / bins
    bars = [{"n": int(n), "x": left + i * bar_w, "bh": ph * int(n) / peak, "y": top + ph - ph * int(n) / peak,
             "label": f"{edges[i]:.1f}–{edges[i + 1]:.1f}"} for i, n in enumerate(counts)]
    return {"w": w, "h": h, "left": left, "right": left + pw, "top": top, "base": top + ph, "bar_w": bar_w,
            "peak": peak, "bars": bars, "edges": [{"x": left + i * bar_w, "v": e} for i, e in enumerate(edges)]}


def _versions(records: List[dict]) -> Dict[str, str]:
    """Each software version of the done sheets' summaries (several values listed when they differ)."""
    seen: Dict[str, list] = {}
    for rec in records:
        for k, v in ((rec.get("summary") or {}).get("versions") or {}).items():
            seen.setdefault(k, [])
            if str(v) not in seen[k]:
                seen[k].append(str(v))
    return {k: ", ".join(v) for k, v in seen.items()}


def _first_summary(records: List[dict]) -> dict:
    return next((r["summary"] for r in records if r.get("state") == "done" and r.get("summary")), {})


def build_header(ctx: dict) -> dict:
    return {"written": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "out_dir": str(ctx["out_dir"]),
            "csv": ctx["names"]["csv"], "gpkg": ctx["names"]["gpkg"]}


def build_model(ctx: dict) -> dict:
    first = _first_summary(ctx["records"])
    params = ctx.get("parameters") or first.get("parameters") or {}
    return {"model": ctx.get("model"), "assessor": (ctx.get("parameters") or {}).get("assessor") or first.get("assessor"),
            "parameters": {k: v for k, v in params.items() if k != "model_sha256"},
            "versions": _versions(ctx["records"])}


def build_overview(ctx: dict) -> dict:
    states = [r.get("state") for r in ctx["records"]]
    runtime = sum(v for v in (number(r.get("runtime_s")) for r in ctx["records"]) if v is not None)
    return {"total": len(states), "done": states.count("done"), "failed": states.count("failed"),
            "pending": states.count("pending"), "running": states.count("running"),
            "runtime": f"{_duration(runtime)} ({runtime:,.1f} s)"}


def build_iou(ctx: dict) -> dict:
    done = [row for row in ctx["rows"] if row["status"] == "done"]
    ious = [row["est_iou"] for row in done if row["est_iou"] is not None]
    out = histogram(ious)
    out.update(ious=ious, without=len(done) - len(ious),
               mean=statistics.fmean(ious) if ious else None, median=statistics.median(ious) if ious else None)
    return out


def build_sheet_map(ctx: dict) -> Optional[dict]:
    return index_map(ctx["sheets"])


def build_review(ctx: dict) -> dict:
    items: pd.DataFrame = ctx["review_items"]
    kinds = list(KINDS)
    table = {}
    for status in STATUSES:
        mine = items[items["status"].fillna("unreviewed") == status] if len(items) else items
        table[status] = {**{k: int((mine["kind"] == k).sum()) if len(mine) else 0 for k in kinds}, "all": len(mine)}
    total = len(items)
    open_ = table["unreviewed"]["all"]
    return {"total": total, "open": open_, "reviewed": total - open_, "kinds": kinds, "table": table}


def _thumb(rec: dict, progress: Progress):
    """(base64 PNG, or None and the reason) of a sheet: classes over the image, else classes alone."""
    quality = (rec.get("outputs") or {}).get("quality")
    if not quality:
        return None, "no quality raster"
    bands = ((rec.get("summary") or {}).get("parameters") or {}).get("bands")
    try:
        try:
            png = overlay_thumbnail(quality, rec.get("image"), bands) if rec.get("image") else quality_thumbnail(quality)
        except (OSError, rasterio.errors.RasterioError, ValueError):
            png = quality_thumbnail(quality)  # the image moved or cannot be read: the classes alone
        return base64.b64encode(png).decode("ascii"), None
    except (OSError, rasterio.errors.RasterioError) as exc:
        progress.warning(f"No thumbnail for sheet {rec.get('sheet_id')}: {exc}")
        return None, "unreadable quality raster"


def build_worst(ctx: dict) -> dict:
    progress: Progress = ctx["progress"]
    rows = [row for row in ctx["rows"] if row["status"] == "done"][:max(0, int(ctx["worst"]))]
    out = []
    for rank, row in enumerate(rows, 1):
        check_cancel(progress)
        thumb, why = _thumb(row["_record"], progress)
        counts = ctx["review_counts"].get(row["sheet_id"], {})
        out.append({"sheet_id": row["sheet_id"], "link": ctx["links"].get(row["sheet_id"]), "thumb": thumb,
                    "no_thumb": why, "iou": _fmt(row["est_iou"], 4), "f1": _fmt(row["est_f1"], 4),
                    "fp_area": _fmt(row["fp_area_m2"], 1), "fn_area": _fmt(row["fn_area_m2"], 1),
                    "polygons": f"{_count(row['fp_polygons'])} / {_count(row['fn_polygons'])}",
                    "open": counts.get("open", "–")})
        progress.set_progress(85.0 + 15.0 * rank / max(len(rows), 1), f"Thumbnail {rank}/{len(rows)}")
    legend = [(CLASS_LABELS[v], "rgb({},{},{})".format(*CLASS_COLOURS[v]))
              for v in (CLASS_VALUES["TP"], CLASS_VALUES["FP"], CLASS_VALUES["FN"])]
    return {"rows": out, "legend": legend}


def _count(value) -> str:
    return "–" if value is None else str(value)


def build_failed(ctx: dict) -> list:
    return [{"sheet_id": row["sheet_id"], "attempts": row["attempts"], "error": row["error"], "image": row["image"]}
            for row in ctx["rows"] if row["status"] == "failed"]


SECTIONS: List[tuple] = [
    ("header", build_header), ("model", build_model), ("overview", build_overview), ("sheet_map", build_sheet_map),
    ("ranking", ranking.build_section), ("iou", build_iou), ("review", build_review), ("worst", build_worst),
    ("failed", build_failed),
]


def render(ctx: dict, sections: Optional[List[tuple]] = None) -> str:
    """The page for `ctx` (out_dir, names, records, rows, sheets, links, review_items, review_counts,
    model, parameters, worst, progress): each section's builder, then the template."""
    import jinja2

    sections = sections or SECTIONS
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    values: Dict[str, object] = {name: build(ctx) for name, build in sections}
    return env.get_template("campaign_report.html").render(sections=[n for n, _ in sections], **values)
