"""The shipped demo model: it must do better than trusting the annotation (the trivial
assessor) on generated scenes it never saw, and `evaluate --checkpoint reference` must give
100 (the evaluation chain itself is exact)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from segassess.core.common.files import file_sha256
from segassess.models.registry import DEMO_NAME, demo_model_path, get_entry
from segassess.models.training.demo_model import TEST_SEED0, TRAIN_SEED0, VAL_SEED0, heldout_comparison, make_scene_sheets

REPO = Path(__file__).resolve().parents[3]
# Not used in training (1000-1015), validation (2000-2001), the card's held-out set (3000-3002) or the demo (7).
HELDOUT_SEEDS = (9001, 9002)


@pytest.fixture(scope="module")
def heldout(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo_heldout")
    return root, make_scene_sheets(root / "scenes", HELDOUT_SEEDS, 512, "val", "heldout_")


def test_heldout_seeds_are_disjoint_from_training():
    used = set(range(TRAIN_SEED0, TRAIN_SEED0 + 100)) | set(range(VAL_SEED0, VAL_SEED0 + 100)) | \
        set(range(TEST_SEED0, TEST_SEED0 + 100)) | {7}
    assert not used & set(HELDOUT_SEEDS)


def test_demo_model_file_card_and_registry_agree():
    path = demo_model_path()
    assert path.is_file(), f"the built-in demo model {path} is missing (python -m segassess.models.training.demo_model)"
    assert path.stat().st_size < 25e6
    card = json.loads(path.with_suffix(".json").read_text())
    assert card["registry_name"] == DEMO_NAME and card["config_name"] == "tiny" and card["tile_size"] == 256
    assert card["dtype"] == "float16"
    entry = get_entry(DEMO_NAME)
    assert entry["sha256"] == file_sha256(path), "registry sha256 of the demo model is stale"
    assert (path.parent / "MODEL_CARD.md").is_file()


def test_demo_model_beats_the_trivial_assessor_on_heldout_scenes(heldout):
    _, sheets = heldout
    res = heldout_comparison(demo_model_path(), sheets, tile_size=256, overlap=32)
    m, t = res["model"]["pooled"], res["trivial"]["pooled"]

    def f1(r, c):
        return 100 * r["classes"][c]["f1"]

    figures = (f"held-out scenes {HELDOUT_SEEDS}: demo model mF1 {100 * m['mF1']:.2f} / mIoU {100 * m['mIoU']:.2f} "
               f"(F1 FP {f1(m, 'FP'):.2f}, FN {f1(m, 'FN'):.2f}, TP {f1(m, 'TP'):.2f}, TN {f1(m, 'TN'):.2f}) vs trivial "
               f"mF1 {100 * t['mF1']:.2f} / mIoU {100 * t['mIoU']:.2f} (F1 FP {f1(t, 'FP'):.2f}, FN {f1(t, 'FN'):.2f})")
    print(figures)
    assert m["mF1"] > t["mF1"], "demo model does not beat the trivial assessor in mF1: " + figures
    assert f1(m, "FP") > f1(t, "FP"), "demo model does not find false positives better than trivial: " + figures
    assert f1(m, "FN") > f1(t, "FN"), "demo model does not find false negatives better than trivial: " + figures
    # the trivial assessor never predicts an error class; make sure the test data contain errors at all
    assert m["classes"]["FP"]["support"] > 0 and m["classes"]["FN"]["support"] > 0


def test_evaluate_reference_gives_100(heldout, tmp_path):
    from segassess.core.campaign.sheets import write_sheet_list

    _, sheets = heldout
    sheets_file = write_sheet_list(sheets[:1], tmp_path / "sheets.yaml")
    out_json = tmp_path / "scores.json"
    cmd = [sys.executable, "-m", "segassess.cli", "evaluate", "--model", "reference", "--sheets", str(sheets_file), "--tile-size", "256",
                                 "--overlap", "32", "--json", str(out_json)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=str(tmp_path), timeout=300)
    assert r.returncode == 0, r.stderr
    assert re.search(r"mF1 100\.00\s+mIoU 100\.00", r.stdout), r.stdout
    pooled = json.loads(out_json.read_text())["pooled"]
    assert pooled["mF1"] == 1.0 and pooled["mIoU"] == 1.0 and not pooled["absent_classes"], pooled
    assert heldout[1][0].sheet_id in r.stdout  # the per-sheet row


def test_the_demo_training_script_runs_end_to_end(tmp_path):
    """models.training.demo_model.main, tiny: scenes, sheet lists, training, float16 weights + card,
    held-out comparison and MODEL_CARD.md (the shipped model is made by this with the defaults)."""
    from segassess.models.checkpoint import load_segassess
    from segassess.models.training.demo_model import main

    out, work = tmp_path / "w.safetensors", tmp_path / "work"
    assert main(["--train-scenes", "1", "--val-scenes", "1", "--test-scenes", "1", "--size", "64", "--test-size", "64",
                 "--tile-size", "80", "--train-tile-size", "32", "--stride", "32", "--simulated", "1", "--epochs", "1",
                 "--steps-per-epoch", "1", "--work", str(work), "--out", str(out)]) == 0
    card = json.loads(out.with_suffix(".json").read_text())
    assert card["registry_name"] == DEMO_NAME and card["dtype"] == "float16" and card["tile_size"] == 80
    assert [s["id"] for s in card["data"]["sheets"]] == ["train_1000", "val_2000"]
    assert card["metrics"]["heldout_seeds"] == [TEST_SEED0] and set(card["metrics"]["heldout"]) == {"model", "trivial"}
    assert f"sha256 `{file_sha256(out)}`" in (tmp_path / "MODEL_CARD.md").read_text()
    record = json.loads((work / "heldout.json").read_text())
    assert (record["epochs"], record["steps"], record["train_tiles"]) == (1, 1, 4)
    assert load_segassess(out, 80, "cpu").config.name == "tiny"
