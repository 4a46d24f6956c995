"""The ranking table: one row per candidate, best first, from each candidate's assessment summary.

Candidates are ranked by the estimated IoU of the whole annotation (expected TP / (TP + FP + FN)
pixels, summed from the class probabilities over the sheet); equal IoUs share a rank (1, 2, 2, 4),
candidates without an estimate (nothing annotated and nothing missed) come last. With the
reference assessor (a ground truth) the figures are exact, and so is the order.
"""
from __future__ import annotations

import csv
import io
import json
import math
from typing import Dict, List, Sequence

from ..assess.outputs import write_text

RANKING_FIELDS = ("rank", "candidate", "key", "assessor", "exact", "est_iou", "est_f1", "est_precision", "est_recall",
                  "fp_area_m2", "fn_area_m2", "features", "fp_polygons", "fn_polygons", "missed_objects",
                  "best_of_features", "quality")


def _number(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return v


def ranking_rows(labels: Sequence[str], keys: Sequence[str], summaries: Sequence[dict],
                 quality_files: Sequence[str], best_of_counts: Sequence[int], exact: bool) -> List[dict]:
    """The table's rows, best first (see the module doc)."""
    rows = []
    for label, key, s, quality, best in zip(labels, keys, summaries, quality_files, best_of_counts):
        est, areas, pol = s.get("estimated", {}), s.get("areas_m2", {}), s.get("polygons", {})
        rows.append({"candidate": label, "key": key, "assessor": s.get("assessor"), "exact": bool(exact),
                     "est_iou": _number(est.get("iou")), "est_f1": _number(est.get("f1")),
                     "est_precision": _number(est.get("precision")), "est_recall": _number(est.get("recall")),
                     "fp_area_m2": _number(areas.get("false_positive")),
                     "fn_area_m2": _number(areas.get("false_negative")),
                     "features": int(s.get("features", {}).get("count", 0)),
                     "fp_polygons": int(pol.get("false_positive", 0)), "fn_polygons": int(pol.get("false_negative", 0)),
                     "missed_objects": int(pol.get("missed_objects", 0)), "best_of_features": int(best),
                     "quality": quality})
    order = sorted(range(len(rows)), key=lambda i: (math.isnan(rows[i]["est_iou"]), -_finite(rows[i]["est_iou"]), i))
    ranked, previous = [], None
    for position, i in enumerate(order, start=1):
        row = rows[i]
        same = previous is not None and row["est_iou"] == previous["est_iou"]
        row["rank"] = previous["rank"] if same else position
        ranked.append({k: row[k] for k in RANKING_FIELDS})
        previous = row
    return ranked


def _finite(v: float) -> float:
    return v if math.isfinite(v) else 0.0


def ranking_csv(rows: Sequence[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(RANKING_FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (round(v, 6) if isinstance(v, float) and math.isfinite(v) else
                             ("" if isinstance(v, float) else v)) for k, v in row.items()})
    return buf.getvalue()


def write_ranking(rows: Sequence[dict], csv_path, json_path, meta: Dict, gpkg_path=None) -> None:
    """The table as CSV and as JSON (with `meta`: image, assessor, parameters ...); NaN as empty / null;
    with gpkg_path also as the attribute table `ranking` of that GeoPackage (typed fields, for QGIS)."""
    write_text(csv_path, ranking_csv(rows))
    if gpkg_path is not None:
        import pandas as pd
        import pyogrio

        pyogrio.write_dataframe(pd.DataFrame(list(rows), columns=list(RANKING_FIELDS)), str(gpkg_path),
                                layer="ranking", driver="GPKG")
    clean = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()} for r in rows]
    write_text(json_path, json.dumps({**meta, "ranking": clean}, indent=2, default=str) + "\n")
