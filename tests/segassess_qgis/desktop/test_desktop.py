"""The QGIS desktop application, as a new user meets the plugin (issue 11): the zip installed with
Plugins > Install from ZIP's code on a fresh profile, assess/reference run as the dialogs run them
and the batch dialog, with the pinned torch (the CUDA build, which bundles triton) in QGIS's process,
under Xvfb. Fails if QGIS dies, an algorithm or Python errors, or a dialog nobody asked for opens."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from qgis_support import BUILDINGS, NB_GPKG, NB_IMAGE, NB_IMAGE2, need_data

ROOT = Path(__file__).resolve().parents[3]
SESSION = Path(__file__).with_name("desktop_session.py")
TIMEOUT_S = 900


def _zip(tmp: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    try:
        import build_plugin
    finally:
        sys.path.remove(str(ROOT))
    return build_plugin.build(ROOT, tmp / "dist")


def _deps_folder(tmp: Path) -> Path:
    """The per-user dependency folder the plugin's installer fills, here this venv's packages."""
    from segassess.segassess_qgis.deps import platform_key

    base = tmp / "deps"
    (base / platform_key()).mkdir(parents=True)
    (base / platform_key() / "site-packages").symlink_to(sysconfig.get_paths()["purelib"])
    return base


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    if not (shutil.which("qgis") and shutil.which("xvfb-run")):
        pytest.skip("the QGIS desktop application or xvfb-run is not installed (Debian: qgis xvfb)")
    need_data(NB_IMAGE, NB_IMAGE2, NB_GPKG)
    tmp = tmp_path_factory.mktemp("desktop")
    out = tmp / "out"
    out.mkdir()
    config = {"zip": str(_zip(tmp)), "out_dir": str(out), "report": str(tmp / "report.json"),
              "image": str(NB_IMAGE), "image_name": NB_IMAGE.stem, "annotation": str(NB_GPKG), "filter": BUILDINGS,
              "truth": str(NB_GPKG), "truth_filter": BUILDINGS, "batch_images": [str(NB_IMAGE), str(NB_IMAGE2)]}
    (tmp / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = dict(os.environ, SEGASSESS_DESKTOP_CONFIG=str(tmp / "config.json"), SEGASSESS_DEPS_DIR=str(_deps_folder(tmp)),
               HOME=str(tmp / "home"))
    env.pop("QT_QPA_PLATFORM", None)
    for var in ("SEGASSESS_PYTHON", "SEGASSESS_DEEPBIND", "PYTHONPATH"):
        env.pop(var, None)
    res = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "qgis", "--profiles-path",
                          str(tmp / "profiles"), "--nologo", "--noversioncheck", "--code", str(SESSION)],
                         env=env, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=tmp)
    report = json.loads((tmp / "report.json").read_text()) if (tmp / "report.json").exists() else {}
    return res, report, out


def test_qgis_survives_and_every_algorithm_runs(session):
    res, report, _ = session
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert report.get("finished"), (report, res.stderr[-3000:])
    assert report["errors"] == [] and report["python_errors"] == []
    assert report["steps"] == ["installed", "assess ok=True", "reference ok=True", "batch done",
                               "dependencies checked"]
    if importlib.util.find_spec("triton") is not None:  # the CUDA build of torch: triton was there to be loaded
        assert not report["triton_loaded"] and not report["torchvision_loaded"]


def test_install_from_zip_asks_nothing_and_loads_the_plugin(session):
    _, report, _ = session
    assert report["dialogs"] == [] and report["plugin_active"]


def test_outputs_are_grouped_per_run_and_the_demo_model_says_so(session):
    _, report, _ = session
    groups = dict(report["layer_tree"])
    assert f"SegAssess – {NB_IMAGE.stem} (demo model)" in groups
    assert f"Reference – {NB_IMAGE.stem}" in groups
    assert any(name.startswith("Exact quality map") for name in groups[f"Reference – {NB_IMAGE.stem}"])


def test_batch_dialog_writes_only_what_was_asked(session):
    _, report, _ = session
    assert report["batch_files"] == ["batch0_quality.qml", "batch0_quality.tif", "batch1_quality.qml",
                                     "batch1_quality.tif"]


def test_screenshots_and_dependency_report(session):
    _, report, out = session
    assert {Path(p).name for p in report["screenshots"]} == {"assess.png", "reference.png", "dependencies.png"}
    assert all(Path(p).stat().st_size > 10_000 for p in report["screenshots"])
    assert "torch" in report["dependency_report"] and "MISSING" not in report["dependency_report"]
