"""Real headless QGIS for the tests: one QgsApplication per session, Processing initialised,
the `segassess` provider registered, settings in a throw-away profile.

Why a module and not conftest fixtures only: QgsApplication must be created once per
process (before any QGIS layer), whichever test module runs first, and other test files
may already have created one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
NB = DATA / "new_brunswick"
VEGAS = DATA / "spacenet_vegas"
NB_IMAGE = NB / "23322E759967N_clipped_1m_1of2.tif"
NB_IMAGE2 = NB / "23322E759967N_clipped_1m_2of2.tif"
NB_GPKG = NB / "BakerLake_2017_clipped.gpkg"
VEGAS_STEM = "SpaceNet_AOI_2_Las_Vegas-056155973080_01_P001-WV03"
VEGAS_IMAGE = VEGAS / f"{VEGAS_STEM}-RGB.tif"
VEGAS_TRUTH = VEGAS / f"{VEGAS_STEM}.gpkg"
VEGAS_PRED = VEGAS / f"{VEGAS_STEM}_pred.gpkg"
VEGAS_PRED_TIF = VEGAS / f"{VEGAS_STEM}_pred.tif"
BUILDINGS = "\"Niveau_2\" = 'Building'"
WATER = "\"Niveau_2\" = 'Hydro'"
PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"

_state: dict = {}


QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


def qgis_process_env(base: Path) -> dict:
    """Environment for qgis_process.bin under `base`: a private profile (HOME), the plugin on
    QGIS_PLUGINPATH and enabled, this venv's packages on PYTHONPATH."""
    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin is not installed")
    base = Path(base)
    (base / "plugins").mkdir(parents=True)
    (base / "home").mkdir()
    os.symlink(REPO, base / "plugins" / "segassess")
    env = dict(os.environ)
    site = sysconfig.get_paths()["purelib"]  # this venv's packages (rasterio, geopandas, torch ...)
    env.update(HOME=str(base / "home"), QGIS_PLUGINPATH=str(base / "plugins"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(p for p in (site, env.get("PYTHONPATH", "")) if p))
    res = subprocess.run([QGIS_PROCESS, "plugins", "enable", "segassess"], env=env, capture_output=True, text=True,
                         timeout=120, cwd=base)
    assert res.returncode == 0, res.stderr
    return env


def qgis_process(env, cwd, *args, timeout=180):
    return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def need_data(*paths: Path) -> None:
    """Skip (with the reason) when the shared sample data is not beside the repository."""
    for p in paths or (DATA,):
        if not Path(p).exists():
            pytest.skip(f"sample data {p} is absent (../shared/data beside the repository is not available)")


def start_qgis():
    """The session's QgsApplication with Processing and the segassess provider (idempotent)."""
    if "app" in _state:
        return _state["app"]
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None or not isinstance(app, QgsApplication):
        profile = tempfile.mkdtemp(prefix="segassess-qgis-profile-")
        _state["profile"] = profile
        app = QgsApplication([], False, profile)
        app.initQgis()
    if PROCESSING_PLUGINS not in sys.path:
        sys.path.append(PROCESSING_PLUGINS)
    from processing.core.Processing import Processing

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("segassess") is None:
        from segassess.segassess_qgis.provider import SegAssessProvider

        provider = SegAssessProvider()
        registry.addProvider(provider)
        _state["provider"] = provider
    _state["app"] = app
    return app


def algorithm(alg_id: str):
    from qgis.core import QgsApplication

    start_qgis()
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    assert alg is not None, f"{alg_id} is not registered"
    return alg


def run(alg_id: str, params: dict, feedback=None, context=None) -> dict:
    """processing.run with a fresh context (or the given one); raises QgsProcessingException on failure."""
    start_qgis()
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    if context is None:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
    return processing.run(alg_id, params, feedback=feedback, context=context)


def vector(path: str | Path, layer: str | None = None):
    from qgis.core import QgsVectorLayer

    uri = f"{path}|layername={layer}" if layer else str(path)
    vl = QgsVectorLayer(uri, Path(str(path)).stem, "ogr")
    assert vl.isValid(), f"cannot open {uri}"
    return vl


def raster(path: str | Path):
    from qgis.core import QgsRasterLayer

    rl = QgsRasterLayer(str(path), Path(str(path)).stem, "gdal")
    assert rl.isValid(), f"cannot open {path}"
    return rl


def output_layer(value, context=None):
    """The layer behind an algorithm output value (a file path, or a memory layer id in `context`)."""
    from qgis.core import QgsProcessingUtils, QgsRasterLayer, QgsVectorLayer

    if isinstance(value, (QgsVectorLayer, QgsRasterLayer)):
        return value
    if context is not None:
        lyr = QgsProcessingUtils.mapLayerFromString(value, context)
        if lyr is not None:
            return lyr
    if str(value).lower().endswith((".tif", ".tiff")):
        return raster(value)
    return vector(value)


def quality_counts(path) -> dict:
    """Pixel counts of the quality classes 0..4 (read with GDAL as QGIS does)."""
    import numpy as np
    from osgeo import gdal

    ds = gdal.Open(str(path))
    a = ds.GetRasterBand(1).ReadAsArray()
    ds = None
    c = np.bincount(a.ravel(), minlength=5)
    return {"nodata": int(c[0]), "TP": int(c[1]), "FP": int(c[2]), "TN": int(c[3]), "FN": int(c[4])}


def tiny_model(directory: Path, tile_size: int = 64) -> Path:
    """A tiny SegAssess network with random (seeded) weights saved by the model API (a broken models/
    package fails the tests that use it: no fallback, no skip)."""
    import torch

    from segassess.models.checkpoint import save_checkpoint
    from segassess.models.network import build_model

    directory = Path(directory)
    path = directory / "segassess_tiny_random.safetensors"
    if path.exists():
        return path
    torch.manual_seed(0)
    model = build_model("tiny", tile_size)
    directory.mkdir(parents=True, exist_ok=True)
    return save_checkpoint(model, path, tile_size=tile_size)


@pytest.fixture(scope="session")
def qgis_app():
    return start_qgis()
