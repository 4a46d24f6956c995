"""Reviewed sheets back into training: only fully reviewed sheets, as triples `segassess train`
reads (image, original annotation, corrected inventory as truth)."""
import geopandas as gpd
import pandas as pd
import pytest

from review_support import assess, scene_files
from segassess.core.assess.job import AnnotationSpec
from segassess.core.common.errors import InputError
from segassess.core.common.progress import NullProgress
from segassess.core.review.decisions import read_items, record_decision
from segassess.core.review.suggest import EditRequest, suggest_edits
from segassess.core.review.training import reviewed_sheets
from segassess.models.training.data import TileConfig, extract_tiles, read_training_sheets


def test_reviewed_sheets_need_a_decision_and_nothing_open():
    items = pd.DataFrame({"sheet_id": ["a", "a", "b", "b", "c", "d"],
                          "status": ["confirmed", "skipped", "confirmed", "unreviewed", "unreviewed", "false_alarm"]})
    assert reviewed_sheets(items) == ["a", "d"]
    single = items[items["sheet_id"] == "a"].drop(columns="sheet_id")
    assert reviewed_sheets(single) == [None] and reviewed_sheets(single.assign(status="unreviewed")) == []


def test_training_triples_of_a_reviewed_assessment(tmp_path):
    files = scene_files(tmp_path / "scene")
    gpkg = assess(files, tmp_path / "out").polygons
    spec = AnnotationSpec(files["inventory"], where="kind = 'Building'")
    items = read_items(gpkg)
    with pytest.raises(InputError, match="--accept reviewed"):
        suggest_edits(EditRequest(gpkg, spec, tmp_path / "a.gpkg", accept="auto",
                                  training_sheets=tmp_path / "t.yaml"))
    # half reviewed: no training sheet, said so
    record_decision(gpkg, int(items["item_id"].iloc[0]), "confirmed")
    progress = NullProgress()
    res = suggest_edits(EditRequest(gpkg, spec, tmp_path / "half.gpkg", accept="reviewed",
                                    training_sheets=tmp_path / "half.yaml"), progress)
    assert res["training_sheets"] is None and not (tmp_path / "half.yaml").exists()
    assert any("No sheet is reviewed" in w for w in progress.warnings)
    for k, (_, it) in enumerate(items.iterrows()):
        record_decision(gpkg, int(it["item_id"]), "confirmed" if k % 3 else "false_alarm")
    res = suggest_edits(EditRequest(gpkg, spec, tmp_path / "done.gpkg", accept="reviewed",
                                    training_sheets=tmp_path / "sheets.yaml"))
    sheets = read_training_sheets(res["training_sheets"])
    assert len(sheets) == 1
    s = sheets[0]
    assert s.image == str(files["image"].resolve()) and s.sheet_id == "image"
    assert (s.annotation.path, s.annotation.where) == (files["inventory"].resolve(), "kind = 'Building'")
    assert (s.truth.path, s.truth.layer) == ((tmp_path / "done.gpkg").resolve(), "corrected")
    truth = gpd.read_file(s.truth.path, layer=s.truth.layer, where=s.truth.where)
    assert len(truth) == (res["corrected"]["edit"] != "removed").sum() and truth.geometry.notna().all()
    # what `segassess train` does with it: tiles with the corrected inventory as the truth
    tiles = extract_tiles(s, TileConfig(tile_size=64, stride=64, n_simulated=0))
    assert len(tiles) > 0 and any(t.truth.any() for t in tiles)
