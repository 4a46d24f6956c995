"""The campaign report as the analyst's starting point: the model it was made with, the sheet
map coloured by estimated IoU and review progress, the campaign's review queue with decisions
kept when the report is rewritten, open items per sheet."""
import re
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from segassess.core.assess.assessors import ReferenceAssessor
from segassess.core.assess.job import AnnotationSpec, AssessJob
from segassess.core.assess.pipeline import run_assessment
from segassess.core.campaign.report import write_report
from segassess.core.campaign.sheet_index import IOU_STOPS, REVIEW_STOPS, ramp
from segassess.core.common.progress import NullProgress
from segassess.core.review.decisions import read_items, record_decision
from segassess.core.synthetic.scene import write_sheet_grid
from segassess.models.registry import demo_model_path, describe_model


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    root = tmp_path_factory.mktemp("review_campaign")
    grid = write_sheet_grid(root / "data", n=3, size=160, cols=3, seed=14)  # seed: every sheet has errors
    recs = []
    for sid in grid["ids"]:
        res = run_assessment(AssessJob(
            image=grid["images"] / f"{sid}.tif", annotation=AnnotationSpec(grid["inventory"], where=f"sheet = '{sid}'"),
            truth=AnnotationSpec(grid["truth"], where=f"sheet = '{sid}'"), out_dir=root / "c" / "sheets" / sid,
            tile_size=160, overlap=32, prefix=f"{sid}_"), ReferenceAssessor())
        recs.append({"sheet_id": sid, "state": "done", "image": str(grid["images"] / f"{sid}.tif"), "error": None,
                     "runtime_s": 1.0, "attempts": 1, "summary": res.summary_data,
                     "outputs": {"quality": str(res.quality), "polygons": str(res.polygons),
                                 "summary": str(res.summary)}})
    return root / "c", recs


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(path):
    p = _Tags()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tags


def test_model_parameters_and_versions_are_named(records, tmp_path):
    out, recs = records
    model = describe_model(demo_model_path())
    assert model["demo"] and len(model["sha256"]) == 64
    paths = write_report(tmp_path, recs, model=model, parameters={"assessor": "network", "tile_size": 256})
    text = paths["html"].read_text(encoding="utf-8")
    assert 'id="demo-model"' in text and model["sha256"] in text and model["name"] in text
    assert "tile_size" in text and "rasterio" in text  # parameters and versions
    plain = write_report(tmp_path / "ref", recs, parameters={"assessor": "reference"})
    text = plain["html"].read_text(encoding="utf-8")
    assert 'id="demo-model"' not in text and "reference assessor" in text


def test_sheet_map_colours_and_links(records, tmp_path):
    out, recs = records
    paths = write_report(out, recs)
    sheets = gpd.read_file(paths["gpkg"], layer="sheets")
    assert sheets["sheet_id"].tolist() == [r["sheet_id"] for r in sorted(recs, key=lambda r: r["summary"]["estimated"]["iou"])]
    for _, row in sheets.iterrows():  # footprint = the quality raster's extent
        rec = next(r for r in recs if r["sheet_id"] == row["sheet_id"])
        assert row.geometry.bounds == pytest.approx(tuple(gpd.read_file(rec["outputs"]["polygons"],
                                                                        layer="scored_features").total_bounds), abs=70)
        assert row["est_iou"] == pytest.approx(rec["summary"]["estimated"]["iou"])
    tags = _tags(paths["html"])
    paths_ = [a for t, a in tags if t == "path" and a.get("class") == "sheet"]
    assert [p["data-sheet"] for p in paths_] == sheets["sheet_id"].tolist()  # only the IoU map: nothing reviewed
    for p in paths_:
        iou = float(sheets.loc[sheets["sheet_id"] == p["data-sheet"], "est_iou"].iloc[0])
        assert p["fill"] == ramp(iou, IOU_STOPS) and p["fill"] != ramp(None, IOU_STOPS)
    links = [a["href"] for t, a in tags if t == "a" and a.get("href", "").startswith("sheets/")]
    assert links[:3] == [f"sheets/{s}/" for s in sheets["sheet_id"]]
    assert ramp(0.0, IOU_STOPS) == "#d73027" and ramp(1.0, IOU_STOPS) == "#1a9850"


