"""The version has one source, metadata.txt (the QGIS plugin metadata); everything else reads it."""
import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from segassess.core.common.version import __version__, read_version

ROOT = Path(__file__).resolve().parents[3]


def test_the_version_is_metadata_txts_everywhere():
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    assert __version__ == re.search(r"^version=(.+)$", text, re.M).group(1).strip()
    assert importlib.metadata.version("segassess") == __version__  # pyproject's dynamic version, as installed
    from segassess.core.assess import pipeline

    assert pipeline._versions()["segassess"] == __version__  # what every summary.json records
    res = subprocess.run([sys.executable, "-m", "segassess.cli.main", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == f"segassess {__version__}"


def test_pyproject_takes_its_version_from_metadata_txt(tmp_path):
    (tmp_path / "core" / "common").mkdir(parents=True)
    shutil.copy(ROOT / "core" / "common" / "version.py", tmp_path / "core" / "common")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "README.md", tmp_path)
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    (tmp_path / "metadata.txt").write_text(re.sub(r"^version=.*$", "version=9.8.7", text, flags=re.M), encoding="utf-8")
    assert read_version(tmp_path / "metadata.txt") == "9.8.7"
    # in a fresh interpreter: setuptools takes an already imported segassess.core.common.version as it is
    code = ("from setuptools.config.pyprojecttoml import read_configuration; "
            "print(read_configuration('pyproject.toml')['project']['version'])")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "9.8.7"


def test_no_other_copy_of_the_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    for pkg in ("cli", "core", "models", "segassess_qgis"):
        for p in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                    names = {t.id for t in node.targets if isinstance(t, ast.Name)}
                    assert "__version__" not in names, f"{p}: a second source of the version"
