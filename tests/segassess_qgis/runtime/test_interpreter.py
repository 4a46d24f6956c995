"""runtime/interpreter.py: the one interpreter finder and the children's environment."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from segassess.segassess_qgis.runtime import interpreter

REPO = Path(__file__).resolve().parents[3]


def test_a_python_process_is_not_a_qgis_binary_and_its_interpreter_runs_pip(monkeypatch):
    monkeypatch.delenv(interpreter.ENV_PYTHON, raising=False)
    assert not interpreter.in_qgis_binary()
    exe = interpreter.python_interpreter()
    assert Path(exe).name.startswith("python") and interpreter.same_python(exe)
    res = subprocess.run([exe, "-m", "pip", "--version"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "pip" in res.stdout


def test_the_user_can_choose_the_interpreter(monkeypatch):
    monkeypatch.setenv(interpreter.ENV_PYTHON, "/opt/other/python3")
    assert interpreter.python_interpreter() == "/opt/other/python3"


def test_another_python_installation_is_not_the_same(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\necho 3.11\necho /opt/elsewhere\n")
    fake.chmod(0o755)
    assert not interpreter.same_python(str(fake))


def test_children_import_this_plugin_by_its_package_name(tmp_path):
    deps_dir = tmp_path / "deps"
    deps_dir.mkdir()
    env = interpreter.child_environment(tmp_path / "scratch", deps_dir, base={"PYTHONPATH": "/x"})
    paths = env["PYTHONPATH"].split(os.pathsep)
    assert paths[1:] == [str(deps_dir), "/x"] and env["PYTHONUNBUFFERED"] == "1"
    code = f"import {interpreter.package_name()} as p; print(p.__file__)"
    res = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=env["PYTHONPATH"]),
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()).resolve() == (REPO / "__init__.py").resolve()
