"""The review panel in a real QGIS desktop (Xvfb): opened from the plugin's menu, next by keyboard,
decisions by button and shortcut written at once (also while another layer of the file is being
edited), closed and reopened (it resumes after the latest decision), unloaded cleanly. The
screenshot is kept as a test artefact (tests/artifacts/review_panel.png)."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from review_support import assess, scene_files

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("review_desktop_script.py")
ARTIFACTS = ROOT / "tests" / "artifacts"
sys.path.insert(0, str(ROOT))
import build_plugin  # noqa: E402

sys.path.remove(str(ROOT))


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    """A fresh QGIS profile folder with the plugin installed from the built zip."""
    base = tmp_path_factory.mktemp("qgis_profiles")
    plugins = base / "profiles" / "default" / "python" / "plugins"
    with zipfile.ZipFile(build_plugin.build(ROOT, tmp_path_factory.mktemp("dist"))) as zf:
        zf.extractall(plugins)
    return base


def _decisions(gpkg):
    db = sqlite3.connect(gpkg)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT item_id, status, note, reviewer FROM review_items")}
    finally:
        db.close()


def test_review_panel_in_the_desktop(profile, tmp_path):
    if not (shutil.which("xvfb-run") and shutil.which("qgis")):
        pytest.skip("the QGIS desktop test needs xvfb-run and the qgis executable")
    files = scene_files(tmp_path / "scene")
    gpkg = assess(files, tmp_path / "out").polygons
    out, shot = tmp_path / "result.json", tmp_path / "review_panel.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(REVIEW_GPKG=str(gpkg), REVIEW_OUT=str(out), REVIEW_SHOT=str(shot), SEGASSESS_DEPS_DIR=str(tmp_path / "d"))
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(profile),
                          "--nologo", "--noversioncheck", "--code", str(SCRIPT)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.is_file(), run.stdout[-2000:] + run.stderr[-2000:]
    res = json.loads(out.read_text())
    assert res.get("ok"), res.get("error")
    assert res["menu_action"] == ["Review panel…"] and res["opened_empty"]
    steps = dict((name, s) for name, s in res["steps"])
    n = steps["opened"]["rows"]
    assert n > 5 and steps["opened"]["progress"] == f"0 of {n} reviewed" and steps["opened"]["current_position"] == 0
    assert steps["next"]["current_position"] == 1  # Ctrl+Alt+N
    assert steps["confirmed"]["current_position"] == 2 and steps["confirmed"]["progress"] == f"1 of {n} reviewed"
    assert steps["false_alarm"]["current_position"] == 3  # Ctrl+Alt+2, while another layer was in an edit session
    assert steps["skipped"]["progress"] == f"3 of {n} reviewed"
    assert steps["reopened"]["current_position"] == 4 and steps["reopened"]["progress"] == f"3 of {n} reviewed"
    # the decisions are in the file, as written (the queue is in item_id order in a fresh file)
    decisions = _decisions(gpkg)
    assert decisions[2] == ("confirmed", "roof outline too large", "Ana Analyst")
    assert decisions[3][0] == "false_alarm" and decisions[4][0] == "skipped"
    assert sum(1 for d in decisions.values() if d[0] != "unreviewed") == 3
    # the other layer's edit session committed too
    db = sqlite3.connect(gpkg)
    assert db.execute("SELECT count(*) FROM false_positive WHERE abs(mean_confidence - 0.123) < 1e-9").fetchone()[0] == 1
    db.close()
    assert res["after_unload"] == []  # shortcuts removed with the plugin
    assert any(name.startswith("Review items") for name in res["layers"]) and "image" in res["layers"]
    img = np.asarray(Image.open(shot).convert("RGB"))
    assert img.shape[0] >= 800 and img.shape[1] >= 1200 and img.std() > 20  # a drawn window, not a blank one
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "review_panel.png")
