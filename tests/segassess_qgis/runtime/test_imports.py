"""runtime/imports.py: what each need imports, isolated imports (RTLD_DEEPBIND) and the dependency
check, which is the same import in a child Python (no QGIS needed)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from segassess.segassess_qgis.runtime import imports


def test_needs_build_on_each_other_most_basic_first():
    assert imports.needs_of("core") == ["core"]
    assert imports.needs_of("onnx") == ["core", "network", "onnx"]
    assert [d.module for d in imports.dependencies_of("network")][-3:] == ["torch", "safetensors", "segment_anything"]
    with pytest.raises(KeyError):
        imports.needs_of("nothing")


def test_required_packages_are_those_of_assess_and_reference():
    required = {d.dist for d in imports.DEPENDENCIES if d.required}
    optional = {d.dist for d in imports.DEPENDENCIES if not d.required}
    assert {"torch", "rasterio", "pyproj", "segment-anything"} <= required
    assert optional == {"onnxruntime", "onnx", "distributed"}


def test_load_names_the_package_that_is_missing(monkeypatch):
    ghost = imports.Dependency("segassess_no_such_module", "segassess-ghost", "core", True)
    monkeypatch.setattr(imports, "DEPENDENCIES", imports.DEPENDENCIES + (ghost,))
    failures = imports.load("core")
    assert [(f.module, f.dist) for f in failures] == [("segassess_no_such_module", "segassess-ghost")]
    assert failures[0].error.startswith("ModuleNotFoundError")


CHILD = r"""
import json, os, sys
from segassess.segassess_qgis.runtime import imports
flags = []
real = sys.setdlopenflags
sys.setdlopenflags = lambda f: (flags.append(f), real(f))[1]
failures = imports.load("network")
print(json.dumps({"failures": [f.error for f in failures], "deep": bool(flags) and bool(flags[0] & os.RTLD_DEEPBIND),
                  "loaded": sorted(m for m in ("torchvision", "torch._dynamo", "triton") if sys.modules.get(m))}))
"""


@pytest.mark.parametrize("forced", ["1", "0"])
def test_network_need_loads_isolated_without_torchvision(forced):
    """Inside a QGIS binary (forced here) everything loads with RTLD_DEEPBIND; never torchvision/dynamo/triton."""
    env = dict(os.environ, SEGASSESS_DEEPBIND=forced)
    res = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600, env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out == {"failures": [], "deep": forced == "1", "loaded": []}


def test_check_in_a_child_reports_every_package_and_need():
    res = subprocess.run([sys.executable, "-m", "segassess.segassess_qgis.runtime.imports", "--json", "--progress"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [e["need"] for e in lines[:-1]] == list(imports.NEEDS)
    result = lines[-1]
    assert result["needs"] == {n: "" for n in imports.NEEDS}
    assert [p["module"] for p in result["packages"]] == [d.module for d in imports.DEPENDENCIES]
    assert all(p["ok"] and p["version"] for p in result["packages"])
    torch = next(p for p in result["packages"] if p["module"] == "torch")
    assert torch["version"].startswith("2.") and torch["required"]
