"""Campaign faults (issue 12): a sheet where the inventory records nothing is assessed, a damaged manifest
cell makes its sheet redone (and says so), a model no worker could load is refused once, up front, and the
manifest stores strict JSON."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import torch

from segassess.cli.campaign import CampaignSettings, run_campaign
from segassess.core.assess.job import AnnotationSpec
from segassess.core.campaign.manifest import Manifest
from segassess.core.campaign.sheets import discover_sheets
from segassess.core.common.progress import NullProgress
from segassess.core.synthetic.scene import write_sheet_grid

pytestmark = pytest.mark.timeout(600)
TILE, OVERLAP = 128, 32


@pytest.fixture(scope="module")
def camp(tmp_path_factory):
    return write_sheet_grid(tmp_path_factory.mktemp("campaign_faults"), n=3, size=128)


def _settings(out_dir, **kw):
    return CampaignSettings(**{**dict(out_dir=Path(out_dir), assessor="reference", tile_size=TILE, overlap=OVERLAP,
                                      workers=1), **kw})


def test_sheet_without_inventory_features_is_assessed_and_recorded(camp, tmp_path):
    """s03's buildings are missing from the inventory: all of them are missed objects, no failure."""
    inventory = gpd.read_file(camp["inventory"])
    partial = tmp_path / "inventory.gpkg"
    inventory[inventory["sheet"] != "s03"].to_file(partial)
    progress = NullProgress()
    sheets = discover_sheets(camp["images"], AnnotationSpec(partial), AnnotationSpec(camp["truth"]))
    result = run_campaign(sheets, _settings(tmp_path / "out"), progress)
    assert (result.done, result.failed) == (3, 0)
    rec = {r["sheet_id"]: r for r in result.records}["s03"]
    assert rec["summary"]["features"]["count"] == 0
    assert rec["summary"]["pixels"]["FN"] > 0 and rec["summary"]["pixels"]["TP"] == 0
    assert rec["summary"]["polygons"]["missed_objects"] > 0
    assert not any("s03" in w or "lies inside" in w for w in progress.warnings), progress.warnings
    import csv

    with open(tmp_path / "out" / "campaign_sheets.csv", newline="") as f:
        rows = {r["sheet_id"]: r for r in csv.DictReader(f)}
    assert rows["s03"]["status"] == "done" and rows["s03"]["features"] == "0"


@pytest.mark.parametrize("column", ["outputs", "summary"])
def test_damaged_manifest_cell_redoes_the_sheet_and_says_so(camp, tmp_path, column):
    sheets = discover_sheets(camp["images"], AnnotationSpec(camp["inventory"]), AnnotationSpec(camp["truth"]))
    assert run_campaign(sheets, _settings(tmp_path)).done == 3
    db = sqlite3.connect(tmp_path / "campaign.sqlite")
    db.execute(f"UPDATE sheets SET {column} = ? WHERE sheet_id = 's02'", ('{"truncated": ',))
    db.commit()
    db.close()
    progress = NullProgress()
    again = run_campaign(sheets, _settings(tmp_path), progress)
    assert (again.done, again.skipped, again.failed) == (1, 2, 0)
    (warning,) = [w for w in progress.warnings if "s02" in w]
    assert "campaign.sqlite" in warning and "redone" in warning
    with Manifest(tmp_path) as m:
        rec = m.get("s02")
    assert rec["state"] == "done" and not rec["damaged"] and rec["summary"]["pixels"]


def test_manifest_cells_are_strict_json(camp, tmp_path):
    sheets = discover_sheets(camp["images"], AnnotationSpec(camp["inventory"]), AnnotationSpec(camp["truth"]))[:1]
    with Manifest(tmp_path) as m:
        m.register(sheets[0].sheet_id, 0, sheets[0].image)
        m.mark_done(sheets[0].sheet_id, {}, {"estimated": {"iou": float("nan")}}, 1.0)
    db = sqlite3.connect(tmp_path / "campaign.sqlite")
    (cell,) = db.execute("SELECT summary FROM sheets").fetchone()
    db.close()
    assert json.loads(cell, parse_constant=lambda c: pytest.fail(f"{c} in the manifest")) == {
        "estimated": {"iou": None}}


class Evil:
    def __reduce__(self):
        return (print, ("code ran",))


def test_batch_refuses_a_bad_model_once_before_any_sheet(camp, tmp_path):
    evil = tmp_path / "evil.pkl"
    torch.save({"x": Evil()}, evil)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "segassess.cli", "batch", "--sheets", str(camp["images"]),
                        "--annotation", str(camp["inventory"]), "--model", str(evil), "--tile-size", "64",
                        "--overlap", "16", "--out-dir", str(out), "--progress", "none"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "pickled code" in r.stderr and "evil.pkl" in r.stderr
    assert not (out / "sheets").exists() and not (out / "campaign.sqlite").exists()
