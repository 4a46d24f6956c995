"""The ranking part of a campaign report (`segassess batch --candidate ...`): which candidate wins
on how many sheets and how many features, a map of the winner per sheet, the merged best_of layer.

Per sheet the candidates were ranked by `core.rank.run` (summary["ranking"]); here they are tallied:
- `campaign_ranking.csv`: one row per ranked sheet (winner, its estimated IoU, runner-up, every
  candidate's estimated IoU and its features kept in best_of);
- layers `winner_per_sheet` (each sheet's footprint, `core.campaign.sheet_index.footprint`, with its
  winner) and `best_of` (every sheet's best_of features, with sheet_id) added to campaign_report.gpkg;
- the report section `ranking` (`build_section`, template sections/ranking.html): sheets won and
  features kept per candidate, and the sheet-index map coloured by the winner of each sheet.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import geopandas as gpd
import pandas as pd
import pyogrio

from ..assess.outputs import write_layers
from ..common.errors import InputError
from .sheet_index import footprint, index_map

RANKING_CSV = "campaign_ranking.csv"
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def ranked(records: Sequence[dict]) -> List[dict]:
    """The done sheets that were ranked (their summary carries the ranking)."""
    return [r for r in records if r.get("state") == "done" and (r.get("summary") or {}).get("ranking")]


def candidate_names(records: Sequence[dict]) -> List[str]:
    """The candidates in the order they were given (the first ranked sheet's rows sorted by key order)."""
    names: List[str] = []
    for rec in records:
        for row in rec["summary"]["ranking"]["rows"]:
            if row["candidate"] not in names:
                names.append(row["candidate"])
    return names


def tally(records: Sequence[dict]) -> List[dict]:
    """Per candidate: sheets won (rank 1; ties count for each tied candidate), features in best_of,
    mean estimated IoU over the sheets; most sheets won first."""
    out = {n: {"candidate": n, "sheets_won": 0, "features_in_best_of": 0, "ious": []} for n in candidate_names(records)}
    for rec in records:
        for row in rec["summary"]["ranking"]["rows"]:
            t = out[row["candidate"]]
            t["sheets_won"] += int(row["rank"] == 1)
            t["features_in_best_of"] += int(row.get("best_of_features") or 0)
            if row.get("est_iou") is not None and math.isfinite(float(row["est_iou"])):
                t["ious"].append(float(row["est_iou"]))
    rows = []
    for t in out.values():
        ious = t.pop("ious")
        rows.append({**t, "sheets": len(records), "mean_est_iou": sum(ious) / len(ious) if ious else None})
    return sorted(rows, key=lambda r: (-r["sheets_won"], -r["features_in_best_of"]))


def _iou(row: dict) -> Optional[float]:
    v = row.get("est_iou")
    return None if v is None or not math.isfinite(float(v)) else float(v)


def write_csv(path: Path, records: Sequence[dict]) -> None:
    names = candidate_names(records)
    head = ["sheet_id", "winner", "winner_est_iou", "runner_up", "runner_up_est_iou", "exact"]
    head += [f"est_iou:{n}" for n in names] + [f"best_of:{n}" for n in names]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(head)
        for rec in records:
            rows = rec["summary"]["ranking"]["rows"]
            by = {r["candidate"]: r for r in rows}
            second = rows[1] if len(rows) > 1 else {}
            w.writerow([rec["sheet_id"], rows[0]["candidate"], _iou(rows[0]), second.get("candidate"), _iou(second),
                        rec["summary"]["ranking"].get("exact")]
                       + [_iou(by.get(n, {})) for n in names] + [by.get(n, {}).get("best_of_features") for n in names])


def winner_footprints(records: Sequence[dict], crs) -> gpd.GeoDataFrame:
    """Each ranked sheet's footprint in `crs`, with its winner and runner-up."""
    rows, geoms = [], []
    for rec in records:
        ranking = rec["summary"]["ranking"]["rows"]
        second = ranking[1] if len(ranking) > 1 else {}
        rows.append({"sheet_id": str(rec["sheet_id"]), "winner": ranking[0]["candidate"], "est_iou": _iou(ranking[0]),
                     "runner_up": second.get("candidate"), "runner_up_iou": _iou(second)})
        geoms.append(footprint(rec, crs))
    frame = pd.DataFrame(rows, columns=["sheet_id", "winner", "est_iou", "runner_up", "runner_up_iou"])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)


def merged_best_of(records: Sequence[dict], crs) -> gpd.GeoDataFrame:
    parts = []
    for rec in records:
        path = (rec.get("outputs") or {}).get("best_of")
        try:
            gdf = pyogrio.read_dataframe(path, layer="best_of")
        except Exception as exc:
            raise InputError(f"Sheet {rec['sheet_id']}: cannot read its best_of layer ({exc}); rerun the sheet.") \
                from None
        if len(gdf):
            parts.append(gdf.to_crs(crs).assign(sheet_id=str(rec["sheet_id"])))
    if not parts:
        return gpd.GeoDataFrame({"sheet_id": []}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=crs)


def colours(names: Sequence[str]) -> Dict[str, str]:
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def build_section(ctx: dict) -> Optional[dict]:
    """The report section's context: the tally per candidate and the map of winners; None when no
    sheet was ranked (the section is then left out)."""
    records = ranked(ctx["records"])
    if not records:
        return None
    names = candidate_names(records)
    palette = colours(names)
    winners = {str(r["sheet_id"]): r["summary"]["ranking"]["rows"][0]["candidate"] for r in records}
    sheets = ctx["sheets"]
    drawn = index_map(sheets[sheets["sheet_id"].isin(list(winners))]) if len(sheets) else None
    if drawn:
        for s in drawn["sheets"]:
            s["winner"] = winners[s["id"]]
            s["fill"] = palette[s["winner"]]
    exact = all(r["summary"]["ranking"].get("exact") for r in records)
    return {"sheets": len(records), "exact": exact, "csv": RANKING_CSV, "tally": tally(records), "map": drawn,
            "legend": [(n, palette[n]) for n in names]}


def add_to_report(staged, gpkg: Path, records: Sequence[dict], crs) -> bool:
    """For a ranking campaign: the CSV (staged) and the layers winner_per_sheet and best_of appended to
    the report GeoPackage; False when no sheet was ranked."""
    records = ranked(records)
    if not records:
        return False
    write_csv(staged.path(RANKING_CSV), records)
    write_layers(gpkg, {"winner_per_sheet": winner_footprints(records, crs)})
    best = merged_best_of(records, crs)  # the candidates' features: polygons and multipolygons
    best.to_file(gpkg, layer="best_of", driver="GPKG", engine="pyogrio", promote_to_multi=True,
                 **({"geometry_type": "MultiPolygon"} if len(best) == 0 else {}))
    return True
