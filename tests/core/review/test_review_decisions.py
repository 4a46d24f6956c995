"""Decisions: recorded in the GeoPackage at once (one transaction), read back, resumed; and kept
when the assessment is run again (matched items keep their ids and decisions, decisions of items
that are gone move to review_retired and come back when the item does)."""
import sqlite3

import geopandas as gpd
import pandas as pd
import pytest

from review_support import assess, scene_files
from segassess.core.common.errors import InputError
from segassess.core.common.progress import NullProgress
from segassess.core.review.decisions import (read_items, record_decision, resume_position, review_progress)
from segassess.core.review.items import RETIRED_LAYER


@pytest.fixture
def assessed(tmp_path):
    files = scene_files(tmp_path / "scene")
    return files, assess(files, tmp_path / "out").polygons


def test_a_decision_is_in_the_file_when_the_call_returns(assessed):
    _, gpkg = assessed
    items = read_items(gpkg)
    target = int(items["item_id"].iloc[2])
    written = record_decision(gpkg, target, "confirmed", note="roof missing", reviewer="ana",
                              when="2026-12-01T10:00:00Z")
    assert written["status"] == "confirmed"
    # read by another connection, as QGIS or a crash-restarted panel would
    row = sqlite3.connect(gpkg).execute("SELECT status, note, reviewer, reviewed_at FROM review_items "
                                        "WHERE item_id = ?", (target,)).fetchone()
    assert row == ("confirmed", "roof missing", "ana", "2026-12-01T10:00:00Z")
    again = read_items(gpkg)
    assert (again["status"] != "unreviewed").sum() == 1 and len(again) == len(items)
    assert again.geometry.geom_equals(items.geometry).all()  # geometry untouched, spatial index intact
    # unreviewed again: reviewer and time cleared, the note stays
    record_decision(gpkg, target, "unreviewed", note="roof missing")
    row = sqlite3.connect(gpkg).execute("SELECT status, note, reviewer, reviewed_at FROM review_items "
                                        "WHERE item_id = ?", (target,)).fetchone()
    assert row == ("unreviewed", "roof missing", None, None)


def test_bad_status_or_item_is_refused_and_changes_nothing(assessed):
    _, gpkg = assessed
    before = read_items(gpkg)
    with pytest.raises(InputError, match="status"):
        record_decision(gpkg, 1, "maybe")
    with pytest.raises(InputError, match="99999"):
        record_decision(gpkg, 99999, "confirmed")
    pd.testing.assert_frame_equal(read_items(gpkg).drop(columns="geometry"), before.drop(columns="geometry"))


def test_progress_and_resume_where_the_analyst_stopped():
    items = pd.DataFrame({"status": ["unreviewed"] * 5, "reviewed_at": [None] * 5})
    assert resume_position(items) == 0 and str(review_progress(items)) == "0 of 5 reviewed"
    items.loc[[0, 3], "status"] = ["confirmed", "skipped"]
    items.loc[[0, 3], "reviewed_at"] = ["2026-12-01T10:00:05Z", "2026-12-01T10:00:01Z"]
    assert resume_position(items) == 1  # after the most recent decision (row 0), not after row 3
    assert str(review_progress(items)) == "2 of 5 reviewed"
    items.loc[4, ["status", "reviewed_at"]] = ["fixed", "2026-12-01T11:00:00Z"]
    assert resume_position(items) == 1  # the last row was decided last: back to the first open one


def test_rerun_keeps_decisions_of_items_that_still_exist(assessed, tmp_path):
    files, gpkg = assessed
    items = read_items(gpkg)
    decided = items.iloc[[0, 3]]
    for (_, it), status in zip(decided.iterrows(), ("confirmed", "false_alarm")):
        record_decision(gpkg, int(it["item_id"]), status, note=f"n{it['item_id']}", reviewer="bo")
    progress = NullProgress()
    again = read_items(assess(files, tmp_path / "out", overwrite=True, progress=progress).polygons)
    assert len(again) == len(items) and again["item_id"].tolist() == items["item_id"].tolist()
    for _, it in decided.iterrows():
        row = again[again["item_id"] == it["item_id"]].iloc[0]
        assert row["status"] in ("confirmed", "false_alarm") and row["note"] == f"n{it['item_id']}"
        assert row["reviewer"] == "bo" and row["kind"] == it["kind"]
    assert (again["status"] != "unreviewed").sum() == 2
    assert any("Kept 2 review decision(s)" in m for m in progress.messages) and not progress.warnings


def test_decisions_of_vanished_items_are_retired_then_restored(assessed, tmp_path):
    files, gpkg = assessed
    items = read_items(gpkg)
    spurious = items[items["kind"] == "feature"].iloc[0]  # the spurious building's feature item
    record_decision(gpkg, int(spurious["item_id"]), "confirmed", note="not a building", reviewer="cy")
    # the analyst deletes the spurious building: its items vanish on the next run
    inv = gpd.read_file(files["inventory"], fid_as_index=True)
    fixed = tmp_path / "fixed.gpkg"
    inv.drop(index=int(spurious["feature_id"])).to_file(fixed, layer="inventory")
    progress = NullProgress()
    res = assess(files, tmp_path / "out", overwrite=True, inventory=fixed, progress=progress)
    assert any(RETIRED_LAYER in w for w in progress.warnings)
    retired = gpd.read_file(res.polygons, layer=RETIRED_LAYER)
    assert retired[["item_id", "status", "note"]].values.tolist() == [[spurious["item_id"], "confirmed",
                                                                        "not a building"]]
    now = read_items(res.polygons)
    assert spurious["item_id"] not in now["item_id"].tolist()  # an id never names another item
    assert now["item_id"].is_unique and now["item_id"].min() >= 1
    # the building comes back (the deletion is undone): so does the decision
    back = read_items(assess(files, tmp_path / "out", overwrite=True).polygons)
    row = back[back["item_id"] == spurious["item_id"]].iloc[0]
    assert (row["status"], row["note"], row["kind"]) == ("confirmed", "not a building", "feature")
