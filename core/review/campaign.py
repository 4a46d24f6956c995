"""The review items of a whole campaign, in its merged report (`campaign_report.gpkg`).

Each done sheet's review_items are merged with `sheet_id` and `sheet_item_id` (the item's id in
its sheet's own GeoPackage) and ranked again over the whole campaign: `priority` 1..N, worst
first, by the same severity. Decisions live in the report (the analyst reviews the campaign
there); when the report is rewritten (every campaign run), the decisions of the report it
replaces are carried over sheet by sheet (same sheet, same kind, overlapping geometry, see
`core.review.decisions.carry_over`) and decisions made in a sheet's own GeoPackage are kept too.
Decisions without an item any more (their sheet failed, or no longer shows the error) go to the
report's review_retired layer.

Two passes keep memory bounded: the first reads every sheet's severities (no geometry) and
ranks them, the second streams the items sheet by sheet into the report.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from ..common.progress import Progress, check_cancel
from .decisions import carry_over, has_layer, is_decided, max_item_id, previous_decisions
from .items import KINDS, LAYER, RETIRED_LAYER, UNREVIEWED, conform, empty_items

EXTRA = ("sheet_id", "sheet_item_id")


def _global_ranks(done: List[dict], path_of) -> Dict[tuple, int]:
    """{(sheet_id, sheet item id): campaign priority}, worst first over all sheets."""
    frames = []
    for rec in done:
        src = path_of(rec)
        if not has_layer(src, LAYER):
            continue
        t = pyogrio.read_dataframe(src, layer=LAYER, columns=["item_id", "kind", "severity", "area_m2"],
                                   read_geometry=False)
        frames.append(t.assign(sheet_id=str(rec["sheet_id"])))
    if not frames:
        return {}
    t = pd.concat(frames, ignore_index=True)
    kind_order = t["kind"].map({k: i for i, k in enumerate(KINDS)}).fillna(len(KINDS)).to_numpy()
    order = np.lexsort((-t["area_m2"].fillna(0).to_numpy(), kind_order, -t["severity"].fillna(0).to_numpy()))
    ranked = t.iloc[order]
    return {(s, int(i)): p for p, (s, i) in enumerate(zip(ranked["sheet_id"], ranked["item_id"]), start=1)}


def _by_sheet(table: Optional[gpd.GeoDataFrame]) -> Dict[str, gpd.GeoDataFrame]:
    if table is None or len(table) == 0 or "sheet_id" not in table.columns:
        return {}
    return {str(s): g for s, g in table.groupby(table["sheet_id"].astype(str))}


def _write(path: Path, layer: str, gdf: gpd.GeoDataFrame, first: bool) -> None:
    """Create (first) or append to a layer; pyogrio appends by column position, hence conform."""
    gdf = conform(gdf, EXTRA)
    gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", append=not first, promote_to_multi=True,
                **({"geometry_type": "MultiPolygon"} if first else {}))


def merge_review_items(path: Path, done: List[dict], target, previous: Optional[Path], path_of,
                       progress: Progress) -> Dict[str, dict]:
    """Write the campaign's review_items (and review_retired) into the report GeoPackage `path`.
    `previous`: the report being replaced; `path_of(record)`: a sheet's assessment GeoPackage.
    Returns {sheet_id: {"items", "open", "reviewed"}}."""
    ranks = _global_ranks(done, path_of)
    old, retired = previous_decisions(previous) if previous is not None else (None, None)
    old_by, retired_by = _by_sheet(old), _by_sheet(retired)
    base = max_item_id(old, retired)
    _write(path, LAYER, empty_items(target), True)
    counts, leftovers, done_ids = {}, [], set()
    for rec in done:
        check_cancel(progress)
        sid, src = str(rec["sheet_id"]), path_of(rec)
        done_ids.add(sid)
        if not has_layer(src, LAYER):
            progress.info(f"Sheet {sid} has no review items (assessed by an older version): rerun it to add them.")
            continue
        items = gpd.read_file(src, layer=LAYER, engine="pyogrio")
        if len(items) == 0:
            counts[sid] = {"items": 0, "open": 0, "reviewed": 0}
            continue
        items = items.to_crs(target) if items.crs != target else items
        items["sheet_item_id"] = items["item_id"].astype("int64")
        items["sheet_id"] = sid
        items["priority"] = [ranks[(sid, int(i))] for i in items["item_id"]]
        items, left, _ = carry_over(items, old_by.get(sid), retired_by.get(sid), by=("kind", "sheet_id"),
                                    id_base=base)
        leftovers.append(left)
        _write(path, LAYER, items, False)
        status = items["status"].fillna(UNREVIEWED)
        counts[sid] = {"items": len(items), "open": int((status == UNREVIEWED).sum()),
                       "reviewed": int((status != UNREVIEWED).sum())}
    for sid, table in {**retired_by, **old_by}.items():  # decisions of sheets that are not done this time
        if sid not in done_ids:
            leftovers.append(conform(table[is_decided(table)], EXTRA))
    _write_retired(path, [t for t in leftovers if len(t)], target, progress)
    return counts


def _write_retired(path: Path, parts: List[gpd.GeoDataFrame], target, progress: Progress) -> None:
    if not parts:
        return
    table = gpd.GeoDataFrame(pd.concat([p.to_crs(target) if p.crs != target else p for p in parts],
                                       ignore_index=True), crs=target)
    progress.warning(f"{len(table)} review decision(s) concern items no longer found (their sheet failed or no "
                     f"longer shows the error); they are kept in the layer {RETIRED_LAYER}.")
    _write(path, RETIRED_LAYER, table, True)
