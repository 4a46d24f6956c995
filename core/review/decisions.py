"""The analyst's decisions on review items: read them, carry them over to a re-run.

Recording one decision is `core.review.store.record_decision` (SQLite, one transaction per
decision, standard library only so that the QGIS panel can use it).

Carrying over: when an assessment (or a campaign report) is written again, the items of the file
it replaces are matched to the new ones (`core.review.matching.match_items`: same kind and sheet,
geometry IoU >= MATCH_IOU). A matched item keeps its item_id and, when it was decided (a status
other than `unreviewed`, or a note), its status, note, reviewer and time. Decisions whose item no
longer exists are not dropped: they go to the `review_retired` layer (same fields), and come back
if a later run finds the item again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, Tuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from ..common.errors import InputError
from .items import DECISION_FIELDS, FIELDS, LAYER, RETIRED_LAYER, UNREVIEWED, conform, empty_items
from .store import now_utc, record_decision, resume_index  # noqa: F401 (part of this module's API)
from .matching import match_items


def has_layer(path, layer: str = LAYER) -> bool:
    try:
        return layer in [name for name, _ in pyogrio.list_layers(path)]
    except Exception:
        return False


def read_items(path, layer: str = LAYER) -> gpd.GeoDataFrame:
    """The items of a GeoPackage's review layer, in queue order (priority)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"The assessment {path} does not exist.")
    if not has_layer(path, layer):
        raise InputError(f"{path.name} has no '{layer}' layer: it was written before review items existed; "
                         "run the assessment again (with --overwrite) to add them.")
    gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    return gdf.sort_values("priority", kind="stable").reset_index(drop=True) if len(gdf) else gdf


def is_decided(items: pd.DataFrame) -> pd.Series:
    """Items the analyst has touched: a status other than unreviewed, or a note."""
    note = items["note"].fillna("").astype(str).str.strip() != "" if "note" in items else False
    return (items["status"].fillna(UNREVIEWED) != UNREVIEWED) | note


@dataclass
class ReviewProgress:
    reviewed: int
    total: int

    def __str__(self) -> str:
        return f"{self.reviewed} of {self.total} reviewed"


def review_progress(items: pd.DataFrame) -> ReviewProgress:
    """Items with a decision (any status but unreviewed) out of all items."""
    decided = int((items["status"].fillna(UNREVIEWED) != UNREVIEWED).sum()) if len(items) else 0
    return ReviewProgress(decided, len(items))


def resume_position(items: pd.DataFrame) -> int:
    """Where the analyst stopped, as a row position in `items` (queue order); see `store.resume_index`."""
    if len(items) == 0:
        return 0
    return resume_index(items["status"].tolist(), items["reviewed_at"].tolist())


def max_item_id(*tables) -> int:
    """The largest item_id of the given tables (0 when none): new items are numbered above it, so an
    id never names two different items of one file's history."""
    ids = [int(t["item_id"].max()) for t in tables if t is not None and len(t) and t["item_id"].notna().any()]
    return max(ids, default=0)


def carry_over(new: gpd.GeoDataFrame, old: Optional[gpd.GeoDataFrame], retired: Optional[gpd.GeoDataFrame] = None,
               by: Sequence[str] = ("kind",), id_base: Optional[int] = None
               ) -> Tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, int]:
    """(new items, decisions left without an item, number of decisions carried).

    `old`/`retired`: the review_items and review_retired layers being replaced. A new item that
    matches an old one keeps its item_id (so a decision written by id while the file is replaced
    never lands on another item) and, when the old one was decided, its decision; the other new
    items are numbered `id_base + priority` (default base: the largest old id)."""
    extra = [c for c in new.columns if c not in FIELDS and c != new.geometry.name]  # e.g. sheet_id, sheet_item_id
    out = new.copy()
    base = max_item_id(old, retired) if id_base is None else id_base
    out["item_id"] = base + out["priority"].astype("int64")
    parts = [g for g in (old, (retired[is_decided(retired)] if retired is not None and len(retired) else None))
             if g is not None and len(g)]
    if not parts:
        return conform(out, extra), conform(empty_items(new.crs), extra), 0
    pool = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry=parts[0].geometry.name, crs=parts[0].crs)
    if pool.crs is not None and out.crs is not None and pool.crs != out.crs:
        pool = pool.to_crs(out.crs)
    decided = is_decided(pool).to_numpy()
    pairs = match_items(out, pool, by=by)
    carried = 0
    for i, j in pairs:
        out.at[out.index[i], "item_id"] = int(pool["item_id"].iloc[j])
        if decided[j]:
            carried += 1
            for name in DECISION_FIELDS:
                out.at[out.index[i], name] = pool.iloc[j][name]
    matched = np.zeros(len(pool), bool)
    matched[[j for _, j in pairs]] = True
    left = pool[decided & ~matched].reset_index(drop=True)
    if left.geometry.name != out.geometry.name:
        left = left.rename_geometry(out.geometry.name)
    return conform(out, extra), conform(left, extra), carried


def previous_decisions(path) -> Tuple[Optional[gpd.GeoDataFrame], Optional[gpd.GeoDataFrame]]:
    """(review_items, review_retired) of an existing file about to be replaced; None where absent."""
    path = Path(path)
    if not path.is_file():
        return None, None
    old = read_items(path) if has_layer(path, LAYER) else None
    retired = gpd.read_file(path, layer=RETIRED_LAYER, engine="pyogrio") if has_layer(path, RETIRED_LAYER) else None
    return old, retired


def review_layers(fp: gpd.GeoDataFrame, fn: gpd.GeoDataFrame, scored: gpd.GeoDataFrame, crs, pixel_size: float,
                  previous=None, progress=None) -> dict:
    """{layer name: table} to add to an assessment GeoPackage: review_items (with the decisions of
    `previous`, the file this run replaces, carried over) and review_retired when decisions of
    `previous` concern items this run no longer finds (they are kept there, and said so)."""
    from .items import build_items

    items = build_items(fp, fn, scored, crs, pixel_size)
    old, retired = previous_decisions(previous) if previous is not None else (None, None)
    if old is None and retired is None:
        return {LAYER: items}
    items, left, carried = carry_over(items, old, retired)
    layers = {LAYER: items}
    if progress is not None and carried:
        progress.info(f"Kept {carried} review decision(s) of the assessment being replaced.")
    if len(left):
        left.attrs["geometry_type"] = "MultiPolygon"
        layers[RETIRED_LAYER] = left
        if progress is not None:
            progress.warning(f"{len(left)} review decision(s) of the replaced assessment concern items this run no "
                             f"longer finds; they are kept in the layer {RETIRED_LAYER}.")
    return layers
