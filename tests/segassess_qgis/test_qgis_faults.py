"""Faults in QGIS (issue 12): a destination that fills up or is read-only, a terminated qgis_process,
unreadable pixels, an inventory with nothing on the image, and messages that used to mislead. Every
failure is one sentence (no traceback) and leaves nothing that looks finished."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import numpy as np
import pytest

from qgis_support import (BUILDINGS, NB_GPKG, NB_IMAGE, REPO, VEGAS_IMAGE, VEGAS_TRUTH, need_data, run, start_qgis,
                          tiny_model)

QGIS_PROCESS = "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module", autouse=True)
def _qgis():
    need_data(NB_IMAGE, NB_GPKG)
    start_qgis()


@pytest.fixture(scope="module")
def qp_env(tmp_path_factory):
    """qgis_process.bin with a private profile, the plugin on QGIS_PLUGINPATH and its own TMPDIR (so the
    Processing work folders can be inspected)."""
    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin is not installed")
    base = tmp_path_factory.mktemp("qp_faults")
    for sub in ("plugins", "home", "tmp"):
        (base / sub).mkdir()
    os.symlink(REPO, base / "plugins" / "segassess")
    env = dict(os.environ)
    site = sysconfig.get_paths()["purelib"]
    env.update(HOME=str(base / "home"), QGIS_PLUGINPATH=str(base / "plugins"), QT_QPA_PLATFORM="offscreen",
               TMPDIR=str(base / "tmp"), PYTHONPATH=os.pathsep.join(p for p in (site, env.get("PYTHONPATH", "")) if p))
    res = subprocess.run([QGIS_PROCESS, "plugins", "enable", "segassess"], env=env, capture_output=True, text=True,
                         timeout=120, cwd=base)
    assert res.returncode == 0, res.stderr
    return env, base


def reference_args(out: Path):
    return ["run", "segassess:reference", "--", f"IMAGE={NB_IMAGE}", f"ANNOTATION={NB_GPKG}", f"FILTER={BUILDINGS}",
            f"TRUTH={NB_GPKG}", f"OUTPUT_QUALITY={out / 'q.tif'}", f"OUTPUT_FP={out / 'fp.gpkg'}"]


def one_sentence(res, *words):
    text = res.stdout + res.stderr
    assert res.returncode != 0 and "Traceback" not in text, text[-3000:]
    for w in words:
        assert w in text, text[-3000:]


# ----------------------------------------------------------------------------- item 1: destinations
def test_full_destination_disk(qp_env, small_filesystem):
    env, base = qp_env
    failed = 0
    for size in ("4k", "12k"):  # q.tif 6 KB + q.qml 1 KB, then fp.gpkg: full on the raster, then on the vector
        out = small_filesystem(size)
        res = subprocess.run([QGIS_PROCESS, *reference_args(out)], env=env, capture_output=True, text=True,
                             timeout=300, cwd=base)
        if res.returncode == 0:
            continue
        failed += 1
        one_sentence(res, "No space left on device", str(out))
        assert sorted(os.listdir(out)) == [], f"{size}: {os.listdir(out)}"  # no q.tif + q.qml, no part files
    assert failed == 2
    out = small_filesystem("4m")
    res = subprocess.run([QGIS_PROCESS, *reference_args(out)], env=env, capture_output=True, text=True, timeout=300,
                         cwd=base)
    assert res.returncode == 0, res.stderr[-2000:]
    assert {"q.tif", "q.qml", "fp.gpkg"} <= set(os.listdir(out))


def test_read_only_destination(qp_env, small_filesystem):
    env, base = qp_env
    out = small_filesystem("1m")
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    res = subprocess.run([QGIS_PROCESS, *reference_args(out / "sub")], env=env, capture_output=True, text=True,
                         timeout=300, cwd=base)
    one_sentence(res, "read-only file system")


# ----------------------------------------------------------------------------- item 6: SIGTERM, work folders
def _work_folders(base: Path):
    return sorted(p.name for p in (base / "tmp").glob("processing_*/segassess_*"))


def test_terminated_qgis_process_leaves_no_work_folder(qp_env, tmp_path):
    env, base = qp_env
    import rasterio

    image = tmp_path / "big.tif"
    with rasterio.open(NB_IMAGE) as src:
        prof = src.profile | dict(width=1024, height=1024, tiled=True, blockxsize=256, blockysize=256)
    with rasterio.open(image, "w", **prof) as ds:
        ds.write(np.random.default_rng(0).integers(0, 255, (3, 1024, 1024), dtype=np.uint8))
    model = tiny_model(tmp_path / "m", 256)
    proc = subprocess.Popen([QGIS_PROCESS, "run", "segassess:assess", "--", f"IMAGE={image}", f"ANNOTATION={NB_GPKG}",
                             f"MODEL={model}", "TILE_SIZE=256", "OVERLAP=32", "BATCH_SIZE=1", "DEVICE=1",
                             f"OUTPUT_QUALITY={tmp_path / 'q.tif'}"], env=env, cwd=base, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 240
    while time.time() < deadline and not list((base / "tmp").glob("processing_*/segassess_assess_*/out/.segassess-partial-*")):
        assert proc.poll() is None, proc.stdout.read()[-3000:]
        time.sleep(0.1)
    time.sleep(1.0)  # in the tile loop
    proc.send_signal(signal.SIGTERM)
    text = proc.communicate(timeout=120)[0]
    assert proc.returncode != 0 and "Traceback" not in text, text[-3000:]
    assert _work_folders(base) == [] and not (tmp_path / "q.tif").exists()


def test_work_folders_of_dead_processes_are_swept(qp_env, tmp_path):
    """What a SIGKILL (no handler runs) leaves is removed by the next run."""
    env, base = qp_env
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = base / "tmp" / "processing_old" / f"segassess_assess_{dead.pid}_0123456789ab"
    (stale / "out").mkdir(parents=True)
    (stale / "out" / "big.tmp.tif").write_bytes(b"x" * 1000)
    res = subprocess.run([QGIS_PROCESS, *reference_args(tmp_path)], env=env, capture_output=True, text=True,
                         timeout=300, cwd=base)
    assert res.returncode == 0, res.stderr[-2000:]
    assert not stale.exists()


# ----------------------------------------------------------------------------- items 2, 5, 15 in process
class Recorder:
    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            warnings: list = []

            def pushWarning(self, text):  # noqa: N802
                self.warnings.append(text)
                super().pushWarning(text)

        self.feedback = Feedback()
        self.feedback.warnings = []


def test_unreadable_image_names_the_file_and_gdal_reason(tmp_path):
    from qgis.core import QgsProcessingException

    import rasterio

    with rasterio.open(NB_IMAGE) as src:
        prof = src.profile | dict(tiled=True, blockxsize=64, blockysize=64, compress="deflate")
        data = src.read()
    good = tmp_path / "cut.tif"
    with rasterio.open(good, "w", **prof) as ds:
        ds.write(data)
    blob = good.read_bytes()
    good.write_bytes(blob[: len(blob) * 2 // 3])
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(good), "ANNOTATION": str(NB_GPKG), "TRUTH": str(NB_GPKG),
                                    "TILE_SIZE": 128, "OVERLAP": 16, "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    msg = str(err.value)
    assert "cut.tif" in msg and "TIFF" in msg and "\n" not in msg.strip()
    assert not (tmp_path / "q.tif").exists()


def test_filter_selecting_nothing_warns_like_the_command_line(tmp_path):
    rec = Recorder()
    res = run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG),
                                      "FILTER": "\"Niveau_2\" = 'Buildings'", "TRUTH": str(NB_GPKG),
                                      "TRUTH_FILTER": BUILDINGS, "OUTPUT_QUALITY": str(tmp_path / "q.tif")},
              feedback=rec.feedback)
    assert res["FP_COUNT"] == 0 and res["FN_COUNT"] > 0  # every building is missed
    assert any("BakerLake" in w and "has no features" in w for w in rec.feedback.warnings), rec.feedback.warnings


def test_annotation_away_from_the_image_is_assessed_with_the_distance(tmp_path):
    """New Brunswick buildings over the Las Vegas image: assessed (all missed), and the warning tells how far."""
    from pyproj import Geod

    need_data(VEGAS_IMAGE, VEGAS_TRUTH)
    rec = Recorder()
    res = run("segassess:reference", {"IMAGE": str(VEGAS_IMAGE), "ANNOTATION": str(NB_GPKG), "FILTER": BUILDINGS,
                                      "TRUTH": str(VEGAS_TRUTH), "OUTPUT_QUALITY": str(tmp_path / "q.tif")},
              feedback=rec.feedback)
    assert res["FP_COUNT"] == 0 and (tmp_path / "q.tif").exists()
    (warning,) = [w for w in rec.feedback.warnings if "lies inside the image" in w]
    km = float(warning.split("the nearest lies ")[1].split(" km")[0])
    # independently: geodesic distance between the buildings' centre and the image's centre (~4,000 km)
    import geopandas as gpd
    import rasterio
    from rasterio.warp import transform_bounds

    b = gpd.read_file(NB_GPKG, where="Niveau_2 = 'Building'").to_crs(4326).union_all().centroid
    with rasterio.open(VEGAS_IMAGE) as ds:
        x0, y0, x1, y1 = transform_bounds(ds.crs, "EPSG:4326", *ds.bounds)
    assert km == pytest.approx(Geod(ellps="WGS84").inv(b.x, b.y, (x0 + x1) / 2, (y0 + y1) / 2)[2] / 1000, rel=0.01)


def test_untyped_empty_geopackage_is_not_said_to_lack_a_crs(tmp_path):
    from osgeo import ogr
    from qgis.core import QgsProcessingException

    path = tmp_path / "empty.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    ds.CreateLayer("nothing", geom_type=ogr.wkbNone)
    ds = None
    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(path), "TRUTH": str(NB_GPKG),
                                    "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    msg = str(err.value)
    assert "no geometries" in msg and "coordinate reference system" not in msg


def test_tile_size_not_multiple_of_16_is_said_so(tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as err:
        run("segassess:reference", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "TRUTH": str(NB_GPKG),
                                    "TILE_SIZE": 100, "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    assert "not a positive multiple of 16" in str(err.value) and "overlap" not in str(err.value)


def test_a_geotiff_given_as_model_is_said_to_be_one(tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as err:
        run("segassess:assess", {"IMAGE": str(NB_IMAGE), "ANNOTATION": str(NB_GPKG), "MODEL": str(NB_IMAGE),
                                 "TILE_SIZE": 64, "OVERLAP": 8, "DEVICE": 1, "OUTPUT_QUALITY": str(tmp_path / "q.tif")})
    msg = str(err.value)
    assert "TIFF image" in msg and "pickled code" not in msg and NB_IMAGE.name in msg


def test_batch_campaign_passes_the_model_with_the_readme_option(tmp_path):
    """One spelling everywhere (issue 12, item 16): the campaign command line says --model, as the README does."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from qgis_support import algorithm

    alg = algorithm("segassess:batch_campaign")
    model = tiny_model(tmp_path / "m", 64)
    (tmp_path / "sheets").mkdir()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"SHEETS_FOLDER": str(tmp_path / "sheets"), "ANNOTATION": str(NB_GPKG), "ASSESSOR": 0,
              "MODEL": str(model), "TILE_SIZE": 64, "OVERLAP": 8, "BATCH_SIZE": 1, "WORKERS": 1}
    args = alg.cli_arguments(params, context, QgsProcessingFeedback(), str(tmp_path / "out"))
    assert args[args.index("--model") + 1] == str(model) and "--checkpoint" not in args
