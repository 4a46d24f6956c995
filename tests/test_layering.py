"""Layering: core/ and models/ stay free of Qt/QGIS (so the CLI, tests and other hosts can use
them), and `import segassess` stays cheap (no torch) so QGIS starts fast."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "PySide2", "PySide6", "sip", "osgeo.gdal_qt")
PURE_PACKAGES = ("core", "models")


def _modules(pkg):
    return sorted(p for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts)


def _imported_names(path: Path):
    """Every absolute module name an import statement in the file names (any nesting level)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            yield str(node.args[0].value)


@pytest.mark.parametrize("pkg", PURE_PACKAGES)
def test_no_qt_or_qgis_imports_in_source(pkg):
    files = _modules(pkg)
    assert files, f"{pkg}/ has no modules"
    bad = [f"{p.relative_to(ROOT)}: {name}" for p in files for name in _imported_names(p)
           if name.split(".")[0] in FORBIDDEN]
    assert bad == []


BLOCKER = r"""
import importlib.abc, json, pkgutil, sys
BLOCKED = {"qgis", "PyQt5", "PyQt6", "PySide2", "PySide6", "sip"}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"layering: {name} must not be imported here")
        return None
sys.meta_path.insert(0, Block())
import segassess
imported = []
for pkg in ("segassess.core", "segassess.models"):
    mod = __import__(pkg, fromlist=["_"])
    imported.append(pkg)
    for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
        __import__(info.name)
        imported.append(info.name)
print(json.dumps({"imported": imported,
                  "qt_loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
"""


def test_core_and_models_import_with_qt_and_qgis_blocked():
    res = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-4000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["qt_loaded"] == []
    expected = {f"segassess.{p.relative_to(ROOT).with_suffix('').as_posix().replace('/', '.')}"
                for pkg in PURE_PACKAGES for p in _modules(pkg)}
    expected = {m[: -len(".__init__")] if m.endswith(".__init__") else m for m in expected}
    assert expected <= set(out["imported"])


def test_import_segassess_does_not_import_torch():
    code = ("import sys, json, segassess, segassess.core, segassess.segassess_qgis.deps; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('torch', 'torchvision', 'segment_anything', 'onnxruntime'))))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert json.loads(res.stdout.strip().splitlines()[-1]) == []
