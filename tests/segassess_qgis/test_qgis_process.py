"""The provider through `qgis_process.bin` (a real QGIS binary, plugin loaded from QGIS_PLUGINPATH).

Why a separate process matters: the QGIS executables link GDAL and PROJ themselves, so the
GDAL/PROJ copies bundled in the rasterio/pyproj/pyogrio wheels clash with them there (not in
a python interpreter). These tests run the core inside that process.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from qgis_support import (BUILDINGS, NB_GPKG, NB_IMAGE, REPO, VEGAS_IMAGE, VEGAS_TRUTH, need_data, qgis_process,
                          qgis_process_env, raster, run, start_qgis, vector)

BUILDINGS_AND_WATER = "\"Niveau_2\" IN ('Building', 'Hydro')"


@pytest.fixture(scope="module")
def qp_env(tmp_path_factory):
    """Environment for qgis_process.bin: a private profile (HOME), the plugin on QGIS_PLUGINPATH, enabled."""
    need_data(NB_IMAGE, NB_GPKG)
    base = tmp_path_factory.mktemp("qgis_process")
    return qgis_process_env(base), base


def test_provider_is_listed(qp_env):
    """qgis_process loads the plugin's provider (metadata hasProcessingProvider=yes, initProcessing)."""
    env, base = qp_env
    res = qgis_process(env, base, "list")
    assert res.returncode == 0
    for alg in ("segassess:assess", "segassess:reference", "segassess:rank", "segassess:evaluate",
                "segassess:export_onnx"):
        assert alg in res.stdout


def test_reference_through_qgis_process(qp_env, tmp_path):
    """The reference algorithm run by qgis_process gives exit code 0, JSON results equal to an
    in-process run, and a quality raster in the image CRS."""
    env, base = qp_env
    q = tmp_path / "q.tif"
    res = qgis_process(env, base, "run", "segassess:reference", "--json", "--",
                       f"IMAGE={NB_IMAGE}", f"ANNOTATION={NB_GPKG}", f"FILTER={BUILDINGS_AND_WATER}",
                       f"TRUTH={NB_GPKG}", f"TRUTH_FILTER={BUILDINGS}", f"OUTPUT_QUALITY={q}",
                       f"OUTPUT_FP={tmp_path / 'fp.gpkg'}")
    assert res.returncode == 0, res.stderr[-2000:] + res.stdout[-2000:]
    out = json.loads(res.stdout)
    results = out["results"]
    assert results["OUTPUT_QUALITY"] == str(q) and q.exists()
    start_qgis()
    assert raster(q).crs().authid() == "EPSG:2953"
    fp = vector(tmp_path / "fp.gpkg")
    assert fp.crs().authid() == "EPSG:2953" and fp.featureCount() == results["FP_COUNT"]
    same = run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG),
                                        "FILTER": BUILDINGS_AND_WATER, "TRUTH": str(NB_GPKG),
                                        "TRUTH_FILTER": BUILDINGS, "OUTPUT_QUALITY": str(tmp_path / "q2.tif")})
    assert results["FP_COUNT"] == same["FP_COUNT"] >= 1
    assert results["FN_COUNT"] == same["FN_COUNT"] == 0
    assert results["IOU"] == pytest.approx(same["IOU"], abs=1e-12)


def test_qgis_process_reports_a_clear_error(qp_env, tmp_path):
    """A failing run exits non-zero and prints the analyst-readable sentence (no traceback needed): a raster
    mask of another place (a vector inventory recording nothing there is assessed instead, issue 12)."""
    need_data(VEGAS_IMAGE, VEGAS_TRUTH)
    env, base = qp_env
    res = qgis_process(env, base, "run", "segassess:reference", "--",
                       f"IMAGE={VEGAS_IMAGE}", f"MASK={NB_IMAGE}",
                       f"TRUTH={VEGAS_TRUTH}", f"OUTPUT_QUALITY={tmp_path / 'q.tif'}")
    assert res.returncode != 0
    text = res.stdout + res.stderr
    assert "does not overlap" in text and "EPSG:26911" in text and "Traceback" not in text
    assert not (tmp_path / "q.tif").exists()