def test_campaign_queue_and_decisions_survive_a_rewrite(records, tmp_path):
    out, recs = records
    paths = write_report(tmp_path, recs)
    items = read_items(paths["gpkg"])
    per_sheet = {r["sheet_id"]: read_items(r["outputs"]["polygons"]) for r in recs}
    assert all(len(v) for v in per_sheet.values())
    assert len(items) == sum(len(v) for v in per_sheet.values())
    assert items["priority"].tolist() == list(range(1, len(items) + 1))
    assert (np.diff(items["severity"].to_numpy()) <= 1e-9).all()
    for _, it in items.iterrows():  # each merged item is its sheet's item
        own = per_sheet[it["sheet_id"]]
        assert own.loc[own["item_id"] == it["sheet_item_id"], "kind"].iloc[0] == it["kind"]
    first = items[items["sheet_id"] == recs[0]["sheet_id"]].iloc[:1]
    others = items[items["sheet_id"] != recs[0]["sheet_id"]].iloc[[0, 3]]
    chosen = pd.concat([first, others])
    for (_, it), status in zip(chosen.iterrows(), ("confirmed", "false_alarm", "skipped")):
        record_decision(paths["gpkg"], int(it["item_id"]), status, note="seen", reviewer="dee")
    # the report is rewritten (a campaign run) and a sheet fails this time
    failed = dict(recs[0], state="failed", error="disk", outputs={}, summary=None)
    progress = NullProgress()
    paths = write_report(tmp_path, [failed, *recs[1:]], progress)
    again = read_items(paths["gpkg"])
    kept = chosen[chosen["sheet_id"] != recs[0]["sheet_id"]]
    for _, it in kept.iterrows():
        row = again[again["item_id"] == it["item_id"]].iloc[0]
        assert (row["sheet_id"], row["sheet_item_id"], row["kind"]) == (it["sheet_id"], it["sheet_item_id"], it["kind"])
        assert row["note"] == "seen" and row["status"] != "unreviewed"
    lost = chosen[chosen["sheet_id"] == recs[0]["sheet_id"]]
    retired = gpd.read_file(paths["gpkg"], layer="review_retired")
    assert sorted(retired["item_id"]) == sorted(lost["item_id"])
    assert len(lost) == 1 and any("review_retired" in w for w in progress.warnings)
    assert again["priority"].tolist() == list(range(1, len(again) + 1))
    # and the page shows the progress, the review map and the open items per sheet
    text = paths["html"].read_text(encoding="utf-8")
    decided = int((again["status"] != "unreviewed").sum())
    assert f"{decided} of {len(again)} reviewed" in text and decided == len(kept)
    tags = _tags(paths["html"])
    review_map = [a for t, a in tags if t == "path" and a.get("class") == "sheet"][len(recs) - 1:]
    sheets = gpd.read_file(paths["gpkg"], layer="sheets")
    for p in review_map:
        row = sheets[sheets["sheet_id"] == p["data-sheet"]].iloc[0]
        share = row["reviewed_items"] / row["items"] if row["items"] else None
        assert p["fill"] == ramp(share, REVIEW_STOPS)
    for _, row in sheets[sheets["status"] == "done"].iterrows():
        mine = again[again["sheet_id"] == row["sheet_id"]]
        assert row["open_items"] == (mine["status"] == "unreviewed").sum()
        cell = re.search(rf'data-open="{row["sheet_id"]}">(\d+)<', text)
        assert cell and int(cell.group(1)) == row["open_items"]
    assert pyogrio.read_info(paths["gpkg"], layer="review_items")["geometry_type"] == "MultiPolygon"
