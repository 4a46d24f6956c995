"""Campaign report: the per-sheet results of a campaign merged into one GeoPackage, one CSV
row per sheet and a self-contained HTML page, so an analyst sees at once which sheets are
worst and where their errors lie, and starts reviewing there.

campaign_report.gpkg: the merged FP/FN/scored/missed layers (`core.campaign.merge`), the
campaign's review_items ranked over all sheets with the decisions of the report it replaces
carried over (`core.review.campaign`), and a `sheets` layer (footprints, status, estimated IoU,
review counts; `core.campaign.sheet_index`); in a ranking campaign also `winner_per_sheet`, `best_of`
and campaign_ranking.csv (`core.campaign.ranking`). campaign_report.html: `core.campaign.report_html`
(a jinja2 template): model, parameters and versions, the sheet-index map, the IoU histogram,
review progress, the worst sheets with their classes over the imagery, failed sheets.

The three files are staged together and renamed into place only when all of them are
complete (`core.assess.outputs.StagedOutputs`), so a cancelled or failed report leaves no
campaign_report.* file that looks complete (an earlier complete report stays as it was).
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Dict, List, Optional, Sequence
from urllib.parse import quote

import pyogrio

from ..assess.outputs import StagedOutputs, write_layers
from ..common.progress import NullProgress, Progress, check_cancel
from . import ranking
from .merge import LAYERS, polygons_path, write_merged
from .report_html import number as _num, render
from .sheet_index import sheets_table
from .thumbnails import quality_thumbnail  # noqa: F401 (part of the report's API)
from ..review.schema import SHEETS_LAYER

REPORT_NAMES = {"gpkg": "campaign_report.gpkg", "csv": "campaign_sheets.csv", "html": "campaign_report.html"}
CSV_COLUMNS = ("sheet_id", "status", "est_iou", "est_f1", "est_precision", "est_recall", "fp_area_m2", "fn_area_m2",
               "fp_polygons", "fn_polygons", "missed_objects", "features", "review_items", "open_items", "runtime_s",
               "attempts", "error", "image")


def write_report(out_dir, records: Sequence[dict], progress: Optional[Progress] = None,
                 worst: int = 12, model: Optional[dict] = None, parameters: Optional[dict] = None) -> Dict[str, Path]:
    """Write campaign_report.gpkg, campaign_sheets.csv and campaign_report.html into out_dir.

    records: one plain dict per sheet in campaign order (sheet_id, state, image, error,
    runtime_s, attempts, outputs, summary). model: the network's description for the page
    (name, file, sha256, status, demo, dataset, card; `models.registry.describe_model`), None
    for the reference assessor; parameters: the campaign's output parameters (assessor, tile
    size, ...). Returns {"gpkg", "csv", "html"} -> final paths.
    Raises InputError when a done sheet's outputs cannot be read (a merged layer silently
    missing a sheet would mislead), OutputError when out_dir is not writable, Cancelled.
    """
    from ..review.campaign import merge_review_items

    progress = progress or NullProgress()
    out_dir = Path(out_dir)
    records = [dict(r, summary=_summary_of(r)) for r in records]
    done = [r for r in records if r.get("state") == "done"]
    staged = StagedOutputs(out_dir, list(REPORT_NAMES.values()) + [ranking.RANKING_CSV], overwrite=True)
    with staged:
        gpkg = staged.path(REPORT_NAMES["gpkg"])
        areas, target = write_merged(gpkg, done, progress)
        ranked = ranking.add_to_report(staged, gpkg, done, target)
        review = merge_review_items(gpkg, done, target, staged.final(REPORT_NAMES["gpkg"]), polygons_path, progress)
        rows = _sheet_rows(records, areas)
        for row in rows:
            counts = review.get(row["sheet_id"], {})
            row["review_items"], row["open_items"] = counts.get("items"), counts.get("open")
        links = {row["sheet_id"]: _sheet_link(out_dir, row["_record"]) for row in rows}
        sheets = sheets_table(rows, review, links, target)
        write_layers(gpkg, {SHEETS_LAYER: sheets})
        _write_csv(staged.path(REPORT_NAMES["csv"]), rows)
        items = pyogrio.read_dataframe(gpkg, layer="review_items", columns=["kind", "status"], read_geometry=False)
        page = render({"out_dir": out_dir, "names": REPORT_NAMES, "records": records, "rows": rows, "sheets": sheets,
                       "links": links, "review_items": items, "review_counts": review, "model": model,
                       "parameters": parameters, "worst": worst, "progress": progress})
        staged.path(REPORT_NAMES["html"]).write_text(page, encoding="utf-8")
        check_cancel(progress)
        extra = [ranking.RANKING_CSV] if ranked else []
        final = staged.commit([REPORT_NAMES["gpkg"], REPORT_NAMES["csv"]] + extra + [REPORT_NAMES["html"]])
    progress.set_progress(100, "Campaign report written")
    report = {key: final[name] for key, name in REPORT_NAMES.items()}
    if ranked:
        report["ranking_csv"] = final[ranking.RANKING_CSV]
    return report


def _summary_of(record: dict) -> dict:
    """The record's parsed summary, or the summary file of a done sheet, or {}."""
    if record.get("summary"):
        return record["summary"]
    path = (record.get("outputs") or {}).get("summary")
    if record.get("state") == "done" and path and Path(path).is_file():
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return {}


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
