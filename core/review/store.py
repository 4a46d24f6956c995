"""The review decisions in the GeoPackage, with the standard library only (sqlite3): the QGIS
review panel writes through this module without importing geopandas or GDAL wheels.

A decision is one UPDATE of one row's attribute columns in its own transaction, committed before
`record_decision` returns, so a crash right after a click loses nothing. Only attribute columns
change (never the geometry), which works while QGIS holds the file open and other layers of it
are being edited; a file locked by another writer is waited for (`timeout_s`), then refused.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional, Sequence

from ..common.errors import InputError
from .schema import DECISION_FIELDS, LAYER, STATUSES, UNREVIEWED

BUSY_TIMEOUT_S = 30.0


def now_utc() -> str:
    """Decision time stamps: ISO 8601, UTC, to the millisecond (they order the decisions, and an
    analyst at the keyboard decides more than one item a second)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


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


def _connect(path: Path, timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=timeout_s, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    _spatial_functions(db)
    return db


def record_decision(path, item_id: int, status: str, note: Optional[str] = None, reviewer: Optional[str] = None,
                    when: Optional[str] = None, layer: str = LAYER, timeout_s: float = BUSY_TIMEOUT_S) -> dict:
    """Write one decision (status, note, reviewer, time) for item `item_id`, committed on return.
    Setting `unreviewed` clears the reviewer and time (the note stays). Returns the written values."""
    if status not in STATUSES:
        raise InputError(f"Unknown review status {status!r}: choose one of {', '.join(STATUSES)}.")
    values = {"status": status, "note": (note or None), "reviewer": (reviewer or None),
              "reviewed_at": when or now_utc()}
    if status == UNREVIEWED:
        values.update(reviewer=None, reviewed_at=None)
    db = _connect(Path(path), timeout_s)
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




def resume_index(statuses: Sequence[Optional[str]], stamps: Sequence[Optional[str]]) -> int:
    """Where the analyst stopped in a queue (statuses and reviewed_at in queue order): the position
    after the most recent decision, or the first unreviewed one when that was the last position;
    0 without decisions."""
    decided = [(str(t), i) for i, (s, t) in enumerate(zip(statuses, stamps))
               if (s or UNREVIEWED) != UNREVIEWED and t not in (None, "")]
    if not decided:
        return 0
    last = max(decided)[1]
    if last + 1 < len(statuses):
        return last + 1
    todo: List[int] = [i for i, s in enumerate(statuses) if (s or UNREVIEWED) == UNREVIEWED]
    return todo[0] if todo else last
