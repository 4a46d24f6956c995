"""The one way the plugin imports its heavy dependencies, and the dependency check that does the same.

Inside the QGIS applications (qgis, qgis_process) GDAL, PROJ and Qt's libraries are loaded with
global symbols. Wheels that bundle their own copies (rasterio's libgdal, pyproj's libproj, ...)
would bind half of their symbols to QGIS's older copies and crash, so there every heavy import
happens with RTLD_DEEPBIND (a library resolves its own symbols first), on a plain Python thread
(pyproj keeps a per-thread PROJ context that Processing's pooled threads would free under it).
What an algorithm needs is named once, in NEEDS: the third-party packages and the plugin's own
modules that import them (the network's module imports torch and segment-anything's blocks). The
dependency check imports exactly these, with the same function, in a child of QGIS's Python: a
package that crashes on import takes the child down, not QGIS.

No Qt or QGIS import here: `python -m <plugin>.segassess_qgis.runtime.imports --json` is the check.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .interpreter import in_qgis_binary, package_name


@dataclass(frozen=True)
class Dependency:
    module: str      # import name
    dist: str        # pip distribution
    need: str        # the first need (NEEDS) that requires it
    required: bool   # False: only some features use it (ONNX Runtime, ONNX export, campaigns)
    via: str = ""    # the plugin module that imports it (segment-anything: only its blocks, see models/sam_blocks)

    def import_name(self) -> str:
        return f"{package_name()}.{self.via}" if self.via else self.module


DEPENDENCIES = (
    Dependency("numpy", "numpy", "core", True),
    Dependency("rasterio", "rasterio", "core", True),
    Dependency("geopandas", "geopandas", "core", True),
    Dependency("shapely", "shapely", "core", True),
    Dependency("pyproj", "pyproj", "core", True),
    Dependency("pyogrio", "pyogrio", "core", True),
    Dependency("scipy", "scipy", "core", True),
    Dependency("skimage", "scikit-image", "core", True),
    Dependency("jinja2", "jinja2", "core", True),
    Dependency("torch", "torch", "network", True),
    Dependency("safetensors", "safetensors", "network", True),
    Dependency("segment_anything", "segment-anything", "network", True, via="models.sam_blocks"),
    Dependency("onnxruntime", "onnxruntime", "onnx", False),
    Dependency("onnx", "onnx", "export", False),
    Dependency("distributed", "distributed", "campaign", False),
)

# need -> (needs it builds on, the plugin's own modules its algorithms import)
NEEDS = {
    "core": ((), ("core.assess.pipeline", "core.assess.metrics", "core.assess.job", "core.assess.assessors",
                  "core.review.suggest")),
    "network": (("core",), ("models.engines",)),
    "onnx": (("network",), ("models.onnx_runtime",)),
    "export": (("network",), ("models.export",)),
    "campaign": (("core",), ()),
    "rank": (("core",), ("core.rank.run",)),
}
# Wheels that bundle their own GDAL/PROJ/GEOS: their compiled modules are loaded up front, isolated.
BUNDLING_PACKAGES = ("pyproj", "shapely", "pyogrio", "rasterio", "fiona")
ENV_DEEPBIND = "SEGASSESS_DEEPBIND"  # "1"/"0" forces the isolation on/off (tests)


@dataclass
class Failure:
    module: str
    dist: str
    error: str


def deepbind() -> bool:
    """Whether heavy imports are isolated with RTLD_DEEPBIND (Linux, inside a QGIS binary)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "RTLD_DEEPBIND"):
        return False
    forced = os.environ.get(ENV_DEEPBIND)
    if forced in ("0", "1"):
        return forced == "1"
    return in_qgis_binary()


def needs_of(need: str) -> list:
    """`need` and every need it builds on, the most basic first."""
    if need not in NEEDS:
        raise KeyError(f"unknown need {need!r}; one of {sorted(NEEDS)}")
    out = []
    for base in NEEDS[need][0]:
        out += [n for n in needs_of(base) if n not in out]
    return out + [need]


def dependencies_of(need: str) -> list:
    chain = needs_of(need)
    return [d for d in DEPENDENCIES if d.need in chain]


