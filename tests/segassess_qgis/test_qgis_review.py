"""The review in Processing (headless QGIS): the assessment GeoPackage of a run, handed to the
review panel's opener and keeping its decisions when the run is repeated into it; and
segassess:suggest_edits giving the same corrected inventory as the core."""
from __future__ import annotations

import geopandas as gpd
import pytest

from qgis_support import run, start_qgis
from review_support import scene_files, union_iou


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    start_qgis()


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return scene_files(tmp_path_factory.mktemp("qgis_review_scene"))


def _reference(files, out, assessment):
    return run("segassess:reference", {
        "IMAGE": str(files["image"]), "ANNOTATION": str(files["inventory"]), "TRUTH": str(files["truth"]),
        "TILE_SIZE": 160, "OVERLAP": 32, "OUTPUT_QUALITY": str(out / "q.tif"), "OUTPUT_ASSESSMENT": str(assessment)})


def test_run_offers_its_review_items_and_a_rerun_keeps_the_decisions(scene, tmp_path):
    from segassess.core.review.store import record_decision
    from segassess.segassess_qgis import review

    offered = []
    review.set_opener(offered.append)
    try:
        assessment = tmp_path / "sheet_assessment.gpkg"
        res = _reference(scene, tmp_path, assessment)
        assert res["OUTPUT_ASSESSMENT"] == str(assessment) and offered == [str(assessment)]
        items = gpd.read_file(assessment, layer="review_items")
        assert len(items) > 3 and items["priority"].tolist() == list(range(1, len(items) + 1))
        record_decision(assessment, 2, "false_alarm", note="shadow")
        _reference(scene, tmp_path / "again", assessment)  # the same destination: decisions kept
        again = gpd.read_file(assessment, layer="review_items")
        row = again[again["item_id"] == 2].iloc[0]
        assert (row["status"], row["note"]) == ("false_alarm", "shadow") and len(again) == len(items)
    finally:
        review.set_opener(None)
    assert not review.offer(str(assessment))  # no desktop panel: nothing happens


def test_suggest_edits_algorithm(scene, tmp_path):
    from segassess.core.assess.job import AnnotationSpec
    from segassess.core.review.suggest import EditRequest, suggest_edits

    assessment = tmp_path / "a_assessment.gpkg"
    _reference(scene, tmp_path, assessment)
    out = tmp_path / "corrected.gpkg"
    res = run("segassess:suggest_edits", {"ASSESSMENT": str(assessment), "INVENTORY": str(scene["inventory"]),
                                          "FILTER": "kind = 'Building'", "ACCEPT": 0, "OUTPUT": str(out)})
    core = suggest_edits(EditRequest(assessment, AnnotationSpec(scene["inventory"], where="kind = 'Building'"),
                                     tmp_path / "core.gpkg", accept="auto"))
    assert (res["ACCEPTED"], res["RESHAPED"], res["REMOVED"], res["ADDED"]) == (
        core["accepted"], core["edits"]["reshaped"], core["edits"]["removed"], core["edits"]["added"])
    assert res["CORRECTED"] == f"{out}|layername=corrected"
    truth = gpd.read_file(scene["truth"])
    corrected = gpd.read_file(out, layer="corrected")
    assert union_iou(corrected, truth) > 0.95 > union_iou(gpd.read_file(scene["inventory"]), truth)
    # reviewed with no decision: nothing applied
    res = run("segassess:suggest_edits", {"ASSESSMENT": str(assessment), "INVENTORY": str(scene["inventory"]),
                                          "ACCEPT": 1, "OUTPUT": str(tmp_path / "none.gpkg")})
    assert res["ACCEPTED"] == 0 and res["ADDED"] == 0


def test_suggest_edits_parameters_are_an_interface():
    from qgis_support import algorithm

    alg = algorithm("segassess:suggest_edits")
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {"ASSESSMENT", "INVENTORY", "FILTER", "ACCEPT", "MIN_CONFIDENCE", "OBJECT_TYPE", "OUTPUT",
            "TRAINING_SHEETS"} <= names
    assert alg.parameterDefinition("MIN_CONFIDENCE").defaultValue() == 0.75
    assert {"OUTPUT_ASSESSMENT"} <= {p.name() for p in algorithm("segassess:assess").parameterDefinitions()}
    assert "false alarm" in alg.shortHelpString()