PROJ_CHECK_SCRIPT = r'''
from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProcessingAlgorithm,
                       QgsProcessingOutputString, QgsProject)
import processing


class ProjCheck(QgsProcessingAlgorithm):
    def name(self):
        return "projcheck"

    def displayName(self):
        return "PROJ check"

    def createInstance(self):
        return ProjCheck()

    def initAlgorithm(self, config=None):
        self.addOutput(QgsProcessingOutputString("RESULT", "result"))

    def processAlgorithm(self, parameters, context, feedback):
        import json

        def qgis_xy(src, x, y):
            ct = QgsCoordinateTransform(QgsCoordinateReferenceSystem(src), QgsCoordinateReferenceSystem("EPSG:4326"),
                                        QgsProject.instance())
            p = ct.transform(QgsPointXY(x, y))
            return [p.x(), p.y()]

        x, y = __X__, __Y__
        out = {"before": qgis_xy("EPSG:2953", x, y)}
        res = processing.run("segassess:reference", {
            "IMAGE": __IMAGE__, "ANNOTATION": __GPKG__, "FILTER": __FILTER__, "TRUTH": __GPKG__,
            "TRUTH_FILTER": __FILTER__, "OUTPUT_QUALITY": __QUALITY__}, context=context, feedback=feedback)
        out["iou"] = res["IOU"]
        out["after"] = qgis_xy("EPSG:2953", x, y)
        import pyproj  # already loaded by the core

        t = pyproj.Transformer.from_crs("EPSG:2953", "EPSG:4326", always_xy=True)
        out["pyproj"] = list(t.transform(x, y))
        out["pyproj_version"] = pyproj.proj_version_str
        out["utm"] = qgis_xy("EPSG:26911", 667000.0, 4000000.0)
        return {"RESULT": json.dumps(out)}
'''


def test_proj_still_right_after_core_in_qgis_process(qp_env, tmp_path):
    """Run the core inside qgis_process, then reproject with QgsCoordinateTransform and pyproj in the
    same process: both must agree with each other, with the result before the core ran, and with
    pyproj in this (clash-free) interpreter."""
    env, base = qp_env
    start_qgis()
    img = raster(NB_IMAGE)
    c = img.extent().center()
    scripts = base / "home" / ".local/share/QGIS/QGIS3/profiles/default/processing/scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    script = scripts / "segassess_proj_check.py"
    text = PROJ_CHECK_SCRIPT
    for key, value in {"__X__": repr(c.x()), "__Y__": repr(c.y()), "__IMAGE__": repr(str(NB_IMAGE)),
                       "__GPKG__": repr(str(NB_GPKG)), "__FILTER__": repr(BUILDINGS),
                       "__QUALITY__": repr(str(tmp_path / "q.tif"))}.items():
        text = text.replace(key, value)
    script.write_text(text, encoding="utf-8")
    res = qgis_process(env, base, "run", "script:projcheck", "--json")
    assert res.returncode == 0, res.stderr[-3000:] + res.stdout[-2000:]
    out = json.loads(json.loads(res.stdout)["results"]["RESULT"])
    assert out["iou"] == pytest.approx(1.0)  # the core really ran (buildings against themselves)
    import pyproj

    expected = pyproj.Transformer.from_crs("EPSG:2953", "EPSG:4326", always_xy=True).transform(c.x(), c.y())
    assert -69.1 < expected[0] < -63.7 and 44.5 < expected[1] < 48.1  # New Brunswick
    for key in ("before", "after", "pyproj"):
        assert out[key][0] == pytest.approx(expected[0], abs=1e-7), key
        assert out[key][1] == pytest.approx(expected[1], abs=1e-7), key
    utm = pyproj.Transformer.from_crs("EPSG:26911", "EPSG:4326", always_xy=True).transform(667000.0, 4000000.0)
    assert out["utm"] == pytest.approx(list(utm), abs=1e-7)


def test_missing_dependency_is_explained(qp_env, tmp_path):
    """Without the venv on QGIS's Python path (a plain QGIS install), the run fails saying which
    packages are missing and how to install them into QGIS's Python."""
    env, base = qp_env
    plain = dict(env)
    plain.pop("PYTHONPATH", None)
    check = subprocess.run(["/usr/bin/python3", "-c", "import rasterio, geopandas"], capture_output=True, env=plain)
    if check.returncode == 0:
        pytest.skip("QGIS's own Python already has rasterio and geopandas")
    res = qgis_process(plain, base, "run", "segassess:evaluate", "--",
                       f"PREDICTED={NB_IMAGE}", f"REFERENCE={NB_IMAGE}", f"OUTPUT_TABLE={tmp_path / 't.csv'}")
    assert res.returncode != 0
    text = res.stdout + res.stderr
    assert "rasterio" in text and "pip install" in text
    script = REPO / "segassess_qgis" / "deps.py"  # runnable from any folder, unlike `-m segassess...`
    assert f'"{script}" --install' in text
    assert not (tmp_path / "t.csv").exists()