def _preload_extensions(package: str) -> None:
    """Import a package's compiled modules now (isolated), not lazily later (not isolated)."""
    pkg = sys.modules.get(package)
    if pkg is None or not getattr(pkg, "__file__", None):
        return
    for so in sorted(Path(pkg.__file__).parent.glob("*.so")):
        name = f"{package}.{so.name.split('.')[0]}"
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (optional drivers, test modules)
                pass


def _import(module: str) -> str:
    """Import `module`; '' when it worked, else the error as text."""
    try:
        importlib.import_module(module)
    except Exception as exc:  # ImportError, OSError of a broken binary wheel, ...
        return f"{type(exc).__name__}: {exc}"
    return ""


def load(need: str) -> list:
    """Import what `need` requires, isolated; the list of Failures (empty: all imported)."""
    from .. import deps

    deps.activate()  # the per-user dependency folder, when the plugin installed one
    deep = deepbind()
    old = sys.getdlopenflags()
    if deep:
        sys.setdlopenflags(os.RTLD_NOW | os.RTLD_LOCAL | os.RTLD_DEEPBIND)
    try:
        failures = [Failure(d.module, d.dist, err) for d in dependencies_of(need) if (err := _import(d.import_name()))]
        if failures:
            return failures
        if deep:
            for package in BUNDLING_PACKAGES:
                _preload_extensions(package)
        own = [m for n in needs_of(need) for m in NEEDS[n][1]]
        return [Failure(m, package_name(), err) for m in own if (err := _import(f"{package_name()}.{m}"))]
    finally:
        if deep:
            sys.setdlopenflags(old)


def in_python_thread(fn, *args, **kwargs):
    """Run fn on a fresh Python thread and wait for it; return its result or raise its exception.

    Why: Processing runs algorithms on QThreadPool threads, which enter Python through a new,
    short-lived thread state on every call. pyproj keeps its PROJ context in a threading.local
    (freed with that thread state) but caches the raw pointer per OS thread, so the next
    algorithm on the same pooled thread would use a freed context and crash. A Python thread
    has one thread state for its whole life, so the core (pyproj, rasterio, geopandas, torch)
    runs there.
    """
    box = {}

    def target():
        try:
            box["result"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 (re-raised on the calling thread)
            box["error"] = exc

    worker = threading.Thread(target=target, name="segassess-core", daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def _version(dep: Dependency) -> str:
    from importlib import metadata

    module = sys.modules.get(dep.module)
    try:
        return str(getattr(module, "__version__", None) or metadata.version(dep.dist))
    except metadata.PackageNotFoundError:
        return "?"


def check(progress=None) -> dict:
    """Each need loaded as the algorithms load it: {"needs": {need: error or ""}, "packages": [...]}.
    `progress(done, total, need)` is called before each need."""
    needs, failed = {}, {}
    for i, need in enumerate(NEEDS):
        if progress is not None:
            progress(i, len(NEEDS), need)
        failures = load(need)
        needs[need] = failures[0].error if failures else ""
        for f in failures:
            failed.setdefault(f.module, f.error)
    packages = []
    for dep in DEPENDENCIES:
        error = failed.get(dep.module, "") or ("" if dep.module in sys.modules else _import(dep.import_name()))
        packages.append(dict(asdict(dep), ok=not error, error=error, version="" if error else _version(dep)))
    return {"python": sys.executable, "needs": needs, "packages": packages}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Import SegAssess's dependencies as its algorithms do.")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line")
    ap.add_argument("--progress", action="store_true", help="with --json: a JSON line before each need")

    def report(done, total, need):
        print(json.dumps({"progress": done, "total": total, "need": need}), flush=True)

    args = ap.parse_args(argv)
    result = check(report if args.progress and args.json else None)
    if args.json:
        print(json.dumps(result))
    else:
        for p in result["packages"]:
            print(f"{'OK' if p['ok'] else 'MISSING':<8}{p['module']:<18}{p['version'] or p['error']}")
    return 0 if not any(result["needs"][n] for n in ("core", "network")) else 1


if __name__ == "__main__":
    sys.exit(main())
