"""The campaign manifest: one SQLite file in the output folder that records, per sheet, its
state, what it was computed from and what it produced, so a campaign can be stopped, killed
or re-run at any time and only the work that is missing or stale is done again.

Only the process that drives the campaign writes it (workers return their results to it),
so SQLite's single-writer model is never contended, even when workers run on other
machines. A sheet is `done` only after its outputs were renamed into place and checksummed;
a sheet left `running` by a killed campaign is simply redone.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from ..common import strict_json
from ..common.errors import OutputError
from ..common.files import file_sha256

MANIFEST_NAME = "campaign.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sheets (
    sheet_id   TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    state      TEXT NOT NULL,     -- pending | running | done | failed
    image      TEXT NOT NULL,
    input_fp   TEXT,
    params_fp  TEXT,
    outputs    TEXT,      -- JSON {name: {"path", "size", "sha256"}}
    summary    TEXT,      -- JSON: the sheet's summary.json
    error      TEXT,
    runtime_s  REAL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    worker     TEXT,
    updated    TEXT
);
CREATE TABLE IF NOT EXISTS campaign (key TEXT PRIMARY KEY, value TEXT);
"""


def describe_outputs(paths: Dict[str, Path]) -> Dict[str, dict]:
    """{name: {path, size, sha256}} of finished output files (computed where they were written)."""
    out = {}
    for name, p in paths.items():
        if p is None:
            continue
        p = Path(p)
        out[name] = {"path": str(p), "size": p.stat().st_size, "sha256": file_sha256(p)}
    return out


def outputs_intact(outputs: Dict[str, dict], verify: bool = False) -> bool:
    """True when every recorded output still exists with its size (and, with verify, its sha256)."""
    if not outputs:
        return False
    for rec in outputs.values():
        p = Path(rec["path"])
        try:
            if p.stat().st_size != rec["size"]:
                return False
        except OSError:
            return False
        if verify and file_sha256(p) != rec["sha256"]:
            return False
    return True


class Manifest:
    """Sheet records in `out_dir/campaign.sqlite`."""

    def __init__(self, out_dir):
        self.path = Path(out_dir) / MANIFEST_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")  # readers (a report, QGIS) never block the campaign
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise OutputError(f"Cannot open the campaign manifest {self.path}: {exc}.") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    @contextlib.contextmanager
    def transaction(self):
        """Many writes in one transaction (registering thousands of sheets: one commit, not thousands)."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def __exit__(self, *exc):
        self.close()
        return False

    # ------------------------------------------------------------------ reads
    def get(self, sheet_id: str) -> Optional[dict]:
        cur = self.db.execute("SELECT * FROM sheets WHERE sheet_id = ?", (sheet_id,))
        row = cur.fetchone()
        return self._record(cur, row) if row else None

    def records(self, sheet_ids: Optional[Iterable[str]] = None) -> List[dict]:
        """Records in campaign order (all, or those of `sheet_ids`)."""
        cur = self.db.execute("SELECT * FROM sheets ORDER BY position")
        recs = [self._record(cur, row) for row in cur.fetchall()]
        if sheet_ids is not None:
            wanted = set(sheet_ids)
            recs = [r for r in recs if r["sheet_id"] in wanted]
        return recs

    def _record(self, cur, row) -> dict:
        """The row as a dict; a damaged JSON cell (outputs, summary) marks the record `damaged` and reads
        as nothing, so the sheet is redone rather than blocking the campaign."""
        rec = dict(zip([d[0] for d in cur.description], row))
        rec["damaged"] = False
        try:
            outputs = json.loads(rec["outputs"]) if rec["outputs"] else {}
            # stored relative to the campaign folder (it may be moved or copied); handed out absolute
            rec["outputs"] = {k: {**v, "path": str(self.path.parent / v["path"])} for k, v in outputs.items()}
        except (ValueError, TypeError, AttributeError, KeyError):
            rec["outputs"], rec["damaged"] = {}, True
        try:
            rec["summary"] = json.loads(rec["summary"]) if rec["summary"] else None
        except (ValueError, TypeError):
            rec["summary"], rec["damaged"] = None, True
        return rec

    def is_current(self, sheet_id: str, input_fp: str, params_fp: str, verify: bool = False) -> bool:
        """Done, from the same inputs and parameters, with its outputs still in place."""
        rec = self.get(sheet_id)
        return bool(rec and rec["state"] == "done" and not rec["damaged"] and rec["input_fp"] == input_fp
                    and rec["params_fp"] == params_fp and outputs_intact(rec["outputs"], verify))

    # ------------------------------------------------------------------ writes
    def register(self, sheet_id: str, position: int, image: str) -> None:
        """Insert a new sheet as pending (existing records keep their state)."""
        self.db.execute("INSERT INTO sheets (sheet_id, position, state, image, updated) VALUES (?, ?, 'pending', ?, ?) "
                        "ON CONFLICT(sheet_id) DO UPDATE SET position = excluded.position, image = excluded.image",
                        (sheet_id, position, image, _now()))

    def mark_running(self, sheet_id: str, input_fp: str, params_fp: str) -> None:
        self.db.execute("UPDATE sheets SET state = 'running', input_fp = ?, params_fp = ?, error = NULL, "
                        "attempts = attempts + 1, updated = ? WHERE sheet_id = ?",
                        (input_fp, params_fp, _now(), sheet_id))

    def mark_done(self, sheet_id: str, outputs: Dict[str, dict], summary: dict, runtime_s: float,
                  worker: str = "") -> None:
        base = self.path.parent.resolve()
        outputs = {k: {**v, "path": _relative(v["path"], base)} for k, v in outputs.items()}
        self.db.execute("UPDATE sheets SET state = 'done', outputs = ?, summary = ?, error = NULL, runtime_s = ?, "
                        "worker = ?, updated = ? WHERE sheet_id = ?",
                        (strict_json.dumps(outputs), strict_json.dumps(summary), runtime_s, worker, _now(), sheet_id))

    def mark_failed(self, sheet_id: str, error: str, runtime_s: Optional[float] = None, worker: str = "") -> None:
        self.db.execute("UPDATE sheets SET state = 'failed', outputs = NULL, summary = NULL, error = ?, runtime_s = ?, "
                        "worker = ?, updated = ? WHERE sheet_id = ?", (error, runtime_s, worker, _now(), sheet_id))

    def set_meta(self, key: str, value) -> None:
        self.db.execute("INSERT INTO campaign (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, strict_json.dumps(value)))



def _relative(path, base: Path) -> str:
    """`path` relative to the campaign folder when it lies inside it, else absolute."""
    p = Path(path).resolve()
    try:
        return p.relative_to(base).as_posix()
    except ValueError:
        return str(p)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
