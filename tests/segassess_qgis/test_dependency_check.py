"""The dependency check of the plugin menu: a background QgsTask running the algorithms' own imports
in a child of QGIS's Python, whose crash is reported instead of crashing QGIS, and an aligned report
that tells required from optional packages."""
from __future__ import annotations

import time

import pytest

from qgis_support import start_qgis


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    start_qgis()


def _run_task(task, timeout=600):
    from qgis.core import QgsApplication

    progress = []
    task.progressChanged.connect(progress.append)
    t0 = time.monotonic()
    QgsApplication.taskManager().addTask(task)
    queued = time.monotonic() - t0
    while task.status() not in (task.Complete, task.Terminated) and time.monotonic() - t0 < timeout:
        QgsApplication.processEvents()
        time.sleep(0.05)
    return queued, progress


def test_check_runs_in_the_background_and_reports_every_need():
    from segassess.segassess_qgis.dependency_check import DependencyCheckTask, all_required_ok

    task = DependencyCheckTask()
    queued, progress = _run_task(task)
    assert queued < 0.5  # the GUI thread is not blocked while the child imports torch
    assert task.status() == task.Complete, task.error
    assert progress and max(progress) > 0
    assert all(err == "" for err in task.result["needs"].values())
    assert all_required_ok(task.result)


def test_a_crashing_child_is_reported_not_imported_in_qgis(tmp_path, monkeypatch):
    import sys

    from segassess.segassess_qgis.dependency_check import DependencyCheckTask

    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\necho 'Segmentation fault in libtorch' >&2\nkill -SEGV $$\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SEGASSESS_PYTHON", str(fake))
    before = set(sys.modules)
    task = DependencyCheckTask()
    _run_task(task)
    assert task.status() == task.Terminated and task.result is None
    assert str(fake) in task.error and "Segmentation fault in libtorch" in task.error
    assert not {m for m in set(sys.modules) - before if m.split(".")[0] in ("torch", "onnxruntime")}


def test_report_aligns_columns_and_tells_required_from_optional():
    from segassess.segassess_qgis.dependency_check import format_report

    result = {"python": "/usr/bin/python3.11", "needs": {"core": "", "network": "ModuleNotFoundError: torch",
                                                         "onnx": "x", "export": "x", "campaign": ""},
              "packages": [
                  {"module": "numpy", "dist": "numpy", "need": "core", "required": True, "ok": True,
                   "version": "1.26.4", "error": ""},
                  {"module": "onnxruntime", "dist": "onnxruntime", "need": "onnx", "required": False, "ok": False,
                   "version": "", "error": "ModuleNotFoundError: No module named 'onnxruntime'"},
                  {"module": "torch", "dist": "torch", "need": "network", "required": True, "ok": False,
                   "version": "", "error": "ModuleNotFoundError: No module named 'torch'"}]}
    text = format_report(result, "/home/u/.local/share/segassess")
    table = text.split("\n\n")[1].splitlines()
    col = table[0].index("Package")
    assert [line[col:].split()[0] for line in table[1:]] == ["numpy", "torch", "onnxruntime"]  # required first
    assert table[1].startswith("OK ") and table[2].startswith("MISSING ") and "optional" in table[3]
    starts = {line.index(word) for line, word in zip(table, ("Needed", "all", "Assess", "ONNX"))}
    assert len(starts) == 1  # the last column starts at the same place on every row
    assert "No module named 'torch'" in text and "Does not work: Assess" in text


def test_every_need_has_a_label_in_the_report():
    """A need added to runtime.imports.NEEDS (rank did) must not break the report (KeyError in the dialog)."""
    from segassess.segassess_qgis.dependency_check import format_report, need_labels
    from segassess.segassess_qgis.runtime.imports import NEEDS

    assert set(need_labels()) == set(NEEDS)
    result = {"python": "python3", "needs": {n: "" for n in NEEDS}, "packages": []}
    works = format_report(result, "/tmp/deps").splitlines()[-1]
    assert works == "Works: " + ", ".join(need_labels()[n] for n in NEEDS)
