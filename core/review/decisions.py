"""The analyst's decisions on review items: read them, record one, carry them over to a re-run.

Recording writes straight into the GeoPackage with SQLite (a GeoPackage is an SQLite database):
one UPDATE of one row's attribute columns in its own transaction, committed before the call
returns, so a crash right after a click loses nothing. Only attribute columns change (never the
geometry, so the spatial index triggers do not run), which also works while QGIS holds the file
open and other layers of it are being edited (SQLite's locking; a busy file is waited for).

Carrying over: when an assessment (or a campaign report) is written again, the decided items of
the file it replaces (status other than `unreviewed`, or a note) are matched to the new items
(`core.review.matching.match_items`: same kind and sheet, geometry IoU >= MATCH_IOU) and keep
their status, note, reviewer and time. Decisions whose item no longer exists are not dropped:
they go to the `review_retired` layer (same fields), and come back if a later run finds the item
again.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence, Tuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from ..common.errors import InputError
from .items import DECISION_FIELDS, FIELDS, LAYER, RETIRED_LAYER, STATUSES, UNREVIEWED, conform, empty_items
from .matching import match_items

BUSY_TIMEOUT_S = 30.0


def now_utc() -> str:
    """Decision time stamps: ISO 8601, UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


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
    """Where the analyst stopped, as a row position in `items` (queue order): the row after the
    most recent decision, or the first unreviewed row if that was the last one; 0 without decisions."""
    if len(items) == 0:
        return 0
    stamps = items["reviewed_at"].where(items["status"].fillna(UNREVIEWED) != UNREVIEWED)
    stamps = stamps.dropna().astype(str)
    if stamps.empty:
        return 0
    last = items.index.get_loc(stamps.sort_values(kind="stable").index[-1])
    if last + 1 < len(items):
        return last + 1
    todo = (items["status"].fillna(UNREVIEWED) == UNREVIEWED).to_numpy().nonzero()[0]
    return int(todo[0]) if len(todo) else last


_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def _gpkg_bounds(blob):
    """(minx, maxx, miny, maxy) of a GeoPackage geometry blob; None when empty or null."""
    if blob is None or len(blob) < 8 or blob[3] & 0x10:
        return None
    import shapely

    size = 8 + 8 * _ENVELOPE_DOUBLES.get((blob[3] >> 1) & 0x07, 0)
    geom = shapely.from_wkb(bytes(blob[size:]))
    if geom is None or geom.is_empty:
        return None
    x0, y0, x1, y1 = geom.bounds
    return x0, x1, y0, y1


def _spatial_functions(db: sqlite3.Connection) -> None:
    """The SQL functions GDAL's spatial-index triggers call (ST_IsEmpty, ST_MinX, ...): SQLite
    compiles a table's triggers with every UPDATE, so they must exist even though an attribute
    update never runs them (they fire only when a row's geometry or id changes)."""
    db.create_function("ST_IsEmpty", 1, lambda b: 1 if _gpkg_bounds(b) is None else 0, deterministic=True)
    for k, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        db.create_function(name, 1, lambda b, k=k: (_gpkg_bounds(b) or (None,) * 4)[k], deterministic=True)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    _spatial_functions(db)
    return db


def record_decision(path, item_id: int, status: str, note: Optional[str] = None, reviewer: Optional[str] = None,
                    when: Optional[str] = None, layer: str = LAYER) -> dict:
    """Write one decision (status, note, reviewer, time) for item `item_id`, committed on return.
    Setting `unreviewed` clears the reviewer and time (the note stays). Returns the written values."""
    if status not in STATUSES:
        raise InputError(f"Unknown review status {status!r}: choose one of {', '.join(STATUSES)}.")
    values = {"status": status, "note": (note or None), "reviewer": (reviewer or None),
              "reviewed_at": when or now_utc()}
    if status == UNREVIEWED:
        values.update(reviewer=None, reviewed_at=None)
    db = _connect(Path(path))
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            cur = db.execute(f'UPDATE "{layer}" SET status = ?, note = ?, reviewer = ?, reviewed_at = ? '
                             "WHERE item_id = ?", (*[values[k] for k in DECISION_FIELDS], int(item_id)))
            if cur.rowcount != 1:
                raise InputError(f"Item {item_id} is not in the '{layer}' layer of {Path(path).name}.")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
    return values


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
